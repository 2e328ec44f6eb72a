from newsprobe.stages.entities import canonical_names, clean_name


def test_entities_canonical_prefers_fullest_name_of_same_kind():
    m = canonical_names([("person", "Maria Ortega"), ("person", "Ortega"), ("person", "Maria"),
                         ("org", "Associated Press"), ("org", "AP"), ("place", "Ortega")])
    assert m[("person", "Ortega")] == "Maria Ortega"
    assert m[("person", "Maria")] == "Maria Ortega"
    assert m[("org", "AP")] == "Associated Press"
    assert m[("place", "Ortega")] == "Ortega"  # never crosses kinds


def test_entities_clean_name_strips_possessive_and_honorific():
    assert clean_name("Ortega's") == "Ortega"
    assert clean_name("Dr. Jane  Hill") == "Jane Hill"
    assert clean_name("the Associated Press") == "Associated Press"


def test_entities_headline_mentions_never_become_canonical():
    m = canonical_names(
        [("person", "Ben Carson Defends"), ("person", "Ben Carson"), ("person", "Carson")],
        unreliable=[("person", "Ben Carson Defends")],
    )
    assert m[("person", "Carson")] == "Ben Carson"
    assert m[("person", "Ben Carson Defends")] == "Ben Carson"


def test_entities_title_case_line_detection():
    from newsprobe.stages.entities import _title_case_line

    text = "Mayor Lena Fischer Defends Harbor Budget Against Critics\n\nMayor Lena Fischer said the budget was sound."
    assert _title_case_line(text, 6)
    assert not _title_case_line(text, text.index("said"))
    assert not _title_case_line("Finance Minister Maria Ortega presented the Budget on Monday.", 3)
