"""corpus/synth.py (the synthetic corpus and its truth) and eval/corpus_synth.py (the scorer)."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import tracemalloc
from collections import defaultdict

import pytest

from newsprobe.corpus.clusters import Cluster, Member
from newsprobe.corpus.synth import Rates, events, generate, main, truth
from newsprobe.stages.stories import segment

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("corpus_synth_eval", ROOT / "eval" / "corpus_synth.py")
ev = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(ev)  # type: ignore[union-attr]

FIELDS = {"id", "title", "text", "url", "outlet", "published"}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i : i + k]) for i in range(len(w) - k + 1)}


def _containment(copy: str, orig: str, k: int = 5) -> float:
    """Share of the copy's words that lie in a k-word shingle the original also has."""
    w = _words(copy)
    have = _shingles(orig, k)
    covered = [False] * len(w)
    for i in range(len(w) - k + 1):
        if tuple(w[i : i + k]) in have:
            covered[i : i + k] = [True] * k
    return sum(covered) / max(1, len(w))


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, dict], dict[str, dict]]:
    recs, facts = {}, {}
    for r, f in events(1200, seed=2):
        recs[r["id"]] = r
        facts[r["id"]] = f
    return recs, facts


@pytest.fixture(scope="module")
def answers() -> dict:
    return truth(1200, seed=2)


# --- the generator ----------------------------------------------------------------------------


def test_same_seed_same_corpus_and_other_seed_another():
    a = list(generate(150, seed=4))
    assert a == list(generate(150, seed=4))
    assert a != list(generate(150, seed=5))
    assert all(set(r) == FIELDS and all(isinstance(v, str) and v for v in r.values()) for r in a)


def test_generate_streams():
    # a list of a billion records could never be built: the first ones come at once
    first = list(itertools.islice(generate(10**9, seed=1), 5))
    assert len(first) == 5 and len({r["id"] for r in first}) == 5


def test_memory_stays_flat_as_the_corpus_grows():
    def peak(n: int) -> int:
        tracemalloc.start()
        for _ in generate(n, seed=3, pool=40):
            pass
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(300), peak(1500)
    assert large < small * 1.6, (small, large)


def test_ids_and_urls_are_distinct_and_copies_come_after_their_origin(corpus):
    recs, facts = corpus
    assert len({r["url"] for r in recs.values()}) == len(recs)
    order = {rid: i for i, rid in enumerate(recs)}
    copies = [(rid, f["origin"]) for rid, f in facts.items() if f["origin"]]
    assert copies
    assert all(recs[o]["published"] < recs[c]["published"] for c, o in copies)
    assert any(order[c] < order[o] for c, o in copies), "the file order should not always put the origin first"
    kinds = {f["kind"] for f in facts.values()}
    assert {"original", "brief", "repost", "edited", "stitched"} <= kinds


def test_unknown_rate_is_an_error():
    with pytest.raises(TypeError, match="unknown rate"):
        list(generate(3, reposts=0.5))
    with pytest.raises(ValueError):
        list(generate(-1))
    assert Rates.of(edited=0.4).edited == 0.4


def test_no_copies_when_the_rates_say_so():
    facts = [f for _, f in events(200, seed=1, repost=0, edited=0, stitched=0)]
    assert {f["kind"] for f in facts} <= {"original", "brief"}


# --- truth agrees with the text ---------------------------------------------------------------


def test_true_share_matches_measured_overlap(corpus):
    recs, facts = corpus
    errors = []
    for rid, f in facts.items():
        if f["origin"] is None or f["origin"] not in recs:
            continue
        measured = _containment(recs[rid]["text"], recs[f["origin"]]["text"])
        assert abs(measured - f["share"]) <= 0.15, (rid, f["kind"], f["share"], measured)
        errors.append(abs(measured - f["share"]))
    assert len(errors) > 200
    assert sum(errors) / len(errors) < 0.03
    shares = [f["share"] for f in facts.values() if f["kind"] == "edited"]
    assert min(shares) < 0.4 and max(shares) > 0.85
    reposts = [f["share"] for f in facts.values() if f["kind"] == "repost" and not f["template"]]
    assert min(reposts) > 0.6 and sum(s > 0.95 for s in reposts) > 0.6 * len(reposts)  # a footnote costs a brief most
    assert all(f["body_share"] >= f["share"] for f in facts.values() if f["origin"])


def test_quotes_verbatim_drifted_and_misattributed(corpus, answers):
    recs, _ = corpus
    kinds = defaultdict(int)
    for g in answers["quotes"]:
        origin = g["members"][0]
        assert not origin["drift"] and not origin["misattributed"]
        assert recs[origin["article_id"]]["text"][origin["start"] : origin["end"]] == origin["text"]
        for m in g["members"][1:]:
            text = recs[m["article_id"]]["text"]
            assert text[m["start"] : m["end"]] == m["text"]
            if m["drift"]:
                kinds["drift"] += 1
                assert m["text"] != origin["text"]
                if m["drift"] != "drop":
                    assert m["text"] not in recs[origin["article_id"]]["text"]
            else:
                kinds["verbatim"] += 1
                assert m["text"] == origin["text"]
            # the sentence holding the quotation credits m["credited"] (by full name or surname)
            sentence = text[max(0, m["start"] - 250) : m["end"] + 120]
            assert m["credited"].split()[-1] in sentence
            if m["misattributed"]:
                kinds["misattributed"] += 1
                assert m["credited"] != m["speaker"] == origin["speaker"]
    assert kinds["drift"] > 20 and kinds["misattributed"] > 10 and kinds["verbatim"] > 100, kinds


def test_claims_repeat_across_outlets_and_days(answers):
    groups = answers["claims"]
    assert len(groups) > 10
    forms = {m["form"] for g in groups for m in g["members"]}
    assert {"first", "verbatim", "paraphrase"} <= forms
    spread = [g for g in groups if len({answers["articles"][m["article_id"]]["published"][:10] for m in g["members"]}) > 1]
    assert spread


def test_template_pages_share_a_long_header_and_unrelated_stories(corpus, answers):
    recs, facts = corpus
    assert answers["templates"]
    for group in answers["templates"]:
        pages = [recs[i]["text"] for i in group["members"]]
        head = pages[0].split("\n\n")[0]
        assert len(head.split()) >= 40
        assert all(p.startswith(head) for p in pages)
    briefs = [rid for rid, f in facts.items() if f["kind"] == "brief"]
    assert briefs
    # two sites' templates share little wording
    heads = [recs[g["members"][0]]["text"].split("\n\n")[0] for g in answers["templates"]]
    for a, b in itertools.combinations(heads, 2):
        assert len(_shingles(a) & _shingles(b)) <= 0.2 * min(len(_shingles(a)), len(_shingles(b)))


def test_originals_are_dissimilar():
    docs = [_shingles(r["text"]) for r, f in events(600, seed=6, template_sites=0) if f["kind"] == "original"]
    assert len(docs) > 300
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        for s in d:
            index[s].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in index.values():
        for a, b in itertools.combinations(ids, 2):
            shared[a, b] += 1
    worst = max(n / min(len(docs[a]), len(docs[b])) for (a, b), n in shared.items())
    assert worst < 0.3, worst


def test_unrelated_quotations_do_not_look_like_drifted_copies(answers):
    import difflib

    quotes = [g["members"][0]["text"].lower().split() for g in answers["quotes"]]
    assert len(quotes) > 1500
    index: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, w in enumerate(quotes):
        for j in range(len(w) - 3):
            index[tuple(w[j : j + 4])].add(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in index.values():
        for p in itertools.combinations(sorted(ids), 2):
            shared[p] += 1
    # a wording 80 % like another shares several 4-word runs with it
    pairs = [p for p, n in shared.items() if n >= 3]
    ratios = [difflib.SequenceMatcher(None, quotes[a], quotes[b], autojunk=False).ratio() for a, b in pairs]
    assert max(ratios, default=0) < 0.8, max(ratios)


# --- stitched posts and the stories stage -----------------------------------------------------


def test_stories_segmenter_splits_stitched_posts_at_the_generated_markers(corpus):
    recs, facts = corpus
    posts = [(recs[rid], f) for rid, f in facts.items() if f["kind"] == "stitched"]
    assert len(posts) >= 20
    styles = set()
    for rec, f in posts:
        spans = [s for s in segment(rec["text"], title=rec["title"]) if s.label == "story"]
        assert [s.start for s in spans[1:]] == [st["start"] for st in f["stories"]], rec["id"]
        styles.update(st["marker"] for st in f["stories"])
    assert styles == {"dateline", "via", "closing"}


def test_the_light_stages_split_stitched_posts():
    from newsprobe.api import load_pipeline
    from newsprobe.ingest import article_from_text

    pipe = load_pipeline(stages=["parse", "furniture", "stories"])
    posts = [(r, f) for r, f in events(300, seed=8) if f["kind"] == "stitched"][:3]
    assert posts
    for rec, f in posts:
        article = pipe(article_from_text(rec["text"], meta={"title": rec["title"]}))
        stories = [s for s in article.layer("stories") if s.label == "story"]
        assert [s.start for s in stories[1:]] == [st["start"] for st in f["stories"]]
        # "Originally published at the X" gives the origin "the X" (the outlet registry does not know X)
        assert [re.sub("^the ", "", s.attrs["origin"]) for s in stories[1:]] == [st["origin_outlet"] for st in f["stories"]]


# --- the CLI ----------------------------------------------------------------------------------


def test_cli_writes_corpus_and_truth(tmp_path, capsys):
    out, tr = tmp_path / "c.jsonl", tmp_path / "t.json"
    assert main(["40", "-o", str(out), "--truth", str(tr), "--seed", "2", "--rate", "edited=0.5"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 40 and all(set(json.loads(l)) == FIELDS for l in lines)
    data = json.loads(tr.read_text(encoding="utf-8"))
    assert data["format"] == "newsprobe-synth-truth/1" and len(data["articles"]) == 40
    assert data == json.loads(json.dumps(truth(40, seed=2, edited=0.5)))
    assert "wrote 40 article(s)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["5", "--rate", "nonsense=1"])


# --- the scorer, on hand-made clusters ----------------------------------------------------------


def _perfect_clusters(t: dict) -> dict[str, list[Cluster]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for r in t["reposts"]:
        if r["share"] >= 0.5:
            groups[r["origin"]].append(r["copy"])
    reposts = [Cluster("reposts", o, [Member(o, role="origin")] + [Member(c, role="copy") for c in cs])
               for o, cs in groups.items()]
    for s in t["stories"]:
        reposts.append(Cluster("reposts", f"{s['post']}-{s['index']}", [
            Member(s["origin"], role="origin"),
            Member(s["post"], role="copy", attrs={"story_start": s["start"], "story_end": s["end"]})]))
    quotes = []
    for g in t["quotes"]:
        first = g["members"][0]
        members = []
        for m in g["members"]:
            diff = [["=", m["text"]]] if m["text"] == first["text"] else [["-", first["text"]], ["+", m["text"]]]
            members.append(Member(m["article_id"], m["start"], m["end"], text=m["text"],
                                  attrs={"speaker": m["credited"], "speaker_canonical": m["credited"], "diff": diff}))
        quotes.append(Cluster("quotes", g["group"], members))
    claims = [Cluster("claims", g["group"], [Member(m["article_id"], m["start"], m["end"]) for m in g["members"]])
              for g in t["claims"]]
    return {"reposts": reposts, "quotes": quotes, "claims": claims}


def test_scorer_gives_full_marks_to_the_truth(answers):
    result = ev.score(answers, _perfect_clusters(answers))
    r, q = result["reposts"], result["quotes"]
    assert r["precision"] == 1.0 and r["recall"] == 1.0 and r["truth_pairs"] > 100
    assert r["stories"]["recall"] == 1.0 and r["stories"]["precision"] == 1.0
    assert r["template_pairs_clustered"] == 0
    assert q["quote_drift"]["precision"] == q["quote_drift"]["recall"] == 1.0
    assert q["attribution_drift"]["precision"] == q["attribution_drift"]["recall"] == 1.0
    assert q["pairs"]["precision"] == 1.0 and q["pairs"]["recall"] == 1.0
    assert result["claims"]["precision"] == 1.0 and result["claims"]["recall"] == 1.0
    assert all(g["met"] for g in result["goals"].values())


def test_scorer_counts_misses_and_wrong_merges(answers):
    clusters = _perfect_clusters(answers)
    # drop half the repost clusters, merge two template-only pages, lose every diff and speaker
    clusters["reposts"] = clusters["reposts"][::2]
    tpl = answers["templates"][0]["members"]
    related = {r["copy"] for r in answers["reposts"]} | {r["origin"] for r in answers["reposts"]}
    lone = [a for a in tpl if a not in related][:2]
    clusters["reposts"].append(Cluster("reposts", "tpl", [Member(lone[0], role="origin"), Member(lone[1], role="copy")]))
    for c in clusters["quotes"]:
        for m in c.members:
            m.attrs["diff"] = [["=", m.text]]
            m.attrs["speaker_canonical"] = c.members[0].attrs["speaker_canonical"]
    result = ev.score(answers, clusters)
    r, q = result["reposts"], result["quotes"]
    assert r["recall"] < 0.8 and r["false_positives"] == 1 and r["template_pairs_clustered"] == 1
    assert q["quote_drift"]["recall"] == 0 and q["attribution_drift"]["recall"] == 0
    assert not result["goals"]["template_pairs_clustered"]["met"]


def test_scorer_treats_surname_and_full_name_as_one_speaker():
    assert ev._same_person("Ortega", "Maria Ortega") and not ev._same_person("Kovac", "Maria Ortega")
    assert not ev._same_person(None, "Maria Ortega")
