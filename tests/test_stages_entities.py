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
