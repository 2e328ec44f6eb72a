"""The viewer in a real browser: Playwright drives Debian's headless Chromium against a server
on 127.0.0.1 (uvicorn in a thread, a small pipeline).

It pastes an article (with hostile markup and hidden characters), toggles layers, hovers and
focuses a quote to see its speaker, follows links to single spans, saves to the store and
searches it, and walks the home page by keyboard. Every page must run without a console
error, a page error, a dialog or a Content-Security-Policy violation. Screenshots go to
``$NEWSPROBE_ARTIFACTS`` when set, else to the test's temp dir; their paths are printed.

Skips with a reason when the ``chromium`` binary or the ``playwright`` package is missing
(CI installs chromium: .ci/run).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from .conftest import EXAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
    pytest.mark.skipif(__import__("importlib").util.find_spec("playwright") is None,
                       reason="needs the playwright package (pinned in requirements.lock)"),
    pytest.mark.skipif(__import__("importlib").util.find_spec("uvicorn") is None, reason="needs uvicorn"),
]

VIEW_STAGES = "parse,furniture,stories,publisher,sentences,entities,quotes,citations,hedges"
ARTICLE = ("Island ferry fares rise again\n\n"
           "Fares on the island ferry rose on Monday for the second time this year. \"Nobody asked the people who ride it "
           "every day,\" said commuter Tomas Brandt, according to the Harbour Gazette. Some riders may switch to the bus.\n\n"
           "<script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\"> "
           "<a href=\"javascript:window.__pwned = 3\">read more</a>\n\n"
           "Invoice \u202egpj.exe\u202c attached; zero\u200bwidth characters hide here.\n")
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });
"""


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    folder = Path(os.environ["NEWSPROBE_ARTIFACTS"]) if os.environ.get("NEWSPROBE_ARTIFACTS") else tmp_path_factory.mktemp("viewer-shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    import uvicorn

    from newsprobe import load_settings
    from newsprobe.web.app import create_app

    settings = load_settings(stages=VIEW_STAGES, store="")
    app = create_app(settings, store=str(tmp_path_factory.mktemp("viewer-store") / "browser.duckdb"), load_models=True)
    app.state.newsprobe.extra["examples_dir"] = str(EXAMPLES)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 600  # a guard against a server that never starts, not a speed check
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


class Watched:
    """A page plus what went wrong on it: console errors, page errors, dialogs, CSP violations."""

    def __init__(self, browser: Any, base: str, shots: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.base, self.shots = base, shots
        self.problems: list[str] = []
        self.page.add_init_script(WATCH)
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.ready()

    def ready(self) -> None:
        self.page.wait_for_selector("html[data-np-viewer='1']", state="attached")
        self.check()

    def check(self) -> None:
        csp = self.page.evaluate("window.__csp || []")
        pwned = self.page.evaluate("window.__pwned")
        assert not csp, f"CSP violations: {csp}"
        assert pwned is None, f"script from the article ran: {pwned}"
        assert not self.problems, self.problems

    def shot(self, name: str) -> Path:
        path = self.shots / name
        self.page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")
        return path

    def layer(self, name: str) -> int:
        return int(self.page.locator(f".bar label:has-text('{name}') input").get_attribute("data-l"))


@pytest.fixture()
def watched(browser, base_url, artifacts) -> Iterator[Watched]:
    w = Watched(browser, base_url, artifacts)
    yield w
    w.page.close()


def _paste(w: Watched, *, save: bool = False) -> str:
    w.goto("/")
    w.page.fill("#np-title", "")
    w.page.fill("#np-text", ARTICLE)
    if save:
        w.page.check("#save-paste")
    w.page.click("form[action='/view'] button[type=submit]")
    w.page.wait_for_url("**/articles/*" if save else "**/view/*")
    w.ready()
    return w.page.url


def test_browser_home_by_keyboard(watched):
    w = watched
    w.goto("/")
    links = w.page.locator("ul.np-examples a")
    assert links.count() >= 10
    w.page.keyboard.press("Tab")
    assert w.page.evaluate("document.activeElement.textContent") == "Skip to content"
    w.page.keyboard.press("Enter")
    assert w.page.evaluate("document.activeElement.id") == "main"
    for _ in range(3):  # the title field is the first control of the main part
        w.page.keyboard.press("Tab")
        if w.page.evaluate("document.activeElement.id") == "np-title":
            break
    assert w.page.evaluate("document.activeElement.id") == "np-title"
    outline = w.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus style
    w.shot("viewer-home.png")
    w.check()


def test_browser_paste_toggle_layers_and_hover_a_quote(watched):
    w = watched
    _paste(w)
    page = w.page
    text = page.locator("div.text").text_content()
    assert "<script>window.__pwned = 1</script>" in text and "onerror=" in text  # shown as text
    assert page.locator("div.text script, div.text img, div.text a").count() == 0
    assert page.locator(".inv").count() == 3  # RLO, PDF, ZWSP shown as markers

    quotes, hedges = w.layer("quotes"), w.layer("hedges")
    badge = page.locator(f"div.text .bd.l{quotes}")
    assert badge.count() == 1 and badge.get_attribute("data-b") == "Tomas Brandt"
    assert page.locator(f"div.text mark.l{hedges}").count() == 0  # hedges start switched off
    page.locator(f"input[data-l='{hedges}']").check()
    assert page.locator(f"div.text mark.l{hedges}").count() >= 1
    page.locator(f"input[data-l='{quotes}']").uncheck()
    assert page.locator(f"div.text .bd.l{quotes}").count() == 0
    page.locator(f"input[data-l='{quotes}']").check()

    page.locator(f"div.text .bd.l{quotes}").hover()
    tip = page.locator("#np-tip")
    assert tip.is_visible() and "speaker: Tomas Brandt" in tip.text_content()
    w.shot("viewer-article-hover.png")
    page.mouse.move(0, 0)
    page.keyboard.press("Escape")
    page.locator(f"div.text .bd.l{quotes}").focus()  # keyboard users get the same details
    assert tip.is_visible() and "Tomas Brandt" in tip.text_content()
    assert page.locator("#np-selected a").text_content() == "link to quotes q1"
    w.check()


def test_browser_deep_links_to_one_span(watched):
    w = watched
    url = _paste(w)
    page = w.page
    w.goto(url.replace(w.base, "") + "#span-quotes-q1")
    focused = page.evaluate("document.activeElement.closest('div.text') !== null && document.activeElement.classList.contains('np-target')")
    assert focused
    assert "Tomas Brandt" in page.locator("#np-tip").text_content()
    w.shot("viewer-deep-link.png")

    hedges = w.layer("hedges")
    w.goto(url.replace(w.base, "") + "?span=hedges-h1")  # a layer that starts off is switched on
    assert page.locator(f"input[data-l='{hedges}']").is_checked()
    assert page.locator(f"div.text mark.l{hedges}.np-target").count() >= 1
    assert page.locator("#span-hedges-h1").is_visible()  # the linked span above the text, also without script

    page.locator("a.np-go[data-span='citations-c1']").click()  # the side panel's links
    assert "span=citations-c1" in page.url
    assert page.evaluate("document.activeElement.classList.contains('np-target')")
    w.check()


def test_browser_save_and_search_the_store(watched):
    w = watched
    url = _paste(w, save=True)
    article_id = url.rsplit("/", 1)[1]
    w.goto("/articles?speaker=brandt")
    row = w.page.locator(f"a[href='/articles/{article_id}']")
    assert row.count() == 1
    w.shot("viewer-store.png")
    row.click()
    w.page.wait_for_url(f"**/articles/{article_id}")
    w.ready()
    assert w.page.locator("h1").first.text_content().startswith("Island ferry fares rise again")


def test_browser_bundled_hostile_example(watched):
    w = watched
    w.goto("/examples/html/hostile_markup.html")
    assert w.page.locator("div.text").count() == 1
    assert w.page.locator("div.text script, div.text img, div.text iframe").count() == 0
    w.shot("viewer-example-hostile.png")
    w.check()


def test_browser_upload_a_file_and_reach_highlights_by_keyboard(watched, tmp_path):
    w = watched
    upload = tmp_path / "ferry_upload.txt"
    upload.write_text(ARTICLE, encoding="utf-8")
    w.goto("/")
    w.page.set_input_files("#np-file", str(upload))
    w.page.click("form[action='/upload'] button[type=submit]")
    w.page.wait_for_url("**/view/*")
    w.ready()
    assert "ferry_upload.txt" in w.page.locator("dl.meta").text_content()
    w.page.locator("#np-min-n").focus()  # the toolbar's last control
    reached = False
    for _ in range(30):
        w.page.keyboard.press("Tab")
        if w.page.evaluate("document.activeElement.closest('div.text') !== null"):
            reached = True
            break
    assert reached, "Tab never reached a highlight in the text"
    assert w.page.locator("#np-tip").is_visible()  # its details open on focus
    w.check()
