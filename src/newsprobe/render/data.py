"""The compact span data the report's script turns into highlights.

The text of an article is written once, as plain text (``parts.article_body_html``); its spans
travel as one JSON block per article, read by ``static/report.js``, which wraps the text in
highlights for the layers switched on. This keeps the page small (the text is never repeated
per layer or per tooltip) and lets the reader switch layers and a minimum score without
reloading. The format (``span_data``):

    {"lab": [label, ...],                       # labels, referred to by index
     "ly": [[layer_index, [span, ...]], ...]}   # layer_index: position in page_data()["layers"]

    span = [start, end, label_index, score, note, badge, flags, segments]

trailing empty fields are left out. ``score`` is rounded to 2 decimals (null when the span
has none); ``note`` the details shown on hover and focus; ``badge`` a short label drawn at
the span's start (a technique's name, a quote's speaker); ``flags`` bit 1 = doubt (the
speaker is uncertain), bit 2 = a story drawn as a section (no highlight); ``segments`` the
``[start, end]`` pieces of a quotation in several parts.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..article import LAYERS
from . import doc as d
from .fmt import compact, factcheck_line, plain, rating_lines, short

#: Colour of each known layer (others get one from ``SPARE``).
LAYER_COLOURS: dict[str, str] = {
    "stories": "#64748b",
    "sentences": "#94a3b8",
    "entities": "#2563eb",
    "quotes": "#15803d",
    "citations": "#9333ea",
    "claims": "#ea580c",
    "hedges": "#0e7490",
    "techniques": "#dc2626",
    "furniture": "#9ca3af",
}
SPARE = ("#b45309", "#be185d", "#4d7c0f", "#0369a1", "#7c3aed", "#a16207")

#: Layers shown when the report opens; the reader switches the others on. A layer not in
#: ``KNOWN`` (from a user's own stage) starts on.
ON_BY_DEFAULT = frozenset({"stories", "quotes", "citations", "claims"})
KNOWN = frozenset(LAYERS) | {"furniture"}
#: Layers whose spans the minimum-score control filters.
SCORED = frozenset({"techniques", "claims"})

#: One colour per SemEval technique, in the catalog's (alphabetical) order; then the colour of
#: any other technique label.
TECHNIQUE_COLOURS = (
    "#1d4ed8", "#b91c1c", "#7e22ce", "#4d7c0f", "#a16207", "#4338ca", "#c2410c",
    "#15803d", "#be185d", "#0f766e", "#0369a1", "#854d0e", "#a21caf", "#334155",
)
OTHER_TECHNIQUE_COLOUR = "#78716c"

DOUBT = 1
SECTION = 2

_MAX_NOTE = 600


def layer_order(docs: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every layer to show: the project's layers, ``furniture``, then any other layer by name."""
    names = list(LAYERS) + ["furniture"]
    extra = sorted({name for doc in docs for name in (doc.get("layers") or {})} - set(names))
    return names + extra


def layer_colour(name: str, order: Sequence[str]) -> str:
    if name in LAYER_COLOURS:
        return LAYER_COLOURS[name]
    extras = [n for n in order if n not in LAYER_COLOURS]
    return SPARE[extras.index(name) % len(SPARE)] if name in extras else SPARE[0]


def technique_index(label: str, catalog: Mapping[str, Any]) -> int:
    """The colour index of a technique label (``len(catalog)`` for labels not in the catalog)."""
    names = list(catalog)
    return names.index(label) if label in catalog else len(TECHNIQUE_COLOURS)


def technique_colour(label: str, catalog: Mapping[str, Any]) -> str:
    i = technique_index(label, catalog)
    return TECHNIQUE_COLOURS[i] if i < len(TECHNIQUE_COLOURS) else OTHER_TECHNIQUE_COLOUR


def _ratings_note(ratings: Any) -> str:
    lines = rating_lines(ratings)
    return "; ".join(f"{name}: {verdict}" + (f" ({short(where, 80)})" if where else "") for name, verdict, where in lines)


def span_details(layer: str, span: Mapping[str, Any], doc: Mapping[str, Any],
                 catalog: Mapping[str, Mapping[str, str]], relays: Mapping[str, list[str]] | None = None) -> tuple[str, str, int]:
    """``(note, badge, flags)`` of one span: the details line, the label drawn at its start, doubt."""
    a = d.attrs(span)
    parts: list[str] = []
    badge = ""
    flags = 0
    label = span["label"]
    if layer == "quotes":
        speaker, uncertain, candidates = d.speaker_of(span)
        if label == "title":
            parts.append("a title or name in quote marks, not speech")
            badge = "title"
        elif uncertain:
            flags |= DOUBT
            parts.append(f"speaker uncertain: {speaker or 'unknown'}?")
            if candidates:
                parts.append("candidates: " + ", ".join(candidates[:6]) + (f" (and {len(candidates) - 6} more)" if len(candidates) > 6 else ""))
            badge = d.speaker_label(span)
        elif speaker:
            parts.append(f"speaker: {speaker}" + (f" ({a['speaker_kind']})" if a.get("speaker_kind") else ""))
            badge = d.speaker_label(span)
        elif label != "scare" and (thing := d.written_on(doc, span)):
            parts.append(f"words written on {short(thing, 40)}: no one is named saying them")
            badge = "written"
        elif label != "scare" and d.addressed_by_someone(span):
            parts.append("asked of or told to the person the sentence names, by someone the text does not name")
            badge = d.speaker_label(span)
        elif label != "scare":
            parts.append("no speaker found")
            badge = "unattributed"
        if a.get("cue"):
            parts.append(f"cue: {a['cue']}")
        if neg := d.negated_cue(span):
            parts.append(f'the cue is negated ("{neg}"): the text says this was not said or done, these are not the speaker\'s words')
        via = (d.relayed_by(doc) if relays is None else relays).get(str(span.get("id"))) if label not in ("scare", "title") else None
        if via:
            parts.append("passed on by " + ", ".join(via) + " (the article took it from there)")
        carried = a.get("carried_from")
        if isinstance(carried, (list, tuple)) and len(carried) == 2:
            # no cue of its own: say which quote the speaker came from, so that it can be checked
            before = short(str(doc.get("text", ""))[int(carried[0]) : int(carried[1])], 60)
            parts.append(f"no cue of its own: speaker taken from the quote before (\u201c{before}\u201d)")
        if a.get("segments"):
            parts.append(f"{len(a['segments'])} segments")
    elif layer == "citations":
        if a.get("source"):
            parts.append(f"source: {a['source']}" + ("? (the quote's speaker is uncertain)" if a.get("speaker_uncertain") else ""))
        for key in ("kind", "domain", "cue"):
            if a.get(key) and a.get(key) != label:
                parts.append(f"{key}: {a[key]}")
        if a.get("relays"):
            parts.append(f"passes on {len(a['relays'])} quote(s) of other speakers")
        if a.get("rating"):
            parts.append("ratings: " + _ratings_note(a["rating"]))
    elif layer == "claims":
        if a.get("kind"):
            parts.append(f"kind: {a['kind']}")
        for key, yes in (("attributed", "attributed"), ("hedged", "hedged")):
            if key in a:
                parts.append(yes if a[key] else f"not {yes}")
        if isinstance(a.get("factchecks"), list) and a["factchecks"]:
            fcs = a["factchecks"]
            parts.append("fact-checks: " + " | ".join(factcheck_line(m) for m in fcs[:3]) + (f" (and {len(fcs) - 3} more)" if len(fcs) > 3 else ""))
    elif layer == "hedges":
        for key in ("cue", "source"):
            if a.get(key):
                parts.append(f"{key}: {a[key]}")
    elif layer == "techniques":
        name = str(a.get("technique") or label)
        badge = (catalog.get(name) or {}).get("short") or name.replace("_", " ")
        if a.get("also"):
            parts.append("also: " + compact(a["also"], 160))
    elif layer == "entities":
        canonical = a.get("canonical")
        if canonical and canonical != d.span_text(doc, span):
            parts.append(f"canonical: {canonical}")
    elif layer == "stories":
        if label == "story":
            flags |= SECTION
            parts.append(f"title: {a.get('title') or '(no headline)'}")
            parts.append(f"origin: {a['origin']}" + (f" ({a['origin_evidence']})" if a.get("origin_evidence") else "") if a.get("origin") else "origin not stated")
        else:
            if a.get("author"):
                badge = f"{label.replace('_', ' ')} by {short(str(a['author']), 40)}"
            parts.extend(f"{k}: {compact(a[k], 120)}" for k in ("author", "origin", "date") if a.get(k))
    elif layer == "furniture":
        badge = label.replace("_", " ")
        parts.append("page furniture, left out of the analysis")
    elif layer != "sentences":
        keys = [k for k in a if not k.endswith(("_start", "_end")) and k != "index"][:4]
        parts.extend(f"{k}: {compact(a[k], 120)}" for k in keys)
    return short(plain(" \u00b7 ".join(parts)), _MAX_NOTE), short(plain(badge), 48), flags


def span_data(doc: Mapping[str, Any], order: Sequence[str], catalog: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The compact span data of one article (format in the module docstring)."""
    labels: dict[str, int] = {}
    layers_out = []
    relays = d.relayed_by(doc)  # once per article: each quote's details name who passed it on
    for name, spans in (doc.get("layers") or {}).items():
        if name not in order or not spans:
            continue
        rows = []
        for span in spans:
            note, badge, flags = span_details(name, span, doc, catalog, relays)
            score = span.get("score")
            row: list[Any] = [span["start"], span["end"], labels.setdefault(plain(span["label"]), len(labels)),
                              None if score is None else round(float(score), 2), note, badge, flags]
            segments = _segments(span, len(doc["text"])) if name == "quotes" else None
            if segments:
                row.append(segments)
            while len(row) > 3 and (row[-1] is None or row[-1] == "" or (len(row) == 7 and row[-1] == 0)):
                row.pop()
            rows.append(row)
        layers_out.append([order.index(name), rows])
    return {"lab": list(labels), "ly": layers_out}


def _segments(span: Mapping[str, Any], n: int) -> list[list[int]] | None:
    """A quote's valid ``attrs.segments`` (inside the span and the text), or None."""
    raw = d.attrs(span).get("segments")
    if not isinstance(raw, list) or len(raw) < 2:
        return None
    out = []
    for seg in raw:
        if (isinstance(seg, (list, tuple)) and len(seg) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in seg)
                and span["start"] <= seg[0] <= seg[1] <= min(span["end"], n)):
            out.append([seg[0], seg[1]])
    return out or None


def page_data(docs: Sequence[Mapping[str, Any]], order: Sequence[str], catalog: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """What the script needs once per page: the layers and the techniques' names and definitions."""
    used = {str(s["label"]) for doc in docs for s in d.layer(doc, "techniques")}
    tech = {}
    for name in sorted(used):
        entry = catalog.get(name) or {}
        tech[plain(name)] = [plain(entry.get("short") or name.replace("_", " ")), plain(entry.get("definition") or ""),
                             technique_index(name, catalog)]
    return {
        "layers": [[plain(name), name in ON_BY_DEFAULT or name not in KNOWN, name in SCORED] for name in order],
        "tech": tech,
    }
