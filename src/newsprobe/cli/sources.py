"""``newsprobe sources``: look up outlets and their ratings, list them, rebuild the registry."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from .. import outlets as reg
from ..errors import InputError
from ..settings import load_settings
from . import cli

_OUTLETS_OPTION = click.option(
    "--outlets-file",
    default=None,
    help="Your own JSON Lines outlet file(s) on top of the shipped registry (default: setting outlets_file).",
)


def _registry(outlets_file: str | None) -> reg.Registry:
    settings = load_settings(outlets_file=outlets_file)
    return reg.load_registry(settings.outlets_file)


def _verdict(rating: dict) -> str:
    skip = {"list", "source", "date", "domain", "notes", "mbfc_page"}
    parts = []
    for k, v in rating.items():
        if k in skip or v in (None, "", []):
            continue
        parts.append(f"{k}={','.join(map(str, v)) if isinstance(v, list) else v}")
    return " ".join(parts)


@cli.group()
def sources() -> None:
    """The outlet registry: names, aliases, domains and each rating list's verdict."""


@sources.command("show")
@click.argument("name")
@_OUTLETS_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the entry as JSON.")
def show(name: str, outlets_file: str | None, as_json: bool) -> None:
    """Print what is known about NAME (an outlet name, alias, domain or URL)."""
    registry = _registry(outlets_file)
    outlet = registry.resolve(name)
    if outlet is None:
        near = registry.search(name, limit=5)
        hint = f" Did you mean: {', '.join(o.name for o in near)}?" if near else ""
        raise InputError(f"no outlet matches {name!r}.{hint} Add it with your own file (see docs/sources.md).")
    if as_json:
        click.echo(json.dumps(outlet.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(outlet.name)
    if outlet.aliases:
        click.echo(f"  aliases: {', '.join(outlet.aliases)}")
    click.echo(f"  domains: {', '.join(outlet.domains) or '-'}")
    if outlet.origin != "shipped":
        click.echo(f"  from:    {outlet.origin}")
    if not outlet.ratings:
        click.echo("  ratings: none of the loaded lists rates this outlet")
    for r in outlet.ratings:
        click.echo(f"  [{r.get('list')}] {_verdict(dict(r))}  ({r.get('domain') or ''}, {r.get('date') or 'undated'})")
        if r.get("notes"):
            click.echo(f"      notes: {r['notes']}")
        click.echo(f"      source: {r.get('source')}")


@sources.command("list")
@_OUTLETS_OPTION
@click.option("--search", default="", help="Only outlets whose name, alias or domain contains this text.")
@click.option("--rated-by", default="", help="Only outlets that this rating list rates (e.g. opensources).")
@click.option("--limit", default=50, show_default=True, help="Most rows to print (0: all).")
def list_(outlets_file: str | None, search: str, rated_by: str, limit: int) -> None:
    """List outlets (name, first domain, rating lists) and a count per rating list."""
    registry = _registry(outlets_file)
    needle = search.lower()
    rows = [o for o in registry if not needle or any(needle in s.lower() for s in (o.name, *o.aliases, *o.domains))]
    if rated_by:
        rows = [o for o in rows if any(r.get("list") == rated_by for r in o.ratings)]
    for o in rows[: limit or None]:
        lists = ",".join(sorted({str(r.get("list")) for r in o.ratings})) or "-"
        click.echo(f"{o.name}\t{o.domain or '-'}\t{lists}")
    per_list = Counter(str(r.get("list")) for o in rows for r in {r.get("list"): r for r in o.ratings}.values())
    summary = ", ".join(f"{k} {v}" for k, v in sorted(per_list.items())) or "no ratings"
    click.echo(f"{len(rows)} outlets ({summary})", err=True)


@sources.command("build")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The project's shared/data folder (default: ../shared/data beside the repository).")
@click.option("--all", "include_restricted", is_flag=True,
              help="Also read the lists that may not be redistributed (MBFC/NewsGuard-derived) into --out, for your own use.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write (default: the shipped registry; required with --all).")
def build(data_dir: Path | None, include_restricted: bool, out: Path | None) -> None:
    """Rebuild the registry from the rating lists (deterministic output)."""
    data = data_dir or reg.default_shared_data()
    if include_restricted and (out is None or out.resolve() == reg.DATA_FILE):
        raise InputError(
            "--all reads lists that may not be redistributed; write them to your own file with --out PATH "
            "and point NEWSPROBE_OUTLETS_FILE at it (see docs/sources.md)"
        )
    target = out or reg.DATA_FILE
    from ..outlets_build import build_outlets

    entries = build_outlets(data, include_restricted=include_restricted)
    n = reg.write_jsonl(target, entries)
    per_list = Counter(str(r.get("list")) for o in entries for r in o.ratings)
    click.echo(f"wrote {n} outlets to {target}")
    for name, count in sorted(per_list.items()):
        click.echo(f"  {name}: {count} ratings")
    if include_restricted:
        click.echo(f"use it with: export NEWSPROBE_OUTLETS_FILE={target}")


@sources.command("evaluate")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The project's shared/data folder (default: ../shared/data beside the repository).")
@click.option("--split", default="dev", show_default=True, help="PolNeAR split to score on.")
@click.option("--no-quotes", is_flag=True, help="Run without the quotes stage (citations from the stage's own rules only).")
@click.option("--limit", default=0, help="Score only the first N articles (0: all).")
def evaluate(data_dir: Path | None, split: str, no_quotes: bool, limit: int) -> None:
    """Score cited-source spans against PolNeAR's attribution sources (overlap P/R/F)."""
    from ..sources_eval import evaluate_citations

    r = evaluate_citations(data_dir or reg.default_shared_data(), split=split, no_quotes=no_quotes, limit=limit)
    click.echo(f"PolNeAR {split}: {r['articles']} articles, {r['gold_sources']} gold source spans, {r['citations']} citations"
               f"{' (no quotes stage)' if no_quotes else ''}")
    click.echo(f"  overlap precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}")
    click.echo(f"  time: citations stage {r['citations_seconds']:.2f}s of {r['seconds']:.1f}s for the whole pipeline "
               f"({100 * r['citations_seconds'] / r['seconds']:.1f}%)")
    for kind, row in sorted(r["by_kind"].items()):
        click.echo(f"  {kind:<13} {row['n']:>5} citations, {row['share_overlapping']:.3f} overlap a gold source/cue")
