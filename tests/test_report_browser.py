"""The HTML report in a real browser: headless Chromium runs the page's own script under its CSP.

A small harness script (allowed by adding its hash to the page's CSP, as the page does for its
own) switches layers, focuses a highlight, moves the minimum-score control and sorts the
summary table, then writes what it saw into a DOM attribute that ``--dump-dom`` returns.
Chromium's console log (``--enable-logging=stderr``) must stay empty: no CSP violation, no
script error. A screenshot is saved under the test's temp dir (its path is printed).

Needs the ``chromium`` binary (Debian: ``apt-get install chromium``); skips without it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from newsprobe import Article, Span
from newsprobe.render import render_html

from .conftest import EXAMPLES

CHROMIUM = next((p for p in (os.environ.get("NEWSPROBE_CHROMIUM"), shutil.which("chromium"),
                             shutil.which("chromium-browser"), shutil.which("google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (apt-get install chromium, or set NEWSPROBE_CHROMIUM)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]

HARNESS = r"""
(function () {
  var out = {}, d = document;
  function q(s) { return d.querySelectorAll(s); }
  function visible(e) { var r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; }
  out.ready = d.documentElement.getAttribute('data-np-ready');
  out.legends = q('.legend').length;
  out.foreign = q('img,iframe,object,embed,link,script[src],[onerror],[onclick],[onmouseover]').length;
  out.charts = q('svg.chart rect').length;
  out.text = Array.from(q('div.text')).map(function (t) { return t.textContent; });
  function badge(b) { return getComputedStyle(b, '::before').content; }
  out.doubt = Array.from(q('.bd.doubt')).map(badge);
  out.markers = Array.from(q('.inv')).map(function (m) { return getComputedStyle(m, '::before').content; });
  out.badgesBefore = q('.bd.tt').length;
  var box = Array.from(q('input[data-l]')).filter(function (b) { return b.parentNode.textContent.trim() === 'techniques'; })[0];
  box.click();
  var badges = Array.from(q('.bd.tt'));
  out.badges = badges.map(badge);
  out.badgesVisible = badges.every(visible);
  out.marks = q('mark.tt').length;
  badges[0].focus();
  var tip = d.getElementById('np-tip');
  // headless Chromium fires no focus events while its window has no system focus (it loses it
  // under load): hand the page the focusin a keyboard user's Tab would give it
  if (tip.hidden && !d.hasFocus()) { badges[0].dispatchEvent(new FocusEvent('focusin', {bubbles: true})); }
  out.tipOnFocus = tip.hidden ? null : tip.textContent;
  out.focusable = q('.text [tabindex="0"]').length;
  out.textAfter = Array.from(q('div.text')).map(function (t) { return t.textContent; });
  var th = Array.from(q('table.sortable th')).filter(function (t) { return t.textContent === 'chars'; })[0];
  var col = Array.prototype.indexOf.call(th.parentNode.children, th);
  th.querySelector('button').click();
  out.sorted = Array.from(q('table.sortable tbody tr')).map(function (r) { return +r.cells[col].textContent; });
  out.sortState = th.getAttribute('aria-sort');
  var range = d.getElementById('np-min');
  range.value = '0.5';
  range.dispatchEvent(new Event('input'));
  // the page re-renders in an animation frame, which a loaded machine may give late: wait for
  // the "below" note the new minimum writes (at most 2 s) instead of a fixed 300 ms
  var tries = 0;
  (function settled() {
    var below = Array.from(q('.below')).map(function (s) { return s.textContent; }).filter(Boolean);
    if (!below.length && tries++ < 40) { setTimeout(settled, 50); return; }
    out.badgesAtHalf = q('.bd.tt').length;
    out.below = below;
    d.body.setAttribute('data-test', JSON.stringify(out));
  })();
})();
"""


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _with_harness(page: str) -> str:
    """The page plus the harness script, whose hash joins the page's script-src."""
    q = "&#x27;"  # the CSP sits in an attribute, its quotes escaped
    assert f"script-src {q}sha256-" in page
    page = page.replace(f"script-src {q}", f"script-src {q}{_sha(HARNESS)}{q} {q}", 1)
    return page.replace("</body>", f"<script>{HARNESS}</script></body>", 1)


def _chromium(args: list[str], tmp: Path) -> tuple[str, str]:
    profile = tmp / "profile"
    proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=180, env={**os.environ, "HOME": str(tmp)})
    return proc.stdout, proc.stderr


def _console(stderr: str) -> list[str]:
    """Console messages the page produced (CSP violations and script errors are among them)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Content Security Policy" in line]


TECHNIQUES = [("a surrender", "Loaded_Language", 0.8), ("Down? Tell that to the shop owners", "Doubt", 0.3),
              ("paid for with your tax dollars", "Appeal_to_fear-prejudice", 0.6)]
QUOTE = '"community safety plan."'


@pytest.fixture(scope="module")
def report(core_settings, core_pipeline, tmp_path_factory):
    """A report of three examples (core stages, plus techniques and a doubtful quote written by hand) and a hostile one."""
    from newsprobe.ingest import read_documents

    paths = [str(EXAMPLES / n) for n in ("opinion_city_hall.txt", "unicode_heavy.txt", "html/hostile_markup.html")]
    articles = [core_pipeline(d.article) for d in read_documents(paths, settings=core_settings) if d.ok]
    opinion = articles[0]
    text = opinion.text
    opinion.with_layer("techniques", [Span(text.index(p), text.index(p) + len(p), label, score=s) for p, label, s in TECHNIQUES])
    q = text.index(QUOTE)
    opinion.with_layer("quotes", [Span(q, q + len(QUOTE), "direct", attrs={
        "speaker": "Dana Cole", "speaker_uncertain": True, "speaker_candidates": ["Dana Cole", "Riverside Council"]})])
    hidden = "Invoice \u202egpj.exe\u202c attached; zero\u200bwidth. Then" + "\u200b" * 300 + " the end."
    inside = hidden.index("Then") + 104  # a span that starts inside the run of 300
    bidi = Article(hidden, meta={"title": "Hidden characters"}, layers={"quotes": [Span(inside, len(hidden) - 1, "scare")]})
    tmp = tmp_path_factory.mktemp("browser")
    path = tmp / "report.html"
    page = render_html([*articles, bidi])
    (tmp / "clean.html").write_text(page, encoding="utf-8")
    path.write_text(_with_harness(page), encoding="utf-8")
    dom, err = _chromium(["--virtual-time-budget=3000", "--dump-dom", path.as_uri()], tmp)
    m = re.search(r'data-test="([^"]*)"', dom)
    assert m, f"the harness did not finish; console: {_console(err)[:5]}"
    return json.loads(html.unescape(m.group(1))), err, articles + [bidi], tmp, path


def test_browser_no_console_error_or_csp_violation(report):
    result, err, *_ = report
    assert result["ready"] == "1"  # the page's own script ran to the end under its CSP
    assert result["foreign"] == 0  # the hostile example's tags stayed text
    assert _console(err) == []


def test_browser_legend_charts_and_text_unchanged(report):
    result, _, articles, *_ = report
    assert result["legends"] >= len(articles) and result["charts"] >= 3
    expected = [re.sub("[\u202a-\u202e\u200b-\u200f]", "", a.text) for a in articles]
    assert result["text"] == expected and result["textAfter"] == expected  # highlights never change the text


def test_browser_technique_names_visible_without_hover(report):
    result, *_ = report
    assert result["badgesBefore"] == 0  # techniques start switched off
    assert result["badges"] == ['"Loaded language"', '"Appeal to fear or prejudice"', '"Casting doubt"']
    assert result["badgesVisible"] and result["marks"] >= 3
    assert result["tipOnFocus"] and "Loaded language" in result["tipOnFocus"] and "emotional" in result["tipOnFocus"]
    assert result["focusable"] >= 4


def test_browser_doubt_markers_min_score_and_sorting(report):
    result, _, articles, *_ = report
    assert result["doubt"] == ['"Dana Cole?"']
    hidden = sum(a.text.count("\u200b") + a.text.count("\u200d") for a in articles[:3])  # zero-width in unicode_heavy.txt
    assert hidden >= 2 and result["markers"][-4:] == ['"⟨RLO⟩"', '"⟨PDF⟩"', '"⟨ZWSP⟩"', '"⟨ZWSP×300⟩"']
    assert len(result["markers"]) == hidden + 4
    assert result["badgesAtHalf"] == 2 and result["below"] == ["(1 below 0.50, hidden)"]
    assert result["sorted"] == sorted(len(a.text) for a in articles) and result["sortState"] == "ascending"


def test_browser_screenshot(report):
    _, _, _, tmp, _ = report
    shot = tmp / "report.png"
    page = (tmp / "clean.html").as_uri() + "#on=quotes,claims,techniques,citations"  # the page alone, techniques on
    _, err = _chromium(["--window-size=1200,2400", f"--screenshot={shot}", page], tmp)
    assert shot.exists() and shot.stat().st_size > 20_000, _console(err)[:5]
    print(f"screenshot: {shot}")
