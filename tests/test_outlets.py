"""The outlet registry: lookups by name, alias and domain, user overrides, separate verdicts,
the shipped file, and the ``newsprobe sources`` commands."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprobe import outlets
from newsprobe.cli import cli
from newsprobe.errors import InputError
from newsprobe.outlets import Outlet, Registry, domain_key, load_registry, name_key
from newsprobe.outlets_build import build_outlets

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="module")
def shipped() -> Registry:
    return load_registry("")


def _write(path: Path, rows: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


# --- keys ------------------------------------------------------------------------------------
def test_name_key_ignores_the_possessive_case_and_spacing():
    assert name_key("The Guardian's") == name_key("guardian") == "guardian"
    assert name_key("Fox News") == "foxnews"


def test_domain_key_strips_scheme_www_and_deep_paths():
    assert domain_key("https://www.apnews.com/article/abc?x=1") == "apnews.com/article"
    assert domain_key("WWW.RT.COM") == "rt.com"
    assert outlets.domain_label_key("theguardian.com") == "guardian"
    assert outlets.domain_label_key("bbc.co.uk") == "bbc"


# --- the shipped registry ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "mention, name",
    [
        ("The Guardian", "The Guardian"),
        ("Reuters", "Reuters"),
        ("Xinhua", "Xinhua"),
        ("Fox News", "Fox News"),
        ("the AP", "Associated Press"),
        ("AP", "Associated Press"),
        ("Associated Press", "Associated Press"),
        ("Al Jazeera's", "Al Jazeera"),
        ("apnews.com", "Associated Press"),
        ("https://www.apnews.com/article/some-story", "Associated Press"),
        ("edition.cnn.com", "CNN"),
        ("Breitbart", "Breitbart News"),
    ],
)
def test_well_known_names_aliases_and_domains_resolve(shipped, mention, name):
    hit = shipped.resolve(mention)
    assert hit is not None and hit.name == name


def test_unknown_and_hostile_lookups_return_none(shipped):
    for text in ["", "   ", "police", "Nowhere Gazette", "x" * 10_000, "\u202e\u0000", "1.2.3.4"]:
        assert shipped.resolve(text) is None


def test_verdicts_of_different_lists_stay_separate(shipped):
    breitbart = shipped.resolve("breitbart.com")
    lists = [r["list"] for r in breitbart.ratings]
    assert set(lists) == {"opensources", "wikipedia-perennial"}
    for r in breitbart.ratings:
        assert r["source"] and r["date"] and r["domain"] == "breitbart.com"
        assert "score" not in r  # never one invented score
    os_rating = next(r for r in breitbart.ratings if r["list"] == "opensources")
    assert "unreliable" in os_rating["tags"]
    wp = next(r for r in breitbart.ratings if r["list"] == "wikipedia-perennial")
    assert wp["wp_label"] == -2


def test_shipped_file_holds_only_redistributable_lists(shipped):
    lists = {r["list"] for o in shipped for r in o.ratings}
    assert lists == {"opensources", "wikipedia-perennial"}
    names = {o.name for o in shipped}
    assert all(name in names for name, _, _ in outlets.WELL_KNOWN)


def test_domain_labels_are_used_only_when_allowed():
    reg = Registry([Outlet("examplegazette.com", domains=("examplegazette.com",))])
    assert reg.by_name("Examplegazette") is None
    assert reg.by_name("Examplegazette", labels=True).name == "examplegazette.com"
    gov = Registry([Outlet("whitehouse.gov", domains=("whitehouse.gov",))])
    assert gov.by_name("White House", labels=True) is None  # a government site is not an outlet name


# --- user files ------------------------------------------------------------------------------
def test_user_file_adds_an_outlet_with_aliases(tmp_path):
    path = _write(tmp_path / "mine.jsonl", [
        {"name": "Nowhere Gazette", "aliases": ["the Gazette"], "domains": ["nowhere-gazette.example"],
         "ratings": [{"list": "my-newsroom", "verdict": "trusted", "date": "2026-01-01"}]},
    ])
    reg = load_registry(path)
    for mention in ["Nowhere Gazette", "the Gazette", "https://nowhere-gazette.example/story/1"]:
        hit = reg.resolve(mention)
        assert hit is not None and hit.name == "Nowhere Gazette"
        assert hit.origin == path
    assert reg.resolve("Nowhere Gazette").ratings[0]["verdict"] == "trusted"


def test_user_entry_merges_by_domain_and_replaces_only_its_own_list(tmp_path, shipped):
    before = {r["list"] for r in shipped.resolve("reuters.com").ratings}
    assert "wikipedia-perennial" in before
    path = _write(tmp_path / "mine.jsonl", [
        {"name": "Reuters", "aliases": ["Reuters wire"], "domains": ["reuters.com"],
         "ratings": [{"list": "my-newsroom", "verdict": "trusted"}]},
        {"domains": ["breitbart.com"], "name": "Breitbart News",
         "ratings": [{"list": "opensources", "tags": ["mine"]}]},
    ])
    reg = load_registry(path)
    reuters = reg.resolve("Reuters wire")
    assert {r["list"] for r in reuters.ratings} == before | {"my-newsroom"}
    breitbart = reg.resolve("breitbart.com")
    os_ratings = [r for r in breitbart.ratings if r["list"] == "opensources"]
    assert os_ratings == [{"list": "opensources", "tags": ["mine"]}]
    assert any(r["list"] == "wikipedia-perennial" for r in breitbart.ratings)


def test_user_entry_with_replace_replaces_the_whole_entry(tmp_path):
    path = _write(tmp_path / "mine.jsonl", [
        {"name": "Breitbart", "domains": ["breitbart.com"], "ratings": [], "replace": True},
    ])
    hit = load_registry(path).resolve("breitbart.com")
    assert hit.name == "Breitbart" and hit.ratings == ()


def test_bad_user_file_names_file_and_line(tmp_path):
    path = _write(tmp_path / "bad.jsonl", [{"name": "Fine"}])
    with open(path, "a", encoding="utf-8") as f:
        f.write("{not json\n")
    with pytest.raises(InputError, match=r"bad.jsonl.*line 2"):
        load_registry(path)
    path2 = _write(tmp_path / "bad2.jsonl", [{"aliases": ["no name"]}])
    with pytest.raises(InputError, match="needs a 'name'"):
        load_registry(path2)
    with pytest.raises(InputError, match="cannot read"):
        load_registry(str(tmp_path / "missing.jsonl"))


def test_gzip_user_file_and_several_files(tmp_path):
    a = tmp_path / "a.jsonl.gz"
    with gzip.open(a, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"name": "Alpha Post", "domains": ["alpha-post.example"]}) + "\n")
    b = _write(tmp_path / "b.jsonl", [{"name": "Beta Times", "domains": ["beta-times.example"]}])
    reg = load_registry(f"{a}{__import__('os').pathsep}{b}")
    assert reg.resolve("Alpha Post").name == "Alpha Post"
    assert reg.resolve("beta-times.example").name == "Beta Times"


def test_resolve_uses_the_environment_file(tmp_path, monkeypatch):
    path = _write(tmp_path / "env.jsonl", [{"name": "Gamma Herald", "domains": ["gamma-herald.example"]}])
    monkeypatch.setenv("NEWSPROBE_OUTLETS_FILE", path)
    outlets.get_registry.cache_clear()
    try:
        assert outlets.resolve("Gamma Herald").domain == "gamma-herald.example"
        assert outlets.resolve("the AP").name == "Associated Press"
    finally:
        outlets.get_registry.cache_clear()


def test_write_then_load_round_trips(tmp_path):
    src = [Outlet("Delta News", ("Delta",), ("delta.example",), ({"list": "l1", "v": 1}, {"list": "l2", "v": "x"}))]
    path = tmp_path / "out.jsonl.gz"
    outlets.write_jsonl(path, src)
    first = path.read_bytes()
    outlets.write_jsonl(path, src)
    assert path.read_bytes() == first  # deterministic
    got = load_registry("", shipped=path).resolve("Delta")
    assert got.ratings == src[0].ratings


# --- building from the lists ------------------------------------------------------------------
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/data (the project's datasets)")


@needs_shared
def test_shipped_file_is_what_the_build_produces():
    built = [o.to_dict() for o in build_outlets(SHARED)]
    with gzip.open(outlets.DATA_FILE, "rt", encoding="utf-8") as f:
        shipped_rows = [json.loads(line) for line in f if line.strip()]
    assert built == shipped_rows, "src/newsprobe/data/outlets.jsonl.gz is stale: run `newsprobe sources build`"


@needs_shared
def test_full_build_adds_restricted_lists_separately():
    full = {o.name: o for o in build_outlets(SHARED, include_restricted=True)}
    lists = {r["list"] for o in full.values() for r in o.ratings}
    assert {"mbfc-baly-emnlp18", "mbfc-baly-acl2020", "mbfc-idiap", "idiap-golden-truth"} <= lists
    fox = full["Fox News"]
    assert len({r["list"] for r in fox.ratings}) >= 3


# --- CLI ---------------------------------------------------------------------------------------
def test_cli_sources_show_list_and_refusals(tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["sources", "show", "the AP"])
    assert res.exit_code == 0 and "apnews.com" in res.output and "wikipedia-perennial" in res.output
    res = runner.invoke(cli, ["sources", "show", "breitbart.com", "--json"])
    assert res.exit_code == 0 and json.loads(res.output)["name"] == "Breitbart News"
    res = runner.invoke(cli, ["sources", "show", "Nowhere Gazette"])
    assert res.exit_code == 2
    res = runner.invoke(cli, ["sources", "list", "--search", "breitbart"])
    assert res.exit_code == 0 and "breitbart.com" in res.output
    res = runner.invoke(cli, ["sources", "build", "--all"])
    assert res.exit_code == 2  # restricted lists are never written into the shipped registry


@needs_shared
def test_cli_sources_build_to_a_user_file(tmp_path):
    out = tmp_path / "full.jsonl.gz"
    res = CliRunner().invoke(cli, ["sources", "build", "--all", "--out", str(out), "--data", str(SHARED)])
    assert res.exit_code == 0, res.output
    reg = load_registry(str(out))
    assert any(r["list"] == "mbfc-idiap" for r in reg.resolve("foxnews.com").ratings)
