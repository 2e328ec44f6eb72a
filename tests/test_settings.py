"""Settings declared once: defaults, newsprobe.toml, environment, options, and `newsprobe config`."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprobe.cli import cli
from newsprobe.errors import NewsprobeError
from newsprobe.settings import SETTINGS, Settings, explain_settings, load_settings, settings_markdown

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _clean(monkeypatch, tmp_path):
    """No NEWSPROBE_* variable and no newsprobe.toml from outside the test."""
    import os

    for name in list(os.environ):
        if name.startswith("NEWSPROBE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_the_table_is_derived_from_the_dataclass():
    assert [s.name for s in SETTINGS] == [f.name for f in fields(Settings)]
    assert all(s.help and s.default == getattr(Settings(), s.name) for s in SETTINGS)


def test_docs_table_is_the_generated_one():
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for row in settings_markdown().splitlines():
        assert row in doc, f"docs/settings.md lacks the row: {row} (paste `newsprobe config --format markdown --defaults`)"


def test_priority_default_toml_env_option(tmp_path, monkeypatch):
    (tmp_path / "newsprobe.toml").write_text('[newsprobe]\nbatch_size = 4\nfactcheck_top = 7\ntechniques_dense = false\n')
    monkeypatch.setenv("NEWSPROBE_FACTCHECK_TOP", "9")
    s = load_settings(progress_min=1)
    assert (s.batch_size, s.factcheck_top, s.techniques_dense, s.progress_min, s.chunk_chars) == (4, 9, False, 1, 100_000)
    sources = {v.name: v.source for v in explain_settings(progress_min=1)}
    assert sources["batch_size"] == str(tmp_path / "newsprobe.toml")
    assert sources["factcheck_top"] == "env NEWSPROBE_FACTCHECK_TOP"
    assert sources["progress_min"] == "option" and sources["chunk_chars"] == "default"


def test_config_file_named_by_environment(tmp_path, monkeypatch):
    other = tmp_path / "elsewhere.toml"
    other.write_text("spacy_model = 'my_model'\n")
    monkeypatch.setenv("NEWSPROBE_CONFIG", str(other))
    assert load_settings().spacy_model == "my_model"
    monkeypatch.setenv("NEWSPROBE_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(NewsprobeError, match="NEWSPROBE_CONFIG"):
        load_settings()


@pytest.mark.parametrize("text, message", [
    ("batch_size = 'many'\n", "batch_size"),
    ("no_such_setting = 1\n", "unknown setting"),
    ("batch_size = \n", "cannot read"),
])
def test_bad_toml_says_which_file_and_what(tmp_path, text, message):
    (tmp_path / "newsprobe.toml").write_text(text)
    with pytest.raises(NewsprobeError, match=message) as e:
        load_settings()
    assert "newsprobe.toml" in str(e.value) or "option" in str(e.value)


def test_bad_environment_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("NEWSPROBE_CLAIMS_DENSE", "perhaps")
    with pytest.raises(NewsprobeError, match="NEWSPROBE_CLAIMS_DENSE"):
        load_settings()


def test_cli_config_text_and_json(monkeypatch, tmp_path):
    (tmp_path / "newsprobe.toml").write_text("store = 'out/n.duckdb'\n")
    monkeypatch.setenv("NEWSPROBE_FACTCHECK_TOP", "5")
    r = CliRunner().invoke(cli, ["config", "--format", "json"])
    assert r.exit_code == 0, r.output
    info = json.loads(r.output)
    by_name = {s["name"]: s for s in info["settings"]}
    assert info["config_file"] == str(tmp_path / "newsprobe.toml")
    assert by_name["factcheck_top"] == {**by_name["factcheck_top"], "value": 5, "source": "env NEWSPROBE_FACTCHECK_TOP"}
    assert by_name["store"]["source"] == str(tmp_path / "newsprobe.toml")
    assert by_name["factcheck_db"]["value"] == str(tmp_path / "out" / "factchecks.duckdb")
    r = CliRunner().invoke(cli, ["config"])
    assert r.exit_code == 0 and "factcheck_top" in r.output and "(env NEWSPROBE_FACTCHECK_TOP)" in r.output
    r = CliRunner().invoke(cli, ["config", "--format", "markdown", "--defaults"])
    assert r.output == settings_markdown()
