"""Property-based tests against the OpenAPI document (schemathesis, bounded examples): for
requests generated from /openapi.json, no answer is a 500 and every answer matches the document
(status code, content type, body schema). In-process (ASGI), no socket."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from newsprobe import factchecks as fc  # noqa: E402
from newsprobe.article import Article, Span  # noqa: E402
from newsprobe.settings import load_settings  # noqa: E402
from newsprobe.store import Store  # noqa: E402
from newsprobe.web import app_state, create_app  # noqa: E402

STAGES = "parse,furniture,stories,publisher,sentences,entities,quotes,citations,hedges"
TEXT = "Bakery wins award\n\nOwner Priya Castell said the rye loaf \"took ten years\"."


def _store() -> str:
    folder = tempfile.mkdtemp(prefix="np-schemathesis-")
    atexit.register(shutil.rmtree, folder, True)
    path = str(Path(folder) / "s.duckdb")
    article = Article(TEXT, meta={"title": "Bakery wins award", "outlet": "Valley News", "published": "2026-05-01",
                                  "language": "en"})
    start = TEXT.index("Priya Castell")
    article.with_layer("entities", [Span(start, start + 13, "PERSON", attrs={"canonical": "Priya Castell"})])
    with Store(path) as store:
        store.put_article(article, source="test")
    with fc.FactCheckDB(str(Path(folder) / "fc.duckdb")) as db:
        fc.import_records(db, [fc.FactCheck(id="f1", claim="The rye loaf took ten years to perfect.", verdict="True")],
                          collection="t", embed=False)
    return path


STORE = _store()
APP = create_app(load_settings(stages=STAGES, store="", factcheck_db=str(Path(STORE).parent / "fc.duckdb")),
                 store=STORE, load_models=False)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _models_loaded():
    app_state(APP).get_pipeline()  # once, before the first timed request
    yield
    app_state(APP).close()


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_matches_its_openapi_document(case):
    # every default check but "a schema-valid request is accepted": valid JSON can still be no
    # article (whitespace only, HTML without text, a URL while fetch is off) and gets a 4xx
    case.call_and_validate(excluded_checks=[positive_data_acceptance], timeout=120)
