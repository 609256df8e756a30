"""The shared PDF table reader on text lines written here: per-file declarations, declared
values, footnoted labels, a totals row above its rows, and withheld cells that leave the rows short
of the total."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.pdf_tables import TableSpec, check_totals, load_specs, read_cells

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


SPEC = TableSpec(
    table="T",
    page=1,
    printed_page="1",
    title="Applications by Country",
    anchor="Country Received1 Approved2",
    rows_are="category",
    label=r"[A-Z][a-z]+(?: [A-Z][a-z]+)*",
    columns=("Received", "Approved"),
    rows=2,
    total_label="TOTAL",
    value=r"(?:-?[\d,]+%?|D|-)",
)
LINES = [
    "Applications by Country",
    "Country Received1 Approved2",
    "TOTAL 1,200 35",
    "El Salvador 1,000 D",
    "Haiti 200 30",
    "Table Key:",
]


def typed(cells: list[dict]) -> pl.DataFrame:
    frame = pl.DataFrame(cells)
    number = pl.col("text").str.replace_all(",", "").cast(pl.Float64, strict=False)
    return frame.with_columns(value=pl.when(pl.col("text") == "-").then(0.0).otherwise(number))


def test_a_totals_row_may_head_its_rows():
    cells = read_cells(Path("t.pdf"), LINES, SPEC)
    assert [(c["label"], c["is_total"]) for c in cells[::2]] == [
        ("TOTAL", True),
        ("El Salvador", False),
        ("Haiti", False),
    ]
    assert cells[3]["text"] == "D"


def test_a_withheld_cell_may_leave_the_rows_short_but_not_over():
    check_totals(Path("t.pdf"), typed(read_cells(Path("t.pdf"), LINES, SPEC)), SPEC, ["Approved"])
    over = [*LINES[:2], "TOTAL 1,200 25", *LINES[3:]]
    with pytest.raises(InputError, match="TOTAL row prints 25, its 2 rows sum to 30"):
        check_totals(
            Path("t.pdf"), typed(read_cells(Path("t.pdf"), over, SPEC)), SPEC, ["Approved"]
        )
    short = [*LINES[:2], "TOTAL 1,201 35", *LINES[3:]]
    with pytest.raises(InputError, match="TOTAL row prints 1,201, its 2 rows sum to 1,200"):
        check_totals(
            Path("t.pdf"), typed(read_cells(Path("t.pdf"), short, SPEC)), SPEC, ["Received"]
        )


def test_a_table_without_its_totals_row_is_refused():
    with pytest.raises(InputError, match="no 'TOTAL' row"):
        read_cells(Path("t.pdf"), [line for line in LINES if not line.startswith("TOTAL")], SPEC)
