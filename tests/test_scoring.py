from newsprobe import Article, Span
from newsprobe.scoring import pair_articles, score_layer


def _a(spans):
    return Article("0123456789abcdefghij", id="x").with_layer("quotes", spans)


def test_scoring_exact_and_overlap_per_label():
    gold = _a([Span(0, 5, "direct"), Span(10, 15, "indirect")])
    pred = _a([Span(0, 5, "direct"), Span(12, 18, "indirect"), Span(18, 20, "direct")])
    r = score_layer([(pred, gold)], "quotes")
    assert r["exact"]["n_pred"] == 3 and r["exact"]["n_gold"] == 2
    assert r["exact"]["precision"] == round(1 / 3, 4) and r["exact"]["recall"] == 0.5
    assert r["overlap"]["precision"] == round(2 / 3, 4) and r["overlap"]["recall"] == 1.0
    assert r["per_label"]["indirect"]["overlap"]["f1"] == 1.0
    assert r["per_label"]["indirect"]["exact"]["f1"] == 0.0


def test_scoring_labels_can_be_ignored():
    gold = _a([Span(0, 5, "direct")])
    pred = _a([Span(0, 5, "indirect")])
    assert score_layer([(pred, gold)], "quotes")["exact"]["f1"] == 0.0
    assert score_layer([(pred, gold)], "quotes", use_labels=False)["exact"]["f1"] == 1.0


def test_scoring_pairs_by_id_then_text_and_missing_prediction_scores_zero():
    gold = [Article("alpha beta", id="g1").with_layer("quotes", [Span(0, 5, "direct")]),
            Article("gamma", id="g2").with_layer("quotes", [Span(0, 5, "direct")])]
    pred = [Article("alpha beta", id="other").with_layer("quotes", [Span(0, 5, "direct")])]
    pairs = pair_articles(pred, gold)
    assert pairs[0][0].id == "other" and pairs[1][0].layer("quotes") == ()
    r = score_layer(pairs, "quotes")
    assert r["exact"]["recall"] == 0.5 and r["exact"]["precision"] == 1.0
