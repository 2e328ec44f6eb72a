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
@click.option("--offset", type=int, default=300, show_default=True,
              help="First train article used (train[:100] is the untouched evaluation slice, train[100:300] the analysis slice).")
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
def train_attribution(data_path: Path, offset: int, limit: int, out: Path | None, seed: int, c: float, threshold: float,
                      min_count: int, heldout: int, cache: Path | None) -> None:
    """Train the attribution-cue classifier on PolNeAR train articles (from article 300 on)."""
    from ..errors import ModelError
    from ..ml import attribution_model as am
    from ..train import attribution as ta

    if offset < 100:
        raise ModelError("--offset below 100 would train on train[:100], the untouched evaluation slice")
    out_dir = out or am.MODEL_DIR
    records = ta.load_records(data_path, "train", offset, limit)
    click.echo(f"parsing {len(records)} train articles from {offset} ...", err=True)
    X, y, _ = ta.examples(ta.parse_records(records, cache), records)
    model = ta.fit(X, y, seed=seed, c=c, min_count=min_count, threshold=threshold)
    model.meta.update({"data": f"PolNeAR train[{offset}:{offset + len(records)}]", "articles": len(records)})
    path = out_dir / am.ARTIFACT_NAME
    model.save(path)
    click.echo(f"wrote {path} ({path.stat().st_size} bytes, {len(model.weights)} features, {model.meta['positives']} of {len(y)} candidates positive)")
    if heldout:
        dev = ta.load_records(data_path, "dev", 0, heldout)
        Xd, yd, _ = ta.examples(ta.parse_records(dev, cache), dev)
        metrics = {"data": model.meta["data"], "heldout": f"PolNeAR dev[:{len(dev)}] candidates",
                   **ta.candidate_metrics(model, Xd, yd, (0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8))}
        (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")
        click.echo(json.dumps(metrics, indent=1, sort_keys=True))
