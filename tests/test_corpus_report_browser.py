"""The corpus report in headless Chromium (Playwright driving Debian's chromium): its charts draw,
nothing breaks the page's Content-Security-Policy, a drill-down opens to its articles, and a
screenshot is saved (its path is printed; run with ``-s`` to see it)."""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest

from newsprobe.corpus.report import corpus_numbers
from newsprobe.render.corpus import render_corpus_html
from newsprobe.store import Store

from .test_corpus_report import build_store

CHROMIUM = next((p for p in (os.environ.get("NEWSPROBE_CHROMIUM"), shutil.which("chromium"),
                             shutil.which("chromium-browser"), shutil.which("google-chrome")) if p), None)
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (apt-get install chromium, or set NEWSPROBE_CHROMIUM)"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="needs playwright (pinned in requirements.lock)"),
]

#: What the page looks like to a reader, measured in the page.
PROBE = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  return {
    charts: Array.from(document.querySelectorAll('svg.chart')).map(s => ({
      label: s.getAttribute('aria-label'), size: box(s), marks: s.querySelectorAll('rect').length,
      drawn: Array.from(s.querySelectorAll('rect')).filter(r => { const b = r.getBBox(); return b.width > 0 && b.height > 0; }).length })),
    scripts: document.scripts.length,
    foreign: document.querySelectorAll('img,iframe,object,embed,link,[onerror],[onclick]').length,
    sections: Array.from(document.querySelectorAll('section.corpus h2')).map(h => h.textContent),
    clusters: document.querySelectorAll('details.cluster').length,
  };
}"""


@pytest.fixture(scope="module")
def browser_page(core_pipeline, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    tmp = tmp_path_factory.mktemp("corpus_browser")
    store_path = str(tmp / "corpus.duckdb")
    build_store(store_path, core_pipeline)
    with Store(store_path, read_only=True) as store:
        numbers = corpus_numbers(store)
    path = tmp / "report.html"
    path.write_text(render_corpus_html(numbers), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 1600})
        messages: list[str] = []
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        yield page, messages, numbers, tmp
        browser.close()


def test_charts_render_without_console_or_csp_errors(browser_page):
    page, messages, numbers, _ = browser_page
    seen = page.evaluate(PROBE)
    assert messages == []  # a CSP violation or a script error would be a console message
    assert seen["scripts"] == 0 and seen["foreign"] == 0  # the hostile title's tags stayed text
    labels = [c["label"] for c in seen["charts"]]
    for chart in ("Articles by outlet", "Articles by day", "Technique spans", "Technique spans per 1,000 words",
                  "Most-cited sources", "Largest repost clusters (members)", "Articles repeating a clustered claim, by day"):
        assert chart in labels, (chart, labels)
    for c in seen["charts"]:
        assert c["size"][0] > 0 and c["size"][1] > 0 and c["marks"] > 0 and c["drawn"] == c["marks"], c
    assert seen["clusters"] == sum(len(numbers[k]["clusters"]) for k in ("reposts", "quotes", "claims"))
    assert seen["sections"][:3] == ["Articles", "Persuasion techniques by outlet", "Most-cited sources"]


def test_a_drill_down_opens_to_its_articles(browser_page):
    page, messages, _, _ = browser_page
    cluster = page.locator("details.cluster").first
    assert cluster.evaluate("d => d.open") is False
    rows = cluster.locator("tbody tr")
    assert not rows.first.is_visible()
    cluster.locator("summary").click()
    assert cluster.evaluate("d => d.open") is True and rows.first.is_visible()
    assert rows.count() == 3  # r1: the origin and two copies
    link = rows.first.locator("a").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("() => location.hash") == target
    entry = page.locator(target)
    assert entry.is_visible() and "Council approves harbor dredging" in entry.inner_text()
    assert "newsprobe show a1 --store DB" in entry.inner_text()
    assert messages == []


def test_screenshot(browser_page):
    page, _, _, tmp = browser_page
    page.evaluate("() => document.querySelectorAll('details.cluster').forEach(d => { d.open = true; })")
    page.evaluate("() => window.scrollTo(0, 0)")
    shot = tmp / "corpus-report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.exists() and shot.stat().st_size > 50_000
    print(f"screenshot: {shot}")
