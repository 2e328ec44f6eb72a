"""Features of one sentence for the check-worthiness model, read off the spaCy parse.

Why these features: a bag of words tuned on debate sentences learns the debates (names of
candidates, topics of the year) and drops sharply on shifted data. What makes a sentence
worth checking generalises better when written as *structure*: numbers and quantities,
named-entity types, tense and modality, comparison and causal markers, first-person
opinion frames, questions. Words are still used, as lemmas with digits folded to shapes,
but the model is strongly regularised so that structure carries most of the weight.

The same function serves training (sentences parsed one by one) and the ``claims`` stage
(sentences cut from the article's parse), so the two never drift apart.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

#: Bump when the feature strings change: a stored model records the version it was fit on.
FEATURE_VERSION = "1"

_NUM_RE = re.compile(r"\d")
_CAUSAL = frozenset(
    {"because", "cause", "due", "lead", "result", "thanks", "therefore", "consequently", "since", "so", "owing", "drive", "blame", "trigger", "responsible"}
)
_OPINION = frozenset({"think", "believe", "feel", "hope", "wish", "want", "like", "love", "hate", "guess", "suppose", "need", "should", "must"})
_FIRST = frozenset({"i", "we", "me", "us", "my", "our"})
_SECOND = frozenset({"you", "your"})
_QUANT_ENTS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})


def _shape(text: str) -> str:
    """Digits folded: '4.2' -> '<num>', '1969' -> '<year>', '$5' -> '<num>'."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 4 and digits[:2] in {"19", "20"} and len(text) <= 5:
        return "<year>"
    return "<num>"


def _lemma(tok: Any) -> str:
    if _NUM_RE.search(tok.text):
        return _shape(tok.text)
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def _bin(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def sentence_features(tokens: Sequence[Any]) -> list[str]:
    """Feature strings (with repeats) for one sentence given as a sequence of spaCy tokens."""
    toks = [t for t in tokens if not t.is_space]
    feats: list[str] = []
    if not toks:
        return ["empty"]
    words = [t for t in toks if not t.is_punct]
    feats.append("len:" + _bin(len(words), (3, 6, 10, 15, 25, 40)))
    lemmas: list[str] = []
    for t in toks:
        lem = _lemma(t)
        if t.is_punct and lem not in {"?", "!", "%", "$"}:
            continue
        lemmas.append(lem)
        feats.append("l:" + lem)
        feats.append("t:" + t.tag_)
    for a, b in zip(lemmas, lemmas[1:]):
        feats.append(f"b:{a}|{b}")
    tags = [t.tag_ for t in toks]
    for a, b in zip(tags, tags[1:]):
        feats.append(f"tb:{a}|{b}")
    ent_types: set[str] = set()
    for t in toks:
        if t.ent_iob_ == "B":
            ent_types.add(t.ent_type_)
            feats.append("e:" + t.ent_type_)
    if ent_types & _QUANT_ENTS:
        feats.append("has:quantity")
    if any(t.like_num or _NUM_RE.search(t.text) for t in toks):
        feats.append("has:number")
    if "%" in (t.text for t in toks) or any(t.lower_ in {"percent", "percentage"} for t in toks):
        feats.append("has:percent")
    roots = [t for t in toks if t.dep_ == "ROOT"]
    for r in roots[:2]:
        feats.append("root:" + r.tag_)
        feats.append("rootl:" + _lemma(r))
        subj = [c for c in r.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}]
        for s in subj[:1]:
            low = s.lower_
            kind = "1p" if low in _FIRST else "2p" if low in _SECOND else s.ent_type_ or s.pos_
            feats.append("subj:" + kind)
            if low in _FIRST and _lemma(r) in _OPINION:
                feats.append("frame:first-opinion")
    if any(t.tag_ == "MD" for t in toks):
        feats.append("has:modal")
    if any(t.tag_ in {"JJR", "RBR"} or t.lower_ == "than" for t in toks):
        feats.append("has:comparative")
    if any(t.tag_ in {"JJS", "RBS"} for t in toks):
        feats.append("has:superlative")
    if any(_lemma(t) in _CAUSAL for t in toks):
        feats.append("has:causal")
    if any(t.tag_ in {"VBD", "VBN"} for t in toks):
        feats.append("has:past")
    last = toks[-1].text
    if last.endswith("?"):
        feats.append("end:?")
    elif last.endswith("!"):
        feats.append("end:!")
    first = toks[0]
    feats.append("first:" + first.tag_)
    if first.tag_ in {"VB"}:
        feats.append("frame:imperative")
    if first.lower_ in {"thank", "thanks", "well", "yes", "no", "okay", "oh", "look", "let"}:
        feats.append("frame:discourse")
    return feats
