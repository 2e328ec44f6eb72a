"""The effective settings, for people: what ``newsprobe config`` prints.

:func:`effective_settings` gives every setting's value and where it came from (``default``,
``env NEWSPROBE_X``, the path of ``newsprobe.toml``, or ``option``), plus the settings file in
use; :func:`format_settings` renders them as ``text``, ``json`` or ``markdown``.
"""

from __future__ import annotations

import json
from typing import Any

from .settings import SettingValue, config_file, explain_settings, settings_markdown

FORMATS = ("text", "json", "markdown")


def effective_settings(**overrides: Any) -> dict[str, Any]:
    """``{"config_file": path or None, "settings": [{"name", "value", "source", "help"}, ...]}``;
    the fact-check database is shown as the absolute path the stage will open."""
    values = explain_settings(**overrides)
    out = []
    for v in values:
        value = v.value
        if v.name == "factcheck_db" and not value:
            from .settings import load_settings

            value = load_settings(**overrides).factcheck_db
        out.append({"name": v.name, "value": value, "source": v.source, "help": v.help})
    return {"config_file": config_file(), "settings": out}


def format_settings(info: dict[str, Any], fmt: str = "text", *, defaults: bool = False) -> str:
    """``info`` from :func:`effective_settings` as text (aligned columns), JSON or the markdown
    table of docs/settings.md (with ``defaults``: the documented table, not the effective values)."""
    if fmt == "json":
        return json.dumps(info, indent=2, ensure_ascii=False)
    if fmt == "markdown":
        if defaults:
            return settings_markdown()
        rows = ["| setting | value | from |", "|---|---|---|"]
        rows += [f"| `{s['name']}` | `{s['value']}` | {s['source']} |" for s in info["settings"]]
        return "\n".join(rows) + "\n"
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    width = max(len(s["name"]) for s in info["settings"])
    lines = [f"# settings file: {info['config_file'] or 'none (newsprobe.toml here, or NEWSPROBE_CONFIG)'}"]
    for s in info["settings"]:
        lines.append(f"{s['name']:<{width}}  {_show(s['value'])}  ({s['source']})")
    return "\n".join(lines) + "\n"


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


__all__ = ["FORMATS", "SettingValue", "effective_settings", "format_settings"]
