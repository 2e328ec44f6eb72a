"""The core data model: an article's immutable text plus named layers of character spans.

Offsets are Python code-point offsets into ``Article.text``, half-open ``[start, end)``.
Every layer, stage, face (CLI, store, report, runner) speaks this one model and its one
JSON wire format (``Article.to_dict`` / ``Article.from_dict``, schema ``newsprobe/1``),
documented in docs/format.md. This module imports nothing outside the standard library.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping

from .errors import InvalidSpanError, WireFormatError

SCHEMA = "newsprobe/1"

#: Layer names used across the project, in the order reports list them.
LAYERS: tuple[str, ...] = (
    "stories",
    "sentences",
    "entities",
    "quotes",
    "citations",
    "claims",
    "hedges",
    "techniques",
)

META_FIELDS: tuple[str, ...] = ("title", "url", "outlet", "published")

JSONValue = Any  # str | int | float | bool | None | list[JSONValue] | dict[str, JSONValue]


def _check_json_safe(value: Any, where: str) -> None:
    if value is None or isinstance(value, (str, bool, int)):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidSpanError(f"{where}: {value!r} is not a finite number; JSON cannot hold it")
        return
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check_json_safe(item, f"{where}[{i}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidSpanError(f"{where}: attribute keys must be strings, got {key!r}")
            _check_json_safe(item, f"{where}.{key}")
        return
    raise InvalidSpanError(f"{where}: {type(value).__name__} is not JSON-safe; store str, number, bool, None, list or dict")


def _freeze(value: Any) -> Any:
    """Deep-copy JSON-safe attrs so that a span never shares mutable state with its caller."""
    if isinstance(value, Mapping):
        return {k: _freeze(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_freeze(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled, half-open character range ``[start, end)`` of an article's text."""

    start: int
    end: int
    label: str
    score: float | None = None
    id: str = ""
    attrs: Mapping[str, JSONValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int)):
            raise InvalidSpanError(f"span offsets must be integers, got {self.start!r}..{self.end!r}")
        if self.start < 0 or self.end < self.start:
            raise InvalidSpanError(f"span [{self.start}, {self.end}) is not a valid half-open range")
        if not isinstance(self.label, str) or not self.label:
            raise InvalidSpanError(f"span [{self.start}, {self.end}) needs a non-empty string label")
        if self.score is not None:
            if isinstance(self.score, bool) or not isinstance(self.score, (int, float)) or not math.isfinite(self.score):
                raise InvalidSpanError(f"span score must be a finite number or None, got {self.score!r}")
            object.__setattr__(self, "score", float(self.score))
        _check_json_safe(dict(self.attrs), f"span {self.id or self.label} attrs")
        object.__setattr__(self, "attrs", _freeze(self.attrs))

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def replace(self, **changes: Any) -> "Span":
        values: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "score": self.score,
            "id": self.id,
            "attrs": self.attrs,
        }
        values.update(changes)
        return Span(**values)

    def to_dict(self) -> dict[str, JSONValue]:
        out: dict[str, JSONValue] = {"id": self.id, "start": self.start, "end": self.end, "label": self.label}
        if self.score is not None:
            out["score"] = round(self.score, 6)
        if self.attrs:
            out["attrs"] = _freeze(self.attrs)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Span":
        try:
            return cls(
                start=data["start"],
                end=data["end"],
                label=data["label"],
                score=data.get("score"),
                id=str(data.get("id", "")),
                attrs=data.get("attrs") or {},
            )
        except KeyError as e:
            raise WireFormatError(f"span is missing the field {e.args[0]!r}: {dict(data)!r:.200}") from e


def content_id(text: str, meta: Mapping[str, Any] | None = None) -> str:
    """A stable article id: a hash of the text (and url, when given), so re-analysis updates."""
    h = hashlib.sha256()
    h.update(text.encode("utf-8", "surrogatepass"))
    url = (meta or {}).get("url")
    if url:
        h.update(b"\x00url:" + str(url).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


def _sort_key(span: Span) -> tuple[int, int, str, str]:
    return (span.start, -span.end, span.label, span.id)


class Article:
    """Immutable text plus metadata, named layers of spans, signals and provenance.

    ``text`` never changes after creation. Layers are replaced whole with ``with_layer``,
    which validates every span against the text and assigns ids (``<layer>-<n>``) to spans
    that have none. The methods that "add" return the same article for chaining; the text
    and existing spans are never modified in place.
    """

    __slots__ = ("_text", "id", "meta", "_layers", "signals", "provenance")

    def __init__(
        self,
        text: str,
        *,
        id: str | None = None,
        meta: Mapping[str, Any] | None = None,
        layers: Mapping[str, Iterable[Span]] | None = None,
        signals: Mapping[str, Any] | None = None,
        provenance: Mapping[str, Any] | None = None,
    ) -> None:
        if not isinstance(text, str):
            raise WireFormatError(f"article text must be str, got {type(text).__name__}")
        self._text = text
        clean_meta: dict[str, Any] = {k: None for k in META_FIELDS}
        for key, value in (meta or {}).items():
            clean_meta[key] = value
        _check_json_safe(clean_meta, "article meta")
        self.meta: dict[str, Any] = clean_meta
        self.id: str = id or content_id(text, clean_meta)
        self._layers: dict[str, tuple[Span, ...]] = {}
        self.signals: dict[str, Any] = dict(signals or {})
        self.provenance: dict[str, Any] = dict(provenance or {})
        for name, spans in (layers or {}).items():
            self.with_layer(name, spans)

    @property
    def text(self) -> str:
        return self._text

    @property
    def layers(self) -> Mapping[str, tuple[Span, ...]]:
        return dict(self._layers)

    def layer(self, name: str) -> tuple[Span, ...]:
        """The spans of one layer, sorted by position (empty if the layer was not produced)."""
        return self._layers.get(name, ())

    def has_layer(self, name: str) -> bool:
        return name in self._layers

    def with_layer(self, name: str, spans: Iterable[Span]) -> "Article":
        """Set layer ``name`` to ``spans`` after checking each one against the text."""
        if not name or not isinstance(name, str):
            raise InvalidSpanError("a layer needs a non-empty string name")
        n = len(self._text)
        checked: list[Span] = []
        seen: set[str] = set()
        for i, span in enumerate(spans):
            if not isinstance(span, Span):
                raise InvalidSpanError(f"layer {name!r} item {i} is a {type(span).__name__}, not a Span")
            if span.end > n:
                raise InvalidSpanError(
                    f"layer {name!r}: span [{span.start}, {span.end}) runs past the end of the text ({n} characters)"
                )
            checked.append(span)
        checked.sort(key=_sort_key)
        numbered: list[Span] = []
        counter = 0
        for span in checked:
            if not span.id or span.id in seen:
                counter += 1
                new_id = f"{name[:1]}{counter}"
                while new_id in seen:
                    counter += 1
                    new_id = f"{name[:1]}{counter}"
                span = span.replace(id=new_id)
            seen.add(span.id)
            numbered.append(span)
        self._layers[name] = tuple(numbered)
        return self

    def span_text(self, span: Span) -> str:
        return self._text[span.start : span.end]

    def spans_in(self, name: str, start: int, end: int) -> Iterator[Span]:
        """Spans of layer ``name`` that overlap ``[start, end)``."""
        for span in self._layers.get(name, ()):
            if span.start >= end:
                break
            if span.end > start:
                yield span

    def get_span(self, layer: str, span_id: str) -> Span | None:
        for span in self._layers.get(layer, ()):
            if span.id == span_id:
                return span
        return None

    # --- wire format -------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "id": self.id,
            "meta": dict(self.meta),
            "text": self._text,
            "layers": {name: [s.to_dict() for s in spans] for name, spans in self._layers.items()},
            "signals": self.signals,
            "provenance": self.provenance,
        }

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, allow_nan=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Article":
        if not isinstance(data, Mapping):
            raise WireFormatError(f"an article must be a JSON object, got {type(data).__name__}")
        schema = data.get("schema", SCHEMA)
        if schema != SCHEMA:
            raise WireFormatError(f"unsupported schema {schema!r}; this newsprobe reads {SCHEMA!r}")
        if "text" not in data or not isinstance(data["text"], str):
            raise WireFormatError("an article needs a string field 'text'")
        layers_in = data.get("layers") or {}
        if not isinstance(layers_in, Mapping):
            raise WireFormatError("'layers' must map layer names to lists of spans")
        layers = {}
        for name, spans in layers_in.items():
            if not isinstance(spans, list):
                raise WireFormatError(f"layer {name!r} must be a list of spans")
            layers[name] = [Span.from_dict(s) for s in spans]
        return cls(
            data["text"],
            id=data.get("id") or None,
            meta=data.get("meta") or {},
            layers=layers,
            signals=data.get("signals") or {},
            provenance=data.get("provenance") or {},
        )

    @classmethod
    def from_json(cls, line: str) -> "Article":
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            raise WireFormatError(f"not valid JSON ({e.msg} at column {e.colno})") from e
        return cls.from_dict(data)

    def __repr__(self) -> str:
        title = self.meta.get("title")
        layers = ", ".join(f"{k}={len(v)}" for k, v in self._layers.items())
        return f"<Article {self.id} {title!r:.40} {len(self._text)} chars; {layers}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Article) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]
