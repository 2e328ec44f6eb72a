"""docs/api.md maps every CLI command to a documented Python function."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from newsprobe.cli import cli

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\|\s*`newsprobe ([a-z0-9_ -]+)`\s*\|\s*(`[A-Za-z0-9_.]+`|\(none yet\))\s*\|")

#: commands whose work still lives in their CLI module (this set may only shrink)
NOT_YET_THIN: set[str] = set()


def _commands(group=cli, prefix=""):
    for name, cmd in sorted(group.commands.items()):
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + name + " ")
        else:
            yield prefix + name


def _table() -> dict[str, str]:
    rows = {}
    for line in (ROOT / "docs" / "api.md").read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m:
            rows[m.group(1).strip()] = m.group(2).strip("`")
    return rows


def _resolve(dotted: str):
    parts = dotted.split(".")
    for i in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(dotted)


def test_docs_api_every_command_names_a_documented_function():
    table = _table()
    missing = [c for c in _commands() if c not in table]
    assert not missing, (
        "docs/api.md lacks a row for: " + ", ".join(f"`newsprobe {c}`" for c in missing)
        + ". Add `| `newsprobe VERB` | `newsprobe.module.function` | notes |` naming the documented "
        "library function the command calls (make the command a thin call of one if it is not)."
    )
    stale = sorted(set(table) - set(_commands()))
    assert not stale, f"docs/api.md lists commands that no longer exist: {stale}; remove their rows"
    problems = []
    for command, target in table.items():
        if target == "(none yet)":
            if command not in NOT_YET_THIN:
                problems.append(f"`newsprobe {command}` has no library function; write one and name it")
            continue
        try:
            fn = _resolve(target)
        except (ImportError, AttributeError) as e:
            problems.append(f"`newsprobe {command}` -> {target}: cannot import it ({e}); fix the name in docs/api.md")
            continue
        if not (getattr(fn, "__doc__", None) or "").strip():
            problems.append(f"`newsprobe {command}` -> {target}: add a docstring to it")
    assert not problems, "\n".join(problems)
    now_thin = sorted(c for c in NOT_YET_THIN if table.get(c) not in (None, "(none yet)"))
    assert not now_thin, f"remove {now_thin} from NOT_YET_THIN in tests/test_docs_api.py: they name a function now"
