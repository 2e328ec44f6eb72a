"""The JSON Schema of the ``newsprobe/1`` wire format, and a validator that also checks what a
JSON Schema cannot say.

>>> from newsprobe.schema import validate, problems
>>> validate(article.to_dict())          # raises WireFormatError listing what is wrong
>>> problems(json.loads(line))           # the same findings as a list of strings

The schema (``newsprobe-1.schema.json`` beside this module, published in docs/schema.md) is
strict where the format is fixed: the top-level fields, span fields and their types, offsets as
non-negative integers, the labels of each known layer. It is open where layers, signals and
provenance carry free attributes, with the known ones typed. ``validate`` adds the checks that
depend on the text or on other spans: ``start <= end <= len(text)`` for every span and every
offset attribute, span ids unique within a layer, spans in layer order (by start, then longest
first), quote segments inside their span, and ids that point into a layer the article holds.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Iterator, Mapping, TypeGuard

from ..errors import WireFormatError

SCHEMA_FILE = "newsprobe-1.schema.json"

#: Attribute pairs that are offsets into the text (in whichever layer carries them).
OFFSET_ATTRS: tuple[tuple[str, str], ...] = (
    ("speaker_start", "speaker_end"),
    ("cue_start", "cue_end"),
    ("scope_start", "scope_end"),
    ("origin_start", "origin_end"),
    ("author_start", "author_end"),
)

#: Attributes that hold the id (or ids) of a span in another layer: (layer, attr) -> target layer.
REFERENCES: dict[tuple[str, str], str] = {
    ("claims", "quote_id"): "quotes",
    ("claims", "hedge_ids"): "hedges",
    ("claims", "citation_ids"): "citations",
    ("citations", "quote_id"): "quotes",
    ("citations", "relays"): "quotes",
}

MAX_LISTED = 10


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``newsprobe/1``, as a fresh dict."""
    return json.loads(_schema_text())


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _validator() -> Any:
    try:
        import jsonschema
    except ImportError as e:  # pragma: no cover - jsonschema is a pinned dependency
        raise WireFormatError(
            "validating newsprobe/1 needs the jsonschema package: pip install 'jsonschema>=4.18' "
            "(it is pinned in requirements.lock)"
        ) from e
    base = jsonschema.Draft202012Validator
    # Article.to_dict may hold tuples in signals or provenance; JSON writes them as arrays.
    checker = base.TYPE_CHECKER.redefine("array", lambda _checker, value: isinstance(value, (list, tuple)))
    cls = jsonschema.validators.extend(base, type_checker=checker)
    data = json.loads(_schema_text())
    base.check_schema(data)
    return cls(_inline_refs(data, data["$defs"], ()))


def _inline_refs(node: Any, defs: Mapping[str, Any], stack: tuple[str, ...]) -> Any:
    """The schema with each ``#/$defs/`` reference replaced by its target (a recursive one is
    kept as a reference): the same rules, validated several times faster."""
    if isinstance(node, list):
        return [_inline_refs(v, defs, stack) for v in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and set(node) <= {"$ref", "description", "title"}:
        name = ref[len("#/$defs/"):]
        if name in defs and name not in stack:
            return _inline_refs(defs[name], defs, stack + (name,))
        return node
    return {k: (v if k == "$defs" else _inline_refs(v, defs, stack)) for k, v in node.items()}


def _where(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(the article)"


def _schema_problems(data: Any) -> list[str]:
    found = []
    for err in sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        message = err.message
        if len(message) > 200:
            message = message[:200] + "…"
        found.append(f"{_where(err.absolute_path)}: {message}")
    return found


def _is_offset(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_range(where: str, start: Any, end: Any, n: int) -> Iterator[str]:
    if not (_is_offset(start) and _is_offset(end)):
        return  # null, or a type error the schema reports
    if end < start:
        yield f"{where}: end {end} is before start {start}"
    elif end > n:
        yield f"{where}: [{start}, {end}) runs past the end of the text ({n} characters)"


def _text_problems(data: Mapping[str, Any]) -> Iterator[str]:
    """What depends on the text or on other spans (the schema has already typed the fields)."""
    text = data.get("text")
    layers = data.get("layers")
    if not isinstance(text, str) or not isinstance(layers, Mapping):
        return
    n = len(text)
    ids: dict[str, set[str]] = {}
    for name, spans in layers.items():
        if not isinstance(spans, (list, tuple)):
            continue
        seen: set[str] = set()
        previous: tuple[int, int] | None = None
        bounds: set[tuple[Any, Any]] | None = None  # every span's (start, end), for carried_from
        for i, span in enumerate(spans):
            if not isinstance(span, Mapping):
                continue
            where = f"layers.{name}[{i}]"
            start, end = span.get("start"), span.get("end")
            yield from _check_range(where, start, end, n)
            span_id = span.get("id")
            if isinstance(span_id, str):
                if span_id in seen:
                    yield f"{where}: id {span_id!r} is used twice in layer {name!r}"
                seen.add(span_id)
            if _is_offset(start) and _is_offset(end):
                if previous is not None and (start, -end) < previous:
                    yield f"{where}: spans are out of order (sorted by start, then longest first)"
                previous = (start, -end)
            attrs = span.get("attrs")
            if not isinstance(attrs, Mapping):
                continue
            for a, b in OFFSET_ATTRS:
                if a in attrs or b in attrs:
                    yield from _check_range(f"{where}.attrs.{a}/{b}", attrs.get(a), attrs.get(b), n)
            refers_to = attrs.get("refers_to")
            if isinstance(refers_to, (list, tuple)) and len(refers_to) == 2:
                yield from _check_range(f"{where}.attrs.refers_to", refers_to[0], refers_to[1], n)
            segments = attrs.get("segments")
            if isinstance(segments, (list, tuple)) and _is_offset(start) and _is_offset(end):
                last = start
                for k, seg in enumerate(segments):
                    if not (isinstance(seg, (list, tuple)) and len(seg) == 2 and _is_offset(seg[0]) and _is_offset(seg[1])):
                        continue
                    if not (last <= seg[0] <= seg[1] <= end):
                        yield (f"{where}.attrs.segments[{k}]: [{seg[0]}, {seg[1]}) must lie inside the span "
                               f"[{start}, {end}), in order and without overlap")
                    last = max(last, seg[1])
            carried = attrs.get("carried_from")
            if isinstance(carried, (list, tuple)) and len(carried) == 2 and _is_offset(start):
                if bounds is None:
                    bounds = {(s.get("start"), s.get("end")) for s in spans if isinstance(s, Mapping)}
                if (carried[0], carried[1]) not in bounds or not carried[0] < start:
                    yield f"{where}.attrs.carried_from: [{carried[0]}, {carried[1]}) is not an earlier span of layer {name!r}"
        ids[name] = seen
    for (name, attr), target in REFERENCES.items():
        if target not in ids or not isinstance(layers.get(name), (list, tuple)):
            continue  # the target layer is absent (not run, or left out of an export)
        for i, span in enumerate(layers[name]):
            attrs = span.get("attrs") if isinstance(span, Mapping) else None
            if not isinstance(attrs, Mapping):
                continue
            value = attrs.get(attr)
            for ref in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(ref, str) and ref not in ids[target]:
                    yield f"layers.{name}[{i}].attrs.{attr}: {ref!r} is not the id of a span in layer {target!r}"


def problems(data: Any) -> list[str]:
    """Everything wrong with ``data`` as a ``newsprobe/1`` article, one ``"where: what"`` string
    each; empty when it is valid. ``data`` is a dict (``Article.to_dict()``, a parsed JSON line)
    or an ``Article``."""
    if hasattr(data, "to_dict") and not isinstance(data, Mapping):
        data = data.to_dict()
    found = _schema_problems(data)
    if isinstance(data, Mapping):
        found.extend(_text_problems(data))
    return found


def validate(data: Any) -> None:
    """Raise ``WireFormatError`` when ``data`` is not a valid ``newsprobe/1`` article; the
    message lists the problems (where, and what is wrong)."""
    found = problems(data)
    if not found:
        return
    listed = "\n  ".join(found[:MAX_LISTED])
    more = f"\n  ... and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
    article_id = data.get("id") if isinstance(data, Mapping) else getattr(data, "id", None)
    name = f"article {article_id!r}" if isinstance(article_id, str) else "the article"
    raise WireFormatError(
        f"{name} is not valid newsprobe/1 ({len(found)} problem{'s' if len(found) != 1 else ''}; "
        f"schema: newsprobe/schema/{SCHEMA_FILE}, docs/schema.md):\n  {listed}{more}"
    )


__all__ = ["OFFSET_ATTRS", "REFERENCES", "SCHEMA_FILE", "problems", "schema", "validate"]
