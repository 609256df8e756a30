"""A tiny hand-made copy of the OHSS KHSM "CBP Encounters (USBP)" workbook, for unit tests.

The sixteen sheets, their order and their headers are the published ones (including the line
break in "Fiscal\\nYear" and months like "01 October"); the rows are a few invented counts,
rounded to 10 like the real ones. Two months: October 1999 (fiscal month 01 of FY2000) and
November 2024 (fiscal month 02 of FY2025); each year's sheets hold that one month's figures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

NAME = "KHSM Encounters (USBP) fy25m11.xlsx"
FY = "Fiscal\nYear"
OCT_1999 = (2000, "01 October")
NOV_2024 = (2025, "02 November")
SW, NORTH, COAST = "Southwest Land Border", "Northern Land Border", "Coastal Border"

# Monthly sheets: header after (Fiscal Year, Month), then rows (month, *labels, quantity).
MONTHLY = {
    "Count": (["Quantity"], [(OCT_1999, 1000), (NOV_2024, 500)]),
    "Citizenship": (
        ["Citizenship", "Quantity"],
        [
            (OCT_1999, "Mexico", 900),
            (OCT_1999, "Canada", 100),
            (NOV_2024, "Mexico", 300),
            (NOV_2024, "Venezuela", 200),
        ],
    ),
    "Region": (
        ["Region", "Quantity"],
        [(OCT_1999, SW, 900), (OCT_1999, NORTH, 100), (NOV_2024, SW, 480), (NOV_2024, COAST, 20)],
    ),
    "Family Status": (
        ["Family Status", "Quantity"],
        [
            (OCT_1999, "Single Adults", 1000),
            (NOV_2024, "Single Adults", 300),
            (NOV_2024, "Unaccompanied Children", 150),
            (NOV_2024, "Family Unit Individuals", 50),
        ],
    ),
    "Sector": (
        ["Sector", "Quantity"],
        [
            (OCT_1999, "San Diego, CA", 900),
            (OCT_1999, "Livermore, CA", 100),
            (NOV_2024, "Rio Grande Valley, TX", 480),
            (NOV_2024, "Miami, FL", 20),
        ],
    ),
    "Rgn and Citp": (
        ["Region", "Citizenship", "Quantity"],
        [
            (OCT_1999, SW, "Mexico", 900),
            (OCT_1999, NORTH, "Canada", 100),
            (NOV_2024, SW, "Mexico", 300),
            # rounded separately: the Southwest parts (470) fall 10 short of its total (480)
            (NOV_2024, SW, "Venezuela", 170),
            (NOV_2024, COAST, "Venezuela", 20),
        ],
    ),
    "Rgn and Fam Status": (
        ["Region", "Family Status", "Quantity"],
        [
            (OCT_1999, SW, "Single Adults", 900),
            (OCT_1999, NORTH, "Single Adults", 100),
            (NOV_2024, SW, "Single Adults", 280),
            (NOV_2024, SW, "Unaccompanied Children", 150),
            (NOV_2024, SW, "Family Unit Individuals", 50),
            (NOV_2024, COAST, "Single Adults", 20),
        ],
    ),
    "Rgn and Sector": (
        ["Region", "Sector", "Quantity"],
        [
            (OCT_1999, SW, "San Diego, CA", 900),
            (OCT_1999, NORTH, "Livermore, CA", 100),
            (NOV_2024, SW, "Rio Grande Valley, TX", 480),
            (NOV_2024, COAST, "Miami, FL", 20),
        ],
    ),
}
ORDER = [
    "Count",
    "Citizenship",
    "Region",
    "Family Status",
    "Sector",
    "Rgn and Citp",
    "Rgn and Fam Status",
    "Rgn and Sector",
]


def sheets() -> dict[str, list[list]]:
    """Every sheet's cells from A1, header first, in the published sheet order."""
    out = {}
    for topic in ORDER:
        header, rows = MONTHLY[topic]
        out[f"Annual {topic}"] = [[FY, *header]] + [[m[0], *rest] for m, *rest in rows]
        out[f"Monthly {topic}"] = [[FY, "Month", *header]] + [[*m, *rest] for m, *rest in rows]
    return out


def write_workbook(
    folder: Path, edit: Callable[[dict[str, list[list]]], None] = lambda _: None
) -> Path:
    """Write the workbook (after `edit` changes its sheets' cells) and return its path."""
    cells = sheets()
    edit(cells)
    book = Workbook()
    book.remove(book.active)
    for name, rows in cells.items():
        sheet: Worksheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / NAME
    book.save(path)
    return path
