"""The ``newsprobe`` command line: thin commands over the library.

Each area has its own module that adds its commands to ``cli`` (or to the ``train`` group)
when imported: analyze.py (analyze, show, stages), evaluate.py, sources.py, factchecks.py,
and the trainers. Errors newsprobe raises on purpose become one-line messages with a
non-zero exit; no traceback reaches the user.
"""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from ..errors import NewsprobeError


class _Group(click.Group):
    """A click group that turns NewsprobeError into a one-line message and exit code 2."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except NewsprobeError as e:
            click.echo(f"newsprobe: error: {e}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("newsprobe: interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsprobe")
def cli() -> None:
    """Look inside news articles: stories, entities, quotes, sources, claims, hedges and
    persuasion techniques, each tied to character spans of the text."""
    from ..store import set_wait_notifier

    set_wait_notifier(lambda message: click.echo(f"newsprobe: {message}", err=True))


@cli.group()
def train() -> None:
    """Train the project's models from ../shared/data (reproducible, seeded)."""


def prepare_encoder_for_training(dense: bool) -> None:
    """One encoder thread (unless the ``encoder_threads`` setting says otherwise), given to the
    encoder before it loads (``minilm.configure_encoder``; the environment is left alone), as
    the committed models were built: multi-threaded reductions change the last digits of the
    states and the fits. With ``dense``, fail early when MiniLM is missing."""
    from ..ml.minilm import configure_encoder
    from ..settings import explain_settings, load_settings

    settings = load_settings()
    source = {v.name: v.source for v in explain_settings()}["encoder_threads"]
    configure_encoder(settings.with_(encoder_threads=1) if source == "default" else settings)
    if dense:
        from ..errors import ModelError
        from ..ml.sentence_states import available

        ok, why = available()
        if not ok:
            raise ModelError(f"the MiniLM encoder is not available ({why}); install it with `bash scripts/setup.sh`, "
                             f"or train the sparse model only with --no-dense")


for _module in ("analyze", "export", "evaluate", "sources", "factchecks", "config", "corpus", "corpus_clusters", "corpus_report", "serve", "train_claims", "train_hedges", "train_techniques", "train_factchecks", "train_attribution"):
    try:
        importlib.import_module(f"{__name__}.{_module}")
    except ModuleNotFoundError as _e:  # a face whose module is not written yet
        if _e.name != f"{__name__}.{_module}":
            raise
