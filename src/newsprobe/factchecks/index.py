"""The lexical side of retrieval: query cleaning, BM25 terms and the BM25 index.

:class:`BM25` holds precomputed Okapi BM25 weights in a scipy sparse matrix (terms x docs).
Building it for the ~23,000 records of LIAR + Snopes takes seconds, so the fact-check
database stores it (``newsprobe.factchecks.db`` writes it after every import) together with
:func:`content_key`, a hash of the records it was built from; a reader uses the stored index
only when the key still matches the records it reads, and otherwise rebuilds it in memory.
The serialised form is plain arrays (``numpy.savez``, no pickle) plus the vocabulary as JSON.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from typing import Iterable, Sequence

import numpy as np

#: Queries are cut to this many characters (a claim, a tweet or a paragraph is far shorter).
MAX_QUERY_CHARS = 4000
#: Bumped when terms(), the weights or the serialised form change: stored indexes then go stale.
INDEX_VERSION = "bm25-1"

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
_TAG = re.compile(r"(?<!\w)[@#](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])")
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being am do does did
    have has had it its this that these those there here he she they we you i me my our your his her their them us
    him not no so than then too very can could will would should may might must shall just about into over under
    again further once all any both each few more most other some such only own same s t don now what which who whom
    whose when where why how up down out off rt via amp""".split()
)


def clean_query(text: str) -> str:
    """Drop links and split hashtags and handles into words ("#StopTheBill" -> "Stop The Bill").

    An embedded tweet's signature ("— Name (@handle) May 3, 2020") is kept on purpose: the
    speaker's name often appears in the fact-checked claim (measured on the CLEF 2020 train
    tweets: removing it costs 0.03 MAP@5 with BM25; splitting tags gains 0.03).
    """
    text = _URL.sub(" ", text[:MAX_QUERY_CHARS])
    return _TAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)


#: An embedded tweet's closing signature: "— Jane Roe (@jroe) May 3, 2020".
_SIGNATURE = re.compile(r"[—–-]\s*([^()\n—\s][^()\n—]{0,59}?)\s*\(@\w+\)\s*\w+\s+\d{1,2},\s*\d{4}\s*$")


def embed_query(text: str) -> str:
    """What MiniLM encodes for a query: ``clean_query`` with a tweet signature cut to the name.

    The handle and date of "— Jane Roe (@jroe) May 3, 2020" only add noise to the sentence
    embedding, while the name helps (CLEF 2020 tweets, cosine alone: train MAP@5 0.830 with
    the whole signature, 0.814 without it, 0.831 with the name only; dev 0.807, 0.790, 0.824).
    """
    text = text[:MAX_QUERY_CHARS]
    head, tail = text[:-160], text[-160:]  # a signature is short and last: look only there
    return clean_query(head + _SIGNATURE.sub(lambda m: " " + m.group(1), tail))


def _stem(word: str) -> str:
    """A light English suffix stripper (plurals and possessives) so 'vaccines' meets 'vaccine'."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """BM25 terms: lower-cased words, stop words dropped, lightly stemmed."""
    return [_stem(w) for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOPWORDS]


class BM25:
    """Okapi BM25 with the document weights precomputed into a sparse matrix (terms x docs)."""

    def __init__(self, docs: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        from scipy.sparse import csr_matrix

        self.vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        lengths = np.zeros(len(docs), dtype=np.float32)
        for d, text in enumerate(docs):
            counts: dict[int, int] = {}
            toks = terms(text)
            lengths[d] = len(toks)
            for t in toks:
                j = self.vocab.setdefault(t, len(self.vocab))
                counts[j] = counts.get(j, 0) + 1
            for j, c in counts.items():
                rows.append(j)
                cols.append(d)
                vals.append(c)
        n = len(docs)
        tf = csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(len(self.vocab), max(n, 0)))
        df = np.diff(tf.indptr).astype(np.float32)
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        avg = float(lengths.mean()) if n else 1.0
        tf = tf.tocoo()
        norm = k1 * (1.0 - b + b * lengths[tf.col] / max(avg, 1e-9))
        w = self.idf[tf.row] * tf.data * (k1 + 1.0) / (tf.data + norm)
        self.weights = csr_matrix((w.astype(np.float32), (tf.row, tf.col)), shape=tf.shape)
        self.n_docs = n

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (zeros when no term is known)."""
        ids = [self.vocab[t] for t in set(terms(query)) if t in self.vocab]
        if not ids or not self.n_docs:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self.weights[ids].sum(axis=0)).ravel()


    # --- persistence ---------------------------------------------------------------------------
    def to_bytes(self) -> tuple[bytes, bytes]:
        """``(vocabulary as JSON, weights as an .npz)``: what the database stores."""
        vocab = [""] * len(self.vocab)
        for term, j in self.vocab.items():
            vocab[j] = term
        buf = io.BytesIO()
        w = self.weights
        np.savez(buf, data=w.data, indices=w.indices, indptr=w.indptr, shape=np.asarray(w.shape, dtype=np.int64),
                 idf=self.idf, n_docs=np.asarray([self.n_docs], dtype=np.int64))
        return json.dumps(vocab, ensure_ascii=False).encode("utf-8"), buf.getvalue()

    @classmethod
    def from_bytes(cls, vocab: bytes, arrays: bytes) -> "BM25":
        """The index :meth:`to_bytes` wrote (no rebuilding)."""
        from scipy.sparse import csr_matrix

        self = cls.__new__(cls)
        self.vocab = {t: j for j, t in enumerate(json.loads(vocab.decode("utf-8")))}
        with np.load(io.BytesIO(arrays), allow_pickle=False) as z:
            shape = tuple(int(x) for x in z["shape"])
            self.weights = csr_matrix((z["data"], z["indices"], z["indptr"]), shape=shape)
            self.idf = z["idf"]
            self.n_docs = int(z["n_docs"][0])
        return self


def content_key(rows: Iterable[tuple[str, str, str | None]]) -> str:
    """A hash of ``(collection, id, record_hash)`` of every record, in index order, and of
    :data:`INDEX_VERSION`: a stored BM25 index is valid for exactly these records."""
    h = hashlib.sha256(INDEX_VERSION.encode())
    n = 0
    for coll, rid, rh in rows:
        h.update(f"{coll}\x00{rid}\x00{rh or ''}\x01".encode("utf-8", "replace"))
        n += 1
    return f"{INDEX_VERSION}:{n}:{h.hexdigest()[:24]}"
