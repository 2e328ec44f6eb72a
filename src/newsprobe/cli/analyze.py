"""``newsprobe analyze``, ``show``, ``stages`` and ``articles``: thin commands over the library."""

from __future__ import annotations

import json
import os
import sys
from typing import IO, Iterator

import click

from . import cli
from ..api import load_pipeline
from ..article import Article
from ..errors import NewsprobeError
from ..ingest import Document, read_documents
from ..settings import load_settings
from ..textnorm import printable
from ..textsummary import summarize

FORMATS = ("text", "json", "jsonl", "html")


def _infer_format(output: str | None, given: str | None) -> str:
    if given:
        return given
    if output:
        ext = os.path.splitext(output)[1].lower().lstrip(".")
        if ext in ("json", "jsonl", "html"):
            return ext
        if ext == "htm":
            return "html"
    return "text"


def _warn(message: str) -> None:
    click.echo(printable(f"newsprobe: {message}"), err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: from --output's extension, else text).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
@click.option("--store", type=click.Path(dir_okay=False), help="DuckDB store file (default: the `store` setting).")
@click.option("--no-store", is_flag=True, help="Do not write results to the store.")
@click.option("--stages", help="Comma-separated stages to run (default: all; see `newsprobe stages`).")
@click.option("--input-format", type=click.Choice(["auto", "text", "html", "jsonl", "csv", "tsv", "json"]), default="auto", show_default=True)
@click.option("--encoding", help="Encoding of text files when not UTF-8 (e.g. cp1252).")
@click.option("--text-field", default="text", show_default=True, help="Record field holding the article text (JSONL/CSV).")
@click.option("--title-field", default="title", show_default=True)
@click.option("--id-field", default="id", show_default=True)
@click.option("--url-field", default="url", show_default=True)
@click.option("--outlet-field", default="outlet", show_default=True)
@click.option("--published-field", default="published", show_default=True)
@click.option("--skip-existing", is_flag=True, help="Skip articles whose id is already in the store (resume a run).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
def analyze(paths: tuple[str, ...], fmt: str | None, output: str | None, store: str | None, no_store: bool,
            stages: str | None, input_format: str, encoding: str | None, text_field: str, title_field: str,
            id_field: str, url_field: str, outlet_field: str, published_field: str, skip_existing: bool,
            quiet: bool) -> None:
    """Analyse articles: files (text, HTML, JSONL, CSV, JSON), directories, or - for stdin.

    Bad inputs get a one-line message each and the rest of the batch goes on; the exit code is
    1 when anything failed. Results go to the store (unless --no-store) and to the output.
    """
    settings = load_settings(store=store, stages=stages)
    fmt = _infer_format(output, fmt)
    field_map = {"text": text_field, "title": title_field, "id": id_field, "url": url_field,
                 "outlet": outlet_field, "published": published_field}
    docs = list(read_documents(paths, settings=settings, field_map=field_map, encoding=encoding,
                               kind=None if input_format == "auto" else input_format))
    good = [d for d in docs if d.ok]
    bad = [d for d in docs if not d.ok]
    for d in bad:
        _warn(f"skipped {d.error}")

    db = None
    run_id = None
    if not no_store:
        from ..store import Store

        db = Store(settings.store)
        run_id = db.start_run("analyze " + " ".join(paths), {"stages": settings.stage_names})
        for d in bad:
            db.record_failure(run_id, d.source, getattr(d.error, "reason", str(d.error)), d.line)
    if skip_existing and db is not None:
        before = len(good)
        good = [d for d in good if not db.has_article(d.article.id)]  # type: ignore[union-attr]
        if not quiet and before != len(good):
            _warn(f"skipping {before - len(good)} article(s) already in {settings.store}")

    pipeline = load_pipeline(settings)
    analysed: list[tuple[Document, Article]] = []
    stage_failures = 0
    show_bar = not quiet and len(good) > settings.progress_min and sys.stderr.isatty()
    # jsonl and text are written as each article is done, so a crashed run keeps what it finished
    stream = _open_sink(output) if fmt in ("jsonl", "text") else None
    try:
        with click.progressbar(length=len(good), label="analysing", file=sys.stderr) if show_bar else _nullbar() as bar:
            for d, article in zip(good, pipeline.pipe(d.article for d in good)):  # type: ignore[misc]
                for err in article.provenance.get("errors", []):
                    stage_failures += 1
                    _warn(f"{d.source}: stage {err['stage']} failed: {err['error']}")
                    if db is not None:
                        db.record_failure(run_id, d.source, f"stage {err['stage']}: {err['error']}", d.line)
                if db is not None:
                    db.put_article(article, run_id=run_id, source=d.source)
                if stream is not None:
                    stream.write(article.to_json() + "\n" if fmt == "jsonl" else
                                 ("\n" if analysed else "") + printable(summarize(article, source=d.source)) + "\n")
                    stream.flush()
                else:
                    analysed.append((d, article))
                bar.update(1)
                if stream is not None:
                    analysed.append((d, _Done(article)))  # keep counts, not whole articles
    finally:
        if stream is not None and stream is not sys.stdout:
            stream.close()

    failures = [(d.source, getattr(d.error, "reason", str(d.error))) for d in bad]
    if stream is None:
        _write_output([a for _, a in analysed], [d.source for d, _ in analysed], fmt, output, failures)
    if db is not None:
        db.finish_run(run_id, n_ok=len(analysed), n_failed=len(bad))  # type: ignore[arg-type]
        db.close()
    if not quiet:
        words = sum(len(a.text.split()) for _, a in analysed)
        layers = {}
        for _, a in analysed:
            for name, spans in a.layers.items():
                layers[name] = layers.get(name, 0) + len(spans)
        parts = [f"analysed {len(analysed)} article(s), {words} words"]
        if layers:
            parts.append(", ".join(f"{n} {k}" for k, n in layers.items() if k != "sentences"))
        if bad:
            parts.append(f"{len(bad)} input(s) failed")
        if db is not None:
            parts.append(f"stored in {settings.store}")
        if output:
            parts.append(f"wrote {output}")
        _warn("; ".join(parts))
    if bad or stage_failures:
        sys.exit(1)


class _Done:
    """What the summary line needs of an article already written out."""

    def __init__(self, article: Article) -> None:
        self.text = article.text
        self.layers = {k: v for k, v in article.layers.items()}


def _open_sink(output: str | None) -> IO[str]:
    if not output:
        return sys.stdout
    try:
        return open(output, "w", encoding="utf-8")
    except OSError as e:
        raise NewsprobeError(f"cannot write {output}: {e.strerror or e}") from e


class _nullbar:
    def __enter__(self) -> "_nullbar":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


def _write_output(articles: list[Article], sources: list[str], fmt: str, output: str | None,
                  failures: list[tuple[str, str]]) -> None:
    if fmt == "html":
        from ..report import render_html

        content = render_html(articles, failures=failures)
    elif fmt == "json":
        content = json.dumps([a.to_dict() for a in articles], ensure_ascii=False, indent=2) + "\n"
    elif fmt == "jsonl":
        content = "".join(a.to_json() + "\n" for a in articles)
    else:
        content = printable("\n\n".join(summarize(a, source=s) for a, s in zip(articles, sources)) + ("\n" if articles else ""))
    if output:
        try:
            with open(output, "w", encoding="utf-8") as f:
                f.write(content)
        except OSError as e:
            raise NewsprobeError(f"cannot write {output}: {e.strerror or e}") from e
    else:
        click.echo(content, nl=False)


@cli.command()
@click.argument("article_id")
@click.option("--store", type=click.Path(dir_okay=False), help="DuckDB store file (default: the `store` setting).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True))
def show(article_id: str, store: str | None, fmt: str, output: str | None) -> None:
    """Show a stored article by id (or a unique prefix of it)."""
    settings = load_settings(store=store)
    if not os.path.exists(settings.store):
        raise NewsprobeError(f"no store at {settings.store}; run `newsprobe analyze ...` first or pass --store")
    from ..store import Store

    with Store(settings.store) as db:
        article = db.get_article(article_id)
    if article is None:
        raise NewsprobeError(f"no article {article_id!r} in {settings.store}; `newsprobe articles` lists them")
    _write_output([article], [article.meta.get("source") or article.id], fmt, output, [])


@cli.command()
@click.option("--store", type=click.Path(dir_okay=False))
@click.option("--limit", default=50, show_default=True)
def articles(store: str | None, limit: int) -> None:
    """List stored articles, newest first."""
    settings = load_settings(store=store)
    if not os.path.exists(settings.store):
        raise NewsprobeError(f"no store at {settings.store}; run `newsprobe analyze ...` first or pass --store")
    from ..store import Store

    with Store(settings.store) as db:
        for row in db.list_articles(limit):
            click.echo(printable(f"{row['id']}  {str(row['title'] or '')[:60]:60}  {row['n_chars']:>7} chars  {row['source'] or ''}"))


@cli.command("stages")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stages_cmd(fmt: str) -> None:
    """List the pipeline's stages with what each requires and assigns."""
    from ..registry import registered_stages

    settings = load_settings()
    specs = registered_stages()
    rows = []
    for name in settings.stage_names:
        spec = specs.get(name)
        if spec:
            rows.append({"name": spec.name, "version": spec.version, "requires": list(spec.requires),
                         "assigns": list(spec.assigns), "languages": list(spec.languages), "doc": spec.doc})
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        click.echo(f"{r['name']:<11} v{r['version']:<3} requires {', '.join(r['requires']) or '-':<40} assigns {', '.join(r['assigns'])}")
        click.echo(f"            {r['doc']}" + (f" [languages: {', '.join(r['languages'])}]" if r["languages"] else ""))
