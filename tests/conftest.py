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
