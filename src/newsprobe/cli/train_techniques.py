"""``newsprobe train techniques`` and ``newsprobe techniques list|export|import``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Iterator

import click

from ..article import Article, Span
from ..errors import InputError, RecordError, WireFormatError
from . import cli, prepare_encoder_for_training, train

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


@train.command("techniques")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="Folder holding ptc-semeval2020-task11/.")
@click.option("--seed", type=int, default=13, show_default=True, help="Seed for the folds and the learners.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the model (default: the packaged models/techniques/).")
@click.option("--dense/--no-dense", default=True, show_default=True,
              help="Also build the MiniLM variant (the default at run time); --no-dense builds the sparse model only.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to keep the encoded MiniLM states of PTC train between runs (saves minutes).")
def train_techniques(data_dir: Path, seed: int, out_dir: Path | None, dense: bool, cache_dir: Path | None) -> None:
    """Train the persuasion-techniques model on PTC train (5-fold CV by article, then a final fit)."""
    from threadpoolctl import threadpool_limits

    from ..ml.techniques_model import MODEL_DIR
    from ..train.techniques import data_fingerprint, train as run_train

    prepare_encoder_for_training(dense)  # and one BLAS/OpenMP thread below, as the committed model was built

    with threadpool_limits(limits=1):
        model, metrics = run_train(data_dir, seed=seed, progress=lambda m: click.echo(m, err=True), dense=dense,
                                   cache_dir=cache_dir)
    model.info["data_sha256_16"] = data_fingerprint(data_dir)
    model.info["command"] = f"newsprobe train techniques --seed {seed}" + ("" if dense else " --no-dense")
    target = out_dir or MODEL_DIR
    model.save(target)
    click.echo(json.dumps(metrics, indent=1))
    click.echo(f"wrote {target}", err=True)


@cli.group("techniques")
def techniques() -> None:
    """Persuasion techniques: the catalog, and SemEval-2020 Task 11 export/import."""


@techniques.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_techniques(fmt: str) -> None:
    """The 14 techniques with plain-language definitions and examples."""
    from ..techniques_catalog import CATALOG, catalog_json

    if fmt == "json":
        click.echo(json.dumps(catalog_json(), ensure_ascii=False, indent=1))
        return
    for name, entry in CATALOG.items():
        click.echo(f"{name}  ({entry['short']})")
        click.echo(f"  {entry['definition']}")
        click.echo(f"  e.g. {entry['example']}\n")


def _read_articles(stream: IO[str], source: str) -> Iterator[Article]:
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield Article.from_json(line)
        except WireFormatError as e:
            raise RecordError(f"{e}; expected analysed articles (newsprobe analyze --format jsonl)", source=source, line=n) from e


def semeval_id(article: Article, id_field: str | None) -> str:
    """The id written to the SemEval file: a meta field when asked (and present), else the article id."""
    if id_field:
        value = article.meta.get(id_field)
        if value not in (None, ""):
            return str(value)
    return article.id


@techniques.command("export")
@click.argument("analysed", type=click.File("r", encoding="utf-8"))
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="TSV file (default stdout).")
@click.option("--id-field", default="article_id", show_default=True,
              help="Meta field holding the SemEval article id; the newsprobe id is used when it is absent.")
@click.option("--min-score", type=float, default=0.0, show_default=True, help="Drop spans scored below this.")
def export_techniques(analysed: IO[str], output: IO[str], id_field: str, min_score: float) -> None:
    """Write article_id<TAB>technique<TAB>start<TAB>end from analysed JSON Lines."""
    from ..train.techniques_semeval import LabelLine, format_labels

    lines = []
    for article in _read_articles(analysed, getattr(analysed, "name", "<input>")):
        aid = semeval_id(article, id_field)
        for span in article.layer("techniques"):
            if span.score is None or span.score >= min_score:
                lines.append(LabelLine(aid, span.label, span.start, span.end))
    output.write(format_labels(lines))


@techniques.command("import")
@click.argument("labels", type=click.File("r", encoding="utf-8"))
@click.argument("articles", type=click.File("r", encoding="utf-8"))
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="JSON Lines (default stdout).")
@click.option("--id-field", default="article_id", show_default=True, help="Meta field that holds the SemEval article id.")
def import_techniques(labels: IO[str], articles: IO[str], output: IO[str], id_field: str) -> None:
    """Set the techniques layer of ARTICLES (newsprobe JSON Lines) from a SemEval LABELS file."""
    from ..train.techniques_semeval import parse_labels
    from ..stages.techniques import technique_signals
    from ..techniques_catalog import CATALOG

    by_id: dict[str, list] = {}
    for x in parse_labels(labels, source=getattr(labels, "name", "<labels>")):
        by_id.setdefault(x.article_id, []).append(x)
    used = set()
    for article in _read_articles(articles, getattr(articles, "name", "<articles>")):
        aid = semeval_id(article, id_field)
        rows = by_id.get(aid, [])
        used.add(aid)
        spans = []
        for x in rows:
            if x.end > len(article.text):
                raise InputError(f"article {aid}: span {x.start}..{x.end} runs past its text ({len(article.text)} characters); "
                                 f"check that the labels belong to these articles")
            label = x.technique or "propaganda"
            if x.technique is not None and x.technique not in CATALOG:
                click.echo(f"newsprobe: warning: unknown technique {x.technique!r} for article {aid}", err=True)
            spans.append(Span(x.start, x.end, label, attrs={"source": "imported"}))
        article.with_layer("techniques", spans)
        article.signals["techniques"] = technique_signals(article, list(article.layer("techniques")))
        output.write(article.to_json() + "\n")
    missing = sorted(set(by_id) - used)
    if missing:
        click.echo(f"newsprobe: warning: {len(missing)} article id(s) in the labels matched no article "
                   f"(first: {missing[0]}); set --id-field to the meta field holding the SemEval id", err=True)
