"""``newsprobe train attribution``: rebuild the attribution-cue model from PolNeAR (seeded)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import train

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polnear-attribution" / "polnear.jsonl.gz"


@train.command("attribution")
@click.option("--data", "data_path", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True,
              help="PolNeAR as JSON Lines (polnear.jsonl.gz).")
@click.option("--offset", type=int, default=100, show_default=True,
              help="First train article used (train[:100] is the untouched evaluation slice and is refused; since quotes v61 the shipped models start at 100).")
@click.option("--limit", type=int, default=0, show_default=True, help="Use only this many articles (0: all from --offset on).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where to write the artifact (default: the packaged src/newsprobe/models/attribution/).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--c", "c", type=float, default=0.2, show_default=True, help="Inverse L2 strength of the logistic regression.")
@click.option("--threshold", type=float, default=0.25, show_default=True,
              help="Probability from which a candidate becomes an attribution (chosen on dev; see the model card).")
@click.option("--min-count", type=int, default=2, show_default=True, help="Keep features seen in at least this many candidates.")
@click.option("--heldout", type=int, default=0, show_default=True,
              help="Also score the candidates of this many dev articles and write metrics.json next to the artifact.")
@click.option("--cache", type=click.Path(path_type=Path), default=None,
              help="Keep the parses in this folder (outside the repository: it holds article text) and reuse them.")
@click.option("--dense/--no-dense", default=True, show_default=True,
              help="Also fit the model with MiniLM blocks (attribution_dense.json.gz; needs the encoder).")
@click.option("--components", type=int, default=96, show_default=True, help="Principal components of the MiniLM states (dense model).")
@click.option("--alpha", type=float, default=1.0, show_default=True, help="Scale of the whitened components (dense model).")
def train_attribution(data_path: Path, offset: int, limit: int, out: Path | None, seed: int, c: float, threshold: float,
                      min_count: int, heldout: int, cache: Path | None, dense: bool, components: int, alpha: float) -> None:
    """Train the attribution-cue classifiers on PolNeAR train articles (from article 100 on): the
    sparse one (the fallback) and, unless --no-dense, the one with MiniLM blocks."""
    from ..errors import ModelError
    from ..ml import attribution_model as am
    from ..train import attribution as ta
    from ..train import attribution_dense as tad

    if offset < 100:
        raise ModelError("--offset below 100 would train on train[:100], the untouched evaluation slice")
    out_dir = out or am.MODEL_DIR
    records = ta.load_records(data_path, "train", offset, limit)
    click.echo(f"parsing {len(records)} train articles from {offset} ...", err=True)
    parsed = ta.parse_records(records, cache)
    if dense:
        X, y, _, D = tad.examples_with_states(parsed, records)
    else:
        X, y, _ = ta.examples(parsed, records)
    data = {"data": f"PolNeAR train[{offset}:{offset + len(records)}]", "articles": len(records)}
    models = [(am.ARTIFACT_NAME, ta.fit(X, y, seed=seed, c=c, min_count=min_count, threshold=threshold))]
    if dense:
        models.append((am.DENSE_ARTIFACT_NAME, tad.fit_dense(X, y, D, seed=seed, c=c, min_count=min_count, k=components,
                                                             alpha=alpha, threshold=threshold)))
    for name, model in models:
        model.meta.update(data)
        path = out_dir / name
        model.save(path)
        click.echo(f"wrote {path} ({path.stat().st_size} bytes, {len(model.weights)} features, {model.meta['positives']} of {len(y)} candidates positive)")
    if heldout:
        dev = ta.load_records(data_path, "dev", 0, heldout)
        dev_parsed = ta.parse_records(dev, cache)
        thresholds = (0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
        if dense:
            Xd, yd, _, Dd = tad.examples_with_states(dev_parsed, dev)
        else:
            Xd, yd, _ = ta.examples(dev_parsed, dev)
        metrics = {"data": data["data"], "heldout": f"PolNeAR dev[:{len(dev)}] candidates",
                   **ta.candidate_metrics(models[0][1], Xd, yd, thresholds)}
        if dense:
            metrics["dense"] = ta.candidate_metrics(models[1][1], Xd, yd, thresholds, tad.dense_probabilities(models[1][1], Xd, Dd))
        (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")
        click.echo(json.dumps(metrics, indent=1, sort_keys=True))
