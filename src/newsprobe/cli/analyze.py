"""``newsprobe analyze``, ``show``, ``stages`` and ``articles``: thin commands over the library.

``analyze`` is ``newsprobe.run.run`` with sinks chosen from the options; ``show`` and
``articles`` read the store read-only (``newsprobe.store.Store``), so they work while another
process writes it (they wait for the writer's current batch; docs/store.md).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from . import cli
from .output import output_format, rows_to_csv, rows_to_json, rows_to_jsonl, write_output
from ..article import Article
from ..errors import NewsprobeError
from ..ingest import read_documents
from ..settings import load_settings
from ..textnorm import printable
from ..render import summarize

FORMATS = ("text", "json", "jsonl", "html")
SHOW_FORMATS = ("text", "json", "jsonl", "html", "csv")
LIST_FORMATS = ("text", "json", "jsonl", "csv")


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
    from ..run import JsonlSink, ListSink, StoreSink, TextSink, run, summary_line

    settings = load_settings(store=store, stages=stages)
    fmt = output_format(output, fmt, FORMATS)
    output = None if output == "-" else output
    field_map = {"text": text_field, "title": title_field, "id": id_field, "url": url_field,
                 "outlet": outlet_field, "published": published_field}
    # streamed: a corpus is never held in memory, so the progress line counts without a total
    docs = read_documents(paths, settings=settings, field_map=field_map, encoding=encoding,
                          kind=None if input_format == "auto" else input_format)
    sinks: list[Any] = []
    if not no_store:
        sinks.append(StoreSink(settings.store, on_wait=_warn))
    collected = None
    # jsonl and text are written as each batch is done, so a crashed run keeps what it finished
    if fmt == "jsonl":
        sinks.append(JsonlSink(output))
    elif fmt == "text":
        sinks.append(TextSink(output, render=lambda a, source: printable(summarize(a, source=source))))
    else:
        collected = ListSink()
        sinks.append(collected)
    show_progress = not quiet and sys.stderr.isatty()
    shown = [False]

    def progress(done: int, total: int | None) -> None:
        if done > settings.progress_min:
            shown[0] = True
            click.echo(f"\ranalysing: {done} document(s) done", nl=False, err=True)

    def on_failure(f: Any) -> None:
        _warn(str(f) if f.stage else f"skipped {f}")

    def on_skip(n: int) -> None:
        if not quiet:
            _warn(f"skipping {n} article(s) already in {settings.store}")

    try:
        summary = run(docs, sinks=sinks, settings=settings, command="analyze " + " ".join(paths),
                      skip_existing=skip_existing and not no_store, on_failure=on_failure, on_skip=on_skip,
                      progress=progress if show_progress else None)
    finally:
        if shown[0]:
            click.echo("", err=True)
    if collected is not None:
        failures = [(f.source, f.message) for f in collected.failures if f.stage is None]
        write_output(_render(collected.articles, collected.sources, fmt, failures), output)
    if not quiet:
        parts = [summary_line(summary)]
        if not no_store:
            parts.append(f"stored in {settings.store}")
        if output:
            parts.append(f"wrote {output}")
        _warn("; ".join(parts))
    if not summary.ok:
        sys.exit(1)


def _render(articles: list[Article], sources: list[str], fmt: str, failures: list[tuple[str, str]]) -> str:
    if fmt == "html":
        from ..render import render_html

        return render_html(articles, failures=failures)
    if fmt == "json":
        return json.dumps([a.to_dict() for a in articles], ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(a.to_json() + "\n" for a in articles)
    if fmt == "csv":
        from ..export import SPAN_COLUMNS, span_rows

        return rows_to_csv((r for a in articles for r in span_rows(a)), SPAN_COLUMNS)
    return printable("\n\n".join(summarize(a, source=s) for a, s in zip(articles, sources)) + ("\n" if articles else ""))


def _reader(store: str | None) -> Any:
    """The store, opened read-only (waits, with a message, while another process writes it)."""
    from ..store import Store

    settings = load_settings(store=store)
    return Store(settings.store, read_only=True, wait=settings.store_wait, on_wait=_warn)


@cli.command()
@click.argument("article_id")
@click.option("--store", type=click.Path(dir_okay=False), help="DuckDB store file (default: the `store` setting).")
@click.option("--format", "fmt", type=click.Choice(SHOW_FORMATS),
              help="text (the terminal summary), json/jsonl (newsprobe/1), html (the report), csv (its spans with their text); default: from -o's extension, else text.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True))
def show(article_id: str, store: str | None, fmt: str | None, output: str | None) -> None:
    """Show a stored article by id (or a unique prefix of it; `newsprobe articles` lists them)."""
    fmt = output_format(output, fmt, SHOW_FORMATS)
    with _reader(store) as db:
        article = db.get_article(article_id)
        path = db.path
    if article is None:
        raise NewsprobeError(f"no article {article_id!r} in {path}; `newsprobe articles` lists them")
    write_output(_render([article], [article.meta.get("source") or article.id], fmt, []), output)


ARTICLE_COLUMNS = ("id", "title", "url", "outlet", "published", "n_chars", "source", "run_id", "analyzed_at")


@cli.command()
@click.option("--store", type=click.Path(dir_okay=False), help="DuckDB store file (default: the `store` setting).")
@click.option("--limit", default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(LIST_FORMATS), help="Default: from -o's extension, else text.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True))
def articles(store: str | None, limit: int, fmt: str | None, output: str | None) -> None:
    """List stored articles, newest first."""
    fmt = output_format(output, fmt, LIST_FORMATS)
    with _reader(store) as db:
        rows = db.list_articles(limit)
    for r in rows:
        r["analyzed_at"] = str(r["analyzed_at"]) if r["analyzed_at"] is not None else None
    if fmt == "json":
        content = rows_to_json(rows)
    elif fmt == "jsonl":
        content = rows_to_jsonl(rows)
    elif fmt == "csv":
        content = rows_to_csv(rows, ARTICLE_COLUMNS)
    else:
        content = "".join(
            printable(f"{r['id']}  {str(r['title'] or '')[:60]:60}  {r['n_chars']:>7} chars  {r['source'] or ''}") + "\n"
            for r in rows
        )
    write_output(content, output)


STAGE_COLUMNS = ("name", "version", "requires", "assigns", "languages", "doc")


@cli.command("stages")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), help="Default: from -o's extension, else text.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True))
def stages_cmd(fmt: str | None, output: str | None) -> None:
    """List the pipeline's stages with what each requires and assigns."""
    fmt = output_format(output, fmt, ("text", "json", "csv"))
    from ..api import describe_stages

    rows = describe_stages()
    if fmt == "json":
        content = json.dumps(rows, indent=2) + "\n"
    elif fmt == "csv":
        content = rows_to_csv(({**r, "requires": ",".join(r["requires"]), "assigns": ",".join(r["assigns"]),
                                "languages": ",".join(r["languages"])} for r in rows),
                              STAGE_COLUMNS)
    else:
        content = "".join(
            f"{r['name']:<11} v{r['version']:<3} requires {', '.join(r['requires']) or '-':<40} assigns {', '.join(r['assigns']):<12}"
            f" languages {', '.join(r['languages']) or 'any'}\n"
            f"            {r['doc']}\n"
            for r in rows
        )
    write_output(content, output)
