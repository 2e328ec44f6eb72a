"""Features for the persuasion-techniques models (span identification and classification).

Both the trainer and the ``techniques`` stage turn an analysed article into the same light
token records (``Tok``, grouped in ``Sent``) and then into hashed sparse features, so the
model sees exactly the same features at training and at run time. Hashing (no vocabulary
file) keeps the artifact small and loadable without pickle.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

#: Small English function-word list: the cheap "is this English?" check and the content-word filter.
STOPWORDS: frozenset[str] = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves""".split()
)

QUOTE_CHARS = frozenset("\"\u201c\u201d\u201e\u00ab\u00bb")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f']+")

#: Words of group identity and nation (Flag-Waving cue; the model weighs them, this only flags them).
FLAG_WORDS: frozenset[str] = frozenset(
    "we our us nation national country america american americans patriot patriots people flag freedom".split()
)

N_FEATURES_SI = 2**18
N_FEATURES_TC = 2**17


@dataclass(frozen=True, slots=True)
class Tok:
    """One non-space token with article offsets and the parse attributes the models use."""

    start: int
    end: int
    lower: str
    lemma: str
    pos: str
    dep: str
    head_lemma: str
    shape: str


@dataclass(frozen=True, slots=True)
class Sent:
    """A sentence (from the ``sentences`` layer) and its tokens."""

    start: int
    end: int
    toks: tuple[Tok, ...]


def english_ratio(text: str, *, sample_chars: int = 20_000) -> tuple[float, int]:
    """Share of English function words among the words of (the start of) ``text``, and the word count seen."""
    words = _WORD.findall(text[:sample_chars].lower())
    if not words:
        return 0.0, 0
    return sum(1 for w in words if w in STOPWORDS) / len(words), len(words)


def looks_english(text: str) -> bool:
    """True unless the text has enough words and too few English function words (≈ 0.25–0.5 in English news)."""
    ratio, n = english_ratio(text)
    if n < 8:  # too short to judge; the model is cheap on short text
        return True
    return ratio >= 0.12


def _coarse_shape(s: str) -> str:
    if s.isupper() and len(s) > 1:
        return "X"
    if s[:1].isupper():
        return "Xx"
    if s.isdigit():
        return "d"
    if s.isalpha():
        return "x"
    return "p" if not any(c.isalnum() for c in s) else "m"


def sentences_from_parse(
    sentence_spans: Sequence[tuple[int, int]], tokens: Iterable[tuple[int, Any]], *, max_tokens: int
) -> tuple[list[Sent], bool]:
    """Group spaCy tokens (``(chunk_offset, token)``) into the given sentences.

    Returns the sentences and whether the token budget ``max_tokens`` cut the article short.
    """
    starts = [s for s, _ in sentence_spans]
    buckets: list[list[Tok]] = [[] for _ in sentence_spans]
    truncated = False
    n = 0
    for offset, tok in tokens:
        if tok.is_space:
            continue
        if n >= max_tokens:
            truncated = True
            break
        start = offset + tok.idx
        end = start + len(tok.text)
        k = bisect.bisect_right(starts, start) - 1
        if k < 0 or start >= sentence_spans[k][1]:
            continue
        n += 1
        lower = tok.text.lower()
        head = tok.head
        buckets[k].append(
            Tok(start, end, lower, tok.lemma_.lower(), tok.pos_, tok.dep_, head.lemma_.lower(), _coarse_shape(tok.text))
        )
    sents = [Sent(s, e, tuple(b)) for (s, e), b in zip(sentence_spans, buckets) if b]
    return sents, truncated


def article_sentences(article: Any, ctx: Any, *, max_tokens: int) -> tuple[list[Sent], bool]:
    """The article's sentences (``sentences`` layer, else spaCy's) with their tokens, built once
    per article and token budget (the claims and techniques stages both ask; kept in ``ctx.extras``)."""
    key = ("article_sentences", max_tokens)
    cached = ctx.extras.get(key)
    if cached is not None:
        return cached
    spans = [(s.start, s.end) for s in article.layer("sentences")]
    if not spans:
        spans = [(off + s.start_char, off + s.end_char) for off, s in ctx.sents()]
    out = sentences_from_parse(spans, ctx.tokens(), max_tokens=max_tokens)
    ctx.extras[key] = out
    return out


def lemma_counts(sents: Sequence[Sent]) -> Counter[str]:
    """Article-wide counts of content lemmas (repetition is a technique)."""
    c: Counter[str] = Counter()
    for s in sents:
        for t in s.toks:
            if t.pos in ("NOUN", "PROPN", "VERB", "ADJ", "ADV") and t.lemma not in STOPWORDS:
                c[t.lemma] += 1
    return c


def _bucket(n: int) -> str:
    if n <= 1:
        return "1"
    if n == 2:
        return "2"
    if n <= 4:
        return "3-4"
    if n <= 8:
        return "5-8"
    if n <= 16:
        return "9-16"
    return "17+"


def token_features(sents: Sequence[Sent], text: str) -> list[list[tuple[str, float]]]:
    """One feature list per token (in reading order) for span identification."""
    counts = lemma_counts(sents)
    out: list[list[tuple[str, float]]] = []
    for si, sent in enumerate(sents):
        toks = sent.toks
        m = len(toks)
        content = sorted({t.lemma for t in toks if t.lemma not in STOPWORDS and t.pos not in ("PUNCT", "NUM")})
        sw = 1.0 / math.sqrt(len(content)) if content else 0.0
        sent_feats = [("s=" + c, sw) for c in content]
        stext = text[sent.start : sent.end]
        sent_feats.append(("slen=" + _bucket(m), 1.0))
        if "!" in stext:
            sent_feats.append(("s!", 1.0))
        if "?" in stext:
            sent_feats.append(("s?", 1.0))
        if si == 0:
            sent_feats.append(("title", 1.0))
        inside = False
        for i, t in enumerate(toks):
            prev1 = toks[i - 1] if i > 0 else None
            prev2 = toks[i - 2] if i > 1 else None
            next1 = toks[i + 1] if i + 1 < m else None
            next2 = toks[i + 2] if i + 2 < m else None
            w1 = prev1.lower if prev1 else "<s>"
            w2 = prev2.lower if prev2 else "<s>"
            n1 = next1.lower if next1 else "</s>"
            n2 = next2.lower if next2 else "</s>"
            p1 = prev1.pos if prev1 else "<s>"
            q1 = next1.pos if next1 else "</s>"
            f: list[tuple[str, float]] = [
                ("bias", 1.0),
                ("w=" + t.lower, 1.0),
                ("l=" + t.lemma, 1.0),
                ("p=" + t.pos, 1.0),
                ("d=" + t.dep, 1.0),
                ("sh=" + t.shape, 1.0),
                ("suf=" + t.lower[-3:], 1.0),
                ("hl=" + t.head_lemma, 1.0),
                ("dh=" + t.dep + "|" + t.head_lemma, 1.0),
                ("w-1=" + w1, 1.0),
                ("w+1=" + n1, 1.0),
                ("w-2=" + w2, 1.0),
                ("w+2=" + n2, 1.0),
                ("b-=" + w1 + "|" + t.lower, 1.0),
                ("b+=" + t.lower + "|" + n1, 1.0),
                ("pp=" + p1 + "|" + t.pos + "|" + q1, 1.0),
                ("pos=" + _bucket(i + 1) + "/" + _bucket(m - i), 1.0),
            ]
            first_char = text[t.start] if t.start < len(text) else ""
            if first_char in QUOTE_CHARS:
                inside = not inside
            elif inside:
                f.append(("inq", 1.0))
            rep = counts.get(t.lemma, 0)
            if rep:
                f.append(("rep=" + _bucket(rep), 1.0))
            f.extend(sent_feats)
            out.append(f)
    return out


def span_features(
    text: str,
    start: int,
    end: int,
    sents: Sequence[Sent],
    *,
    lower_text: str | None = None,
    counts: Counter[str] | None = None,
) -> list[tuple[str, float]]:
    """Features of one span for technique classification."""
    lower_text = lower_text if lower_text is not None else text.lower()
    counts = counts if counts is not None else lemma_counts(sents)
    span = text[start:end]
    low = span.lower().strip()
    toks: list[Tok] = []
    ctx: list[Tok] = []
    pre: list[Tok] = []
    post: list[Tok] = []
    sent_idx = -1
    sent_len = 1
    first_sent: Sent | None = None
    for k, s in enumerate(sents):
        if s.end <= start or s.start >= end:
            continue
        if sent_idx < 0:
            sent_idx = k
            sent_len = max(1, s.end - s.start)
            first_sent = s
        for t in s.toks:
            if t.start < end and t.end > start:
                toks.append(t)
            else:
                ctx.append(t)
                (pre if t.end <= start else post).append(t)
    f: list[tuple[str, float]] = [("bias", 1.0)]
    nt = len(toks)
    f.append(("len=" + _bucket(nt), 1.0))
    f.append(("loglen", math.log1p(nt)))
    f.append(("cover", min(1.0, (end - start) / sent_len)))
    if sent_idx == 0:
        f.append(("title", 1.0))
    words = [t.lower for t in toks]
    wn = 1.0 / math.sqrt(nt) if nt else 0.0
    # sorted: the order of equal-bucket sums must not depend on the interpreter's string hashing
    for w in sorted(set(words)):
        f.append(("w=" + w, wn))
    for t in toks:
        f.append(("p=" + t.pos, wn))
    for a, b in sorted(set(zip(words, words[1:]))):
        f.append(("bi=" + a + "|" + b, wn))
    if words:
        f.append(("first=" + words[0], 1.0))
        f.append(("last=" + words[-1], 1.0))
        f.append(("fp=" + toks[0].pos, 1.0))
        f.append(("lp=" + toks[-1].pos, 1.0))
    padded = " " + low[:200] + " "
    grams = {padded[i : i + 4] for i in range(max(0, len(padded) - 3))}
    gn = 1.0 / math.sqrt(len(grams)) if grams else 0.0
    for g in sorted(grams):
        f.append(("c=" + g, gn))
    cn = 1.0 / math.sqrt(len(ctx)) if ctx else 0.0
    for lemma in sorted({t.lemma for t in ctx}):
        f.append(("x=" + lemma, cn))
    # repetition: how often the span text, and its content lemmas, occur in the article
    if low:
        occ = lower_text.count(low) if len(low) <= 200 else 1
        f.append(("occ=" + _bucket(occ), 1.0))
    reps = [counts.get(t.lemma, 0) for t in toks if t.lemma in counts]
    if reps:
        f.append(("maxrep=" + _bucket(max(reps)), 1.0))
        f.append(("minrep=" + _bucket(min(reps)), 1.0))
    if any(c in span for c in QUOTE_CHARS):
        f.append(("quote", 1.0))
    if "!" in span:
        f.append(("excl", 1.0))
    if "?" in span:
        f.append(("qm", 1.0))
    if any(t.shape == "X" for t in toks):
        f.append(("caps", 1.0))
    if sum(1 for t in toks if t.shape == "X") >= 2:
        f.append(("caps2", 1.0))
    # lemmas, the words just outside the span, quote marks around it, whole-sentence spans
    for lem in sorted({t.lemma for t in toks}):
        f.append(("l=" + lem, wn))
    f.append(("pre1=" + (pre[-1].lower if pre else "<s>"), 1.0))
    f.append(("pre2=" + (" ".join(t.lower for t in pre[-2:]) if pre else "<s>"), 1.0))
    f.append(("post1=" + (post[0].lower if post else "</s>"), 1.0))
    if text[max(0, start - 1) : start] in QUOTE_CHARS or text[end : end + 1] in QUOTE_CHARS:
        f.append(("qwrap", 1.0))
    if first_sent is not None and start <= first_sent.start + 2 and end >= first_sent.end - 2:
        f.append(("wholesent", 1.0))
    if any(t.lower in FLAG_WORDS for t in toks):
        f.append(("flag", 1.0))
    f.append(("relpos=" + str(min(4, int(5 * start / max(1, len(text))))), 1.0))
    return f
