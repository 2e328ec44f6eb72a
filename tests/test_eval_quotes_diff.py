"""eval/quotes_diff.py: comparing two dumps of quotes."""

from __future__ import annotations

import importlib.util

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("quotes_diff", ROOT / "eval" / "quotes_diff.py")
qd = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qd)  # type: ignore[union-attr]


def _row(doc: str, start: int, speaker: str | None, conf: float, uncertain: bool) -> list:
    return [doc, start, start + 10, "indirect", speaker, conf, uncertain, "before ", "the words"]


def test_compare_counts_gone_new_and_changed_quotes(capsys):
    old = [_row("a", 0, "Ana Ruiz", 0.9, False), _row("a", 20, "she", 0.75, False), _row("b", 5, None, 0.3, True)]
    new = [_row("a", 0, "Ana Ruiz", 0.9, False), _row("a", 20, "she", 0.55, True), _row("c", 7, "officials", 0.9, False)]
    counts = qd.compare(old, new)
    assert counts == {"quotes_before": 3, "quotes_after": 3, "gone": 1, "new": 1, "changed": 1}
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == ["changed", "gone", "new"]


def test_an_entities_dump_has_the_row_shape_compare_reads():
    from newsprobe import Article
    from newsprobe.article import Span

    text = "Supervisor Ana Ruiz spoke. Ruiz left."
    article = Article(text, layers={"entities": [Span(11, 19, "PERSON", attrs={"canonical": "Ana Ruiz"}),
                                                 Span(27, 31, "PERSON", attrs={"canonical": "Ana Ruiz"})]})
    rows = qd._rows("p.html", article, "entities")
    assert [r[:5] for r in rows] == [["p.html", 11, 19, "PERSON", "Ana Ruiz"], ["p.html", 27, 31, "PERSON", "Ana Ruiz"]]
    renamed = [r[:4] + ["Supervisor Ana Ruiz"] + r[5:] if r[1] == 11 else r for r in rows]
    assert qd.compare(renamed, rows)["changed"] == 1
