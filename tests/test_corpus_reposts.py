"""Reposts: copies, edited copies, stitched posts, templates, origins and shares (our own text)."""

from __future__ import annotations

import numpy as np
import pytest

from newsprobe.article import Article, Span
from newsprobe.corpus.minhash import MinHasher, band_keys, candidate_probability, containment_from_jaccard, jaccard_estimate
from newsprobe.corpus.reposts import parse_published, repost_clusters
from newsprobe.corpus.shingles import shingle, site_key, word_share
from newsprobe.settings import Settings
from newsprobe.store import Store

BRIDGE = [
    "Mayor Ilse Brandt opened the new footbridge over the Lenne river on Monday morning after two years of delays.",
    "The steel crossing links the old market quarter with the railway station and cost the town 14 million euros.",
    "Engineers from the regional works office had to replace three foundation piles after a survey found cracks in 2022.",
    "Shopkeepers on Bahnhofstrasse said trade had fallen by a quarter while the riverside path was closed to walkers.",
    "Brandt told a crowd of about two hundred residents that the bridge would carry cyclists as well as pedestrians.",
    "A second crossing further downstream is planned for 2027 if the state parliament approves the grant next spring.",
    "The opposition councillor Tomas Wendt called the cost overrun a warning sign for the larger harbour project.",
    "Night lighting on the bridge will be switched off after midnight to protect the bats that nest under the arches.",
]
HOSPITAL = [
    "The district hospital in Kellstadt will close its maternity ward at the end of March, the health board confirmed.",
    "Expectant mothers will be sent to the university clinic in Oberau, a drive of about forty minutes on the main road.",
    "Midwife Carla Jensen said the staff had learned of the decision from a notice pinned to the canteen door.",
    "The board blamed a shortage of paediatric doctors and said it had advertised two posts without a single applicant.",
    "More than six thousand people have signed a petition asking the regional minister to keep the ward open.",
    "A protest march from the town square to the hospital gates is planned for Saturday afternoon at three o'clock.",
    "The minister's office said it would review the figures but gave no date for a decision on extra funding.",
]
FERRY = [
    "The island ferry Nordlicht ran aground on a sandbank outside the harbour of Wittby late on Thursday evening.",
    "All forty-two passengers and six crew members were taken off by lifeboat and nobody was hurt, the coastguard said.",
    "Captain Jonas Elmers told investigators that a buoy marking the channel had drifted after last week's storm.",
    "The shipping company said a tug would try to free the vessel at high tide on Friday around noon.",
    "Islanders who depend on the ferry for food deliveries were offered places on a smaller boat from the mainland.",
    "The maritime safety agency has opened an inquiry and will examine the ship's voyage recorder.",
]
SCHOOL = [
    "Teachers at the Rosenfeld comprehensive school will strike on Wednesday over plans to merge two year groups.",
    "Union representative Petra Holm said classes of thirty-four pupils were too large for the old classrooms.",
    "The education authority argues that the merger saves two teaching posts and allows a new science laboratory.",
    "Parents were told in a letter on Tuesday that pupils in their final year will still sit their mock exams.",
    "Holm said the union would call off the strike if the authority agreed to talks before the end of the month.",
    "The school has about nine hundred pupils and draws children from eleven villages around the valley.",
]
HEADER = ("Welcome to the Harbour Gazette, your independent voice for the coast since 1921. "
          "Subscribe today and read every local story without limits, with our daily morning briefing "
          "delivered to your inbox, weekend puzzles, obituaries and the full events calendar for the region.")
FOOTER = ("Harbour Gazette is published by Coastline Media Group. All content is protected by copyright. "
          "Contact the newsroom with tips and corrections, read our editorial standards and privacy notice, "
          "and follow us for breaking news alerts about traffic, weather and council meetings.")


def _text(sentences: list[str]) -> str:
    return "\n\n".join(sentences)


def _article(aid: str, text: str, *, published: str | None = None, url: str | None = None, outlet: str | None = None,
             stories: list[tuple[int, int]] | None = None, furniture: list[tuple[int, int]] | None = None) -> Article:
    a = Article(text, id=aid, meta={"title": aid.title(), "published": published, "url": url, "outlet": outlet})
    a.with_layer("stories", [Span(s, e, "story", attrs={"index": i, "title": f"{aid} story {i}"})
                             for i, (s, e) in enumerate(stories or [(0, len(text))])])
    a.with_layer("furniture", [Span(s, e, "share") for s, e in furniture or []])
    return a


def _store(tmp_path, articles: list[Article]) -> Store:
    store = Store(str(tmp_path / "s.duckdb"))
    for a in articles:
        store.put_article(a)
    return store


def _by_origin(clusters):
    return {c.evidence["origin"]: c for c in clusters}


def test_exact_and_edited_copies_cluster_with_the_earliest_as_origin(tmp_path):
    edited = BRIDGE[:5] + ["The town's press office said further details would follow next week.",
                           "Readers can send questions about the closure of the old ferry landing to the council."]
    arts = [
        _article("copy-exact", _text(BRIDGE), published="2024-03-05", url="https://www.riverpost.example/b1"),
        _article("origin", _text(BRIDGE), published="2024-03-04T08:00:00Z", url="https://lenne-news.example/bridge"),
        _article("copy-edited", _text(edited), published="2024-03-06", url="https://valleyblog.example/x"),
        _article("hospital", _text(HOSPITAL), published="2024-03-01", url="https://lenne-news.example/h"),
        _article("ferry", _text(FERRY), published="2024-03-02", url="https://coast.example/f"),
    ]
    with _store(tmp_path, arts) as store:
        clusters = repost_clusters(store, Settings())
    assert len(clusters) == 1
    (c,) = clusters
    assert c.kind == "reposts" and c.evidence["origin"] == "origin" and c.evidence["level"] == "article"
    assert c.evidence["method"] == "minhash-lsh"
    roles = {m.article_id: (m.role, m.share) for m in c.members}
    assert roles["origin"] == ("origin", 1.0)
    assert roles["copy-exact"] == ("copy", 1.0)
    assert roles["copy-edited"][0] == "copy" and 0.6 < roles["copy-edited"][1] < 0.85
    assert c.members[0].article_id == "origin"
    assert {m.attrs["url"] for m in c.members} >= {"https://lenne-news.example/bridge"}
    assert c.members[1].attrs["published"] == "2024-03-05"


def test_a_copy_below_the_threshold_is_not_a_repost(tmp_path):
    partial = BRIDGE[:2] + SCHOOL  # shares about a quarter of its words with the bridge story
    arts = [_article("bridge", _text(BRIDGE), published="2024-01-01"),
            _article("partial", _text(partial), published="2024-01-02")]
    with _store(tmp_path, arts) as store:
        assert repost_clusters(store, Settings()) == []
        loose = repost_clusters(store, Settings().with_(repost_threshold=0.2))
    assert len(loose) == 1 and 0.2 < loose[0].members[1].share < 0.4


def test_a_stitched_post_story_matches_its_original(tmp_path):
    first = _text(SCHOOL)
    post = first + "\n\n***\n\n" + _text(FERRY)
    second_start = post.index(FERRY[0])
    arts = [
        _article("ferry-original", _text(FERRY), published="2024-05-01", url="https://coast.example/ferry"),
        _article("stitched", post, published="2024-05-03", url="https://blog.example/p",
                 stories=[(0, len(first)), (second_start, len(post))]),
        _article("bridge", _text(BRIDGE), published="2024-05-02"),
    ]
    with _store(tmp_path, arts) as store:
        (c,) = repost_clusters(store, Settings())
    assert c.evidence["origin"] == "ferry-original" and c.evidence["level"] == "story"
    copy = c.members[1]
    assert copy.article_id == "stitched" and (copy.start, copy.end) == (second_start, len(post))
    assert copy.attrs["story_start"] == second_start and copy.attrs["story_index"] == 1
    assert copy.share == 1.0 and copy.attrs["title"] == "stitched story 1"


def test_unrelated_articles_never_cluster(tmp_path):
    arts = [_article(n, _text(s), published=f"2024-02-0{i + 1}") for i, (n, s) in
            enumerate([("bridge", BRIDGE), ("hospital", HOSPITAL), ("ferry", FERRY), ("school", SCHOOL)])]
    with _store(tmp_path, arts) as store:
        assert repost_clusters(store, Settings()) == []


@pytest.mark.parametrize("pages", [2, 4])
def test_pages_sharing_only_a_site_template_do_not_cluster(tmp_path, pages):
    bodies = [HOSPITAL[:4], FERRY[:4], SCHOOL[:4], BRIDGE[:3]][:pages]
    arts = [_article(f"page{i}", "\n\n".join([HEADER, _text(b), FOOTER]), published=f"2024-04-0{i + 1}",
                     url=f"https://www.harbourgazette.example/news/{i}") for i, b in enumerate(bodies)]
    with _store(tmp_path, arts) as store:
        assert repost_clusters(store, Settings()) == []
        # the template is more than half of each page: without the site rule they would cluster
        assert len(repost_clusters(store, Settings().with_(repost_boilerplate_pages=1000))) >= 1


def test_a_site_that_copies_a_story_still_matches_it(tmp_path):
    """The site's template is dropped, its copy of another site's story is not."""
    arts = [_article("gazette-ferry", "\n\n".join([HEADER, _text(FERRY), FOOTER]), published="2024-04-03",
                     url="https://harbourgazette.example/ferry"),
            _article("gazette-school", "\n\n".join([HEADER, _text(SCHOOL), FOOTER]), published="2024-04-02",
                     url="https://harbourgazette.example/school"),
            _article("coast-ferry", _text(FERRY), published="2024-04-01", url="https://coast.example/ferry")]
    with _store(tmp_path, arts) as store:
        (c,) = repost_clusters(store, Settings())
    assert [m.article_id for m in c.members] == ["coast-ferry", "gazette-ferry"]
    assert c.members[1].share == 1.0  # the template is not part of the copy's text
    assert c.evidence["origin_boilerplate_shingles"] == 0


def test_furniture_is_left_out(tmp_path):
    share_line = "Share this article on Facebook, Twitter, WhatsApp and by email with your friends and family now"
    short = HOSPITAL[:2]
    text = _text(short) + "\n\n" + share_line
    start = text.index(share_line)
    arts = [_article("a", text, published="2024-01-01", furniture=[(start, len(text))]),
            _article("b", _text(BRIDGE[:2]) + "\n\n" + share_line, published="2024-01-02",
                     furniture=[(len(_text(BRIDGE[:2])) + 2, len(_text(BRIDGE[:2])) + 2 + len(share_line))])]
    with _store(tmp_path, arts) as store:
        assert repost_clusters(store, Settings().with_(repost_min_words=10)) == []


def test_origin_falls_back_to_the_order_of_analysis_without_dates(tmp_path):
    with Store(str(tmp_path / "s.duckdb")) as store:
        store.put_article(_article("zz-first", _text(HOSPITAL)))
        store.put_article(_article("aa-second", _text(HOSPITAL)))
        (c,) = repost_clusters(store, Settings())
    assert c.evidence["origin"] == "zz-first"


def test_empty_store_and_tiny_texts(tmp_path):
    with _store(tmp_path, [_article("x", "Too short."), _article("y", "Too short."), _article("z", "")]) as store:
        assert repost_clusters(store, Settings()) == []
    with Store(str(tmp_path / "empty.duckdb")) as store:
        assert repost_clusters(store, Settings()) == []


# --- the pieces ---------------------------------------------------------------------------------


def test_shingles_skip_spans_and_map_story_ranges():
    text = "One two three four five six. Share now! Seven eight nine ten."
    sh = shingle(text, 3, skip=[(text.index("Share"), text.index("Seven"))])
    assert sh.n_words == 10 and len(sh.hashes) == 8
    assert shingle("One TWO three", 3).hashes[0] == shingle("one two   three", 3).hashes[0]
    lo, hi = sh.between(0, text.index("Share"))
    assert (lo, hi) == (0, 4)  # shingles of words 0..5
    with pytest.raises(ValueError):
        shingle(text, 0)
    # a lower case longer than the letter, a lone surrogate, bidi controls: words and offsets still line up
    odd = "İstanbul Üsküdar ferry \ud800 strike \u202e ends today at noon"
    sh = shingle(odd, 2)
    assert [odd[s:e] for s, e in zip(sh.word_starts, sh.word_ends)][:3] == ["İstanbul", "Üsküdar", "ferry"]
    assert shingle("a \ud800b c d e", 2).n_words == 5


def test_word_share_counts_covered_words():
    a = shingle(" ".join(f"w{i}" for i in range(20)), 5)
    b = shingle(" ".join(f"w{i}" for i in range(10)) + " x y z", 5)
    share, shared, words = word_share(b.hashes, np.ones(len(b.hashes), bool), a.hashes, 5)
    assert (shared, words) == (10, 13) and share == pytest.approx(10 / 13)


def test_site_key():
    assert site_key("https://www.example.com/a", "Example") == "example.com"
    assert site_key("https://news.bbc.co.uk/x", None) == "bbc.co.uk"
    assert site_key(None, " The Daily ") == "outlet:the daily"
    assert site_key(None, None) is None and site_key("not a url ::", None) is not None


def test_minhash_estimates_jaccard_and_bands():
    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**63, 600, dtype=np.uint64)
    other = np.concatenate([base[:300], rng.integers(0, 2**63, 300, dtype=np.uint64)])
    mh = MinHasher(256, seed=1)
    j = jaccard_estimate(mh.signature(base), mh.signature(other))[0]
    assert abs(j - 300 / 900) < 0.1
    assert containment_from_jaccard(np.array([1 / 3]), np.array([600]), np.array([600]))[0] == pytest.approx(0.5)
    keys = band_keys(np.stack([mh.signature(base), mh.signature(base)]), 2)
    assert keys.shape == (2, 128) and (keys[0] == keys[1]).all()
    assert candidate_probability(0.2, 128, 2) > 0.99 and candidate_probability(0.02, 128, 2) < 0.06


def test_parse_published():
    assert parse_published("2024-03-04T08:00:00Z").hour == 8
    assert parse_published("March 3, 2019").year == 2019
    assert parse_published("soon") is None and parse_published(None) is None


def test_a_story_carried_twice_by_one_site(tmp_path):
    """Default: indistinguishable from the site's template (a documented limit); with
    repost_boilerplate_fraction the site's size decides, and the real template is still dropped."""
    bodies = [BRIDGE, BRIDGE[:6], HOSPITAL, FERRY, SCHOOL]
    arts = [_article(f"p{i}", "\n\n".join([HEADER, _text(b), FOOTER]), published=f"2024-06-0{i + 1}",
                     url=f"https://harbourgazette.example/{i}") for i, b in enumerate(bodies)]
    with _store(tmp_path, arts) as store:
        assert repost_clusters(store, Settings()) == []
        (c,) = repost_clusters(store, Settings().with_(repost_boilerplate_fraction=0.5))
    assert [m.article_id for m in c.members] == ["p0", "p1"] and c.members[1].share == 1.0
    assert c.evidence["origin_boilerplate_shingles"] > 50


def test_stitched_post_through_the_furniture_and_stories_stages(tmp_path):
    from newsprobe.api import analyze_text

    settings = Settings().with_(stages="furniture,stories")
    post = _text(SCHOOL) + "\n\n***\n\nFerry runs aground off Wittby\n\nWITTBY (Coast Courier) - " + _text(FERRY)
    with Store(str(tmp_path / "s.duckdb")) as store:
        store.put_article(analyze_text(_text(FERRY), {"title": "Ferry aground", "published": "2024-07-01",
                                                      "url": "https://coastcourier.example/ferry"}, settings))
        stitched = analyze_text(post, {"title": "Strike and ferry", "published": "2024-07-02",
                                       "url": "https://angryblog.example/post"}, settings)
        store.put_article(stitched)
        (c,) = repost_clusters(store, settings)
    story = [s for s in stitched.layer("stories") if s.label == "story"][1]
    copy = c.members[1]
    assert c.evidence["level"] == "story" and copy.article_id == stitched.id
    assert (copy.start, copy.end) == (story.start, story.end)
    assert 0.85 < copy.share < 1.0  # the post's headline and dateline are its own


# --- scale: oversized LSH buckets are refined, then capped (corpus/candidates.py) -----------------

FIRST = ["Marta", "Jonas", "Elif", "Tobias", "Ines", "Rafael", "Greta", "Milan", "Sana", "Oskar", "Lena", "Pavel"]
LAST = ["Okafor", "Lindqvist", "Brandauer", "Castell", "Novik", "Hartwell", "Demir", "Falk", "Ruiz", "Vogel", "Mbeki"]
TOWNS = ["Wittby", "Kellstadt", "Oberau", "Rosenfeld", "Lenne", "Marlow Cross", "Eastfold", "Pellham", "Dunmere",
         "Grauberg", "Saltley", "Fenwick Bay", "Ostrava Mill", "Brackwater", "Lindau Heath"]
THINGS = ["the bus depot", "a flood barrier", "the swimming pool", "the old brewery", "a cycle lane", "the fire station",
          "the tram extension", "a wind farm", "the harbour wall", "the night market", "a school canteen", "the library roof"]
VERBS = ["criticised", "defended", "questioned", "welcomed", "delayed", "approved", "rejected", "audited"]
DAYS = ["on Monday", "on Tuesday", "late on Wednesday", "on Thursday morning", "on Friday", "at the weekend"]
STOCK = ("The council said in a statement that it would publish the full figures on its website "
         "and that residents could send their comments by post or by email before the deadline.")


FORMS = [
    "{who} {verb} the {adj} plan for {thing} in {town} {day}.",
    "{who} put the cost of {thing} at {n} thousand euros, {adj} news for {town}.",
    "In {town}, {n} residents signed for {thing}; {who} took the list {day}.",
    "{who} of {town} said {thing} shut {n} times because of {problem}.",
    "{town} officials blamed {problem} and {verb} {thing} {day}.",
    "{who} pointed to {problem} at {thing}, {adj} for {n} months now.",
    "A firm from {town} won {thing} for {n} thousand, {who} confirmed {day}.",
    "{n} people met in {town} where {who} {verb} {problem}.",
]
ADJS = ["revised", "costly", "unpopular", "delayed", "bold", "modest", "rushed", "long awaited", "contested", "vague"]
PROBLEMS = ["a shortage of engineers", "rising steel prices", "a dispute with the landowner", "water damage",
            "an unpaid invoice", "a missing safety certificate", "staff sickness", "a legal challenge"]


def _unrelated_story(i: int, rng) -> str:
    """Our own sentences, forms and slots drawn at random: two such stories share short stock
    phrases, never passages."""
    def person() -> str:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    out = []
    for f in rng.permutation(len(FORMS)):
        out.append(FORMS[f].format(who=person(), town=rng.choice(TOWNS), verb=rng.choice(VERBS), adj=rng.choice(ADJS),
                                   thing=rng.choice(THINGS), day=rng.choice(DAYS), n=rng.integers(2, 900),
                                   problem=rng.choice(PROBLEMS)))
    return " ".join(out)


def _bands_db(rows: list[tuple[int, int, int, int, int]]):
    import duckdb

    db = duckdb.connect()
    db.execute("CREATE TABLE bands (unit INTEGER, art INTEGER, rank INTEGER, band SMALLINT, key UBIGINT)")
    db.executemany("INSERT INTO bands VALUES (?, ?, ?, ?, ?)", rows)
    return db


def test_candidate_pairs_refine_oversized_buckets_and_cap_mass_copies():
    from newsprobe.corpus.candidates import candidate_pairs

    nb = 4
    rows = []
    # units 0..39: unrelated, all sharing band 0's key (a stock phrase), every other band their own
    for u in range(40):
        rows += [(u, u, u, b, 7 if b == 0 else 1000 + 10 * u + b) for b in range(nb)]
    # units 40..69: thirty near-identical copies, one key per band shared by all; rank: unit 55 is the earliest
    for u in range(40, 70):
        rank = 0 if u == 55 else 100 + u
        rows += [(u, u, rank, b, 5000 + b) for b in range(nb)]
    # units 70, 71: a small bucket (an ordinary pair) and unit 72, a story of article 70 in it too
    rows += [(70, 70, 300, b, 9000 + b) for b in range(nb)] + [(71, 71, 301, 1, 9001), (72, 70, 302, 1, 9001)]
    db = _bands_db(rows)
    stats = candidate_pairs(db, bands=nb, cap=10, levels=2, link=3)
    pairs = {(u, v): c for u, v, c in db.execute("SELECT u, v, capped FROM cand").fetchall()}
    # the stock-phrase bucket (40 units: 780 pairs joined plainly) split at the first level: no pair from it
    assert not any(u < 40 or v < 40 for u, v in pairs)
    assert stats.refined[0] >= 2 and stats.capped >= 1
    copies = [u for u in range(40, 70)]
    # the mass copies: each linked to the 3 earliest (55 first), not all 435 pairs
    assert all((min(55, u), max(55, u)) in pairs for u in copies if u != 55)
    assert len([p for p in pairs if p[0] >= 40 and p[1] < 70]) <= 3 * 30
    assert all(c for (u, v), c in pairs.items() if 40 <= u < 70)
    # the ordinary bucket: its pair, never a pair inside one article
    assert pairs[(70, 71)] is False and (70, 72) not in pairs and (71, 72) in pairs
    assert stats.pairs == len(pairs)


def test_many_unrelated_articles_with_a_shared_phrase_neither_explode_nor_cluster(tmp_path, caplog):
    import logging

    rng = np.random.default_rng(11)
    arts = [_article(f"n{i:03d}", _unrelated_story(i, rng) + " " + STOCK, published=f"2024-08-{1 + i % 28:02d}",
                     url=f"https://site{i % 17}.example/{i}") for i in range(60)]
    with _store(tmp_path, arts) as store, caplog.at_level(logging.INFO, logger="newsprobe.corpus"):
        small = Settings().with_(repost_lsh_bucket_cap=4, repost_lsh_levels=2)
        assert repost_clusters(store, small) == []
        assert repost_clusters(store, Settings()) == []
    (line,) = [r.getMessage() for r in caplog.records if "refined per level" in r.getMessage()][:1]
    assert "refined per level [" in line and "refined per level []" not in line  # the cap did refine buckets


def test_a_cluster_of_many_copies_keeps_its_origin_and_members_when_capped(tmp_path):
    rng = np.random.default_rng(5)
    base = _text(BRIDGE)
    arts = [_article("bridge-origin", base, published="2024-09-01T06:00:00Z", url="https://lenne-news.example/bridge")]
    for i in range(40):  # forty copies, each with a line of its own (so none is an identical duplicate)
        who = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
        tail = f"Reporting by {who} in {TOWNS[i % len(TOWNS)]}, edition {i + 2} of {rng.integers(10, 99)}."
        arts.append(_article(f"bridge-copy-{i:02d}", base + "\n\n" + tail, published=f"2024-09-{2 + i % 27:02d}",
                             url=f"https://mirror{i}.example/bridge"))
    arts += [_article("ferry", _text(FERRY), published="2024-09-03"), _article("school", _text(SCHOOL), published="2024-09-04")]
    with _store(tmp_path, arts) as store:
        plain = repost_clusters(store, Settings().with_(repost_lsh_bucket_cap=1000))  # every bucket joined in full
        capped = repost_clusters(store, Settings().with_(repost_lsh_bucket_cap=8, repost_lsh_levels=1, repost_lsh_link=2))
        default = repost_clusters(store, Settings())
    for clusters in (plain, capped, default):
        (c,) = clusters
        assert c.evidence["origin"] == "bridge-origin" and c.members[0].role == "origin"
        assert {m.article_id for m in c.members[1:]} == {f"bridge-copy-{i:02d}" for i in range(40)}
        assert all(0.85 < m.share < 1.0 for m in c.members[1:])  # the tail line is their own
    assert plain[0].evidence["capped_copies"] == 0 and plain[0].evidence["lsh_buckets"]["capped"] == 0
    assert capped[0].evidence["lsh_buckets"]["capped"] > 0 and capped[0].evidence["capped_copies"] > 0


def test_the_store_memory_limit_is_put_back(tmp_path):
    with _store(tmp_path, [_article("a", _text(FERRY)), _article("b", _text(FERRY) + "\n\nUpdated at noon.")]) as store:
        before = store.query("SELECT current_setting('memory_limit')").fetchone()[0]
        assert len(repost_clusters(store, Settings().with_(repost_scratch_memory="64MB"))) == 1
        assert store.query("SELECT current_setting('memory_limit')").fetchone()[0] == before
        with pytest.raises(ValueError, match="not a size"):
            repost_clusters(store, Settings().with_(repost_scratch_memory="lots"))
