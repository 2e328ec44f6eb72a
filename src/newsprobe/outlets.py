"""The outlet registry: who an outlet is (canonical name, aliases, domains) and what each
rating list says about it, each list's verdict kept separately.

Where the entries come from:

* ``data/outlets.jsonl.gz``, shipped with newsprobe and rebuilt by ``newsprobe sources build``:
  a hand-written table of well-known outlets (``WELL_KNOWN`` below: names and aliases as they
  appear in article text, e.g. "AP", "the Associated Press", apnews.com) plus the lists whose
  terms allow redistribution (OpenSources, LGPL-3.0; Wikipedia's perennial-sources verdicts,
  CC BY-SA). docs/sources.md says what is shipped and why.
* the user's files named by the setting ``outlets_file`` (env ``NEWSPROBE_OUTLETS_FILE``;
  several paths separated by ``os.pathsep``): JSON Lines entries that add outlets or override
  shipped ones. ``newsprobe sources build --all --out FILE`` writes such a file from the user's
  own copy of the lists that may not be redistributed (MBFC-derived, NewsGuard-derived).

A rating is a dict ``{"list": ..., <the list's own verdict fields, as given>, "source": ...,
"date": ...}``. Ratings are never merged into a score: a consumer sees every list's verdict.

Lookups are dictionary lookups on normalised keys (``name_key``, ``domain_key``), so
``resolve`` is cheap enough to call for every candidate mention in an article.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .errors import InputError

#: The shipped registry, written by ``newsprobe sources build``.
DATA_FILE = Path(__file__).resolve().parent / "data" / "outlets.jsonl.gz"

# --- the hand-written table ------------------------------------------------------------------
#: Well-known outlets as articles name them: (canonical name, aliases, domains). Our own writing.
WELL_KNOWN: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Associated Press", ("AP", "the AP", "AP News", "Associated Press news agency"), ("apnews.com", "ap.org")),
    ("Reuters", ("Thomson Reuters", "Reuters news agency"), ("reuters.com",)),
    ("Agence France-Presse", ("AFP", "Agence France Presse", "France-Presse"), ("afp.com",)),
    ("Xinhua", ("Xinhua News Agency", "Xinhua news agency", "New China News Agency"), ("xinhuanet.com", "news.cn")),
    ("TASS", ("Tass", "ITAR-TASS"), ("tass.com", "tass.ru")),
    ("RIA Novosti", ("RIA",), ("ria.ru",)),
    ("Interfax", (), ("interfax.com", "interfax.ru")),
    ("United Press International", ("UPI",), ("upi.com",)),
    ("Kyodo News", ("Kyodo",), ("english.kyodonews.net", "kyodonews.net")),
    ("Yonhap", ("Yonhap News Agency",), ("en.yna.co.kr", "yna.co.kr")),
    ("Anadolu Agency", ("Anadolu",), ("aa.com.tr",)),
    ("Deutsche Presse-Agentur", ("dpa", "DPA"), ("dpa.com",)),
    ("Press Trust of India", ("PTI",), ("ptinews.com",)),
    ("Bloomberg", ("Bloomberg News",), ("bloomberg.com",)),
    ("BBC", ("BBC News", "British Broadcasting Corporation", "the BBC"), ("bbc.com", "bbc.co.uk")),
    ("The Guardian", ("Guardian", "the Guardian"), ("theguardian.com", "guardian.co.uk")),
    ("The New York Times", ("New York Times", "NYT", "the Times of New York"), ("nytimes.com",)),
    ("The Washington Post", ("Washington Post",), ("washingtonpost.com",)),
    ("The Wall Street Journal", ("Wall Street Journal", "WSJ"), ("wsj.com",)),
    ("Financial Times", ("FT", "the Financial Times"), ("ft.com",)),
    ("The Economist", ("Economist",), ("economist.com",)),
    ("The Times", ("The Times of London", "Times of London"), ("thetimes.co.uk",)),
    ("The Daily Telegraph", ("The Telegraph", "Telegraph"), ("telegraph.co.uk",)),
    ("The Independent", ("Independent",), ("independent.co.uk",)),
    ("Daily Mail", ("Mail Online", "MailOnline", "The Daily Mail"), ("dailymail.co.uk",)),
    ("The Sun", (), ("thesun.co.uk",)),
    ("Daily Mirror", ("The Mirror",), ("mirror.co.uk",)),
    ("Sky News", (), ("news.sky.com",)),
    ("CNN", ("Cable News Network",), ("cnn.com",)),
    ("Fox News", ("Fox News Channel", "Fox News Network"), ("foxnews.com",)),
    ("MSNBC", (), ("msnbc.com",)),
    ("NBC News", ("NBC",), ("nbcnews.com",)),
    ("CBS News", ("CBS",), ("cbsnews.com",)),
    ("ABC News", ("ABC",), ("abcnews.go.com",)),
    ("NPR", ("National Public Radio",), ("npr.org",)),
    ("PBS", ("PBS NewsHour",), ("pbs.org",)),
    ("USA Today", (), ("usatoday.com",)),
    ("Los Angeles Times", ("LA Times", "L.A. Times"), ("latimes.com",)),
    ("Politico", (), ("politico.com", "politico.eu")),
    ("Axios", (), ("axios.com",)),
    ("The Hill", (), ("thehill.com",)),
    ("HuffPost", ("Huffington Post", "The Huffington Post"), ("huffpost.com", "huffingtonpost.com")),
    ("BuzzFeed News", ("BuzzFeed",), ("buzzfeednews.com", "buzzfeed.com")),
    ("Vox", (), ("vox.com",)),
    ("The Atlantic", ("Atlantic",), ("theatlantic.com",)),
    ("The New Yorker", ("New Yorker",), ("newyorker.com",)),
    ("Newsweek", (), ("newsweek.com",)),
    ("Time", ("Time magazine", "TIME"), ("time.com",)),
    ("Breitbart News", ("Breitbart",), ("breitbart.com",)),
    ("The Daily Caller", ("Daily Caller",), ("dailycaller.com",)),
    ("The Intercept", ("Intercept",), ("theintercept.com",)),
    ("ProPublica", (), ("propublica.org",)),
    ("Al Jazeera", ("Al-Jazeera", "Aljazeera", "Al Jazeera English"), ("aljazeera.com", "aljazeera.net")),
    ("RT", ("Russia Today",), ("rt.com",)),
    ("Sputnik", ("Sputnik News",), ("sputniknews.com",)),
    ("Deutsche Welle", ("DW",), ("dw.com",)),
    ("France 24", ("France24",), ("france24.com",)),
    ("Le Monde", (), ("lemonde.fr",)),
    ("Der Spiegel", ("Spiegel",), ("spiegel.de",)),
    ("El País", ("El Pais",), ("elpais.com",)),
    ("The Times of India", ("Times of India",), ("timesofindia.indiatimes.com",)),
    ("The Hindu", (), ("thehindu.com",)),
    ("South China Morning Post", ("SCMP",), ("scmp.com",)),
    ("China Daily", (), ("chinadaily.com.cn",)),
    ("Global Times", (), ("globaltimes.cn",)),
    ("CGTN", ("China Global Television Network",), ("cgtn.com",)),
    ("The Japan Times", ("Japan Times",), ("japantimes.co.jp",)),
    ("Haaretz", (), ("haaretz.com",)),
    ("The Times of Israel", ("Times of Israel",), ("timesofisrael.com",)),
    ("Al Arabiya", ("Al-Arabiya",), ("alarabiya.net",)),
    ("ABC Australia", ("Australian Broadcasting Corporation",), ("abc.net.au",)),
    ("The Sydney Morning Herald", ("Sydney Morning Herald",), ("smh.com.au",)),
    ("CBC News", ("CBC", "Canadian Broadcasting Corporation"), ("cbc.ca",)),
    ("The Globe and Mail", ("Globe and Mail",), ("theglobeandmail.com",)),
    ("The Irish Times", ("Irish Times",), ("irishtimes.com",)),
    ("Euronews", (), ("euronews.com",)),
    ("The Kyiv Independent", ("Kyiv Independent",), ("kyivindependent.com",)),
    ("Kyiv Post", (), ("kyivpost.com",)),
    ("Infowars", ("InfoWars",), ("infowars.com",)),
    ("The Gateway Pundit", ("Gateway Pundit",), ("thegatewaypundit.com",)),
    ("Newsmax", (), ("newsmax.com",)),
    ("One America News Network", ("OAN", "OANN", "One America News"), ("oann.com",)),
    ("The Onion", ("Onion",), ("theonion.com",)),
    ("Snopes", (), ("snopes.com",)),
    ("PolitiFact", (), ("politifact.com",)),
    ("FactCheck.org", (), ("factcheck.org",)),
    ("Full Fact", (), ("fullfact.org",)),
    ("Bellingcat", (), ("bellingcat.com",)),
    ("WikiLeaks", ("Wikileaks",), ("wikileaks.org",)),
    ("Forbes", (), ("forbes.com",)),
    ("CNBC", (), ("cnbc.com",)),
    ("Business Insider", (), ("businessinsider.com",)),
    ("Vice News", ("Vice",), ("vice.com",)),
    ("Mother Jones", (), ("motherjones.com",)),
    ("National Review", (), ("nationalreview.com",)),
    ("The Federalist", (), ("thefederalist.com",)),
    ("Daily Beast", ("The Daily Beast",), ("thedailybeast.com",)),
    ("New York Post", ("NY Post",), ("nypost.com",)),
    ("Chicago Tribune", (), ("chicagotribune.com",)),
    ("The Boston Globe", ("Boston Globe",), ("bostonglobe.com",)),
    ("Voice of America", ("VOA",), ("voanews.com",)),
    ("Radio Free Europe/Radio Liberty", ("RFE/RL", "Radio Free Europe", "Radio Liberty"), ("rferl.org",)),
    ("Meduza", (), ("meduza.io",)),
    ("Nature", (), ("nature.com",)),
    ("Science", (), ("science.org",)),
)

#: How each list's numeric labels read (our reading of the SOURCE.md notes, documented as such).
WIKIPEDIA_LABELS = {1: "generally reliable", 0: "no consensus / mixed", -1: "generally unreliable", -2: "deprecated or blacklisted"}


# --- keys ------------------------------------------------------------------------------------
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LEADING_THE = re.compile(r"^\s*the\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)\s*$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
#: Government, military, academic and treaty domains: their labels ("whitehouse") are not outlet names.
_OFFICIAL_TLD = re.compile(r"\.(?:gov|mil|edu|int)(?:\.[a-z]{2})?$|\.gc\.ca$|\.gouv\.[a-z]{2}$")
_DOMAINISH = re.compile(r"^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$")


def name_key(name: str) -> str:
    """A name reduced for lookup: lower case, no leading "the", no possessive, letters and
    digits only ("The Guardian's" -> "guardian", "Fox News" -> "foxnews")."""
    name = _POSSESSIVE.sub("", name.strip())
    name = _LEADING_THE.sub("", name)
    return _NON_ALNUM.sub("", name.lower())


def domain_key(domain: str) -> str:
    """A domain reduced for lookup: no scheme, no ``www.``, lower case, no trailing slash or
    query; one path segment is kept because some lists rate a path (``x.wordpress.com/blog``)."""
    d = _SCHEME.sub("", domain.strip().lower())
    d = d.split("?", 1)[0].split("#", 1)[0]
    host, _, path = d.partition("/")
    host = host.split(":", 1)[0].strip(".")
    if host.startswith("www."):
        host = host[4:]
    seg = path.strip("/").split("/", 1)[0]
    return f"{host}/{seg}" if seg else host


def looks_like_domain(text: str) -> bool:
    t = _SCHEME.sub("", text.strip())
    return " " not in t and bool(_DOMAINISH.match(t)) and not t.replace(".", "").isdigit()


def domain_label_key(domain: str) -> str:
    """The name a domain suggests: its main label without a leading "the"
    ("theguardian.com" -> "guardian", "foxnews.com" -> "foxnews", "bbc.co.uk" -> "bbc")."""
    host = domain_key(domain).split("/", 1)[0]
    labels = [x for x in host.split(".") if x]
    if len(labels) < 2:
        return ""
    # drop the public suffix approximately: a 2-letter country code with a short second level
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in {"co", "com", "org", "net", "gov", "ac", "news"}:
        main = labels[-3]
    else:
        main = labels[-2]
    main = re.sub(r"^the(?=[a-z]{3})", "", main)
    return _NON_ALNUM.sub("", main)


# --- entries ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outlet:
    """One outlet: canonical ``name``, ``aliases`` and ``domains``; ``ratings`` holds one dict
    per rating-list verdict (``list``, the list's fields as given, ``source``, ``date``)."""

    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    ratings: tuple[Mapping[str, Any], ...] = ()
    origin: str = "shipped"  # "shipped" or the user file it came from
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def domain(self) -> str | None:
        return self.domains[0] if self.domains else None

    def ratings_json(self) -> list[dict[str, Any]] | None:
        """The ratings as JSON-safe dicts, or None when no list rates this outlet."""
        return [dict(r) for r in self.ratings] or None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "aliases": list(self.aliases), "domains": list(self.domains)}
        out["ratings"] = [dict(r) for r in self.ratings]
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: str = "shipped") -> "Outlet":
        name = data.get("name")
        domains = [domain_key(str(d)) for d in (data.get("domains") or []) if str(d).strip()]
        if not name and domains:
            name = domains[0]
        if not isinstance(name, str) or not name.strip():
            raise ValueError("an outlet entry needs a 'name' (or at least one of 'domains')")
        ratings = data.get("ratings") or []
        if not isinstance(ratings, list) or not all(isinstance(r, Mapping) and r.get("list") for r in ratings):
            raise ValueError("'ratings' must be a list of objects, each with a 'list' field naming its rating list")
        extra = {k: v for k, v in data.items() if k not in {"name", "aliases", "domains", "ratings", "replace"}}
        return cls(
            name=name.strip(),
            aliases=tuple(dict.fromkeys(str(a).strip() for a in data.get("aliases") or [] if str(a).strip())),
            domains=tuple(dict.fromkeys(domains)),
            ratings=tuple(dict(r) for r in ratings),
            origin=origin,
            extra=extra,
        )


def _merge(base: Outlet, new: Outlet) -> Outlet:
    """``new`` (a user entry) over ``base``: its name wins, aliases and domains are added, and
    its ratings replace ``base``'s ratings from the same list(s); other lists are kept."""
    lists = {r["list"] for r in new.ratings}
    aliases = tuple(dict.fromkeys((*new.aliases, *base.aliases, *( (base.name,) if base.name != new.name else ()))))
    return Outlet(
        name=new.name,
        aliases=aliases,
        domains=tuple(dict.fromkeys((*base.domains, *new.domains))),
        ratings=tuple(r for r in base.ratings if r["list"] not in lists) + new.ratings,
        origin=new.origin,
        extra={**base.extra, **new.extra},
    )


class Registry:
    """Outlets indexed by name/alias key, by domain and by domain label.

    Name keys come from names and aliases (trusted); label keys come from domains only
    ("breitbart.com" -> "breitbart") and are used when a caller allows them, since a bare
    label may also be an ordinary word.
    """

    def __init__(self, outlets: Iterable[Outlet] = ()) -> None:
        self._outlets: list[Outlet | None] = []
        self._by_name: dict[str, int] = {}
        self._by_domain: dict[str, int] = {}
        self._by_label: dict[str, int] = {}
        for o in outlets:
            self.add(o)

    def __len__(self) -> int:
        return sum(1 for o in self._outlets if o is not None)

    def __iter__(self) -> Iterator[Outlet]:
        return (o for o in self._outlets if o is not None)

    def _index(self, i: int, o: Outlet, *, override: bool) -> None:
        def put(table: dict[str, int], key: str) -> None:
            if key and (override or key not in table or self._outlets[table[key]] is None):
                table[key] = i

        for d in o.domains:
            put(self._by_domain, domain_key(d))
        for n in (o.name, *o.aliases):
            put(self._by_name, name_key(n))
        for d in o.domains:
            if not _OFFICIAL_TLD.search(domain_key(d).split("/", 1)[0]):
                put(self._by_label, domain_label_key(d))

    def _find_existing(self, o: Outlet) -> int | None:
        for d in o.domains:
            i = self._by_domain.get(domain_key(d))
            if i is not None and self._outlets[i] is not None:
                return i
        i = self._by_name.get(name_key(o.name))
        if i is not None and self._outlets[i] is not None:
            return i
        return None

    def add(self, outlet: Outlet, *, override: bool = False, replace: bool = False) -> Outlet:
        """Add ``outlet``. With ``override`` (user entries) an entry that shares a domain or
        name is merged (``_merge``) or, with ``replace``, replaced whole; its keys then win."""
        if override:
            i = self._find_existing(outlet)
            if i is not None:
                old = self._outlets[i]
                assert old is not None
                merged = outlet if replace else _merge(old, outlet)
                self._outlets[i] = merged
                self._index(i, merged, override=True)
                return merged
        self._outlets.append(outlet)
        self._index(len(self._outlets) - 1, outlet, override=override)
        return outlet

    def by_domain(self, domain: str) -> Outlet | None:
        """The outlet for a domain or URL; subdomains fall back to their parent
        ("edition.cnn.com/2024/..." -> CNN)."""
        key = domain_key(domain)
        candidates = [key]
        host = key.split("/", 1)[0]
        if host != key:
            candidates.append(host)
        parts = host.split(".")
        for k in range(1, max(1, len(parts) - 1)):
            candidates.append(".".join(parts[k:]))
        for c in candidates:
            i = self._by_domain.get(c)
            if i is not None and self._outlets[i] is not None:
                return self._outlets[i]
        return None

    def by_name(self, name: str, *, labels: bool = False) -> Outlet | None:
        """The outlet a name or alias refers to; with ``labels``, also names that only a
        domain suggests ("Breitbart" via breitbart.com)."""
        key = name_key(name)
        if not key:
            return None
        i = self._by_name.get(key)
        if i is None and labels and len(key) >= 4:
            i = self._by_label.get(key)
        return self._outlets[i] if i is not None else None

    def resolve(self, name_or_domain: str, *, labels: bool = True) -> Outlet | None:
        """An outlet by domain/URL (when the text looks like one) or by name/alias."""
        if not name_or_domain or not name_or_domain.strip() or len(name_or_domain) > 300:
            return None
        if looks_like_domain(name_or_domain):
            hit = self.by_domain(name_or_domain)
            if hit is not None:
                return hit
        return self.by_name(name_or_domain, labels=labels)

    def search(self, text: str, limit: int = 20) -> list[Outlet]:
        """Outlets whose name, alias or domain contains ``text`` (case-insensitive)."""
        needle = text.lower().strip()
        out = []
        for o in self:
            if any(needle in s.lower() for s in (o.name, *o.aliases, *o.domains)):
                out.append(o)
                if len(out) >= limit:
                    break
        return out


# --- files -----------------------------------------------------------------------------------
def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-empty line of a JSON Lines file (gzip or plain)."""
    p = Path(path)
    opener = gzip.open if p.suffix == ".gz" else open
    try:
        with opener(p, "rt", encoding="utf-8") as f:  # type: ignore[operator]
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError as e:
                        raise InputError(f"line {n} is not valid JSON ({e.msg}); fix or remove it", source=str(p)) from e
                    if not isinstance(obj, dict):
                        raise InputError(f"line {n} is not a JSON object; each line must be one outlet entry", source=str(p))
                    yield n, obj
    except OSError as e:
        raise InputError(f"cannot read the outlets file ({e.strerror or e}); check the path in NEWSPROBE_OUTLETS_FILE or --outlets-file", source=str(p)) from e


def write_jsonl(path: str | Path, outlets: Iterable[Outlet]) -> int:
    """Write ``outlets`` as gzip JSON Lines (deterministic: no timestamp in the gzip header)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(o.to_dict(), ensure_ascii=False, sort_keys=True) for o in outlets]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if p.suffix == ".gz":
        with open(p, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as gz:
            gz.write(data)
    else:
        p.write_bytes(data)
    return len(lines)


def user_files(outlets_file: str) -> list[str]:
    return [p for p in (outlets_file or "").split(os.pathsep) if p.strip()]


def load_registry(outlets_file: str = "", *, shipped: str | Path | None = None) -> Registry:
    """The shipped registry with the user's files (``os.pathsep``-separated) applied on top.

    A user entry that shares a domain or name with a known outlet is merged into it (its
    ratings replace that outlet's ratings from the same list); ``"replace": true`` replaces
    the entry whole. Raises ``InputError`` naming the file and line of a bad entry.
    """
    reg = Registry()
    base = Path(shipped) if shipped is not None else DATA_FILE
    if base.exists():
        for _, obj in read_jsonl(base):
            reg.add(Outlet.from_dict(obj))
    for path in user_files(outlets_file):
        for n, obj in read_jsonl(path):
            try:
                outlet = Outlet.from_dict(obj, origin=str(path))
            except ValueError as e:
                raise InputError(f"line {n}: {e}", source=str(path)) from e
            reg.add(outlet, override=True, replace=bool(obj.get("replace")))
    return reg


@lru_cache(maxsize=8)
def _cached(outlets_file: str) -> Registry:
    return load_registry(outlets_file)


def get_registry(outlets_file: str | None = None) -> Registry:
    """The registry for ``outlets_file`` (default: the ``outlets_file`` setting), cached per
    process. Call ``get_registry.cache_clear()`` after editing a user file in a running process."""
    if outlets_file is None:
        outlets_file = os.environ.get("NEWSPROBE_OUTLETS_FILE", "")
    return _cached(outlets_file)


get_registry.cache_clear = _cached.cache_clear  # type: ignore[attr-defined]


def resolve(name_or_domain: str, outlets_file: str | None = None) -> Outlet | None:
    """The outlet that a name ("the AP", "The Guardian", "Xinhua"), alias or domain/URL
    ("apnews.com", "https://edition.cnn.com/x") refers to, or None. Dictionary lookups on a
    cached registry: cheap enough to call per mention (the stories stage canonicalises
    "(Reuters)" origins with it)."""
    return get_registry(outlets_file).resolve(name_or_domain)


# --- building the shipped registry and the user's full build ---------------------------------
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
        label: Any = r.get("wp_label")  # an int from the list, or missing
        yield r["domain"], {
            "list": "wikipedia-perennial",
            "wp_label": label,
            "meaning": WIKIPEDIA_LABELS.get(label, "undefined"),
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
    for name, aliases, domains in WELL_KNOWN:
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
        for domain, rating, outlet_name in _restricted(root):
            attach(domain, rating, outlet_name)
    for e in entries:
        e["ratings"].sort(key=lambda r: (r["list"], json.dumps(r, sort_keys=True)))
    return [Outlet.from_dict(e) for e in entries]


def default_shared_data() -> Path:
    """``../shared/data`` next to the repository (where the project keeps its datasets)."""
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


__all__: Sequence[str] = (
    "DATA_FILE",
    "Outlet",
    "Registry",
    "WELL_KNOWN",
    "build_outlets",
    "domain_key",
    "get_registry",
    "load_registry",
    "name_key",
    "resolve",
    "write_jsonl",
)
