"""The HTML report (newsprobe.render): escaping, CSP, span data, hidden characters, doubt, size."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsprobe import LAYERS, Article, Span
from newsprobe.render import render_html, reveal_invisible, safe_url, summarize
from newsprobe.render.html import asset

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

VOID = {"meta", "br", "input", "img", "hr", "link", "wbr", "rect"}


class _Checker(HTMLParser):
    """Collects tags, attributes, the text of each article's text block and the script bodies; checks nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []  # one per <div class="text">
        self._text_depth: int | None = None
        self.all_text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []  # (attrs, body)
        self.styles: list[str] = []
        self._raw: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "div" and a.get("class") == "text":
            self._text_depth = len(self.stack)
            self.texts.append("")
        if tag == "script":
            self.scripts.append((a, ""))
            self._raw = "script"
        elif tag == "style":
            self.styles.append("")
            self._raw = "style"

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
        self._raw = None

    def handle_data(self, data):
        if self._raw == "script":
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
            return
        if self._raw == "style":
            self.styles[-1] += data
            return
        self.all_text.append(data)
        if self._text_depth is not None:
            self.texts[-1] += data

    @property
    def code(self) -> list[str]:
        """Bodies of executable scripts (not JSON data blocks)."""
        return [body for attrs, body in self.scripts if attrs.get("type") != "application/json"]

    @property
    def data(self) -> list[tuple[dict[str, str | None], object]]:
        return [(attrs, json.loads(body)) for attrs, body in self.scripts if attrs.get("type") == "application/json"]

    def spans(self, n: int = 0) -> dict[str, list[list]]:
        """The span data of the n-th article, by layer name (see newsprobe.render.data)."""
        page = next(d for a, d in self.data if a.get("id") == "np-page")
        blocks = [d for a, d in self.data if "np-spans" in (a.get("class") or "")]
        block = blocks[n]
        out = {}
        for layer_index, rows in block["ly"]:
            name = page["layers"][layer_index][0]
            out[name] = [[r[0], r[1], block["lab"][r[2]], *r[3:]] for r in rows]
        return out


def parse(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == [], checker.errors[:5]
    assert checker.stack == [], f"unclosed: {checker.stack}"
    return checker


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


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
    assert checker.code == [asset("report.js")], "only the report's own script may run"
    for attrs, body in checker.scripts:
        assert "</" not in body and "<script" not in body.lower()
    assert not any(t in ("img", "iframe", "link") for t, _ in checker.tags)
    hrefs = [a.get("href") or "" for t, a in checker.tags if t == "a"]
    assert not any(h.lower().startswith("javascript") for h in hrefs)
    for tag, attrs in checker.tags:  # no attribute starts an event handler or loads anything
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert "src" not in attrs and "style" not in attrs, (tag, attrs)
    text = "".join(checker.all_text)
    assert '<script>alert("title")</script>' in text  # shown as text, not run
    assert "javascript:alert(document.cookie)" in text and "not a web link" in text
    notes = [row[4] for row in checker.spans()["quotes"]]
    assert notes == ['speaker: "><script>alert(1)</script> · cue: said']  # attrs survive as data, not markup


def test_report_text_content_is_the_article_text_unchanged():
    article = _hostile_article()
    checker = parse(render_html([article]))
    assert checker.texts == [article.text]


def test_report_accepts_wire_format_dicts_like_articles():
    article = _hostile_article()
    assert render_html([article.to_dict()]) == render_html([article])
    broken = {"id": "b1", "text": "short", "layers": {"quotes": [{"start": 0, "end": 99, "label": "direct"}]}}
    checker = parse(render_html([broken, article.to_dict()]))
    assert checker.texts == [article.text]  # the good one is shown
    text = "".join(checker.all_text)
    assert "article 1 (b1)" in text and "runs past the end of the text" in text and "1 input failed" in text


@pytest.mark.allow_invalid_output("off-list labels on purpose: the renderer must show any layer it is given")
def test_report_span_data_keeps_every_span_with_its_offsets():
    text = "Alpha beta gamma delta epsilon zeta eta theta."
    article = Article(
        text,
        layers={
            "quotes": [Span(0, 22, "direct"), Span(6, 30, "indirect")],  # overlapping in one layer
            "claims": [Span(11, 40, "claim", score=0.42)],  # crosses both quotes
            "hedges": [Span(11, 16, "hedge"), Span(11, 16, "hedge2")],  # same range twice
            "techniques": [Span(17, 17, "Doubt")],  # zero-length
            "stories": [Span(0, 23, "story", attrs={"title": "One", "origin": None}),
                        Span(23, len(text), "story", attrs={"title": "Two", "origin": "Reuters"})],
        },
    )
    checker = parse(render_html([article]))
    assert checker.texts == [text]
    spans = checker.spans()
    for name in ("quotes", "claims", "hedges", "techniques"):
        assert [(r[0], r[1], r[2]) for r in spans[name]] == [(s.start, s.end, s.label) for s in article.layer(name)]
    assert spans["claims"][0][3] == 0.42
    assert spans["techniques"][0][5] == "Casting doubt"  # the badge: the technique's name, shown without hover
    assert [r[6] & 2 for r in spans["stories"]] == [2, 2]  # drawn as sections, not highlights
    stories = [a for t, a in checker.tags if t == "div" and a.get("class") == "story"]
    assert [s["data-head"] for s in stories] == ["Story 1 \u00b7 One \u00b7 origin not stated", "Story 2 \u00b7 Two \u00b7 origin: Reuters"]


def test_report_legend_lists_every_layer_with_counts_and_the_controls():
    article = _hostile_article()
    checker = parse(render_html([article]))
    legend = [a for t, a in checker.tags if t == "ul" and a.get("class") == "legend"]
    assert len(legend) == 1
    text = "".join(checker.all_text)
    for layer in LAYERS:
        assert layer in text
    assert "quotes 1" in text and "direct 1" in text
    boxes = {a["data-l"]: a for t, a in checker.tags if t == "input" and a.get("data-l")}
    assert len(boxes) == 2  # one switch per layer some article has: entities and quotes
    page = next(d for a, d in checker.data if a.get("id") == "np-page")
    on = {name for name, default_on, _ in page["layers"] if default_on}
    assert on == {"stories", "quotes", "citations", "claims"}
    assert {name for name, _, scored in page["layers"] if scored} == {"claims", "techniques"}
    [slider] = [a for t, a in checker.tags if t == "input" and a.get("id") == "np-min"]
    assert slider["type"] == "range" and slider["min"] == "0" and slider["max"] == "1"


def test_report_unknown_layers_and_no_layers_work():
    plain = Article("Just some text.\nSecond line.", meta={"title": "Plain"})
    odd = Article("Odd layer here.", layers={"my layer!": [Span(0, 3, "x", attrs={"k": [1, {"a": None}]})]})
    checker = parse(render_html([plain, odd]))
    assert checker.texts == [plain.text, odd.text]
    assert "my layer!" in "".join(checker.all_text)
    assert checker.spans(1)["my layer!"][0][:3] == [0, 3, "x"]
    page = next(d for a, d in checker.data if a.get("id") == "np-page")
    assert ["my layer!", True, False] in page["layers"]  # a layer from the user's own stage starts on


def test_report_summary_signals_failures_and_links():
    good = Article("Some text here.", meta={"title": "T", "url": "https://example.org/a?b=1&c=2"},
                   signals={"claims": {"count": 2, "by_story": {"s1": {"count": 2}, "s2": {"count": 0, "top": [0.5, 0.25]}}}})
    page = render_html([good, _hostile_article()], failures=[("bad/empty.txt", "bad/empty.txt: the file is empty"),
                                                             ("<x>.jsonl:3", "not valid JSON <oops>")])
    checker = parse(page)
    text = "".join(checker.all_text)
    assert "2 articles analysed" in text and "2 inputs failed" in text
    assert "bad/empty.txt" in text and "the file is empty" in text and "<x>.jsonl:3" in text and "<oops>" in text
    assert "by story" in text and "0.25" in text
    hrefs = [a.get("href") for t, a in checker.tags if t == "a"]
    assert "https://example.org/a?b=1&c=2" in hrefs
    assert f"#{good.id}" in hrefs
    tables = [a for t, a in checker.tags if t == "table" and "sortable" in (a.get("class") or "")]
    assert len(tables) == 1
    assert sum(1 for t, a in checker.tags if t == "button") >= 10  # every column header sorts


def test_report_is_self_contained_with_a_strict_csp():
    page = render_html([_hostile_article(), Article("x y", meta={"url": "https://example.org/"})])
    checker = parse(page)
    assert not any(t in ("link", "img", "iframe", "object", "embed") or "src" in a for t, a in checker.tags)
    hrefs = [a["href"] for t, a in checker.tags if t == "a"]
    assert all(h.startswith("#") or h == "https://example.org/" for h in hrefs), hrefs
    assert "@import" not in page and "url(" not in page
    [csp] = [a["content"] for t, a in checker.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp and "unsafe" not in csp
    [style] = checker.styles
    [code] = checker.code
    assert f"style-src '{_sha(style)}'" in csp and f"script-src '{_sha(code)}'" in csp
    assert page.index("Content-Security-Policy") < page.index("<style>")


@pytest.mark.allow_invalid_output("off-list labels on purpose: the renderer must show any layer it is given")
def test_report_technique_colours_names_and_definitions():
    from newsprobe.techniques_catalog import CATALOG

    article = Article("They always lie. Our nation first!", layers={"techniques": [
        Span(0, 16, "Doubt", score=0.7), Span(17, 34, "Flag-Waving", score=0.2), Span(17, 20, "Made_Up", score=0.9)]})
    checker = parse(render_html([article]))
    text = "".join(checker.all_text)
    assert CATALOG["Doubt"]["definition"][:40] in text
    assert "Casting doubt" in text and "Flag-waving" in text and "Made_Up" in text
    swatches = {a["class"] for t, a in checker.tags if t == "i" and "tt" in (a.get("class") or "").split()}
    assert {"sw tt tq5", "sw tt tq7", "sw tt tq14"} <= swatches  # catalog order; unknown labels share one colour
    assert [r[5] for r in checker.spans()["techniques"]] == ["Casting doubt", "Flag-waving", "Made Up"]
    [style] = checker.styles
    assert len(set(re.findall(r"\.tq\d+\{--t:(#[0-9a-f]{6})\}", style))) == 15


def test_report_charts_are_inline_svg_without_style():
    text = 'Ana Ruiz said "we will win." Officials said it failed. Bo Li said "no."'
    article = Article(text, layers={
        "quotes": [Span(14, 27, "direct", attrs={"speaker": "Ana Ruiz"}),
                   Span(66, 71, "direct", attrs={"speaker": "Bo Li", "speaker_uncertain": True})],
        "citations": [Span(0, 8, "person", attrs={"kind": "person"}), Span(29, 38, "vague", attrs={"kind": "vague"})],
        "techniques": [Span(17, 26, "Slogans", score=0.5)],
    })
    checker = parse(render_html([article, article.to_dict() | {"id": "second"}]))
    svgs = [a for t, a in checker.tags if t == "svg"]
    labels = [a.get("aria-label") for a in svgs]
    assert labels.count("Quotes per speaker") == 3 and labels.count("Techniques by count") == 3  # 2 articles + summary
    assert "Sources: 1 named, 1 vague" in labels
    assert all("style" not in a for t, a in checker.tags if t in ("svg", "rect", "text", "g"))
    text = "".join(checker.all_text)
    assert "Bo Li?" in text and "name? = speaker uncertain" in text


def test_report_cuts_long_chart_lists_and_says_so():
    text = " ".join(f"P{i} said x." for i in range(12))
    quotes = [Span(i * 11, i * 11 + 10, "indirect", attrs={"speaker": f"P{i}"}) for i in range(12)]
    checker = parse(render_html([Article(text, layers={"quotes": quotes})]))
    assert "(and 4 more)" in "".join(checker.all_text)


# --- trust: doubt, language, notes, publisher, furniture -----------------------------------------


def _trust_article() -> Article:
    text = ('"We will reopen the line," the mayor said, "and soon." Critics called it "The Long Road". '
            "Share this story\nSubscribe to our newsletter")
    share = text.index("Share")
    second = text.index("and soon")
    return Article(
        text,
        meta={"title": "Trains", "language": "en", "language_confidence": 0.97},
        layers={
            "quotes": [
                Span(0, 53, "direct", attrs={"speaker": "Ana Ruiz", "speaker_uncertain": True,
                                             "speaker_candidates": ["Ana Ruiz", "Bo Li"], "segments": [[1, 25], [second, second + 9]]}),
                Span(text.index('"The Long'), text.index('". ') + 1, "title"),
            ],
            "furniture": [Span(share, share + 16, "share"), Span(share + 17, len(text), "newsletter")],
        },
        signals={"publisher": {"name": "Valley Courier", "domain": "valleycourier.example", "evidence": "og:site_name",
                               "ratings": [{"list": "wikipedia-perennial", "meaning": "generally reliable",
                                            "source": "Wikipedia: Perennial sources", "date": "2024"}]}},
        provenance={"notes": [{"stage": "techniques", "note": "input cut to the first 50,000 characters"}]},
    )


def test_report_shows_an_uncertain_speaker_as_doubt_with_candidates_and_segments():
    checker = parse(render_html([_trust_article()]))
    direct, title = checker.spans()["quotes"]
    assert direct[4].startswith("speaker uncertain: Ana Ruiz?") and "candidates: Ana Ruiz, Bo Li" in direct[4]
    assert direct[5] == "Ana Ruiz?" and direct[6] & 1  # badge and the doubt flag (drawn dashed, amber)
    second = _trust_article().text.index("and soon")
    assert direct[7] == [[1, 25], [second, second + 9]]  # each segment highlighted, not the narration between
    assert title[2] == "title" and title[5] == "title" and "not speech" in title[4]
    text = "".join(checker.all_text)
    assert "Ana Ruiz?" in text  # in the speakers chart too


def test_report_and_summary_say_where_a_carried_speaker_came_from():
    text = "\u201cThe pier stays shut,\u201d said Ilse Maranta.\n\n\u201cNobody will fish there this winter.\u201d"
    first, second = text.index("The pier"), text.index("Nobody")
    cued_end = text.index("\u201d")
    article = Article(text, meta={"title": "Pier", "language": "en"}, layers={"quotes": [
        Span(first, cued_end, "direct", attrs={"speaker": "Ilse Maranta", "cue": "said", "confidence": 0.98}),
        Span(second, len(text) - 1, "direct", attrs={"speaker": "Ilse Maranta", "confidence": 0.66,
                                                     "carried_from": [first, cued_end]}),
    ]})
    cued, carried = parse(render_html([article])).spans()["quotes"]
    assert "speaker taken from the quote before" in carried[4] and "The pier stays shut" in carried[4]
    assert "quote before" not in cued[4]
    lines = summarize(article).splitlines()
    assert any("Ilse Maranta (speaker from the quote before)" in line and "Nobody will fish" in line for line in lines)
    assert any("Ilse Maranta [direct]: The pier stays shut" in line for line in lines)


def test_report_shows_language_notes_publisher_and_furniture_off():
    checker = parse(render_html([_trust_article(), Article("Texto sin idioma.", meta={"language": None})]))
    text = "".join(checker.all_text)
    assert "en (0.97)" in text and "not detected" in text
    assert "input cut to the first 50,000 characters" in text
    assert "Valley Courier" in text and "wikipedia-perennial: generally reliable" in text and "Wikipedia: Perennial sources, 2024" in text
    page = next(d for a, d in checker.data if a.get("id") == "np-page")
    furniture = next(layer for layer in page["layers"] if layer[0] == "furniture")
    assert furniture[1] is False  # a switch, off by default
    assert [r[5] for r in checker.spans()["furniture"]] == ["share", "newsletter"]
    boxes = [a for t, a in checker.tags if t == "input" and a.get("data-l") == str(page["layers"].index(furniture))]
    assert len(boxes) == 1 and "checked" not in boxes[0]


# --- hidden characters ----------------------------------------------------------------------------

BIDI = "Invoice from \u202egpj.exe\u202c and a zero\u200bwidth space, \u2066isolate\u2069, BOM\ufeff, ALM\u061c, marks\u200e\u200f."


def test_report_shows_bidi_and_zero_width_characters_as_markers():
    start = BIDI.index("gpj")
    article = Article(BIDI, layers={"quotes": [Span(start, start + 7, "scare")]})
    page = render_html([article], title="t\u202eitle")
    checker = parse(page)
    markers = [a for t, a in checker.tags if t == "span" and a.get("class") == "inv"]
    assert [m["data-c"] for m in markers] == ["RLO", "PDF", "ZWSP", "LRI", "PDI", "BOM", "ALM", "LRM", "RLM"]
    assert markers[0]["title"] == "U+202E RIGHT-TO-LEFT OVERRIDE"
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff":
        assert ch not in page, f"U+{ord(ch):04X} reached the page"
    assert checker.texts == [re.sub("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u061c\ufeff]", "", BIDI)]
    assert checker.spans()["quotes"][0][:2] == [start, start + 7]  # offsets unchanged
    assert "t\u27e8RLO\u27e9itle" in "".join(checker.all_text)  # in titles too
    assert "9 invisible or direction-changing characters" in "".join(checker.all_text)


def test_report_shows_a_run_of_hidden_characters_as_one_marker():
    text = "a" + "\u200b" * 5000 + "b"
    checker = parse(render_html([Article(text, layers={"quotes": [Span(10, 5002, "scare")]})]))
    [marker] = [a for t, a in checker.tags if t == "span" and a.get("class") == "inv"]
    assert marker["data-c"] == "ZWSP\u00d75000" and marker["data-n"] == "5000"
    assert marker["title"] == "5000 \u00d7 U+200B ZERO WIDTH SPACE"
    assert checker.texts == ["ab"] and checker.spans()["quotes"][0][:2] == [10, 5002]


def test_reveal_invisible_for_terminals():
    assert reveal_invisible("a\u202eb\u200bc\U000e0041") == "a\u27e8RLO\u27e9b\u27e8ZWSP\u27e9c\u27e8TAG A\u27e9"
    assert reveal_invisible("plain caf\u00e9") == "plain caf\u00e9"
    assert reveal_invisible("x" + "\u200b" * 40 + "\u200c") == "x\u27e8ZWSP\u00d740\u27e9\u27e8ZWNJ\u27e9"
    out = summarize(Article(BIDI, meta={"title": "x\u202ey"}))
    assert "\u202e" not in out and "x\u27e8RLO\u27e9y" in out and "9 hidden characters" in out


def test_safe_url_refuses_hidden_characters():
    assert safe_url("https://example.org/x") == "https://example.org/x"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:x", "data:text/html,<b>", "//evil.example",
                'https://x.org/"onmouseover=1', "vbscript:x", None, 42, "http://", "https://exa\u202emple.org/"):
        assert safe_url(bad) is None, bad


@pytest.mark.allow_invalid_output("off-list labels on purpose: the renderer must show any layer it is given")
def test_report_survives_lone_surrogates_and_huge_inputs():
    article = Article("a\ud800b\x00c " + "word " * 20000, layers={"entities": [Span(0, 3, "X")]})
    page = render_html([article])
    page.encode("utf-8")  # writable
    checker = parse(page)
    assert checker.texts[0].startswith("a\ufffdb")
    quotes = '"' * 1000
    many = Article(quotes, layers={"quotes": [Span(i, i + 2, "q") for i in range(0, 998, 2)]})
    assert parse(render_html([many])).texts == [quotes]


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
    [claim] = checker.spans()["claims"]
    assert "kind: statistic" in claim[4] and "fact-checks: Mostly False" in claim[4]


# --- the terminal summary ---------------------------------------------------------------------------


def test_summary_says_where_it_cuts_and_shows_doubt_language_notes():
    out = summarize(_trust_article(), source="trains.txt")
    assert "language: en (0.97)" in out
    assert "note (techniques): input cut to the first 50,000 characters" in out
    assert "Ana Ruiz? (speaker uncertain; candidates: Ana Ruiz, Bo Li)" in out
    assert "We will reopen the line, \u2026 and soon." in out  # segments, not the narration between
    assert "titles in quote marks: '\"The Long Road\"'" in out
    assert "publisher: Valley Courier (valleycourier.example); rated: wikipedia-perennial: generally reliable" in out
    assert "page furniture left out (2): share\u00d71, newsletter\u00d71" in out
    text = " ".join(f"P{i} said it." for i in range(12))
    many = Article(text, layers={"quotes": [Span(i * 12, i * 12 + 11, "indirect", attrs={"speaker": f"P{i}"}) for i in range(12)],
                                 "hedges": [Span(i * 12, i * 12 + 2, "speculation") for i in range(12)]})
    out = summarize(many.to_dict())
    assert "(and 4 more)" in out and out.count("(and 4 more)") == 2


# --- on the bundled examples ------------------------------------------------------------------------


def _example_paths() -> list[str]:
    return sorted(str(p) for p in EXAMPLES.glob("*.txt")) + [str(EXAMPLES / "html"), str(EXAMPLES / "corpus.jsonl")]


def _bytes_per_char(articles) -> float:
    page = render_html(articles)
    return len(page.encode("utf-8")) / sum(len(a.text) for a in articles)


def test_report_renders_the_stitched_example(core_settings, core_pipeline):
    from newsprobe.ingest import read_documents

    [doc] = list(read_documents([str(EXAMPLES / "stitched_post.txt")], settings=core_settings))
    article = core_pipeline(doc.article)
    checker = parse(render_html([article]))
    assert checker.texts == [article.text]
    heads = [a["data-head"] for t, a in checker.tags if t == "div" and a.get("class") == "story"]
    assert len(heads) == sum(1 for s in article.layer("stories") if s.label == "story") >= 1
    assert len(checker.spans()["entities"]) == len(article.layer("entities"))


def test_report_size_budget_core_layers(core_settings, core_pipeline):
    """At most 10 bytes of page per character of input (parse, stories, sentences, entities)."""
    from newsprobe.ingest import read_documents

    docs = [d for d in read_documents(_example_paths(), settings=core_settings) if d.ok]
    articles = [core_pipeline(d.article) for d in docs]
    assert len(articles) >= 20
    assert _bytes_per_char(articles) <= 10


@pytest.mark.slow
def test_report_size_budget_every_layer():
    """At most 10 bytes of page per character of input with the default pipeline (about a minute)."""
    import newsprobe
    from newsprobe.ingest import read_documents

    settings = newsprobe.load_settings(store="")
    docs = [d for d in read_documents(_example_paths(), settings=settings) if d.ok]
    articles = list(newsprobe.load_pipeline(settings).pipe(d.article for d in docs))
    assert sum(len(a.layer("claims")) for a in articles) > 100  # the layers that make pages big are there
    ratio = _bytes_per_char(articles)
    print(f"report: {ratio:.2f} bytes per input character")
    assert ratio <= 10


def test_summary_marks_a_cited_source_whose_speaker_is_uncertain():
    text = "Tomas Brandt said the ferry would run. He added that crews agreed."
    article = Article(text, layers={
        "citations": [Span(0, 12, "person", attrs={"kind": "person", "source": "Tomas Brandt"}),
                      Span(39, 41, "person", attrs={"kind": "person", "source": "Tomas Brandt", "speaker_uncertain": True})],
    })
    lines = [line.strip() for line in summarize(article).splitlines()]
    assert "- Tomas Brandt [person]" in lines
    assert "- Tomas Brandt? (speaker uncertain) [person]" in lines


def test_report_details_of_a_citation_say_its_speaker_is_uncertain():
    from newsprobe.render.data import span_details

    doc = Article("He added that crews agreed.").to_dict()
    span = {"start": 0, "end": 2, "label": "person", "attrs": {"kind": "person", "source": "Tomas Brandt", "speaker_uncertain": True}}
    note, _, _ = span_details("citations", span, doc, {})
    assert "source: Tomas Brandt? (the quote's speaker is uncertain)" in note


def test_report_details_of_an_inscription_say_where_the_words_are_written():
    from newsprobe.render.data import span_details

    text = 'A marcher wore a shirt that read "Ferries for all."'
    doc = Article(text).to_dict()
    at = text.index("shirt")
    span = {"start": text.index("Ferries"), "end": len(text) - 1, "label": "direct",
            "attrs": {"speaker": None, "speaker_start": at, "speaker_end": at + 5, "speaker_via": "inscription",
                      "speaker_uncertain": False, "confidence": 0.5}}
    note, badge, _ = span_details("quotes", span, doc, {})
    assert "words written on shirt: no one is named saying them" in note and badge == "written"
