"""The INS-era activity tables (labelled rows by fiscal year) on tiny workbooks written here with
the real tables' labels, quirks and FY1992/FY1997 figures."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.errors import InputError
from pipelines.sources.ohss_yearbook import pipeline
from pipelines.sources.ohss_yearbook.labelled_rows import labelled_rows
from tests.unit.test_ohss_yearbook_pipeline import declared, workbook

# INS 1998 Table 73 as the file lays it out: title rows, a footnoted year, a blank row under the
# header, a footnote below. Figures as printed for FY1992 and FY1997.
TABLE73 = [
    ["TABLE 73. CONVICTIONS FOR IMMIGRATION AND NATIONALITY VIOLATIONS", None, None],
    ["FISCAL YEARS 1992-1998", None, None],
    [None, None, None],
    ["Violations", "1992", "1997 /1"],
    [None, None, None],
    ["All violations", 9865, 16184],
    ["Immigration violations", 9766, 16021],
    ["Entry of aliens illegally", 6341, 9703],
    ["Reentries of deported aliens", 477, 2859],
    ["Bringing in, transporting, harboring, and inducing illegal entry of aliens", 977, 1185],
    ["Fraud, misuse of visas, entry permits,and other entry documents", 306, 160],
    ["Fraud and false statements or entries", 109, 109],
    ["Alien registration or alien address violations", 39, 10],
    [
        "Producing, transferring, possessing, using, or selling false identification documents",
        497,
        1142,
    ],
    ["Conspire to defraud U.S.", 121, 92],
    ["Producing, processing, selling of a controlled substance", 498, 378],
    ["Other violations", 401, 383],
    ["Nationality violations", 99, 163],
    ["False representation as citizens of U.S.", 59, 106],
    ["False statements and procurement of citizenship or naturalization unlawfully", 37, 3],
    ["Reproduction and sale of citizenship and naturalization papers", 3, 54],
    [None, None, None],
    ["1/  Counts of violations for fiscal year 1997 have been adjusted.", None, None],
]


def test_table73_title_rows_footnoted_year_and_breakdowns(tmp_path):
    path = workbook(tmp_path / "t73.xlsx", "Table 73", TABLE73)
    staged = pipeline.read(path, "table73")
    assert sorted(set(staged["fiscal_year"])) == [1992, 1997]
    assert set(staged.filter(fiscal_year=1997)["year_label"]) == {"1997 /1"}
    obs = pipeline.tidy(staged, declared("table73"))
    fy1997 = obs.filter(period=dt.date(1996, 10, 1))
    assert fy1997.filter(dimension="total")["value"].item() == 16184
    classes = dict(fy1997.filter(dimension="violation_class").select("category", "value").rows())
    assert classes == {"Immigration violations": 16021, "Nationality violations": 163}
    assert fy1997.filter(dimension="violation").height == 13
    assert set(obs["grain"]) == {"fiscal_year"}


def test_a_total_its_rows_contradict_is_refused_with_its_cell(tmp_path):
    rows = [list(r) for r in TABLE73]
    rows[7][2] = 9704  # Entry of aliens illegally, FY1997: one more than printed
    with pytest.raises(InputError, match="'Immigration violations' prints 16,021") as error:
        pipeline.read(workbook(tmp_path / "t73.xlsx", "Table 73", rows), "table73")
    assert (error.value.sheet, error.value.row, error.value.column) == ("Table 73", 7, "1997 /1")


SPEC = {
    "sheet": "Table 49",
    "label_column": "Action",
    "rows": {"Total fines": "m", "Immigration fines": "m / c / I", "Other fines": "m / c / O"},
    "sums": [["Total fines", "Immigration fines", "Other fines"]],
}


def test_a_withheld_part_may_leave_the_total_short_but_never_over(tmp_path):
    short = [
        ["Action", "1996"],
        ["Total fines", 108],
        ["Immigration fines", 107],
        ["Other fines", "NA"],
    ]
    staged = labelled_rows(workbook(tmp_path / "a.xlsx", "Table 49", short), SPEC)
    assert staged.filter(label="Other fines")["count"].to_list() == [None]
    over = [
        ["Action", "1996"],
        ["Total fines", 106],
        ["Immigration fines", 107],
        ["Other fines", "NA"],
    ]
    with pytest.raises(InputError, match="prints 106, its rows sum to 107"):
        labelled_rows(workbook(tmp_path / "b.xlsx", "Table 49", over), SPEC)


def test_declared_mismatches_pass_and_stale_ones_are_refused(tmp_path):
    rows = [
        ["Action", "1992"],
        ["Total fines", 0],
        ["Immigration fines", 498],
        ["Other fines", 401],
    ]
    path = workbook(tmp_path / "a.xlsx", "Table 49", rows)
    mismatch = {"total": "Total fines", "year": 1992, "printed": 0, "parts": 899}
    assert labelled_rows(path, {**SPEC, "mismatches": [mismatch]}).height == 3
    stale = {**mismatch, "year": 1993}
    with pytest.raises(InputError, match="declared mismatches not found"):
        labelled_rows(path, {**SPEC, "mismatches": [mismatch, stale]})


def test_undeclared_and_missing_labels_and_a_bad_year_are_refused(tmp_path):
    rows = [["Action", "1992"], ["Total fines", 1], ["Immigration fines", 1], ["Fees", 0]]
    with pytest.raises(InputError, match="undeclared row label 'Fees'") as error:
        labelled_rows(workbook(tmp_path / "a.xlsx", "Table 49", rows), SPEC)
    assert error.value.row == 4
    with pytest.raises(InputError, match=r"declared rows not found: \['Other fines'\]"):
        labelled_rows(workbook(tmp_path / "b.xlsx", "Table 49", rows[:3]), SPEC)
    with pytest.raises(InputError, match="'FY92' is not a fiscal year"):
        labelled_rows(workbook(tmp_path / "c.xlsx", "Table 49", [["Action", "FY92"]]), SPEC)


def test_figures_after_the_table_are_refused(tmp_path):
    rows = [
        ["Action", "1992"],
        ["Total fines", 2],
        ["Immigration fines", 1],
        ["Other fines", 1],
        [None, None],
        ["Late fines", 5],
    ]
    with pytest.raises(InputError, match="figures after the table's end") as error:
        labelled_rows(workbook(tmp_path / "a.xlsx", "Table 49", rows), SPEC)
    assert error.value.row == 6
