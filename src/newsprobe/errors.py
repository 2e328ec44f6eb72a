"""Errors newsprobe raises. Every message says what went wrong and what to do next.

NewsprobeError
 ├── InputError            a document cannot be read (empty, binary, bad encoding, no article)
 │    └── RecordError      one record of a corpus file is bad (names the file and line)
 ├── WireFormatError       JSON that is not a newsprobe/1 article
 │    └── InvalidSpanError a span does not fit the text or carries non-JSON attrs
 ├── PipelineError         stages that cannot run in the order asked (unmet `requires`)
 ├── ModelError            a trained artifact is missing or incompatible (says how to rebuild it)
 └── StoreError            the DuckDB store cannot be opened or written
"""

from __future__ import annotations


class NewsprobeError(Exception):
    """Base class of every error newsprobe raises on purpose."""


class InputError(NewsprobeError):
    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)
        self.reason = message


class RecordError(InputError):
    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        self.line = line
        where = f"{source}:{line}" if source and line is not None else source
        super().__init__(message, source=where)


class WireFormatError(NewsprobeError):
    pass


class InvalidSpanError(WireFormatError):
    pass


class PipelineError(NewsprobeError):
    pass


class ModelError(NewsprobeError):
    pass


class StoreError(NewsprobeError):
    pass
