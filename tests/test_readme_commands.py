"""The README's "Use" commands, run verbatim after the demo, in a temporary folder.

``readme_commands`` takes the indented ``.venv/bin/newsprobe ...`` lines of README.md's
"## Use" section; ``demo_commands`` the ``$NP ...`` lines of scripts/demo.sh (its newsprobe
steps, without the setup). The slow test copies ``examples/`` into a temporary folder, links
``.venv``, runs the demo's steps, then every README command whose inputs exist there (those
naming a placeholder file of the reader's own, ``PLACEHOLDERS``, are skipped), then the
README's Python block, and checks that each exits 0 and writes what it says.

It runs the full pipeline on every example (minutes on two cores), so it is marked ``slow``;
it runs by default (CI runs it) and ``NEWSPROBE_README_COMMANDS=0`` skips it while iterating:

    NEWSPROBE_README_COMMANDS=0 .venv/bin/python -m pytest -q
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENABLED = os.environ.get("NEWSPROBE_README_COMMANDS", "1") != "0"
#: files the README names as the reader's own: a command that reads one is not run; and
#: `serve`, which runs until stopped (tests/test_web_browser.py drives a running server)
PLACEHOLDERS = ("corpus.jsonl --text-field", "page.html", "gold.jsonl", "newsprobe serve")


def _use_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Use\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else len(text)]


def readme_commands() -> list[str]:
    """The indented shell lines of README's Use section that run ``.venv/bin/newsprobe``, comments cut."""
    out = []
    for line in _use_section().splitlines():
        if line.startswith("    ") and ".venv/bin/newsprobe" in line:
            out.append(re.sub(r"\s+#\s.*$", "", line.strip()))
    return out


def readme_python() -> str:
    """The Python block of README's Use section."""
    m = re.search(r"```python\n(.*?)```", _use_section(), flags=re.S)
    assert m, "README's Use section has no ```python block"
    return m.group(1)


def demo_commands() -> list[str]:
    """The newsprobe steps of scripts/demo.sh (its ``$NP ...`` lines), as written."""
    lines = (ROOT / "scripts" / "demo.sh").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip().startswith("$NP ")]


def runnable(command: str) -> bool:
    return not any(p in command for p in PLACEHOLDERS)


def test_readme_use_section_has_commands_and_a_python_block():
    cmds = readme_commands()
    assert len(cmds) >= 5 and all(c.split("|")[-1].strip().startswith(".venv/bin/newsprobe") for c in cmds)
    assert [c for c in cmds if runnable(c)], "every README command is skipped as a placeholder"
    assert "import newsprobe" in readme_python()
    assert demo_commands(), "scripts/demo.sh has no $NP steps"


@pytest.mark.slow
@pytest.mark.skipif(not ENABLED, reason="NEWSPROBE_README_COMMANDS=0: the README commands are skipped")
def test_readme_commands_run_verbatim_after_the_demo(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSPROBE_")}
    env.update(PYTHONPATH=str(ROOT / "src"), NP=".venv/bin/newsprobe")

    def sh(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=1800)

    (tmp_path / "out").mkdir()
    for command in demo_commands():
        r = sh(command)
        assert r.returncode == 0, f"demo step failed: {command}\n{r.stderr[-2000:]}"
    assert (tmp_path / "newsprobe.duckdb").exists(), "the demo did not write the default store"
    for command in readme_commands():
        if not runnable(command):
            continue
        r = sh(command)
        assert r.returncode == 0, f"README command failed: {command}\n{r.stderr[-2000:]}"
        assert "Traceback" not in r.stderr, command
        m = re.search(r"-o (\S+)", command)
        if m:
            assert (tmp_path / m.group(1)).exists(), f"{command} did not write {m.group(1)}"
        if command.endswith("newsprobe articles"):
            assert r.stdout.strip(), "`newsprobe articles` after the demo lists nothing"
    one = tmp_path / "one.json"
    if one.exists():
        ids = [a["id"] for a in json.loads(one.read_text(encoding="utf-8"))]
        shown = re.search(r"show (\w+)", " ".join(readme_commands()))
        assert shown and ids[0].startswith(shown.group(1))
    r = subprocess.run([sys.executable, "-c", readme_python()], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=1800)
    assert r.returncode == 0, f"README's Python block failed:\n{r.stderr[-2000:]}"
