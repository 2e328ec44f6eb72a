"""MiniLM word-piece states of an article's sentences, computed once and shared by stages.

Two stages read the same numbers: the ``claims`` stage (sentence mean state, a feature of its
dense model) and the ``techniques`` stage (token and span states). Both use the packaged
all-MiniLM-L6-v2 encoder with **int8 weights** (ONNX Runtime dynamic quantisation), stopped
after its first few layers (``layers``; both models use 3), and encode every sentence on its
own, as their models were trained.

``shared_states(ctx, text, spans, layers)`` keeps the results in the article's ``Context``
(``ctx.extras``), so the second stage that asks pays nothing. int8 activations are scaled per
batch, so a sentence's states depend a little on the other sentences encoded with it (per-token
cosine >= 0.98); both stages therefore ask for the same list (``article_sentence_spans``) and
get the same numbers whichever runs first.

``available()`` says whether the encoder loads here (else the stages use their sparse
fallback models and note it); ``encoder_note()`` says when it runs float weights instead of
the int8 ones the models were trained on.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

import numpy as np

DIM = 384
#: Tokens of an article whose sentences are encoded at most (about 40,000 words); the
#: techniques stage analyses no more, and the claims stage encodes any later claim sentence apart.
MAX_TOKENS = 50_000
#: ``ctx.extras`` key of the per-article cache: ``{layers: {(start, end): (offsets, states)}}``.
CACHE_KEY = "minilm_sentence_states"

States = tuple[np.ndarray, np.ndarray]  # word-piece offsets (n, 2) into the sentence text, states (n, 384)


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The int8 MiniLM encoder (loaded once per process)."""
    from .minilm import MiniLM, model_dir

    return MiniLM(model_dir(), quantize=True)


def available() -> tuple[bool, str]:
    """Whether the MiniLM encoder loads here, and why not when it does not."""
    try:
        encoder()
    except Exception as e:  # ModelError, a missing package, a broken file: the sparse models still work
        return False, f"{type(e).__name__}: {e}"
    return True, ""


def encoder_note() -> str | None:
    """A note when the encoder cannot run the int8 weights the models were trained on."""
    model = encoder()
    if model.backend == "onnx" and model.quantize:
        return None
    return (f"MiniLM runs on {model.backend} with float weights; the model was trained on int8 ONNX states "
            "(scores may differ slightly)")


def setting_on(settings: Any, name: str) -> bool:
    """A boolean setting such as ``claims_dense`` (missing means on; "0", "off", "no", "false" mean off)."""
    value = getattr(settings, name, True)
    if isinstance(value, str):
        return value.strip().lower() not in {"0", "false", "no", "off"}
    return bool(value)


def dense_choice(wanted: bool, fallback: str) -> tuple[bool, str]:
    """Whether a stage can run its dense model, and the note it adds to every article: empty, the
    float-weights note, or why ``fallback`` (the sparse model's name) runs instead."""
    if not wanted:
        return False, ""
    ok, why = available()
    if ok:
        return True, encoder_note() or ""
    return False, (f"MiniLM encoder unavailable ({why[:200]}): used the {fallback} (lower accuracy); "
                   "run `bash scripts/setup.sh` to install it")


def piece_states(texts: Sequence[str], layers: int = 6, batch_size: int = 64) -> list[States]:
    """Per text: word-piece character offsets ``(n, 2)`` and states ``(n, 384)`` after ``layers`` layers."""
    model = encoder()
    # the encoder's own backend (ONNX Runtime when installed, else numpy) stops after ``layers``
    return model.token_states(list(texts), batch_size=batch_size, layers=min(layers, len(model.layers)))


def mean_states(states: Sequence[States]) -> np.ndarray:
    """The mean word-piece state of each text ``(n_texts, 384)``; zero rows for empty texts."""
    out = np.zeros((len(states), DIM), dtype=np.float32)
    for i, (_offs, st) in enumerate(states):
        if len(st):
            out[i] = st.mean(axis=0)
    return out


def article_sentence_spans(article: Any, ctx: Any, max_tokens: int = MAX_TOKENS) -> list[tuple[int, int]]:
    """The sentence spans every stage asks the encoder for: the sentences with tokens, up to the
    token budget (the same list ``techniques_features.article_sentences`` builds)."""
    from .techniques_features import article_sentences

    sents, _ = article_sentences(article, ctx, max_tokens=max_tokens)
    return [(s.start, s.end) for s in sents]


def shared_states(ctx: Any, text: str, spans: Sequence[tuple[int, int]], layers: int) -> list[States]:
    """States of the sentences ``text[start:end]`` for each span, encoded once per article.

    Spans already encoded for this article (by another stage, same ``layers``) come from the
    cache in ``ctx.extras``; the others are encoded together in one call and added to it. The
    cache keeps the states as float16 (half the memory; the techniques model was trained on
    float16-stored states too), and callers get them back as float32. ``ctx`` None encodes
    without caching.
    """
    if ctx is None:
        return piece_states([text[a:b] for a, b in spans], layers=layers)
    cache = ensure_states(ctx, text, spans, layers)
    return [(cache[sp][0], cache[sp][1].astype(np.float32)) for sp in spans]


def ensure_states(ctx: Any, text: str, spans: Sequence[tuple[int, int]], layers: int) -> dict[tuple[int, int], States]:
    """Encode (in one call) the spans the article's cache lacks; returns the cache (float16 states)."""
    cache: dict[tuple[int, int], States] = ctx.extras.setdefault(CACHE_KEY, {}).setdefault(int(layers), {})
    missing = list(dict.fromkeys(sp for sp in spans if sp not in cache))
    if missing:
        for sp, (offs, st) in zip(missing, piece_states([text[a:b] for a, b in missing], layers=layers)):
            cache[sp] = (offs, st.astype(np.float16))
    return cache


def mean_states_of(ctx: Any, text: str, spans: Sequence[tuple[int, int]], layers: int, *, chunk: int = 256) -> np.ndarray:
    """Mean state of each span's sentence ``(len(spans), 384)``: from the article's cache where
    another stage (or an earlier call) encoded it, else encoded here in chunks of ``chunk``
    sentences and not kept (a very long article's later sentences must not fill the memory)."""
    cache = ctx.extras.get(CACHE_KEY, {}).get(int(layers), {}) if ctx is not None else {}
    out = np.zeros((len(spans), DIM), dtype=np.float32)
    rest = [i for i, sp in enumerate(spans) if sp not in cache]
    for i, sp in enumerate(spans):
        if sp in cache and len(cache[sp][1]):
            out[i] = cache[sp][1].astype(np.float32).mean(axis=0)
    for c in range(0, len(rest), chunk):
        part = rest[c : c + chunk]
        out[part] = mean_states(piece_states([text[spans[i][0] : spans[i][1]] for i in part], layers=layers))
    return out
