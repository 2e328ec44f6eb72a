"""The quotes stage, version 36: embedded social-media posts ('[words]' then '— Name (@handle)
date') are the poster's direct words; a markup tag's attribute values are no quotations; a
he/she whose best guess the quotation itself names falls back on another person before it
(uncertain). docs/quotes.md, Version 36. Every sentence is written for these tests (invented
people, places and accounts).
"""

from __future__ import annotations

from newsprobe.stages.quote_posts import in_markup
from newsprobe.stages.quote_pronouns import Speaker
from newsprobe.stages.quote_post import Found
from newsprobe.stages.quote_trust import doubt_named_speakers

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)


def _posts(article):
    return [q for q in article.layer("quotes") if q.attrs.get("cue_kind") == "post"]


EMBED = (
    "Harbour councillors voted on Tuesday to close the ferry pier for repairs.\n\n"
    "The decision drew quick replies online.\n\n"
    "Closing the pier in July is a gift to nobody. Fix it in winter like every other town does. "
    "pic.twitter.com/Ab12Cd34\n\n"
    "\u2014 Nadia Okoro (@nadia_okoro) June 4, 2024\n\n"
    "The council said the work could not wait."
)


def test_an_embedded_post_is_its_signers_direct_words(run):
    article = run(EMBED)
    posts = _posts(article)
    assert len(posts) == 1
    q = posts[0]
    assert q.label == "direct"
    assert article.span_text(q) == "Closing the pier in July is a gift to nobody. Fix it in winter like every other town does."
    assert q.attrs["speaker"] == "Nadia Okoro"
    assert q.attrs["post_handle"] == "@nadia_okoro"
    assert q.attrs["speaker_via"] == "post"
    assert q.attrs["speaker_uncertain"] is False
    assert article.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "Nadia Okoro (@nadia_okoro)"


def test_a_post_and_its_signature_on_one_line_in_leftover_markup(run):
    text = (
        "The mayor answered within the hour.\n\n"
        '<post id="4411" author="@mayor_lund" date="2024-06-04">We heard you. The pier stays open until '
        'September and the repairs start after the season. \u2014 Mayor Ivo Lund (@mayor_lund) June 4, 2024</post>.\n\n'
        "Ferry operators welcomed the change."
    )
    article = run(text)
    posts = _posts(article)
    assert [article.span_text(q) for q in posts] == [
        "We heard you. The pier stays open until September and the repairs start after the season."
    ]
    assert posts[0].attrs["speaker"] == "Mayor Ivo Lund"
    # the tag's attribute values ("4411", "@mayor_lund") are not scare quotes
    assert not [q for q in article.layer("quotes") if q.start < text.index(">We heard")]


def test_a_quotation_inside_a_post_is_the_posters_not_the_wearers(run):
    text = (
        "Photographers at the rally shared the moment.\n\n"
        'Councillor Bram Tesch is now wearing a cap that says "KEEP THE PIER" and grinning about it\n\n'
        "\u2014 Lina Marsh (@linamarsh) June 5, 2024\n\n"
        "Tesch later said the cap was a gift."
    )
    article = run(text)
    post = find(article, "wearing a cap")
    assert post.attrs["speaker"] == "Lina Marsh"
    assert not [q for q in article.layer("quotes") if article.span_text(q) == "KEEP THE PIER" and q.attrs.get("speaker")]


def test_a_signature_without_a_date_is_a_byline_not_a_post(run):
    text = (
        "Ferry fares will rise by ten percent in August, the operator announced.\n\n"
        "\u2014 Dana Pike (@danapike) covers transport for the paper"
    )
    assert not _posts(run(text))


def test_a_paragraph_that_introduces_the_embed_is_not_the_post(run):
    text = (
        "Okoro, who chairs the residents' group, wrote on Sunday:\n\n"
        "\u2014 Nadia Okoro (@nadia_okoro) June 2, 2024\n\n"
        "The group meets again next week."
    )
    assert not _posts(run(text))


def test_a_quoted_paragraph_with_a_dash_credit_stays_a_quotation():
    from newsprobe.stages.quote_posts import _words

    text = '"The pier is the town," she wrote.'
    assert _words(text, 0, len(text)) is not None  # prose with a quotation inside is a post's words
    quoted = '"The pier is the town, and the town is not for sale."'
    assert _words(quoted, 0, len(quoted)) is None  # all one quotation: the dash-credit reading


def test_in_markup():
    text = 'Before <tweet id="77" author="@a">Words "here" now</tweet> after "this".'
    assert in_markup(text, text.index('77'), text.index('77') + 2)
    assert not in_markup(text, text.index("here"), text.index("here") + 4)
    assert not in_markup(text, text.index("this"), text.index("this") + 4)


def test_a_pronoun_falls_back_on_another_person_when_the_quotation_names_the_best_guess():
    text = 'Hollis said the union would keep talking. "What Varga offers is not enough," he said.'
    quote_at = text.index("What")
    he_at = text.index("he said")
    f = Found(quote_at, text.index(',"'), "direct", 0.9, region=(quote_at, text.index(',"')),
              speaker=Speaker("Tomas Varga", "person", he_at, he_at + 2, via="pronoun", others=("Ed Hollis",)))
    doubt_named_speakers([f], text)
    assert f.speaker is not None
    assert f.speaker.name == "Ed Hollis" and f.speaker.uncertain
    assert f.speaker.candidates == ("Ed Hollis",)


def test_with_no_other_person_the_pronoun_stays_unresolved():
    text = '"What Varga offers is not enough," he said.'
    he_at = text.index("he said")
    f = Found(1, text.index(',"'), "direct", 0.9, region=(1, text.index(',"')),
              speaker=Speaker("Tomas Varga", "person", he_at, he_at + 2, via="pronoun"))
    doubt_named_speakers([f], text)
    assert f.speaker is not None and f.speaker.name is None and f.speaker.start == he_at


PROFILE = (
    "The last ferry\n\n"
    "At dawn, Maria Ortega unlocks the boat shed by the river. She has run the ferry since 1990.\n\n"
    '"People ask if I get bored," Ortega said. "I never do."\n\n'
    "She took over from her father, who ran it for thirty years.\n\n"
    '"Dad thought it was no job for a girl. I proved him wrong inside a week."\n\n'
    "The fare is two pounds, or one for dogs.\n\n"
    '"Who is taking the first watch?"\n\n'
    "Tom Pitt, a regular, crosses twice a day to reach the boatyard.\n\n"
    '"Without her I drive forty minutes round by the bridge," Pitt said.\n\n'
    '"Tom exaggerates. It is never that quick when he is talking."\n\n'
    '"Right then," Ortega said. "Here come my customers."'
)


def test_a_profiles_lone_quote_paragraph_is_its_main_speakers_marked_uncertain(run):
    article = run(PROFILE)
    q = find(article, "Dad thought")
    assert q.attrs["speaker"] == "Maria Ortega"
    assert q.attrs["speaker_uncertain"] is True and q.attrs["speaker_via"] == "story-doubtful"
    assert q.attrs["confidence"] < 0.6
    assert not find(article, "first watch").attrs["speaker"]  # a lone question: anyone in the scene may ask it
    assert not find(article, "Tom exaggerates").attrs["speaker"]  # right after another person's quote


def test_no_main_speaker_no_guess(run):
    text = (
        "Council split on the pier\n\n"
        '"We will keep the pier open," Maria Ortega said.\n\n'
        '"The money is not there," Tom Pitt said.\n\n'
        "The vote is on Monday.\n\n"
        '"Nobody wants to close it, but somebody has to pay for it."'
    )
    assert not find(run(text), "Nobody wants").attrs["speaker"]


def test_a_short_first_piece_before_its_cue_is_said_not_scare(run):
    # '"Write what you like," Oma said, "..."': four words with a verb had been a scare quote
    article = run('"Write what you like," Ines Marwick said, "but your hands will remember it better than paper."')
    q = find(article, "Write what you like")
    assert q.label == "direct" and q.attrs["speaker"] == "Ines Marwick"
    assert len(q.attrs["segments"]) == 2
    # a short Title Case phrase stays what it was (a slogan, a name)
    slogan = run('"Keep The Pier Open," read the banner outside the hall.')
    assert not [s for s in slogan.layer("quotes") if slogan.span_text(s) == "Keep The Pier Open" and s.label == "direct" and s.attrs.get("speaker")]


def test_a_quotation_in_two_pieces_with_its_credit_between_is_one_direct_quote(run):
    article = run('"Never again," Ines Marwick said, "will we let the pier close in summer."')
    q = find(article, "Never again")
    assert q.label == "direct" and q.attrs["speaker"] == "Ines Marwick"
    assert [article.text[a:b] for a, b in q.attrs["segments"]] == ["Never again", "will we let the pier close in summer."]


def test_a_name_the_story_gave_someone_is_that_person(run):
    # 'Everyone in the family called her Oma' then '"...," Oma said': one person, not two
    text = ('My grandmother, Ottilie Brandtner, baked bread every Friday. Everyone in the family called her Oma, '
            'including the mailman.\n\n"Write what you like," Oma said, "but your hands will remember it."')
    assert find(run(text), "Write what you like").attrs["speaker"] == "Ottilie Brandtner"
    known = run('Dana Quill, known to the crews as Mags, runs the yard. "We launch at dawn," Mags said.')
    assert find(known, "We launch").attrs["speaker"] == "Dana Quill"


def test_no_alias_from_a_date_a_lower_case_word_or_two_people():
    from types import SimpleNamespace

    from newsprobe.stages.quote_aliases import AliasResolution
    from newsprobe.stages.quote_pronouns import StoryIndex

    class Probe(AliasResolution):
        def __init__(self, text: str, people: list[tuple[int, str, bool, int]]) -> None:
            self.article = SimpleNamespace(text=text)
            self.story = StoryIndex(0, len(text), people=people)

        def story_at(self, offset):
            return self.story

        def _paragraph_start(self, pos, back):
            return 0

        def _gender_ok(self, lower, name):
            return True

        def entity_at(self, start, end):
            return None

    one = [(0, "Dana Quill", True, 0)]
    assert Probe("Dana Quill rang. Later she called her Mags.", one).alias_of("Mags") == "Dana Quill"
    assert Probe("Dana Quill rang. She called her Friday about it.", one).alias_of("Friday") == "Friday"
    assert Probe("Dana Quill rang. He called her a liar.", one).alias_of("a") == "a"
    two = one + [(17, "Ana Ruiz", True, 17)]
    assert Probe("Dana Quill rang. Ana Ruiz called her Mags.", two).alias_of("Mags") == "Mags"  # who is "her"?
