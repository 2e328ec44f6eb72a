"""Building the outlet registry from the rating lists (``newsprobe sources build``).

The hand-written table (``data/well_known_outlets.json``) gives names, aliases and domains;
each rating list adds one rating per domain, with its own verdict fields, ``source`` and
``date``. Lists whose terms allow redistribution are shipped; the others (MBFC-, NewsGuard-
derived) are read only into the user's own file (``--all --out FILE``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from .errors import InputError
from .outlets import Outlet, domain_key, read_jsonl, well_known

#: How each list's numeric labels read (our reading of the SOURCE.md notes, documented as such).
WIKIPEDIA_LABELS = {1: "generally reliable", 0: "no consensus / mixed", -1: "generally unreliable", -2: "deprecated or blacklisted"}


OPENSOURCES_SOURCE = "OpenSources (github.com/OpenSourcesGroup/opensources, commit 2fb428d, LGPL-3.0)"
WIKIPEDIA_SOURCE = (
    "Wikipedia: Reliable sources/Perennial sources, labels as compiled by idiap/News-Media-Reliability "
    "(commit c3f5025); CC BY-SA"
)
_OS_TAG_FIX = {"fake news": "fake", "unrealiable": "unreliable", "satirical": "satire"}


def _opensources(root: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for _, r in read_jsonl(root / "opensources" / "opensources.jsonl.gz"):
        tags = [_OS_TAG_FIX.get(t.strip().lower(), t.strip().lower()) for t in r.get("tags") or [] if t]
        rating: dict[str, Any] = {"list": "opensources", "tags": list(dict.fromkeys(tags)), "source": OPENSOURCES_SOURCE, "date": "2017-04-28"}
        notes = (r.get("notes") or "").strip()
        if notes and notes != "0":
            rating["notes"] = notes
        yield r["domain"], rating


def _wikipedia(root: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for _, r in read_jsonl(root / "news-media-reliability-idiap" / "wikipedia_perennial_sources.jsonl.gz"):
        label = r.get("wp_label")
        yield r["domain"], {
            "list": "wikipedia-perennial",
            "wp_label": label,
            "meaning": WIKIPEDIA_LABELS.get(label, "undefined") if isinstance(label, int) else "undefined",
            "source": WIKIPEDIA_SOURCE,
            "date": "2024",
        }


def _restricted(root: Path) -> Iterator[tuple[str, dict[str, Any], str | None]]:
    """Lists that may not be redistributed: read from the user's own copy at build time."""
    idiap = root / "news-media-reliability-idiap"
    baly = root / "mbfc-baly-media-factuality" / "baly_media.jsonl.gz"
    if baly.exists():
        for _, r in read_jsonl(baly):
            slug = (r.get("mbfc_page") or "").rstrip("/").rsplit("/", 1)[-1]
            name = slug.replace("-", " ").title() if slug and "." not in slug else None
            yield r["source_url"], {
                "list": f"mbfc-baly-{r['version']}",
                "factuality": r.get("factuality"),
                "bias": r.get("bias"),
                "mbfc_page": r.get("mbfc_page"),
                "source": "Baly et al. (ramybaly/News-Media-Reliability, commit 28ab9b4), labels from Media Bias/Fact Check; research use",
                "date": "2018" if r["version"] == "emnlp18" else "2020",
            }, name
    if (idiap / "mbfc.jsonl.gz").exists():
        for _, r in read_jsonl(idiap / "mbfc.jsonl.gz"):
            fields = ("factual_reporting", "bias", "mbfc_credibility_rating", "country", "media_type", "press_freedom")
            yield r["source"], {
                "list": "mbfc-idiap",
                **{k: r.get(k) for k in fields},
                "source": "Media Bias/Fact Check scrape in idiap/News-Media-Reliability (commit c3f5025); MBFC copyright",
                "date": "2024",
            }, None
    if (idiap / "golden_truth.jsonl.gz").exists():
        for _, r in read_jsonl(idiap / "golden_truth.jsonl.gz"):
            yield r["domain"], {
                "list": "idiap-golden-truth",
                "reliability_label": r.get("reliability_label"),
                "label_source": r.get("label_source"),
                "newsguard_score": r.get("newsguard_score"),
                "source": "idiap/News-Media-Reliability golden truth (commit c3f5025); mixes MBFC, NewsGuard, Wikipedia, manual labels",
                "date": "2024",
            }, None
    if (idiap / "unreliable_news_sources.jsonl.gz").exists():
        for _, r in read_jsonl(idiap / "unreliable_news_sources.jsonl.gz"):
            yield r["domain"], {
                "list": "idiap-unreliable-sources",
                "verdict": "unreliable",
                "source": "idiap/News-Media-Reliability unreliable_news_sources.txt (commit c3f5025); origin not documented",
                "date": "2024",
            }, None
    if (idiap / "nela_gt_2018_source_labels.jsonl.gz").exists():
        for _, r in read_jsonl(idiap / "nela_gt_2018_source_labels.jsonl.gz"):
            keep = {k: v for k, v in r.items() if k not in {"domain", "Source"} and v not in (None, "")}
            yield r["domain"], {
                "list": "nela-gt-2018",
                **keep,
                "source": "NELA-GT-2018 source labels via idiap/News-Media-Reliability (commit c3f5025); NewsGuard/MBFC/AllSides-derived",
                "date": "2018",
            }, r.get("Source")


def build_outlets(shared_data: str | Path, *, include_restricted: bool = False) -> list[Outlet]:
    """The registry built from the hand-written table and the lists under ``shared_data``.

    Without ``include_restricted`` only redistributable lists are read (what ships); with it,
    the MBFC-/NewsGuard-derived lists are added too (for the user's own file, never shipped).
    """
    root = Path(shared_data)
    if not (root / "opensources").exists():
        raise InputError(f"no rating lists found under {root}; pass --data pointing at the project's shared/data folder")
    entries: list[dict[str, Any]] = []
    by_domain: dict[str, int] = {}
    for name, aliases, domains in well_known():
        by_domain.update({domain_key(d): len(entries) for d in domains})
        entries.append({"name": name, "aliases": list(aliases), "domains": [domain_key(d) for d in domains], "ratings": []})

    def attach(domain: str, rating: dict[str, Any], name: str | None = None) -> None:
        key = domain_key(str(domain or ""))
        if not key:
            return
        i = by_domain.get(key)
        if i is None:
            i = len(entries)
            by_domain[key] = i
            entries.append({"name": name or key, "aliases": [], "domains": [key], "ratings": []})
        e = entries[i]
        if name and name != e["name"] and name not in e["aliases"] and e["name"] != key:
            e["aliases"].append(name)
        elif name and e["name"] == key:
            e["name"] = name
        e["ratings"].append({**rating, "domain": str(domain).strip()})

    for domain, rating in _opensources(root):
        attach(domain, rating)
    for domain, rating in _wikipedia(root):
        attach(domain, rating)
    if include_restricted:
        for domain, rating, list_name in _restricted(root):
            attach(domain, rating, list_name)
    for e in entries:
        e["ratings"].sort(key=lambda r: (r["list"], json.dumps(r, sort_keys=True)))
    return [Outlet.from_dict(e) for e in entries]
