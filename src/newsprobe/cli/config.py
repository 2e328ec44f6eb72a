"""``newsprobe config``: the effective settings and where each value came from."""

from __future__ import annotations

import click

from . import cli


@cli.command("config")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="Output format (markdown: the table of docs/settings.md with --defaults).")
@click.option("--defaults", is_flag=True, help="With --format markdown: the documented defaults instead of the effective values.")
def config(fmt: str, defaults: bool) -> None:
    """Print every setting's effective value and its source (default, env NEWSPROBE_X, newsprobe.toml)."""
    from ..config import effective_settings, format_settings

    click.echo(format_settings(effective_settings(), fmt, defaults=defaults), nl=False)
