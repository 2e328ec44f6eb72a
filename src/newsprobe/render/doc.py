"""Renderers read wire-format dicts (``Article.to_dict()``, schema ``newsprobe/1``), never live objects.

``as_doc`` accepts either and returns a checked dict: spans sorted, ids assigned, every offset
inside the text (a dict that breaks the format raises ``WireFormatError`` saying what is wrong).
The helpers below read such dicts.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..article import Article

Doc = dict[str, Any]  # a newsprobe/1 article dict
SpanDict = Mapping[str, Any]


def as_doc(article: Article | Mapping[str, Any]) -> Doc:
    """A checked wire-format dict for ``article`` (an ``Article`` or a ``newsprobe/1`` dict)."""
    if isinstance(article, Article):
        return article.to_dict()
    return Article.from_dict(article).to_dict()


def as_docs(articles: Iterable[Article | Mapping[str, Any]]) -> list[Doc]:
    return [as_doc(a) for a in articles]


def layer(doc: Mapping[str, Any], name: str) -> list[SpanDict]:
    """The spans of one layer (empty when the layer was not produced)."""
    return list((doc.get("layers") or {}).get(name) or [])


def has_layer(doc: Mapping[str, Any], name: str) -> bool:
    return name in (doc.get("layers") or {})


def span_text(doc: Mapping[str, Any], span: SpanDict) -> str:
    return str(doc["text"][span["start"] : span["end"]])


def attrs(span: SpanDict) -> Mapping[str, Any]:
    return span.get("attrs") or {}


def count(doc: Mapping[str, Any], name: str) -> int:
    """Spans of a layer; for ``stories`` only the stories themselves (not nested social posts)."""
    spans = layer(doc, name)
    return sum(1 for s in spans if s["label"] == "story") if name == "stories" else len(spans)


def story_sections(doc: Mapping[str, Any]) -> list[SpanDict]:
    """The non-overlapping, non-empty ``story`` spans, drawn as sections with a divider each."""
    sections: list[SpanDict] = []
    end = -1
    for span in layer(doc, "stories"):
        if span["label"] == "story" and span["start"] >= end and span["end"] > span["start"]:
            sections.append(span)
            end = span["end"]
    return sections


def title(doc: Mapping[str, Any]) -> str:
    return str((doc.get("meta") or {}).get("title") or "(untitled)")


def language(doc: Mapping[str, Any]) -> str:
    """``"en (0.98)"``, ``"de"``, or ``"not detected"`` from ``meta.language`` and its confidence."""
    meta = doc.get("meta") or {}
    code = meta.get("language")
    if not code:
        return "not detected"
    conf = meta.get("language_confidence")
    return f"{code} ({conf:.2f})" if isinstance(conf, (int, float)) and not isinstance(conf, bool) else str(code)


def notes(doc: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Provenance notes (skipped stages, cut input) as ``(stage, note)`` pairs."""
    out = []
    for n in (doc.get("provenance") or {}).get("notes") or []:
        if isinstance(n, Mapping):
            out.append((str(n.get("stage") or ""), str(n.get("note") or n.get("message") or "")))
        else:
            out.append(("", str(n)))
    return out


def errors(doc: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Stages that failed on this article, as ``(stage, error)`` pairs."""
    out = []
    for e in (doc.get("provenance") or {}).get("errors") or []:
        if isinstance(e, Mapping):
            out.append((str(e.get("stage") or "?"), str(e.get("error") or "")))
        else:
            out.append(("?", str(e)))
    return out


def speaker_of(span: SpanDict) -> tuple[str | None, bool, list[str]]:
    """A quote's ``(speaker, uncertain, candidates)``; uncertain when the stage said so."""
    a = attrs(span)
    speaker = a.get("speaker")
    candidates = [str(c) for c in a.get("speaker_candidates") or [] if c]
    return (str(speaker) if speaker else None), bool(a.get("speaker_uncertain")), candidates


def is_inscription(span: SpanDict) -> bool:
    """Whether a quote is words written on a thing (a sign, a shirt) that nobody is named saying."""
    return attrs(span).get("speaker_via") == "inscription"


def addressed_by_someone(span: SpanDict) -> bool:
    """Whether a quote is a question or words put to the person its sentence names ("Asked
    whether ..., Ortiz said") by someone the text does not name (``speaker_via`` "addressed")."""
    return attrs(span).get("speaker_via") == "addressed" and not attrs(span).get("speaker")


def written_on(doc: Mapping[str, Any], span: SpanDict) -> str | None:
    """The thing a quote's words are written on ("a shirt"), for a quote nobody is named saying; else None."""
    a = attrs(span)
    if not is_inscription(span) or a.get("speaker"):
        return None
    start, end, text = a.get("speaker_start"), a.get("speaker_end"), str(doc.get("text", ""))
    return text[start:end] if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text) else "a thing"


def relayed_by(doc: Mapping[str, Any]) -> dict[str, list[str]]:
    """Quote id -> the cited sources that pass the quote on ("according to Reuters"), in text order."""
    from ..stages.citation_relays import relayed_by as by_quote

    return by_quote((str(attrs(c).get("source") or span_text(doc, c)), attrs(c).get("relays")) for c in layer(doc, "citations"))


def negated_cue(span: SpanDict) -> str | None:
    """For an attribution whose cue the text negates (``attrs.negated``: "had not announced a
    date"), the negation and the cue as one phrase ("not announced", "refuses", "declined to
    say"); else None. Its content is what the speaker did not say or do, never their words."""
    a = attrs(span)
    neg = a.get("negated")
    if not neg:
        return None
    word, cue = ("not" if str(neg).lower() in ("n't", "n\u2019t") else str(neg)), str(a.get("cue") or "said")
    if word.lower() in ("not", "never"):
        return f"{word} {cue}"
    return cue if word == cue else f"{word} to {cue}"  # "refuses", "declined to say"


def speaker_label(span: SpanDict) -> str:
    """How a quote's speaker is shown: ``"Ana Ruiz"``, ``"Ana Ruiz?"`` (uncertain), ``"speaker?"``, ``"written"``,
    ``"asker not named"``, ``"unattributed"``; with ``" (not said)"`` after it when the cue is negated."""
    speaker, uncertain, candidates = speaker_of(span)
    if not speaker and is_inscription(span):
        return "written"
    if addressed_by_someone(span):
        return "asker not named"
    if uncertain:
        shown = f"{speaker}?" if speaker else ("/".join(candidates[:2]) + "?" if candidates else "speaker?")
    else:
        shown = speaker or "unattributed"
    return shown + " (not said)" if negated_cue(span) else shown
