"""Speaker confidence calibrated on held-out data.

Each quote gets a *calibration key*: its label, how it was attributed (``cue_kind``: its own
reporting verb, a verb governing the clause, a dash or colon, a transcript, carried over from
the quote before, a stance or noun cue) and how its speaker was found (``speaker_via``: an
entity, a title, a pronoun with one candidate, a pronoun with two, ...). The table
``newsprobe/data/quote_calibration.json`` counts, per key, how many speakers of that key were right on
PolNeAR train articles 100-399 (one-to-one matched; dev and train[:100] never used). It holds
numbers and key names only. A quote's confidence is the smoothed share right of its key,
backing off to coarser keys when a key is rare, less one standard error (so a key seen a few
times does not claim more than it has shown).

Rebuild the table with ``python eval/polnear.py --split train --fit-calibration``.

PolNeAR marks the *mention* as the source ("she", "the minister", "the company") and has no
coreference, so it cannot tell whether the resolver picked the right person behind a pronoun,
a title or a description: the table would call every such speaker right. Their confidence is
therefore capped by design (``UNVERIFIED_CAP``), not fitted: 0.75 with one fitting candidate,
0.55 (below the threshold) with two candidates or a far antecedent.

Below ``UNCERTAIN_BELOW`` a quote carries ``attrs.speaker_uncertain: true``; so does a quote
whose speaker had two fitting candidates, whatever its score.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

#: Shipped with the package (``newsprobe/data`` is package data).
CALIBRATION_PATH = Path(__file__).resolve().parents[1] / "data" / "quote_calibration.json"
#: Confidence below which a speaker is marked uncertain (see docs/quotes.md for the reliability table).
UNCERTAIN_BELOW = 0.6
#: Pseudo-counts pulling a rare key towards its coarser parent.
PRIOR_STRENGTH = 4.0
#: Speaker paths PolNeAR cannot verify (it has no coreference): the most confidence they get.
UNVERIFIED_CAP = {"pronoun": 0.75, "title": 0.75, "description": 0.75}
#: The most confidence a speaker gets when two candidates fit or the antecedent is far away.
DOUBT_CAP = 0.55
#: Cue kinds the table has not seen, read as the kind they resemble: a lead sentence before the
#: quote ('Ode agreed. "..."', version 18) names its speaker as the words before a colon do; an
#: embedded post's signature ('- Name (@handle) date', version 36) as a dash credit does.
READ_AS = {"lead": "colon", "post": "dash"}


def calibration_key(label: str, attrs: Mapping[str, Any]) -> str:
    """The finest key of a quote: label | cue kind | speaker path."""
    return f"{label}|{attrs.get('cue_kind') or 'none'}|{attrs.get('speaker_via') or 'none'}"


def _parents(key: str) -> list[str]:
    """Coarser keys, finest first: "direct|cue|pronoun" -> ["direct|cue", "direct", ""]."""
    parts = key.split("|")
    return ["|".join(parts[:k]) for k in range(len(parts) - 1, -1, -1)]


@lru_cache(maxsize=1)
def load_table(path: Path = CALIBRATION_PATH) -> dict[str, tuple[int, int]] | None:
    """Counts (n, right) per key, summed up the key hierarchy; None when no table ships."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    table: dict[str, list[int]] = {}
    for key, (n, right) in data["keys"].items():
        for k in [key] + _parents(key):
            acc = table.setdefault(k, [0, 0])
            acc[0] += int(n)
            acc[1] += int(right)
    return {k: (v[0], v[1]) for k, v in table.items()}


def calibrated(key: str, raw: float) -> float:
    """The smoothed share right for ``key`` (``raw``, the rule's own score, when no table
    ships), capped for speaker paths PolNeAR cannot verify and for doubtful ones."""
    parts = key.split("|")
    if len(parts) == 3 and parts[1] in READ_AS:
        key = "|".join((parts[0], READ_AS[parts[1]], parts[2]))
    via = key.rsplit("|", 1)[-1]
    cap = DOUBT_CAP if via.endswith(("-ambiguous", "-far", "-doubtful")) else UNVERIFIED_CAP.get(via, 1.0)
    return min(cap, _fitted(key, raw))


def _fitted(key: str, raw: float) -> float:
    table = load_table()
    if not table:
        return raw
    chain = list(reversed(_parents(key))) + [key]  # coarsest first
    rate: float | None = None
    weight = 0.0
    for k in chain:
        if k not in table:
            continue
        n, right = table[k]
        if rate is None:
            rate = right / n if n else raw
        else:
            rate = (right + PRIOR_STRENGTH * rate) / (n + PRIOR_STRENGTH)
        weight = n + PRIOR_STRENGTH
    if rate is None:
        return raw
    # one standard error below the estimate: a rare key does not claim more than it has shown
    return max(0.0, rate - (rate * (1.0 - rate) / weight) ** 0.5)


def write_table(counts: Mapping[str, list[int]], source: str, path: Path = CALIBRATION_PATH) -> None:
    """Write the fitted counts (numbers and key names only)."""
    data = {
        "source": source,
        "right_means": "one-to-one matched (>= 50% overlap) and the speaker agrees with the gold source (span or name)",
        "keys": {k: [int(v[0]), int(v[1])] for k, v in sorted(counts.items())},
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    load_table.cache_clear()
