"""The HTML report: escaping, well-formed nesting of overlapping spans, legend, text kept intact."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsprobe import LAYERS, Article, Span
from newsprobe.report import render_html, safe_url

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

VOID = {"meta", "br", "input", "img", "hr", "link", "wbr"}


class _Checker(HTMLParser):
    """Collects tags, attributes, and the text inside each article's text block; checks nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []  # one per <div class="text">
        self._text_depth: int | None = None
        self.all_text: list[str] = []
        self.script_bodies: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "div" and dict(attrs).get("class") == "text":
            self._text_depth = len(self.stack)
            self.texts.append("")
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        if self._text_depth == len(self.stack):
            self._text_depth = None
        self.stack.pop()
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_bodies.append(data)
            return
        self.all_text.append(data)
        if self._text_depth is not None:
            self.texts[-1] += data


def parse(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == [], checker.errors[:5]
    assert checker.stack == [], f"unclosed: {checker.stack}"
    return checker


HOSTILE = 'Plugins let <script>alert("x")</script> run; a stray </mark></div> or <img src=x onerror=alert(1)> too. "Quotes" & \'ticks\'.'


def _hostile_article() -> Article:
    text = HOSTILE
    q = text.index('"Quotes"')
    return Article(
        text,
        meta={"title": '<script>alert("title")</script>', "url": "javascript:alert(document.cookie)",
              "outlet": 'Evil "Outlet" <b>', "published": "2024-01-01"},
        layers={
            "quotes": [Span(q, q + 8, "direct", score=0.9,
                            attrs={"speaker": '"><script>alert(1)</script>', "cue": "said"})],
            "entities": [Span(0, 7, "ORG", attrs={"canonical": "Plugins <Inc>"})],
        },
        signals={"quotes": {"count": 1, "note": "<script>x</script>", "by_story": {"s1": {"n": 1}}}},
    )


def test_report_escapes_script_tags_attrs_and_javascript_urls():
    page = render_html([_hostile_article()], title='Report <script>alert("t")</script>')
    checker = parse(page)
    scripts = [t for t, _ in checker.tags if t == "script"]
    assert scripts == ["script"], "only the report's own script may appear"
    assert "alert" not in "".join(checker.script_bodies)
    assert not any(t in ("img", "iframe", "link") for t, _ in checker.tags)
    hrefs = [a.get("href") or "" for t, a in checker.tags if t == "a"]
    assert not any(h.lower().startswith("javascript") for h in hrefs)
    # no attribute anywhere starts an event handler or loads anything
    for tag, attrs in checker.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert "src" not in attrs, (tag, attrs)
    text = "".join(checker.all_text)
    assert '<script>alert("title")</script>' in text  # shown as text, not run
    assert "javascript:alert(document.cookie)" in text and "not a web link" in text
    titles = [a.get("title") for t, a in checker.tags if a.get("title")]
    assert any('speaker: "><script>alert(1)</script>' in (t or "") for t in titles)  # attrs survive as text


def test_report_text_content_is_the_article_text_unchanged():
    article = _hostile_article()
    checker = parse(render_html([article]))
    assert checker.texts == [article.text]


def test_report_overlapping_and_nested_spans_nest_properly():
    text = "Alpha beta gamma delta epsilon zeta eta theta."
    article = Article(
        text,
        layers={
            "quotes": [Span(0, 22, "direct"), Span(6, 30, "indirect")],  # overlapping in one layer
            "claims": [Span(11, 40, "claim")],  # crosses both quotes
            "hedges": [Span(11, 16, "hedge"), Span(11, 16, "hedge2")],  # same range twice
            "techniques": [Span(17, 17, "Doubt")],  # zero-length
            "stories": [Span(0, 23, "story", attrs={"title": "One", "origin": None}),
                        Span(23, len(text), "story", attrs={"title": "Two", "origin": "Reuters"})],
        },
    )
    page = render_html([article])
    checker = parse(page)
    assert checker.texts == [text]
    marks = [a for t, a in checker.tags if t == "mark"]
    ids = {a.get("data-span") for a in marks}
    assert {s.id for name in ("quotes", "claims", "hedges", "techniques") for s in article.layer(name)} <= ids
    # the piece "gamma" is covered by both quotes, the claim and both hedges: one tooltip names them all
    tip = next(a["title"] for a in marks if a.get("title") and "hedge2" in a["title"])
    for label in ("direct", "indirect", "claim", "hedge"):
        assert label in tip
    stories = [a for t, a in checker.tags if t == "div" and a.get("class") == "story"]
    assert [s["data-head"] for s in stories] == ["Story 1 \u00b7 One \u00b7 origin not stated", "Story 2 \u00b7 Two \u00b7 origin: Reuters"]


def test_report_legend_lists_every_layer_with_counts():
    article = _hostile_article()
    checker = parse(render_html([article]))
    boxes = [a for t, a in checker.tags if t == "input" and a.get("data-layer")]
    labels = [a for t, a in checker.tags if t == "label" and "key" in (a.get("class") or "")]
    assert len(boxes) == len(labels) == len(LAYERS)
    legend_titles = " ".join(a.get("title") or "" for a in labels)
    for layer in LAYERS:
        assert f"{layer}:" in legend_titles
    assert "quotes: direct 1" in legend_titles and "claims: not produced" in legend_titles


def test_report_unknown_layers_and_no_layers_work():
    plain = Article("Just some text.\nSecond line.", meta={"title": "Plain"})
    odd = Article("Odd layer here.", layers={"my layer!": [Span(0, 3, "x", attrs={"k": [1, {"a": None}]})]})
    page = render_html([plain, odd])
    checker = parse(page)
    assert checker.texts == [plain.text, odd.text]
    assert "my layer!" in "".join(checker.all_text)


def test_report_summary_signals_failures_and_links():
    good = Article("Some text here.", meta={"title": "T", "url": "https://example.org/a?b=1&c=2"},
                   signals={"claims": {"count": 2, "by_story": {"s1": {"count": 2, "top": [0.5, 0.25]}}}})
    page = render_html([good, _hostile_article()], failures=[("bad/empty.txt", "bad/empty.txt: the file is empty"),
                                                             ("<x>.jsonl:3", "not valid JSON <oops>")])
    checker = parse(page)
    text = "".join(checker.all_text)
    assert "2 articles analysed" in text and "2 inputs failed" in text
    assert "bad/empty.txt" in text and "the file is empty" in text and "<x>.jsonl:3" in text and "<oops>" in text
    assert "by_story" in text and "0.25" in text
    hrefs = [a.get("href") for t, a in checker.tags if t == "a"]
    assert "https://example.org/a?b=1&c=2" in hrefs
    assert f"#{good.id}" in hrefs


def test_report_is_self_contained():
    page = render_html([_hostile_article(), Article("x y", meta={"url": "https://example.org/"})])
    checker = parse(page)
    assert not any(t in ("link", "img", "iframe", "object", "embed") or "src" in a for t, a in checker.tags)
    hrefs = [a["href"] for t, a in checker.tags if t == "a"]
    assert all(h.startswith("#") or h == "https://example.org/" for h in hrefs), hrefs
    assert "@import" not in page and "url(" not in page
    [csp] = [a["content"] for t, a in checker.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp


def test_report_technique_definitions_when_catalog_exists():
    catalog = pytest.importorskip("newsprobe.techniques_catalog")
    name = next(iter(catalog.CATALOG))
    article = Article("They always lie.", layers={"techniques": [Span(0, 16, name, score=0.7)]})
    checker = parse(render_html([article]))
    text = "".join(checker.all_text)
    assert str(catalog.CATALOG[name]["definition"])[:40] in text


def test_report_survives_lone_surrogates_and_huge_inputs():
    article = Article("a\ud800b\x00c " + "word " * 20000, layers={"entities": [Span(0, 3, "X")]})
    page = render_html([article])
    page.encode("utf-8")  # writable
    checker = parse(page)
    assert checker.texts[0].startswith("a\ufffdb")
    quotes = '"' * 1000
    many = Article(quotes, layers={"quotes": [Span(i, i + 2, "q") for i in range(0, 998, 2)]})
    assert parse(render_html([many])).texts == [quotes]


def test_report_safe_url():
    assert safe_url("https://example.org/x") == "https://example.org/x"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:x", "data:text/html,<b>", "//evil.example",
                'https://x.org/"onmouseover=1', "vbscript:x", None, 42, "http://"):
        assert safe_url(bad) is None, bad


@pytest.fixture(scope="module")
def stitched_article():
    import newsprobe
    from newsprobe.ingest import read_documents

    settings = newsprobe.load_settings(stages="parse,stories,sentences,entities", store="")
    [doc] = list(read_documents([str(EXAMPLES / "stitched_post.txt")], settings=settings))
    return newsprobe.load_pipeline(settings)(doc.article)


def test_report_renders_the_stitched_example(stitched_article):
    checker = parse(render_html([stitched_article]))
    assert checker.texts == [stitched_article.text]
    heads = [a["data-head"] for t, a in checker.tags if t == "div" and a.get("class") == "story"]
    n_stories = sum(1 for s in stitched_article.layer("stories") if s.label == "story")
    assert len(heads) == n_stories >= 1
    assert len([a for t, a in checker.tags if t == "mark"]) >= len(stitched_article.layer("entities"))


def test_report_claims_show_factcheck_matches_with_safe_links():
    text = "The mayor said crime fell by half last year."
    matches = [
        {"id": "fc1", "claim": "Crime fell by 50% in the city", "verdict": "Mostly False", "publisher": "CheckDesk",
         "url": "https://checkdesk.example/fc1", "score": 0.81},
        {"id": "fc2", "claim": "<b>crime</b> halved", "verdict": "False", "publisher": "Evil",
         "url": "javascript:alert(1)", "score": 0.5},
    ]
    article = Article(text, layers={"claims": [Span(15, 43, "claim", score=0.9, attrs={"kind": "statistic", "factchecks": matches})]})
    checker = parse(render_html([article]))
    text_out = "".join(checker.all_text)
    assert "Claims already fact-checked" in text_out
    assert "Mostly False: Crime fell by 50% in the city (CheckDesk, 0.81)" in text_out
    assert "False: <b>crime</b> halved" in text_out
    hrefs = [a.get("href") for t, a in checker.tags if t == "a"]
    assert "https://checkdesk.example/fc1" in hrefs and not any("javascript" in (h or "") for h in hrefs)
    tips = [a.get("title") or "" for t, a in checker.tags if t == "mark"]
    assert any("kind: statistic" in t and "fact-checks: Mostly False" in t for t in tips)
