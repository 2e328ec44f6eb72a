"""The publisher signal: the article's own outlet from its URL, site name or outlet field,
with every rating list's verdict kept apart."""

import json

from newsprobe.article import Article
from newsprobe.outlets import Outlet, Registry, get_registry, load_registry
from newsprobe.pipeline import Pipeline
from newsprobe.settings import DEFAULT_STAGES, Settings
from newsprobe.stages.publisher import find_publisher

REG = Registry([
    Outlet("Nowhere Gazette", aliases=("The Gazette",), domains=("nowhere-gazette.example",),
           ratings=({"list": "list-a", "verdict": "reliable", "source": "List A", "date": "2024"},
                    {"list": "list-b", "factuality": "mixed", "source": "List B", "date": "2023"})),
    Outlet("Harbour Times", domains=("harbourtimes.example",)),
])


def test_publisher_from_the_url_with_each_list_verdict_apart():
    p = find_publisher({"url": "https://www.nowhere-gazette.example/2024/03/mill-closes", "site_name": "Harbour Times"}, REG)
    assert p["name"] == "Nowhere Gazette" and p["domain"] == "nowhere-gazette.example"
    assert p["evidence"] == "url" and p["in_registry"] is True
    assert [r["list"] for r in p["ratings"]] == ["list-a", "list-b"]  # never merged into one score
    assert p["ratings"][0]["source"] == "List A" and "score" not in p


def test_publisher_subdomain_falls_back_to_the_parent():
    assert find_publisher({"url": "https://news.harbourtimes.example/x"}, REG)["name"] == "Harbour Times"


def test_publisher_from_the_site_name_then_the_outlet_field():
    p = find_publisher({"url": "https://unknown.example/a", "site_name": "The Gazette"}, REG)
    assert p["name"] == "Nowhere Gazette" and p["evidence"] == "og:site_name" and p["evidence_value"] == "The Gazette"
    p = find_publisher({"outlet": "Harbour Times"}, REG)
    assert p["evidence"] == "outlet" and p["ratings"] == []


def test_publisher_unknown_outlet_is_named_but_not_rated():
    p = find_publisher({"url": "https://www.blog-of-jane.example/post/1", "site_name": "Jane's Harbour Blog"}, REG)
    assert p == {"name": "Jane's Harbour Blog", "domain": "blog-of-jane.example", "evidence": "og:site_name",
                 "evidence_value": "Jane's Harbour Blog", "in_registry": False, "ratings": []}
    p = find_publisher({"url": "https://www.blog-of-jane.example/post/1"}, REG)
    assert p["name"] == "blog-of-jane.example" and p["evidence"] == "url"


def test_publisher_absent_without_metadata_and_safe_on_junk():
    assert find_publisher({}, REG) is None
    assert find_publisher({"url": None, "site_name": "", "outlet": "   "}, REG) is None
    for junk in ["x" * 10_000, "\u202e\u0000", "http://", "1.2.3.4"]:
        p = find_publisher({"url": junk}, REG)
        assert p is None or p["in_registry"] is False


def test_publisher_stage_uses_the_shipped_registry_and_the_outlets_file(tmp_path):
    assert DEFAULT_STAGES.index("publisher") == DEFAULT_STAGES.index("stories") + 1
    art = Pipeline(["publisher"])(Article("Storm hits the coast.", meta={"url": "https://www.reuters.com/world/storm"}))
    p = art.signals["publisher"]
    assert p["name"] == "Reuters" and p["evidence"] == "url"
    assert {r["list"] for r in p["ratings"]} == {r["list"] for r in load_registry("").resolve("reuters.com").ratings}
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"name": "Nowhere Gazette", "domains": ["nowhere-gazette.example"],
                                "ratings": [{"list": "my-newsroom", "verdict": "trusted"}]}) + "\n")
    get_registry.cache_clear()
    art = Pipeline(["publisher"], Settings(outlets_file=str(path)))(
        Article("Mill to close.", meta={"url": "https://nowhere-gazette.example/mill"}))
    assert art.signals["publisher"]["ratings"] == [{"list": "my-newsroom", "verdict": "trusted"}]
    assert "publisher" not in Pipeline(["publisher"])(Article("No metadata here.")).signals


def test_publisher_from_an_html_page_site_name():
    from newsprobe.ingest import article_from_html

    html = ("<html><head><title>Mill closes</title><meta property='og:site_name' content='Reuters'></head><body><article>"
            + "<p>The mill in Riverton will close in June, the owners said on Tuesday, ending two centuries of weaving.</p>" * 6
            + "</article></body></html>")
    art = article_from_html(html, source="page.html")
    assert art.meta["site_name"] == "Reuters"
    art = Pipeline(["publisher"])(art)
    assert art.signals["publisher"]["name"] == "Reuters" and art.signals["publisher"]["evidence"] == "og:site_name"


def test_publisher_blog_on_a_platform_is_not_the_platform():
    reg = Registry([Outlet("Blogger", domains=("blogspot.com",), ratings=({"list": "list-a", "verdict": "self-published"},))])
    p = find_publisher({"url": "https://harbour-notes.blogspot.com/2024/03/mill.html", "site_name": "Harbour Notes"}, reg)
    assert p["name"] == "Harbour Notes" and p["in_registry"] is False and p["ratings"] == []
    assert p["platform"] == {"name": "Blogger", "domain": "blogspot.com", "ratings": [{"list": "list-a", "verdict": "self-published"}]}
    assert find_publisher({"url": "https://www.blogspot.com/about"}, reg)["name"] == "Blogger"


def test_publisher_never_from_a_script_or_file_address():
    for bad in ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "ftp://nowhere-gazette.example/x"]:
        assert find_publisher({"url": bad}, REG) is None, bad
    # a bad address does not hide a site name given beside it
    p = find_publisher({"url": "javascript:void(0)", "site_name": "The Gazette"}, REG)
    assert p is not None and p["name"] == "Nowhere Gazette" and p["domain"] != "javascript"
    assert find_publisher({"url": "https://nowhere-gazette.example/a"}, REG)["name"] == "Nowhere Gazette"
