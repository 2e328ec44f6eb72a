"""mypy is clean on src/newsprobe (configuration: pyproject.toml, ``[tool.mypy]``).

The first run checks every module (about a minute on a busy machine); later runs reuse
``.mypy_cache`` and take a second or two.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (it is pinned in requirements.lock)")
def test_mypy_is_clean_on_the_package():
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--no-color-output", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0, f"mypy found problems in src/newsprobe:\n{report}"


def test_mypy_configuration_checks_our_own_modules():
    """The overrides may silence untyped third-party libraries, never our modules."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["files"] == ["src/newsprobe"]
    assert config.get("python_version") == "3.11"
    assert not config.get("ignore_errors")
    for override in config.get("overrides", []):
        modules = override["module"] if isinstance(override["module"], list) else [override["module"]]
        assert not any(m == "newsprobe" or m.startswith("newsprobe.") for m in modules), override
        assert not override.get("ignore_errors"), override
