"""Attribution-cue classifier: features of a (cue token, content reading) candidate, the model
and its JSON artifact (training: :mod:`newsprobe.train.attribution`).

What: a binary logistic regression scores a *candidate attribution*: a token of the spaCy
parse read as the cue ("talked", "critical", "disdain", "seems"), one way of reading its
content off the parse (its clausal complement, its ``xcomp``, the object of "about" / "of" /
"for", its direct object, ...; see ``stages.quote_learned``) and its subject. The positive
class means: PolNeAR would mark this token as the cue of an attribution whose content is
(at least half) this span and whose source is this subject.

Why this shape: the cues of reported speech without quote marks are a long tail ("has been
critical of", "talked about", "seems", "disdain for") that no word list reaches, but they
look alike in the parse: a clause, a "that", an "about" object hangs on them, and a person is
their subject. A linear model over parse features learns that from PolNeAR's annotations and
costs a few dictionary sums per candidate.

The artifact is plain JSON (gzip): one weight per feature name, the bias and the threshold.
It holds feature names (words, lemmas, tags, dependency labels) and numbers, no text of the
training articles. Loading it never unpickles anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .artifacts import read_json_gz, write_json_gz
from .attribution_dense import DenseWeights

ARTIFACT_NAME = "attribution_model.json.gz"
#: The model with MiniLM state blocks (``ml.attribution_dense``); the sparse one is its fallback.
DENSE_ARTIFACT_NAME = "attribution_dense.json.gz"
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution"
FORMAT = "newsprobe-attribution/1"
#: The format of a model with dense blocks.
DENSE_FORMAT = "newsprobe-attribution/2"

#: Dependencies of children worth naming in a feature (with the child's word for some).
_CHILD_DEPS = frozenset("ccomp xcomp nsubj nsubjpass dobj prep acomp attr aux auxpass neg mark advmod agent acl relcl prt poss".split())
_CHILD_WORDS = frozenset("prep mark aux neg prt agent".split())


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8-15" if n <= 15 else "16+"


def candidate_features(tok: Any, kind: str, n_tokens: int, subj: Any | None, lists: str, head: Any | None = None,
                       first_word: str = "", before: bool = False) -> list[str]:
    """Binary feature names for one candidate: the cue token ``tok`` in its parse, the content
    reading ``kind`` (``clause``, ``xcomp``, ``prep:about``, ``dobj``, ...), the content's
    length in tokens, the subject token (or None) and ``lists``, the hand lists the lemma is
    on (``speech``, ``belief``, ..., or ``none``); ``head`` the token the content hangs from,
    ``first_word`` the content's first word and ``before`` whether it comes before the cue."""
    doc = tok.doc
    i = tok.i
    low = tok.lower_
    lemma = tok.lemma_.lower()
    head = tok.head
    feats = [
        "bias",
        f"k={kind}",
        f"l={lemma}",
        f"l|k={lemma}|{kind}",
        f"p={tok.pos_}",
        f"t={tok.tag_}",
        f"d={tok.dep_}",
        f"p|k={tok.pos_}|{kind}",
        f"d|k={tok.dep_}|{kind}",
        f"t|k={tok.tag_}|{kind}",
        f"l|d={lemma}|{tok.dep_}",
        f"w={low}",
        f"hl={head.lemma_.lower()}",
        f"hp={head.pos_}",
        f"hd={head.dep_}",
        f"l|hl={lemma}|{head.lemma_.lower()}",
        f"n={_bucket(n_tokens)}",
        f"n|k={_bucket(n_tokens)}|{kind}",
        f"lists={lists}",
        f"lists|k={lists}|{kind}",
        f"cap={tok.is_title}",
    ]
    feats += [f"first={first_word}", f"k|first={kind}|{first_word}", f"before={before}", f"before|k={before}|{kind}",
              f"l|first={lemma}|{first_word}", f"l|s={lemma}|{subj.pos_ if subj is not None else 'none'}",
              f"l|k|n={lemma}|{kind}|{_bucket(n_tokens)}"]
    if head is not None:
        hk = near_children(head)
        feats += [
            f"c.p={head.pos_}",
            f"c.p|k={head.pos_}|{kind}",
            f"c.subj={any(g.dep_ in ('nsubj', 'nsubjpass', 'expl') for g in hk)}|{kind}",
            f"c.mark={next((g.lower_ for g in hk if g.dep_ == 'mark'), '-')}",
            f"c.aux={next((g.lower_ for g in hk if g.dep_ == 'aux'), '-')}",
            f"c.e={head.ent_type_ or '-'}|{kind}",
        ]
    if subj is None:
        feats += ["s=none", f"s=none|k={kind}", f"s=none|l={lemma}"]
    else:
        feats += [
            f"s.p={subj.pos_}",
            f"s.e={subj.ent_type_ or '-'}",
            f"s.d={subj.dep_}",
            f"s.p|k={subj.pos_}|{kind}",
            f"s.e|l={subj.ent_type_ or '-'}|{lemma}",
            f"s.w={subj.lower_}" if subj.pos_ == "PRON" else f"s.pp={subj.pos_}|{subj.tag_}",
        ]
    for k in (-2, -1, 1, 2):
        j = i + k
        if 0 <= j < len(doc):
            other = doc[j]
            feats.append(f"w{k}={other.lower_}")
            feats.append(f"p{k}={other.pos_}")
            if abs(k) == 1:
                feats.append(f"l|w{k}={lemma}|{other.lower_}")
        else:
            feats.append(f"w{k}=<s>")
    for child in near_children(tok):
        dep = child.dep_
        if dep not in _CHILD_DEPS:
            continue
        feats.append(f"c={dep}")
        feats.append(f"c|k={dep}|{kind}")
        feats.append(f"l|c={lemma}|{dep}")
        if dep in _CHILD_WORDS:
            feats.append(f"c|w={dep}|{child.lower_}")
            feats.append(f"l|c|w={lemma}|{dep}|{child.lower_}")
        if dep == "ccomp":
            mark = next((g.lower_ for g in near_children(child) if g.dep_ == "mark"), "-")
            feats.append(f"ccomp.mark={mark}")
    if head is not tok:
        for sib in near_children(head):
            if sib.dep_ in ("aux", "auxpass", "neg") and sib.i < head.i:
                feats.append(f"h.{sib.dep_}={sib.lower_}")
    return feats


def near_children(tok: Any, near: int = 80) -> list[Any]:
    """``tok``'s children within ``near`` tokens (spaCy's ``.children`` scans the whole
    subtree, which is quadratic over one endless unpunctuated "sentence")."""
    if tok.right_edge.i - tok.left_edge.i <= 2 * near:
        return list(tok.children)
    doc = tok.doc
    lo, hi = max(tok.left_edge.i, tok.i - near), min(tok.right_edge.i, tok.i + near)
    return [doc[k] for k in range(lo, hi + 1) if k != tok.i and doc[k].head.i == tok.i]


@dataclass
class AttributionModel:
    """Per-feature weights of a binary logistic regression, with the chosen threshold."""

    weights: dict[str, float]
    bias: float = 0.0
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    dense: DenseWeights | None = None

    def probability(self, feats: list[str], extra: float = 0.0) -> float:
        """P(attribution) of a candidate's features; ``extra``: the dense blocks' part of the logit."""
        w = self.weights
        z = self.bias + extra + sum(w.get(f, 0.0) for f in feats)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def to_json(self) -> dict[str, Any]:
        out = {"format": FORMAT, "weights": self.weights, "bias": self.bias, "threshold": self.threshold, "meta": self.meta}
        if self.dense is not None:
            out.update(format=DENSE_FORMAT, dense=self.dense.to_json())
        return out

    def save(self, path: Path) -> None:
        write_json_gz(path, self.to_json())  # the same model gives the same bytes


def load_model(path: Path | None = None) -> AttributionModel:
    """Load the JSON artifact (default: the one shipped in newsprobe/models/attribution)."""
    path = path or (MODEL_DIR / ARTIFACT_NAME)
    data = read_json_gz(path, "attribution model", "newsprobe train attribution")
    if data.get("format") not in (FORMAT, DENSE_FORMAT):
        raise ModelError(f"attribution model {path} has format {data.get('format')!r}, expected {FORMAT!r}; run `newsprobe train attribution`")
    try:
        dense = DenseWeights.from_json(data["dense"]) if data.get("format") == DENSE_FORMAT else None
    except (KeyError, TypeError, ValueError) as e:
        raise ModelError(f"attribution model {path} has broken dense weights ({e}); run `newsprobe train attribution`") from e
    return AttributionModel(
        weights={k: float(v) for k, v in data["weights"].items()},
        bias=float(data.get("bias", 0.0)),
        threshold=float(data.get("threshold", 0.5)),
        meta=data.get("meta", {}),
        dense=dense,
    )


@lru_cache(maxsize=1)
def shipped_model() -> AttributionModel | None:
    """The packaged model, loaded once; None when the artifact is not there."""
    path = MODEL_DIR / ARTIFACT_NAME
    return load_model(path) if path.exists() else None


@lru_cache(maxsize=1)
def shipped_dense_model() -> AttributionModel | None:
    """The packaged model with MiniLM blocks, loaded once; None when the artifact is not there."""
    path = MODEL_DIR / DENSE_ARTIFACT_NAME
    return load_model(path) if path.exists() else None
