"""Entities version 34 (a review of the entities on the English real pages): things the small
tagger reads as people, and words it runs into a person's name. Hand-built mentions, so the
tests do not depend on what the tagger makes of a sentence."""

import pytest

from newsprobe.stages import entity_kinds


def fix_kinds(items):
    return entity_kinds.fix_kinds(items)


def cut_person_tails(text, items):
    return entity_kinds.cut_person_tails(text, items)


def _labels(items):
    return [(label, name) for _, _, label, name, _, _ in items]


def test_a_name_with_a_digit_or_a_programming_sign_is_a_product():
    items = [
        (0, 14, "PERSON", "Harbour OS 3.4", False, None),
        (20, 33, "PERSON", "Ryzen 5 3550H", False, None),
        (40, 43, "PERSON", "C++", False, None),
        (50, 60, "NORP", "Quay 2000X", False, None),
        (70, 81, "PERSON", "Nadia Storm", False, None),
        (90, 102, "DATE", "May 3, 2021", False, None),
        (110, 123, "PERSON", "Nadia Storm.3", False, None),  # a footnote's number: still her
        (130, 140, "PERSON", "Quayvax BA.2", False, None),
        (150, 160, "PERSON", "Load plotkit2", False, None),
    ]
    assert _labels(fix_kinds(items)) == [
        ("PRODUCT", "Harbour OS 3.4"), ("PRODUCT", "Ryzen 5 3550H"), ("PRODUCT", "C++"), ("PRODUCT", "Quay 2000X"),
        ("PERSON", "Nadia Storm"), ("DATE", "May 3, 2021"), ("PERSON", "Nadia Storm.3"),
        ("PRODUCT", "Quayvax BA.2"), ("PRODUCT", "Load plotkit2"),
    ]


def test_a_code_name_with_an_underscore_is_no_entity():
    assert _labels(fix_kinds([(0, 12, "PERSON", "Package_Name", False, None), (20, 31, "PERSON", "Nadia Storm", False, None)])) == [("PERSON", "Nadia Storm")]


def test_a_person_name_ending_in_an_institution_word_is_an_organisation():
    # a real page's "<grape> Forum" was a PERSON, and every bare "<grape>" then that person
    items = [
        (0, 19, "PERSON", "Aldersea Wine Forum", False, None),
        (25, 40, "PERSON", "Brandt Institute", False, None),
        (45, 57, "PERSON", "Robert House", False, None),  # surnames that name buildings too stay people
        (60, 68, "PERSON", "Ana Hall", False, None),
        (70, 75, "PERSON", "Forum", False, None),  # one word: left to the other rules
        (80, 99, "GPE", "Aldersea University", False, None),
    ]
    assert _labels(fix_kinds(items)) == [
        ("ORG", "Aldersea Wine Forum"), ("ORG", "Brandt Institute"), ("PERSON", "Robert House"), ("PERSON", "Ana Hall"),
        ("PERSON", "Forum"), ("GPE", "Aldersea University"),
    ]


def test_a_person_mention_ends_before_a_sign_or_a_lower_case_word_run_into_it():
    text = "Ivo B. age 8. Quay Racer 11 is out. Ivo Marsh + Ana Ruiz played. Tomas sighs again. Photo: Clara Brandt / Harbour Post. Ursula von der Leyen spoke."
    def at(s, name, label="PERSON"):
        start = text.index(s)
        return (start, start + len(s), label, name, False, None)
    items = [
        at("Ivo B. age 8", "Ivo B. age 8"),  # a child's signature under a joke
        at("Quay Racer 11", "Quay Racer 11"),  # a number is no sign: fix_kinds makes it a product
        at("Ivo Marsh + Ana Ruiz", "Ivo Marsh + Ana Ruiz"),
        at("Tomas sighs", "Tomas sighs"),
        at("Clara Brandt / Harbour Post", "Clara Brandt / Harbour Post"),
        at("Ursula von der Leyen", "Ursula von der Leyen"),
        at("Harbour Post", "Harbour Post", "ORG"),
    ]
    got = cut_person_tails(text, items)
    assert [(text[s:e], label, name) for s, e, label, name, _, _ in got] == [
        ("Ivo B.", "PERSON", "Ivo B."),
        ("Quay Racer 11", "PERSON", "Quay Racer 11"),
        ("Ivo Marsh", "PERSON", "Ivo Marsh"),
        ("Ana Ruiz", "PERSON", "Ana Ruiz"),
        ("Tomas", "PERSON", "Tomas"),
        ("Clara Brandt", "PERSON", "Clara Brandt"),
        ("Ursula von der Leyen", "PERSON", "Ursula von der Leyen"),
        ("Harbour Post", "ORG", "Harbour Post"),
    ]


def test_a_cut_never_leaves_an_empty_name_nor_cuts_a_cleaned_name_it_cannot_match():
    text = "dr. ana ruiz + co"
    items = [(0, len(text), "PERSON", "Ana Ruiz + Co", False, None)]  # the name was cleaned: its words differ from the text's
    assert cut_person_tails(text, items) == items
    text = "Nadia ok"
    assert _labels(cut_person_tails(text, [(0, 8, "PERSON", "Nadia ok", False, None)])) == [("PERSON", "Nadia")]
    assert _labels(cut_person_tails("ok fine", [(0, 7, "PERSON", "ok fine", False, None)])) == [("PERSON", "ok fine")]


def test_honourable_and_irish_titles_are_no_part_of_a_name():
    # a real page's "The Honourable Deputy Premier <name>" and "Tanaiste <name>" were names of their own,
    # beside the same person's bare name, so the surname alone had two full names to choose from
    from newsprobe.stages.entities import clean_name

    assert clean_name("Honourable Ana Ruiz") == "Ana Ruiz"
    assert clean_name("Honorable Ana Ruiz") == "Ana Ruiz"
    assert clean_name("Tanaiste Ivo Marsh") == "Ivo Marsh"
    assert clean_name("T\u00e1naiste Ivo Marsh") == "Ivo Marsh"
    assert clean_name("Honour Harbour") == "Honour Harbour"


def test_python_alone_is_software_and_monty_python_is_not():
    items = [(0, 6, "PERSON", "Python", False, None), (10, 22, "PERSON", "Monty Python", False, None)]
    assert _labels(fix_kinds(items)) == [("PRODUCT", "Python"), ("PERSON", "Monty Python")]


def test_a_word_after_of_or_a_possessive_is_not_the_organisation():
    # entities v34: "Congress" took "Library of Congress" as its canonical name, and a
    # "Congress agreed" then credited the library (0.94) in an invented article
    from newsprobe.stages.entities import canonical_names

    names = canonical_names([
        ("ORG", "Library of Congress"), ("ORG", "Congress"),
        ("ORG", "Regional Health Authority"), ("ORG", "Authority"),
        ("ORG", "Bank of Tarrow"), ("ORG", "Bank"), ("ORG", "Tarrow"),
        ("ORG", "Quill's Ferret"), ("ORG", "Ferret"),
    ])
    assert names[("ORG", "Congress")] == "Congress"
    assert names[("ORG", "Authority")] == "Regional Health Authority"
    assert names[("ORG", "Bank")] == "Bank of Tarrow"
    assert names[("ORG", "Tarrow")] == "Tarrow"
    assert names[("ORG", "Ferret")] == "Ferret"


def test_an_abbreviated_rank_before_a_name_is_no_entity():
    # version 35: "Navy Cmdr" was a person, "Army Capt" an organisation, "Det." a place
    text = ("Navy Cmdr. Ruth Okafor met Det. Insp. Mara Quist at 5 p.m. Dr. Ivo Marsh, of Quay Health, was late. "
            "The SEC and Dr the Rt. Hon. Tom Vale agreed with Lt. Col. Ana Ruiz.")

    def at(word, label, where=None):
        start = text.index(where or word)
        return (start, start + len(word), label, word.rstrip("."), False, None)

    items = [at("Navy Cmdr", "PERSON"), at("Ruth Okafor", "PERSON"), at("Det.", "GPE"), at("Mara Quist", "PERSON"),
             at("5 p.m. Dr.", "TIME"), at("Ivo Marsh", "PERSON"), at("Quay Health", "ORG"), at("SEC", "ORG"),
             at("Dr", "GPE", "Dr the"), at("Lt. Col. Ana Ruiz", "PERSON")]
    kept = entity_kinds.drop_ranks(text, items)
    assert _labels(kept) == [
        ("PERSON", "Ruth Okafor"), ("PERSON", "Mara Quist"), ("TIME", "5 p.m."), ("PERSON", "Ivo Marsh"), ("ORG", "Quay Health"),
        ("ORG", "SEC"), ("PERSON", "Lt. Col. Ana Ruiz"),
    ]
    assert text[kept[-1][0] : kept[-1][1]] == "Ana Ruiz"  # the mention starts at the name


def test_a_name_the_tagger_cut_at_a_word_inside_it_is_one_mention():
    # entities v37: "the Harbour Agency for" + "Coastal Development's" were two organisations
    text = "Funded by the Harbour Agency for Coastal Development's grant and by Python & friends."
    items = [(10, 32, "ORG", "Harbour Agency for", False, None), (33, 54, "ORG", "Coastal Development", False, None),
             (68, 76, "ORG", "Python &", False, None)]
    assert entity_kinds.join_split_names(text, items) == [
        (10, 54, "ORG", "Harbour Agency for Coastal Development", False, None),
        (68, 74, "ORG", "Python", False, None),  # no name after the "&": the word is no part of it
    ]
    # a second mention with another label is no continuation: the word is cut off
    items = [(10, 32, "ORG", "Harbour Agency for", False, None), (33, 54, "PERSON", "Coastal Development", False, None)]
    assert entity_kinds.join_split_names(text, items)[0] == (10, 28, "ORG", "Harbour Agency", False, None)
    # the word after a line break, not a space: cut at the break, never an empty or negative span
    text = "Tools: Python\n& friends."
    assert entity_kinds.join_split_names(text, [(7, 15, "ORG", "Python &", False, None)]) == [(7, 13, "ORG", "Python", False, None)]


@pytest.mark.parametrize(
    "items, expected",
    [
        # entities v39: real pages had "[Name] Street Auditorium", "[City] Overground" and "[Place]
        # Biosphere Reserve" as people; a surname that names buildings too stays a person
        ([(0, 24, "PERSON", "Marsh Street Auditorium"), (30, 47, "PERSON", "Quayside Overground"),
          (50, 72, "PERSON", "Aldersea Nature Reserve"), (80, 92, "PERSON", "Nadia Storm"), (95, 105, "PERSON", "Ana Hall")],
         [("FAC", "Marsh Street Auditorium"), ("FAC", "Quayside Overground"), ("FAC", "Aldersea Nature Reserve"),
          ("PERSON", "Nadia Storm"), ("PERSON", "Ana Hall")]),
        # entities v39: "A]t" (a wiki's bracketed edit run into a word) and "Y." (an author's
        # initial in a reference list) were people
        ([(0, 3, "PERSON", "A]t"), (10, 12, "PERSON", "Y."), (20, 31, "PERSON", "Nadia Storm")], [("PERSON", "Nadia Storm")]),
        # entities v39: "Emacs" and "YAML" were organisations on real pages; a name that is also a
        # company's or a newspaper's ("Docker", "Mint") stays one
        ([(0, 5, "ORG", "Emacs"), (10, 14, "ORG", "YAML"), (20, 26, "ORG", "Docker")],
         [("PRODUCT", "Emacs"), ("PRODUCT", "YAML"), ("ORG", "Docker")]),
    ],
    ids=["buildings-and-lines", "brackets-and-initials", "software-as-organisations"],
)
def test_things_and_fragments_read_as_names(items, expected):
    assert _labels(fix_kinds([(*item, False, None) for item in items])) == expected
