"""eval/polnear.py's parse cache: a new key when the code before the last stage changes."""

from __future__ import annotations

import importlib.util
import sys

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("polnear_eval", ROOT / "eval" / "polnear.py")
pn = importlib.util.module_from_spec(_spec)
sys.modules["polnear_eval"] = pn  # its dataclasses look their module up
_spec.loader.exec_module(pn)  # type: ignore[union-attr]


def test_the_cache_key_follows_upstream_code_not_the_last_stage_s(tmp_path):
    src = tmp_path / "newsprobe"
    (src / "stages").mkdir(parents=True)
    (src / "stages" / "entity_rules.py").write_text("RULE = 1\n")
    (src / "stages" / "quote_rules.py").write_text("RULE = 1\n")
    (src / "stages" / "quotes.py").write_text("STAGE = 1\n")
    before = pn.upstream_source_hash(src, "quotes")
    (src / "stages" / "quote_rules.py").write_text("RULE = 2\n")
    (src / "stages" / "quotes.py").write_text("STAGE = 2\n")
    assert pn.upstream_source_hash(src, "quotes") == before  # the stage the cache re-runs
    (src / "stages" / "entity_rules.py").write_text("RULE = 2\n")
    assert pn.upstream_source_hash(src, "quotes") != before  # an upstream edit under the same version
