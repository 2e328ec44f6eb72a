"""``newsprobe evaluate LAYER GOLD.jsonl``: score one layer against gold in the wire format."""

from __future__ import annotations

import json

import click

from . import cli
from ..api import load_pipeline
from ..article import Article
from ..errors import InputError, NewsprobeError
from ..pipeline import registered_stages
from ..scoring import pair_articles, score_layer
from ..settings import load_settings


def read_wire_jsonl(path: str) -> list[Article]:
    """Articles from a newsprobe/1 JSON Lines file; a bad line is an error naming the line."""
    out = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                if line.strip():
                    try:
                        out.append(Article.from_json(line))
                    except NewsprobeError as e:
                        raise InputError(f"line {n}: {e}", source=path) from e
    except OSError as e:
        raise InputError(f"cannot read it ({e.strerror or e})", source=path) from e
    return out


def stages_for(layer: str, names: list[str]) -> list[str]:
    """The configured stages up to (and including) the one that assigns ``layer``."""
    specs = registered_stages()
    for i, name in enumerate(names):
        if name in specs and layer in specs[name].assigns:
            # a later stage may re-assign the layer (factchecks re-writes claims): keep the last one
            last = max(j for j, n in enumerate(names) if n in specs and layer in specs[n].assigns)
            return names[: last + 1]
    raise NewsprobeError(f"no configured stage assigns the layer {layer!r}; see `newsprobe stages`")


@cli.command()
@click.argument("layer")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--predictions", type=click.Path(exists=True, dir_okay=False),
              help="Score these analysed articles (wire-format JSONL) instead of running the pipeline.")
@click.option("--ignore-labels", is_flag=True, help="Score spans regardless of their labels.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def evaluate(layer: str, gold: str, predictions: str | None, ignore_labels: bool, fmt: str) -> None:
    """Score LAYER against GOLD (newsprobe/1 JSON Lines): exact and overlap P/R/F, per label."""
    gold_articles = read_wire_jsonl(gold)
    if predictions:
        predicted = read_wire_jsonl(predictions)
    else:
        settings = load_settings()
        settings = settings.with_(stages=",".join(stages_for(layer, settings.stage_names)))
        pipeline = load_pipeline(settings)
        bare = [Article(g.text, id=g.id, meta=g.meta) for g in gold_articles]
        predicted = list(pipeline.pipe(bare))
    result = score_layer(pair_articles(predicted, gold_articles), layer, use_labels=not ignore_labels)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"layer {layer}: {result['articles']} article(s)")
    click.echo(f"{'label':<28}{'mode':<9}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}")
    rows = [("ALL", result)] + list(result["per_label"].items())
    for label, res in rows:
        for mode in ("exact", "overlap"):
            r = res[mode]
            click.echo(f"{label:<28}{mode:<9}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}{r['n_pred']:>7}{r['n_gold']:>7}")
