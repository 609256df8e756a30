"""USCIS credible fear report: the declared blocks read from a tiny grid in the real layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.errors import InputError
from pipelines.sources.uscis_credible_fear.pipeline import read_grid, tidy

FILE = Path("Congressional-Semi-Monthly-Report.xlsx")
FROM = [dt.datetime(2020, 11, 1), dt.datetime(2020, 11, 16)]
TO = [dt.datetime(2020, 11, 15), dt.datetime(2020, 11, 30)]


def grid(decisions_d: object = 242) -> list[list]:
    """88 rows x 6 columns, blank but for the declared blocks (two half-months: D and E)."""
    rows = [[None] * 6 for _ in range(88)]

    def put(row: int, *cells):
        rows[row - 1][1 : 1 + len(cells)] = cells

    blocks = {
        3: "All Credible Fear Cases - Showing number of cases received1",
        26: "Credible Fear Cases at Family Residential Centers",
        35: "All Reasonable Fear Cases",
        44: "Reasonable Fear Cases at Family Residential Centers",
    }
    for title_row, title in blocks.items():
        put(title_row, title)
        put(title_row + 2, "From", None, *FROM)
        put(title_row + 3, "To", None, *TO)
        first = title_row + 4
        put(first, "Case Receipts", None, 284, 380)
        put(first + 1, "All Decisions", None, 242, 336)
        put(first + 2, "Fear Established (Y)", None, 137, 215)
        put(first + 3, "Fear Not Established (N)", None, 66, 87)
        put(first + 4, "Administratively Closed", None, 39, "-")
    rows[7][3] = decisions_d
    rows[7 + 23][4] = 302  # row 31 E: FRC decisions, outcomes 215 + 87 + 0 = 302
    return rows


def test_reads_every_declared_cell_with_dash_as_zero():
    staged = read_grid(FILE, _consistent(grid()))
    assert staged.height == 20 * 2
    cell = staged.filter(_row=11, column="E")
    assert cell["value"].item() == 0
    assert cell["period_start"].item() == dt.date(2020, 11, 16)


def test_tidy_gives_half_months_with_outcomes():
    obs = tidy(read_grid(FILE, _consistent(grid())), file=None)
    assert set(obs["grain"]) == {"half_month"}
    row = obs.filter(measure_id="uscis_credible_fear.decisions", category="fear_established")
    assert row.sort("period")["value"].to_list() == [137, 215]


def test_outcomes_must_add_up_to_all_decisions():
    with pytest.raises(InputError, match=r"row 8, column 'D'.*prints 250, its outcomes sum to 242"):
        read_grid(FILE, _consistent(grid(decisions_d=250)))


def test_a_renamed_row_is_refused_with_its_cell():
    rows = _consistent(grid())
    rows[9][1] = "Fear Not Found"
    with pytest.raises(InputError, match=r"row 10, column 'B'.*Fear Not Established"):
        read_grid(FILE, rows)


def test_a_period_that_is_not_a_half_month_is_refused():
    rows = _consistent(grid())
    rows[5][4] = dt.datetime(2020, 11, 29)
    with pytest.raises(InputError, match=r"row 5, column 'E'.*not the next half-month"):
        read_grid(FILE, rows)


def _consistent(rows: list[list]) -> list[list]:
    """Outcomes equal to All Decisions wherever the test does not break them on purpose."""
    for total in (8, 31, 40, 49):
        for column in (3, 4):
            parts = [rows[total + k - 1][column] for k in (1, 2, 3)]
            if total != 8 or column != 3:
                rows[total - 1][column] = sum(0 if p == "-" else p for p in parts)
    return rows
