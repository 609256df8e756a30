"""The strict spreadsheet reader on one small presentation sheet."""

from __future__ import annotations

import openpyxl
import pytest

from pipelines.errors import InputError
from pipelines.spreadsheets import Column, SheetLayout, check_sheets, open_workbook, read_sheet

LAYOUT = SheetLayout(
    sheet="Table",
    header_row=4,
    group_row=3,
    columns=(
        Column("A", "Fiscal Year"),
        Column("B", "Month"),
        Column("C", "Total", "USBP"),
        Column("D", "Single Adults1", "USBP"),
        Column("E", "Total", "OFO"),
    ),
)


def write(path, extra=None):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Table"
    ws["A1"], ws["A2"] = "Return to Table of Contents.", "A title: Fiscal Years 2014 to 2024"
    ws["C3"], ws["E3"] = "USBP", "OFO"
    ws.merge_cells("C3:D3")
    for letter, header in zip(
        "ABCDE", ["Fiscal Year", "Month", "Total", "Single Adults1", "Total"], strict=True
    ):
        ws[f"{letter}4"] = header
    ws.append([2014, "Total", 30, 30.0, "NA"])
    ws.append([None, "October", 30, 30, "X"])
    ws.append(["Notes: rounded to the nearest ten."])
    ws.append(["Source: OHSS.\t\t"])
    for address, value in (extra or {}).items():
        ws[address] = value
    book.save(path)
    return open_workbook(path)


def test_the_body_runs_from_below_the_header_to_the_notes(tmp_path):
    body = read_sheet(tmp_path / "t.xlsx", write(tmp_path / "t.xlsx"), LAYOUT)
    assert body.rows() == [
        (5, "2014", "Total", "30", "30", "NA"),  # a whole float reads as a whole number
        (6, None, "October", "30", "30", "X"),
    ]


@pytest.mark.parametrize(
    ("extra", "message", "row", "column"),
    [
        ({"C3": "Border Patrol"}, "expected group header 'USBP' in cell C3", 3, "C"),
        ({"E3": None}, "expected group header .OFO. in cell E3, found None", 3, "E"),
        ({"D4": "Single Adults"}, "expected column header 'Single Adults1' in cell D4", 4, "D"),
        ({"F4": "Other"}, "unexpected column header 'Other' in cell F4", 4, "F"),
        ({"F6": 10}, "value '10' in cell F6, outside the declared columns", 6, "F"),
        ({"C10": 10}, "table cells below the table's end", 10, "C"),
    ],
)
def test_layout_changes_are_named_by_cell(tmp_path, extra, message, row, column):
    workbook = write(tmp_path / "t.xlsx", extra)
    with pytest.raises(InputError, match=message) as error:
        read_sheet(tmp_path / "t.xlsx", workbook, LAYOUT)
    assert (error.value.sheet, error.value.row, error.value.column) == ("Table", row, column)


def test_sheets_missing_or_unexpected_are_named(tmp_path):
    workbook = write(tmp_path / "t.xlsx")
    with pytest.raises(InputError, match="sheet 'Tables' is missing") as error:
        check_sheets(tmp_path / "t.xlsx", workbook, ["Tables"])
    assert error.value.sheet == "Tables"
    with pytest.raises(InputError, match="unexpected sheet 'Table'"):
        check_sheets(tmp_path / "t.xlsx", workbook, [])


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_text("Fiscal Year,Month\n")
    with pytest.raises(InputError, match="not a readable .xlsx workbook"):
        open_workbook(path)
