"""The shared PDF table reader: per-file declarations, declared values, footnoted labels."""

from __future__ import annotations

from pathlib import Path

from pipelines.pdf_tables import load_specs, read_cells

TABLES = """file,table,page,printed_page,title,anchor,rows_are,label,columns,rows,total_label,value
a.pdf,T,1,1,Title A,SECTOR,region,^[A-Z][a-z ]+,X;Y,2,All Total,"{value}"
b.pdf,T,2,2,Title B,SECTOR,region,^[A-Z][a-z ]+,X;Y,2,All Total,
,U,3,3,Title U,SECTOR,region,^[A-Z][a-z ]+,X,1,,
""".format(value=r"[\d,]+\.\d+(?: ?\*+)?|N/A(?: ?\*+)?")


def _specs(tmp_path: Path, file: str | None):
    (tmp_path / "tables.csv").write_text(TABLES)
    return load_specs(tmp_path, file)


def test_a_file_gets_its_own_declarations_and_those_for_every_file(tmp_path):
    assert [(s.file, s.page) for s in _specs(tmp_path, "a.pdf")] == [("a.pdf", 1), (None, 3)]
    assert [s.page for s in _specs(tmp_path, "b.pdf")] == [2, 3]
    assert [s.page for s in _specs(tmp_path, None)] == [1, 2, 3]


def test_declared_values_are_tried_before_a_plain_figure_and_footnotes_leave_labels(tmp_path):
    spec = _specs(tmp_path, "a.pdf")[0]
    lines = [
        "Title A",
        "SECTOR X Y",
        "Alpha 1,001.25 N/A",
        "Beta 2 N/A",
        "All Total** 1,003.25 * N/A ***",
    ]
    cells = read_cells(Path("a.pdf"), lines, spec)
    assert [(c["label"], c["column"], c["text"], c["is_total"]) for c in cells] == [
        ("Alpha", "X", "1,001.25", False),
        ("Alpha", "Y", "N/A", False),
        ("Beta", "X", "2", False),
        ("Beta", "Y", "N/A", False),
        ("All Total", "X", "1,003.25 *", True),
        ("All Total", "Y", "N/A ***", True),
    ]
