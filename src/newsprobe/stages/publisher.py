"""The article's own outlet (its publisher) and what the rating lists say about it.

``article.signals["publisher"]`` is set from the article's metadata, in this order:

1. ``meta.url``: the page's domain, looked up by domain (subdomains fall back to their
   parent: ``edition.cnn.com`` -> CNN); evidence ``"url"``;
2. ``meta.site_name``: the page's site name (``og:site_name`` and the like, kept by ingest for
   HTML pages); evidence ``"og:site_name"``;
3. ``meta.outlet``: the outlet given with a corpus record (or what ingest found for a page:
   site name, else host name); evidence ``"outlet"``.

The first that the outlet registry (the shipped one plus the ``outlets_file`` setting) knows
wins: ``{"name", "domain", "evidence", "evidence_value", "in_registry": true, "ratings": [...]}``
with every rating list's own verdict, its source and date, never merged into one score (the
same shape as a cited outlet's ``rating``). When the registry knows none of them but the
metadata names a site, the signal still says who published the article, with
``"in_registry": false`` and no ratings. A blog on a hosting platform (``jane.blogspot.com``)
is its own publisher, never the platform; the platform and its ratings come apart under
``platform``. Without any metadata the signal is absent. It is a
signal about the outlet, never a verdict on the article.
"""

from __future__ import annotations

from typing import Any

from ..article import Article
from ..outlets import Outlet, Registry, domain_key, get_registry, looks_like_domain
from ..context import Context
from ..registry import stage
from ..settings import Settings

#: Hosting platforms: a subdomain there is its own publisher (``jane.blogspot.com`` is Jane's
#: blog, not Blogger), so the registry's parent-domain fallback does not apply; the platform
#: and its ratings are given apart as ``platform``.
PLATFORMS: frozenset[str] = frozenset({
    "blogspot.com", "wordpress.com", "substack.com", "medium.com", "tumblr.com", "github.io", "wixsite.com",
    "weebly.com", "livejournal.com", "typepad.com", "over-blog.com", "jimdofree.com", "jimdo.com", "blogger.com",
    "squarespace.com", "ghost.io", "neocities.org", "netlify.app", "vercel.app", "webnode.page", "telegra.ph",
})
#: (meta field, evidence name), in the order they are tried.
SOURCES: tuple[tuple[str, str], ...] = (("url", "url"), ("site_name", "og:site_name"), ("outlet", "outlet"))


def _platform(url: str) -> str | None:
    """The hosting platform a URL's host is a subdomain of ("jane.blogspot.com" -> "blogspot.com")."""
    host = domain_key(url).split("/", 1)[0]
    return next((p for p in PLATFORMS if host.endswith("." + p) and host != "www." + p), None)


def _lookup(registry: Registry, field: str, value: str) -> Outlet | None:
    if field == "url" or looks_like_domain(value):
        found = registry.by_domain(value)
        platform = _platform(value)
        if found is not None and platform is not None and platform in {domain_key(d) for d in found.domains}:
            return None  # the platform, not this publisher
        return found
    return registry.by_name(value, labels=False)


def _web_address(value: str) -> bool:
    """An http(s) address or a bare domain; ``javascript:``, ``file:``, ``data:`` and other
    schemes name no publisher."""
    scheme, sep, _ = value.partition("://")
    if sep:
        return scheme.lower() in ("http", "https") and looks_like_domain(domain_key(value).split("/", 1)[0])
    return ":" not in value.split("/", 1)[0] and looks_like_domain(domain_key(value).split("/", 1)[0])


def find_publisher(meta: dict[str, Any], registry: Registry) -> dict[str, Any] | None:
    """The ``publisher`` signal for an article's ``meta`` (see the module docstring), or None."""
    seen: list[tuple[str, str, str]] = []
    for field, evidence in SOURCES:
        value = meta.get(field)
        if not isinstance(value, str) or not value.strip() or len(value) > 2000:
            continue
        value = value.strip()
        if field == "url" and not _web_address(value):
            continue
        seen.append((field, evidence, value))
        outlet = _lookup(registry, field, value)
        if outlet is not None:
            return {
                "name": outlet.name,
                "domain": outlet.domain,
                "evidence": evidence,
                "evidence_value": value,
                "in_registry": True,
                "ratings": outlet.ratings_json() or [],
            }
    if not seen:
        return None
    url = next((v for f, _, v in seen if f == "url"), None)
    platform = _platform(url) if url else None
    hosted = registry.by_domain(platform) if platform else None
    # nobody rates it: still say who published it, from the most readable field we have
    names = [v for f, _, v in seen if f != "url"]
    domain = domain_key(url).split("/", 1)[0] if url else None
    evidence = next(e for f, e, v in seen if f != "url") if names else "url"
    out: dict[str, Any] = {
        "name": names[0] if names else domain,
        "domain": domain,
        "evidence": evidence,
        "evidence_value": names[0] if names else url,
        "in_registry": False,
        "ratings": [],
    }
    if platform:
        out["platform"] = {"name": hosted.name if hosted else platform, "domain": platform,
                           "ratings": (hosted.ratings_json() or []) if hosted else []}
    return out


class PublisherStage:
    def __init__(self, settings: Settings) -> None:
        self.outlets_file = settings.outlets_file

    def __call__(self, article: Article, ctx: Context) -> None:
        found = find_publisher(dict(article.meta), get_registry(self.outlets_file))
        if found is not None:
            article.signals["publisher"] = found
        else:
            article.signals.pop("publisher", None)


@stage("publisher", version="1")
def make_publisher(settings: Settings) -> PublisherStage:
    """The article's own outlet from its URL, site name or outlet field, with each rating list's verdict."""
    return PublisherStage(settings)
