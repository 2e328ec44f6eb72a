"""SemEval-2020 Task 11 interop: the tab-separated label format and the task's two scores.

Format (one line per technique span): ``article_id<TAB>technique<TAB>start<TAB>end``;
span identification files may carry only ``article_id<TAB>start<TAB>end``.

Scores, following the task definitions:

* span identification (SI): predicted spans of an article are merged where they overlap;
  precision = (1/|S|) Σ_{s∈S,t∈T} |s∩t|/|s|, recall = (1/|T|) Σ |s∩t|/|t|, F1 their
  harmonic mean, pooled over all articles (partial-overlap credit);
* technique classification (TC): micro-F1 of the labels given to the gold spans (with a
  label for every gold span, micro-F1 equals accuracy; a span with k gold labels counts k times).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import IO, Iterable, Mapping, Sequence

from ..errors import RecordError

Interval = tuple[int, int]


@dataclass(frozen=True)
class LabelLine:
    article_id: str
    technique: str | None
    start: int
    end: int


def parse_labels(stream: IO[str] | Iterable[str], *, source: str = "<labels>") -> list[LabelLine]:
    """Read SemEval label lines (4 columns, or 3 for SI); blank lines are skipped."""
    out: list[LabelLine] = []
    for n, raw in enumerate(stream, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        cols = line.split("\t")
        try:
            if len(cols) == 4:
                out.append(LabelLine(cols[0], cols[1], int(cols[2]), int(cols[3])))
            elif len(cols) == 3:
                out.append(LabelLine(cols[0], None, int(cols[1]), int(cols[2])))
            else:
                raise ValueError(f"{len(cols)} columns")
        except ValueError as e:
            raise RecordError(
                f"expected article_id<TAB>technique<TAB>start<TAB>end ({e}); fix or remove the line",
                source=source,
                line=n,
            ) from e
        if out[-1].start < 0 or out[-1].end < out[-1].start:
            raise RecordError(f"span {out[-1].start}..{out[-1].end} is not a valid range", source=source, line=n)
    return out


def format_labels(lines: Iterable[LabelLine]) -> str:
    """SemEval-2020 Task 11 label lines as TSV text (``article_id, technique, start, end``; span-only lines without a technique)."""
    rows = []
    for x in lines:
        if x.technique is None:
            rows.append(f"{x.article_id}\t{x.start}\t{x.end}")
        else:
            rows.append(f"{x.article_id}\t{x.technique}\t{x.start}\t{x.end}")
    return "".join(r + "\n" for r in rows)


def merge_intervals(spans: Iterable[Interval]) -> list[Interval]:
    """Sorted union of half-open intervals (touching intervals stay apart, as in the task)."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


@dataclass(frozen=True)
class SIScore:
    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int


def si_components(pred: Sequence[Interval], gold: Sequence[Interval]) -> tuple[float, float, int, int]:
    """One article's share of the SI score: (precision credit, recall credit, |S|, |T|)."""
    S = merge_intervals(pred)
    T = merge_intervals(gold)
    p_sum = r_sum = 0.0
    for s0, s1 in S:
        for t0, t1 in T:
            inter = min(s1, t1) - max(s0, t0)
            if inter > 0:
                p_sum += inter / (s1 - s0)
                r_sum += inter / (t1 - t0)
    return p_sum, r_sum, len(S), len(T)


def si_from_components(parts: Iterable[tuple[float, float, int, int]]) -> SIScore:
    """Pool per-article components into precision, recall and F1."""
    p_sum = r_sum = 0.0
    n_s = n_t = 0
    for a, b, c, d in parts:
        p_sum += a
        r_sum += b
        n_s += c
        n_t += d
    p = p_sum / n_s if n_s else 0.0
    r = r_sum / n_t if n_t else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return SIScore(p, r, f, n_s, n_t)


def si_score(pred: Mapping[str, Sequence[Interval]], gold: Mapping[str, Sequence[Interval]]) -> SIScore:
    """Span-identification precision, recall and F1 with partial-overlap credit, pooled over articles."""
    return si_from_components(si_components(pred.get(a, ()), gold.get(a, ())) for a in sorted(set(pred) | set(gold)))


def tc_micro_f1(pred: Sequence[tuple[str, Interval, str]], gold: Sequence[tuple[str, Interval, str]]) -> float:
    """Micro-F1 of technique labels on spans: ``(article_id, (start, end), technique)`` triples,
    matched as multisets (a span with two gold labels needs both)."""
    g = Counter(gold)
    p = Counter(pred)
    tp = sum((g & p).values())
    n_p, n_g = sum(p.values()), sum(g.values())
    prec = tp / n_p if n_p else 0.0
    rec = tp / n_g if n_g else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def per_label_f1(pred: Sequence[tuple[str, Interval, str]], gold: Sequence[tuple[str, Interval, str]]) -> dict[str, float]:
    """F1 of each technique label (for the model card's weak spots)."""
    by_g: dict[str, Counter] = defaultdict(Counter)
    by_p: dict[str, Counter] = defaultdict(Counter)
    for a, iv, lab in gold:
        by_g[lab][(a, iv)] += 1
    for a, iv, lab in pred:
        by_p[lab][(a, iv)] += 1
    out = {}
    for lab in sorted(set(by_g) | set(by_p)):
        tp = sum((by_g[lab] & by_p[lab]).values())
        n_p, n_g = sum(by_p[lab].values()), sum(by_g[lab].values())
        pr = tp / n_p if n_p else 0.0
        rc = tp / n_g if n_g else 0.0
        out[lab] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return out
