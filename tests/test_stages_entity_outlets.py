"""Entities version 36: the page's own outlet is an organisation wherever the text names it,
and a one-word "person" listed among companies or products is one of them. Hand-built
mentions for the rules; one run through the stages for the outlet."""

from newsprobe.article import Article
from newsprobe.stages.entity_outlets import mark_outlet, outlet_name_pattern, relabel_listed_things


def _labels(items):
    return [(name, label, was) for _, _, label, name, _, was in items]


def _mention(text, name, label, after=0):
    start = text.index(name, after)
    return (start, start + len(name), label, name, False, None)


def test_a_one_word_person_listed_among_companies_is_a_company():
    text = "The outage hit Corvane, Pixaro, and Lumio on Friday."
    items = [_mention(text, "Corvane", "ORG"), _mention(text, "Pixaro", "ORG"), _mention(text, "Lumio", "PERSON")]
    assert _labels(relabel_listed_things(text, items)) == [
        ("Corvane", "ORG", None), ("Pixaro", "ORG", None), ("Lumio", "ORG", "PERSON")]


def test_a_listed_person_stays_one_with_a_full_name_a_first_name_or_too_short_a_list():
    text = "Shares of Corvane, Pixaro and Halloway rose. Ruth Halloway said so. Corvane, Pixaro and Sarah. Pixaro and Lumio."
    items = [
        _mention(text, "Corvane", "ORG"), _mention(text, "Pixaro", "ORG"), _mention(text, "Halloway", "PERSON"),
        _mention(text, "Ruth Halloway", "PERSON"),
        _mention(text, "Corvane", "ORG", 60), _mention(text, "Pixaro", "ORG", 60), _mention(text, "Sarah", "PERSON"),
        _mention(text, "Pixaro", "ORG", 90), _mention(text, "Lumio", "PERSON"),
    ]
    labels = {(name, start): label for start, _, label, name, _, _ in relabel_listed_things(text, items)}
    assert labels[("Halloway", text.index("Halloway"))] == "PERSON"  # Ruth Halloway's surname
    assert labels[("Sarah", text.index("Sarah"))] == "PERSON"  # a common first name
    assert labels[("Lumio", text.index("Lumio"))] == "PERSON"  # one company beside it is not enough


def test_names_in_separate_sentences_are_no_list():
    text = "Corvane fell. Pixaro rose. Lumio said nothing."
    items = [_mention(text, "Corvane", "ORG"), _mention(text, "Pixaro", "ORG"), _mention(text, "Lumio", "PERSON")]
    assert _labels(relabel_listed_things(text, items))[-1] == ("Lumio", "PERSON", None)


def test_the_outlet_name_replaces_what_the_tagger_made_of_it():
    text = "Frost ruins the cherry harvest | Harbour Ledger\n\nThe Harbour Ledger Awards go to Ines Calder. Harbour Ledger spoke to growers."
    items = [
        (text.index("Harbour"), text.index("Harbour") + 7, "PERSON", "Harbour", True, None),  # cut in the title line
        _mention(text, "Harbour Ledger Awards", "EVENT"),  # a longer name holding it: kept
        _mention(text, "Ines Calder", "PERSON"),
        _mention(text, "Harbour Ledger", "PERSON", text.index("Calder")),
    ]
    out = mark_outlet(text, items, "Harbour Ledger", frozenset(), lambda s, e: False, lambda s: s < 40)
    assert [(text[s:e], label, head, was) for s, e, label, _, head, was in out] == [
        ("Harbour Ledger", "ORG", True, None),
        ("Harbour Ledger Awards", "EVENT", False, None),
        ("Ines Calder", "PERSON", False, None),
        ("Harbour Ledger", "ORG", False, "PERSON"),
    ]


def test_a_mention_running_from_the_title_into_the_outlet_name_gives_way():
    text = "Dalmere reopens its baths - Harbour Ledger\n\nText."
    items = [(0, text.index("\n"), "ORG", "Dalmere reopens its baths - Harbour Ledger", True, None)]
    out = mark_outlet(text, items, "Harbour Ledger", frozenset(), lambda s, e: False, lambda s: True)
    assert [(text[s:e], label) for s, e, label, *_ in out] == [("Harbour Ledger", "ORG")]


def test_outlet_names_not_worth_looking_for():
    assert outlet_name_pattern("harbourledger.com", frozenset()) is None  # a domain
    assert outlet_name_pattern("Ledger", frozenset({"ledger"})) is None  # the text writes "ledger" as a word
    assert outlet_name_pattern("Harbour Ledger - News, Weather and Sport from the Coast", frozenset()) is None
    assert outlet_name_pattern("harbour ledger", frozenset()) is None
    assert outlet_name_pattern("Ledger", frozenset()) is not None
    assert outlet_name_pattern("Harbour Ledger", frozenset({"ledger"})) is not None


def test_furniture_keeps_its_outlet_names_out():
    text = "Harbour Ledger spoke to growers.\nSubscribe to Harbour Ledger"
    out = mark_outlet(text, [], "Harbour Ledger", frozenset(), lambda s, e: s > 30, lambda s: False)
    assert [(s, e) for s, e, *_ in out] == [(0, 14)]


def test_the_pipeline_labels_the_page_outlet_an_organisation():
    from newsprobe import load_pipeline, load_settings

    text = ("Frost ruins the cherry harvest | Marlowe Daily\n\n"
            "Marlowe Daily spoke to three growers in the valley about the frost. One of them, Ines Calder, "
            "lost half her trees.")
    pipeline = load_pipeline(load_settings(stages="parse,furniture,stories,publisher,sentences,entities", store=""))
    article = pipeline(Article(text, meta={"site_name": "Marlowe Daily"}))
    outlet = [e for e in article.layer("entities") if text[e.start:e.end] == "Marlowe Daily"]
    assert len(outlet) == 2 and {e.label for e in outlet} == {"ORG"}
    assert not any(e.label == "PERSON" and "Marlowe" in text[e.start:e.end] for e in article.layer("entities"))


def test_the_outlet_name_is_written_without_the():
    text = "Reported by The Harbour Ledger."
    out = mark_outlet(text, [], "The Harbour Ledger", frozenset(), lambda s, e: False, lambda s: False)
    assert [(text[s:e], name) for s, e, _, name, _, _ in out] == [("Harbour Ledger", "Harbour Ledger")]
