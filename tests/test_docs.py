from pathlib import Path

from click.testing import CliRunner

from newsprobe.cli import cli
from newsprobe.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


def test_docs_every_setting_is_documented():
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for s in SETTINGS:
        assert f"`{s.name}`" in text and f"NEWSPROBE_{s.name.upper()}" in text, s.name


def test_docs_every_command_has_help():
    def walk(group, prefix=""):
        for name, cmd in group.commands.items():
            yield prefix + name, cmd
            if hasattr(cmd, "commands"):
                yield from walk(cmd, prefix + name + " ")

    for name, cmd in walk(cli):
        assert (cmd.help or "").strip(), f"`newsprobe {name}` has no help text"
        r = CliRunner().invoke(cli, name.split() + ["--help"])
        assert r.exit_code == 0, name


def test_docs_readme_names_both_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/demo.sh" in readme and "bash scripts/test.sh" in readme
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_docs_public_api_is_pinned():
    import newsprobe

    assert sorted(newsprobe.__all__) == newsprobe.__all__
    assert set(newsprobe.__all__) == {
        "Article", "LAYERS", "NewsprobeError", "Pipeline", "SCHEMA", "Settings", "Span", "__version__",
        "analyze", "analyze_file", "analyze_many", "analyze_text", "iter_file", "load_pipeline", "load_settings", "stage",
    }
