"""``newsprobe train factchecks``: fine-tune the fact-check encoder and fit its re-ranker (seeded)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from . import train

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


@train.command("factchecks")
@click.option("--data-dir", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True,
              help="The project's shared data folder (clef2020-claim-retrieval).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where to write the model (default: the packaged src/newsprobe/models/factchecks/).")
@click.option("--cache", type=click.Path(path_type=Path), default=None,
              help="Folder for cached states, vectors and fold encoders (default: <tmp>/newsprobe-factchecks).")
@click.option("--folds", type=click.IntRange(2, 10), default=2, show_default=True,
              help="Out-of-fold fine-tuning runs that give the re-ranker honest cosine features.")
@click.option("--epochs", type=int, default=4, show_default=True)
@click.option("--lr", type=float, default=1e-4, show_default=True)
@click.option("--frozen", type=click.IntRange(0, 5), default=3, show_default=True, help="Lower layers kept as packaged.")
@click.option("--hard-negatives", type=int, default=3, show_default=True, help="Hard negatives per pair and epoch.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--cross/--no-cross", default=False, show_default=True,
              help="Also train the cross-encoder that re-orders the first candidates (cross.safetensors, cross.json; not shipped: no gain on dev, 6x slower).")
@click.option("--cross-epochs", type=int, default=2, show_default=True)
@click.option("--cross-lr", type=float, default=1e-4, show_default=True)
@click.option("--cross-frozen", type=click.IntRange(0, 5), default=3, show_default=True,
              help="Lower layers of the cross-encoder kept as packaged (their pair states are cached).")
@click.option("--cross-init", type=click.Choice(["encoder", "packaged"]), default="encoder", show_default=True,
              help="Start the cross-encoder's trained layers from the fine-tuned bi-encoder or the packaged MiniLM.")
def train_factchecks(data_dir: Path, out: Path | None, cache: Path | None, folds: int, epochs: int, lr: float,
                     frozen: int, hard_negatives: int, seed: int, cross: bool, cross_epochs: int, cross_lr: float,
                     cross_frozen: int, cross_init: str) -> None:
    """Fine-tune MiniLM's top layers on the CLEF 2020 train tweets (needs torch:
    pip install -r requirements-train.txt) and fit the re-ranker on out-of-fold features.
    Prints train cross-validation numbers; the dev tweets are left for eval/factcheck_map.py.
    CPU only, on a busy 2-core machine: about 5 minutes per half-data fold run and
    11 for the run on all train tweets (each cached in --cache); the cross-encoder (--cross) about
    15 minutes per half-data fold and 30 for the run on all train tweets, on one core."""
    try:
        import torch  # noqa: F401
    except ModuleNotFoundError:
        raise click.ClickException("training the fact-check encoder needs torch: pip install -r requirements-train.txt")
    from ..train.factchecks_data import load_clef
    from ..ml.factcheck_model import MODEL_DIR
    from ..train.factchecks_torch import TrainConfig
    from ..train.factchecks import train_all

    config = TrainConfig(frozen=frozen, epochs=epochs, lr=lr, hard_negatives=hard_negatives, seed=seed)
    cache_dir = cache or Path(tempfile.gettempdir()) / "newsprobe-factchecks"
    out_dir = out or MODEL_DIR
    clef = load_clef(data_dir)
    cross_config = None
    if cross:
        from ..train.factchecks_cross_torch import CrossTrainConfig

        cross_config = CrossTrainConfig(frozen=cross_frozen, epochs=cross_epochs, lr=cross_lr, init=cross_init, seed=seed)
    metrics = train_all(clef, out_dir, cache_dir, config, folds=folds, log=lambda m: click.echo(m, err=True), cross=cross_config)
    click.echo(f"wrote {out_dir}")
    click.echo(json.dumps(metrics, indent=1))
    click.echo("dev MAP@5: newsprobe factchecks import-snopes --db S  (re-embeds with this encoder), then "
               "python eval/factcheck_map.py --db S --split dev")
