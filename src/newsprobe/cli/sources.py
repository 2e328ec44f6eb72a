"""``newsprobe sources``: look up outlets and their ratings, list them, rebuild the registry."""

from __future__ import annotations

import json
import time
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
    """Score cited-source spans against PolNeAR's attribution sources (overlap P/R/F).

    A citation is correct when it overlaps a gold source or cue span; a gold source is found
    when some citation overlaps it. PolNeAR annotates every attribution, pronouns included,
    so recall counts all of them; the vague-adverb citations have no gold source and count
    against precision only when they overlap no cue.
    """
    from ..api import load_pipeline
    from ..article import Article

    path = (data_dir or reg.default_shared_data()) / "polnear-attribution" / "polnear.jsonl.gz"
    if not path.exists():
        raise InputError(f"{path} not found; pass --data pointing at the project's shared/data folder")
    articles, golds = [], []
    for _, rec in reg.read_jsonl(path):
        if rec.get("split") != split:
            continue
        anns = rec.get("annotations") or {}
        if not anns:
            continue
        first = sorted(anns)[0]  # one annotator per article
        src: list[tuple[int, ...]] = []
        cue: list[tuple[int, ...]] = []
        for att in anns[first]:
            for sp in att.get("source") or []:
                src.extend(tuple(x) for x in sp["spans"])
            for sp in att.get("cue") or []:
                cue.extend(tuple(x) for x in sp["spans"])
        articles.append(Article(rec["text"], meta={"title": rec.get("title")}))
        golds.append((src, cue))
        if limit and len(articles) >= limit:
            break
    if not articles:
        raise InputError(f"no PolNeAR articles in split {split!r}; the kept-back test split is not in shared/data")
    stages = "parse,stories,sentences,entities" + ("" if no_quotes else ",quotes") + ",citations"
    if no_quotes:
        from ..pipeline import stage

        @stage("no_quotes", version="0", assigns=("quotes",))
        def _empty(settings):  # an empty quotes layer so that citations can run alone
            return lambda article, ctx: article.with_layer("quotes", [])

        stages = stages.replace("entities,citations", "entities,no_quotes,citations")
    settings = load_settings(stages=stages)
    pipeline = load_pipeline(settings)
    timer = {"citations": 0.0}
    i_cit = pipeline.names.index("citations")
    inner = pipeline._fns[i_cit]

    def timed(article, ctx):  # time the citations stage alone, for its share of the pipeline
        t0 = time.perf_counter()
        inner(article, ctx)
        timer["citations"] += time.perf_counter() - t0

    pipeline._fns[i_cit] = timed
    started = time.perf_counter()
    tp_pred = n_pred = tp_gold = n_gold = 0
    per_kind: Counter = Counter()
    per_kind_ok: Counter = Counter()
    for article, (src, cue) in zip(pipeline.pipe(articles), golds):
        spans = article.layer("citations")
        gold_any = src + cue
        for s in spans:
            ok = any(s.start < e and b < s.end for b, e in gold_any)
            n_pred += 1
            tp_pred += ok
            per_kind[s.label] += 1
            per_kind_ok[s.label] += ok
        for b, e in set(src):
            n_gold += 1
            tp_gold += any(s.start < e and b < s.end for s in spans)
    total = time.perf_counter() - started
    pipeline._fns[i_cit] = inner
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    click.echo(f"PolNeAR {split}: {len(articles)} articles, {n_gold} gold source spans, {n_pred} citations"
               f"{' (no quotes stage)' if no_quotes else ''}")
    click.echo(f"  overlap precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    click.echo(f"  time: citations stage {timer['citations']:.2f}s of {total:.1f}s for the whole pipeline "
               f"({100 * timer['citations'] / total:.1f}%)")
    for kind in sorted(per_kind):
        click.echo(f"  {kind:<13} {per_kind[kind]:>5} citations, {per_kind_ok[kind] / per_kind[kind]:.3f} overlap a gold source/cue")
