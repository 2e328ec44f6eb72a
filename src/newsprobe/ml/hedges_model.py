"""Token-level hedge-cue classifier: features, the model and its JSON artifact (training and
cross-validation: :mod:`newsprobe.train.hedges`).

What: a linear model (multinomial logistic regression) labels *candidate* tokens of a spaCy
parse as ``B`` (first token of a speculation cue), ``I`` (inside one) or ``O``. Candidates are
tokens whose lower-cased form or lemma was seen inside a cue in training or is in the Islam
2020 hedge lexicon; every other token is ``O`` without asking the model.

Why this shape: hedge cues are a near-closed vocabulary whose members are ambiguous in
context ("may" the month, "appear on stage", "I suggest you ..."), so a context classifier
over a small candidate set is accurate and cheap: an article costs one set lookup per token
and a handful of dictionary sums, with no per-token model call.

The artifact is plain JSON (gzip): feature weights per class, the candidate vocabulary and
the lexicon terms. Loading it never unpickles anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from ..errors import ModelError
from .artifacts import read_json_gz, write_json_gz

ARTIFACT_NAME = "hedges_model.json.gz"
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "hedges"
FORMAT = "newsprobe-hedges/1"
CLASSES: tuple[str, ...] = ("O", "B", "I")

#: Cues SFU/BioScope annotate as speculation that in news are mostly conditionals,
#: disjunctions, ability or obligation; the news stage drops them (see docs/hedges.md).
NEWS_EXCLUDED: frozenset[str] = frozenset(
    {"if", "or", "either", "and", "nor", "neither", "without", "no", "and/or", "and / or",
     "can", "would", "should", "must", "shall", "will", "'d", "ought", "need"}
)


# --- features ---------------------------------------------------------------------------


def _low(tok: Any) -> str:
    return tok.lower_.replace("\u2019", "'").replace("\x92", "'")


def sent_bounds(doc: Any) -> list[tuple[int, int]]:
    """``(sentence start, sentence end)`` token indices for every token, computed once per doc
    (``Token.sent`` walks the sentence each time, quadratic on a 10,000-word sentence)."""
    cached = doc.user_data.get("newsprobe_sent_bounds")
    if cached is not None and len(cached) == len(doc):
        return cached
    bounds: list[tuple[int, int]] = [(0, len(doc))] * len(doc)
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            bounds[i] = (sent.start, sent.end)
    doc.user_data["newsprobe_sent_bounds"] = bounds
    return bounds


def token_features(tok: Any, lexicon: frozenset[str]) -> list[str]:
    """Binary feature names for one spaCy token in context (sentence-bounded neighbours)."""
    doc = tok.doc
    i = tok.i
    s_start, s_end = sent_bounds(doc)[i]
    low = _low(tok)
    lemma = tok.lemma_.lower()
    feats = [
        "bias",
        f"w={low}",
        f"l={lemma}",
        f"t={tok.tag_}",
        f"d={tok.dep_}",
        f"w|t={low}|{tok.tag_}",
        f"w|d={low}|{tok.dep_}",
        f"hl={tok.head.lemma_.lower()}",
        f"hp={tok.head.pos_}",
        f"w|hp={low}|{tok.head.pos_}",
        f"lex={lemma in lexicon or low in lexicon}",
        f"cap={tok.is_title}",
    ]
    if tok.i == s_start:
        feats.append("first")
    for k in (-2, -1, 1, 2):
        j = i + k
        if s_start <= j < s_end:
            other = doc[j]
            feats.append(f"w{k}={_low(other)}")
            feats.append(f"t{k}={other.tag_}")
            if abs(k) == 1:
                feats.append(f"w|w{k}={low}|{_low(other)}")
                feats.append(f"w|t{k}={low}|{other.tag_}")
        else:
            feats.append(f"w{k}=<s>")
    for child in tok.children:
        feats.append(f"c={child.dep_}")
        feats.append(f"w|c={low}|{child.dep_}")
        if child.dep_ in ("nsubj", "nsubjpass", "expl", "neg", "mark", "prep", "dobj", "aux"):
            feats.append(f"w|c|cw={low}|{child.dep_}|{_low(child)}")
    return feats


# --- model ------------------------------------------------------------------------------


@dataclass
class HedgeModel:
    """Candidate vocabulary plus per-class linear weights over token features."""

    vocab: frozenset[str]
    lexicon: frozenset[str]
    weights: dict[str, list[float]]  # feature -> weight per class in CLASSES order
    meta: dict[str, Any] = field(default_factory=dict)

    def is_candidate(self, tok: Any) -> bool:
        return _low(tok) in self.vocab or tok.lemma_.lower() in self.vocab

    def scores(self, toks: Sequence[Any]) -> list[list[float]]:
        """Class probabilities (O, B, I) for each token."""
        out = []
        w = self.weights
        for tok in toks:
            z = [0.0, 0.0, 0.0]
            for f in token_features(tok, self.lexicon):
                row = w.get(f)
                if row is not None:
                    z[0] += row[0]
                    z[1] += row[1]
                    z[2] += row[2]
            m = max(z)
            e = [math.exp(v - m) for v in z]
            s = sum(e)
            out.append([v / s for v in e])
        return out

    def cues(self, doc: Any) -> list[tuple[int, int, float]]:
        """Cue token ranges ``(first_token_i, end_token_i, score)`` found in a spaCy doc."""
        cands = [t for t in doc if self.is_candidate(t)]
        if not cands:
            return []
        probs = self.scores(cands)
        found: list[tuple[int, int, float]] = []
        for tok, p in zip(cands, probs):
            label = max(range(3), key=lambda k: p[k])
            if label == 0:
                continue
            cue_p = p[1] + p[2]
            if found and label == 2 and found[-1][1] == tok.i:
                s, _, sc = found[-1]
                found[-1] = (s, tok.i + 1, min(sc, cue_p))
            elif found and found[-1][1] == tok.i and label == 1 and _joins(doc, found[-1][0], tok.i):
                s, _, sc = found[-1]
                found[-1] = (s, tok.i + 1, min(sc, cue_p))
            else:
                found.append((tok.i, tok.i + 1, cue_p))
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "classes": list(CLASSES),
            "vocab": sorted(self.vocab),
            "lexicon": sorted(self.lexicon),
            "weights": self.weights,
            "meta": self.meta,
        }

    def save(self, path: Path) -> None:
        write_json_gz(path, self.to_json())  # the same model gives the same bytes


def _joins(doc: Any, start: int, i: int) -> bool:
    """A B right after a cue continues it only for n't-style clitics ("could n't")."""
    return doc[i].lower_ in ("n't", "not", "\x92t")


def load_model(path: Path | None = None) -> HedgeModel:
    """Load the JSON artifact (default: the one shipped in newsprobe/models/hedges)."""
    path = path or (MODEL_DIR / ARTIFACT_NAME)
    data = read_json_gz(path, "hedge model", "newsprobe train hedges")
    if data.get("format") != FORMAT:
        raise ModelError(f"hedge model {path} has format {data.get('format')!r}, expected {FORMAT!r}; run `newsprobe train hedges`")
    return HedgeModel(
        vocab=frozenset(data["vocab"]),
        lexicon=frozenset(data["lexicon"]),
        weights={k: [float(x) for x in v] for k, v in data["weights"].items()},
        meta=data.get("meta", {}),
    )
