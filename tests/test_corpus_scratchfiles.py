"""Scratch structures of the reposts step: fixed-width rows read back by number."""

from __future__ import annotations

import numpy as np
import pytest

from newsprobe.corpus.scratchfiles import RowFile, duckdb_size


def _file(tmp_path, n: int = 50, width: int = 4) -> tuple[RowFile, np.ndarray]:
    data = np.arange(n * width, dtype=np.uint64).reshape(n, width) * np.uint64(7)
    rf = RowFile(str(tmp_path / "rows.u64"), width)
    rf.append(data[: n // 2])
    rf.append(data[n // 2:])
    return rf, data


def test_rows_in_the_asked_order_with_repeats_and_runs(tmp_path) -> None:
    rf, data = _file(tmp_path)
    which = np.array([49, 3, 4, 5, 3, 0, 48, 49, 17])
    got = rf.rows(which)
    assert got.dtype == np.uint64 and got.shape == (len(which), 4)
    assert np.array_equal(got, data[which])
    assert np.array_equal(rf.block(10, 13), data[10:13])
    assert rf.rows(np.array([], dtype=np.int64)).shape == (0, 4)
    rf.close()


def test_rows_are_a_copy_not_a_view_of_the_file(tmp_path) -> None:
    rf, data = _file(tmp_path)
    got = rf.rows(np.array([1, 2]))
    got[0, 0] = 12345  # writable and independent of the file
    assert np.array_equal(rf.rows(np.array([1])), data[[1]])
    rf.close()


def test_a_row_past_the_end_is_an_error_not_garbage(tmp_path) -> None:
    rf, _ = _file(tmp_path)
    with pytest.raises(IndexError, match="past the end"):
        rf.rows(np.array([2, 50]))
    rf.close()


def test_duckdb_sizes_are_checked() -> None:
    assert duckdb_size(" 64MB ", "x") == "64MB"
    with pytest.raises(ValueError, match="512MB"):
        duckdb_size("lots", "repost_scratch_memory")
