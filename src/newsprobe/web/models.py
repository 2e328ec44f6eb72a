"""Request and response bodies of the REST API (they make the OpenAPI document at /openapi.json)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Meta(BaseModel):
    """What the caller knows about the article (all optional)."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    outlet: str | None = Field(None, max_length=500)
    published: str | None = Field(None, max_length=100)
    language: str | None = Field(None, max_length=20, description="a hint (ISO 639-1), checked against the text")


def _one_input(schema: dict[str, Any]) -> None:
    """The document says what the model checks: exactly one of text, html, url, none of them null."""
    for name in ("text", "html", "url"):
        prop = schema["properties"][name]
        prop.pop("anyOf", None)
        prop.pop("default", None)
        prop["type"] = "string"
        if name == "url":
            prop["maxLength"] = 4000
    schema["oneOf"] = [{"required": [name]} for name in ("text", "html", "url")]


class AnalyzeRequest(BaseModel):
    """Exactly one of ``text`` (plain text, never a path or URL), ``html`` (a page's HTML) or
    ``url`` (fetched by the server, only when it runs with URL fetch on)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_one_input)
    text: str | None = Field(None, description="the article as plain text (a string that looks like a path is text)")
    html: str | None = Field(None, description="an HTML page; its main text is extracted (trafilatura)")
    url: str | None = Field(None, max_length=4000, description="an http(s) address to fetch (needs fetch_enabled)")
    meta: Meta | None = None
    store: bool = Field(False, description="also store the analysis in the server's store")

    @field_validator("text", "html", "url", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("leave the field out instead of sending null")
        return value


class SpanOut(BaseModel):
    id: str
    start: int
    end: int
    label: str
    score: float | None = None
    attrs: dict[str, Any] | None = None


class ArticleOut(BaseModel):
    """An article in the ``newsprobe/1`` wire format (docs/format.md)."""

    model_config = ConfigDict(populate_by_name=True)
    schema_: str = Field(alias="schema", description="always newsprobe/1")
    id: str
    meta: dict[str, Any]
    text: str
    layers: dict[str, list[SpanOut]]
    signals: dict[str, Any]
    provenance: dict[str, Any]


class ErrorOut(BaseModel):
    """Every error: what went wrong and what to do, never a stack trace."""

    error: str
    status: int


class ArticleRow(BaseModel):
    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    n_chars: int | None = None
    source: str | None = None
    run_id: str | None = None
    analyzed_at: str | None = None
    language: str | None = None


class ArticleList(BaseModel):
    total: int
    limit: int
    offset: int
    articles: list[ArticleRow]


class Count(BaseModel):
    name: str | None
    n: int


class Stats(BaseModel):
    articles: int
    spans: int
    runs: int
    failures: int
    layers: list[Count]
    languages: list[Count]
    outlets: list[Count]
    clusters: list[Count]
    published_from: str | None = None
    published_to: str | None = None


class MemberOut(BaseModel):
    article_id: str
    start: int | None = None
    end: int | None = None
    role: str
    share: float | None = None
    text: str | None = None
    attrs: dict[str, Any]


class ClusterOut(BaseModel):
    kind: str
    cluster_id: str
    label: str | None = None
    size: int
    evidence: dict[str, Any]
    members: list[MemberOut]


class ClusterList(BaseModel):
    kind: str
    clusters: list[ClusterOut]


class FactCheckMatch(BaseModel):
    model_config = ConfigDict(extra="allow")
    collection: str
    id: str
    score: float
    claim: str
    verdict: str | None = None
    publisher: str | None = None
    url: str | None = None


class FactCheckResults(BaseModel):
    query: str
    matches: list[FactCheckMatch]


class Health(BaseModel):
    status: str
    version: str
    models_loaded: bool
    store: bool
    fetch_enabled: bool
    queued: int
