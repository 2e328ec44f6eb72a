"""Shared fixtures. spaCy loads once per test session (about two seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/data (the project's datasets)")

CORE_STAGES = "parse,stories,sentences,entities"


@pytest.fixture(scope="session")
def core_settings():
    from newsprobe import load_settings

    return load_settings(stages=CORE_STAGES, store="")


@pytest.fixture(scope="session")
def core_pipeline(core_settings):
    from newsprobe import load_pipeline

    return load_pipeline(core_settings)


@pytest.fixture()
def factcheck_model_dir(tmp_path, monkeypatch) -> Path:
    """An empty fact-check model folder in place of the packaged one: the packaged MiniLM and
    the built-in re-ranker weights apply, no cross-encoder."""
    from newsprobe import factchecks as fc
    from newsprobe.ml import factcheck_model as fm

    folder = tmp_path / "factcheck_model"
    folder.mkdir()
    monkeypatch.setattr(fm, "MODEL_DIR", folder)
    fc.clear_cache()
    return folder


# --- every article the tests produce is valid newsprobe/1 ----------------------------------------
# ``Article.to_dict`` (which ``to_json``, the store and every writer go through) and
# ``Pipeline.pipe`` (which ``Pipeline.__call__``, ``analyze`` and the CLI go through) are wrapped for
# the whole session: each article they return is checked against the JSON Schema and the
# text-dependent rules of ``newsprobe.schema.validate``. A problem is recorded, not raised (product code that
# catches errors must not hide it), and fails the test that produced it at teardown.

_INVALID_OUTPUTS: list[str] = []
_VALIDATED: set[int] = set()


def check_output(data: dict) -> None:
    """Record ``data`` as a bad output of the running test if it is not valid newsprobe/1."""
    import hashlib
    import json

    from newsprobe.errors import WireFormatError
    from newsprobe.schema import validate

    key = hash(hashlib.sha1(json.dumps(data, sort_keys=True, default=repr).encode("utf-8", "surrogatepass")).digest())
    if key in _VALIDATED:
        return
    try:
        validate(data)
    except WireFormatError as e:
        _INVALID_OUTPUTS.append(str(e))
        return
    _VALIDATED.add(key)


@pytest.fixture(scope="session", autouse=True)
def _validate_every_article_output():
    from newsprobe.article import Article
    from newsprobe.pipeline import Pipeline

    original = Article.to_dict
    original_pipe = Pipeline.pipe

    def to_dict(self):
        out = original(self)
        check_output(out)
        return out

    def pipe(self, *args, **kwargs):
        """Every article a pipeline yields is checked too, serialised or not."""
        for article in original_pipe(self, *args, **kwargs):
            to_dict(article)
            yield article

    to_dict.__doc__ = original.__doc__
    Article.to_dict = to_dict  # type: ignore[method-assign]
    Pipeline.pipe = pipe  # type: ignore[method-assign]
    try:
        yield
    finally:
        Article.to_dict = original  # type: ignore[method-assign]
        Pipeline.pipe = original_pipe  # type: ignore[method-assign]


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "allow_invalid_output(reason): the test feeds a face deliberately off-format articles (a label outside "
        "its layer's vocabulary, ...); what they serialise is not checked against the newsprobe/1 schema",
    )


@pytest.fixture(autouse=True)
def _no_invalid_article_output(_validate_every_article_output, request):
    _INVALID_OUTPUTS.clear()
    yield
    found, _INVALID_OUTPUTS[:] = list(_INVALID_OUTPUTS), []
    if found and request.node.get_closest_marker("allow_invalid_output") is None:
        pytest.fail(f"{len(found)} article output(s) of this test are not valid newsprobe/1:\n" + "\n".join(found[:3]), pytrace=False)
