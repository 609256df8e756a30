"""The record-level guard refuses person- and event-level files by evidence, at any row count.

Every person here is invented: names are drawn from a list of made-up first and last names.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.errors import RecordLevelError
from pipelines.guard import refuse_event_log, refuse_record_level
from pipelines.sources.cbp_encounters import pipeline as cbp
from pipelines.sources.ice_detention import pipeline as ice

SIZES = [1, 10, 150, 10_000]
FIRST = ["Avel", "Brinna", "Corvin", "Delsa", "Eamor", "Fenna", "Gorlan", "Hestra"]
LAST = ["Quibble", "Marrowell", "Tansy", "Ovenreach", "Pellwick", "Sarnow", "Ulbright"]
COUNTRIES = ["MEXICO", "GUATEMALA", "HONDURAS", "EL SALVADOR"]


def person(i: int) -> str:
    return f"{LAST[i % len(LAST)]}, {FIRST[i % len(FIRST)]}"


def day(i: int) -> str:
    return (dt.date(2024, 3, 2) + dt.timedelta(days=i % 300)).isoformat()


def people(n: int, **columns) -> pl.DataFrame:
    """n invented people (or arrests), one per row, with the columns asked for."""
    makers = {
        "Name": person,
        "Detainee": person,
        "A-Number": lambda i: f"A{200_000_000 + i * 7919:09d}",
        "Ref": lambda i: f"A{200_000_000 + i * 7919:09d}",
        "Booking": lambda i: f"BK-{1_000_000 + i}",
        "Date of Birth": lambda i: (dt.date(1980, 1, 3) + dt.timedelta(days=i)).isoformat(),
        "When": day,
        "Citizenship": lambda i: COUNTRIES[i % len(COUNTRIES)],
        "Details": lambda i: (
            f"Subject {i} was encountered near the port of entry on foot and stated that "
            "they had travelled from the south with two companions"
        ),
    }
    data = {name: [makers[name](i) for i in range(n)] for name in columns.get("text", [])}
    if "count" in columns:
        data["Count"] = [str(columns["count"])] * n
    return pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))


CASES = {
    # kind: (text columns, count, the column the refusal names, what the message says)
    "named, count 2": (["Name", "Citizenship"], 2, "Name", "identifying columns"),
    "A-number and birth date": (
        ["A-Number", "Date of Birth", "Citizenship"],
        1,
        "A-Number",
        "identifying columns",
    ),
    "A-numbers under an innocent header, count 2": (["Ref", "Citizenship"], 2, "Ref", "A-number"),
    "a person named in a column called Detainee": (
        ["Detainee", "Citizenship"],
        3,
        "Detainee",
        "identifying columns",
    ),
    "booking ids unique per row, count 1": (["Booking", "Citizenship"], 1, "Booking", "unique"),
    "arrests by day and citizenship, count 1": (
        ["When", "Citizenship"],
        1,
        "When",
        "day grain",
    ),
    "narratives": (["Details", "Citizenship"], 5, "Details", "free text"),
    "no count column": (["Booking", "Citizenship"], None, None, "no count column"),
}


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("kind", list(CASES))
def test_person_level_files_are_refused_at_any_size(kind, n):
    text, count, column, message = CASES[kind]
    frame = people(n, text=text, **({"count": count} if count is not None else {}))
    with pytest.raises(RecordLevelError, match=message) as error:
        refuse_record_level("persons.csv", frame, "Count")
    assert error.value.column == column
    assert error.value.file == "persons.csv"


@pytest.mark.parametrize("n", [2, 10, 150])
def test_a_cbp_file_of_single_arrests_is_refused_as_an_event_log(tmp_path, n):
    """CBP's state layout, a row per arrest: the same cell repeated, each counting 1."""
    header = (
        "Fiscal Year,Month Grouping,Month (abbv),Land Border Region,State,Demographic,"
        "Citizenship,Title of Authority,Encounter Count"
    )
    row = "2024,FYTD,OCT,Southwest Land Border,TX,Single Adults,{},Title 8,1"
    path = tmp_path / "arrests.csv"
    path.write_text("\n".join([header, *(row.format("MEXICO") for _ in range(n))]))
    with pytest.raises(RecordLevelError, match="rows repeat the same cell .*an event log") as e:
        cbp.read(path, "state")
    assert (e.value.row, e.value.column) == (3, "Encounter Count")  # the first repeat


def test_the_refused_cell_is_named_by_its_row():
    frame = people(3, text=["Citizenship", "Ref"], count=2)
    with pytest.raises(RecordLevelError) as error:
        refuse_event_log("persons.csv", frame, "Count")
    assert (error.value.row, error.value.column) == (2, "Ref")  # row 2: the first below the header


@pytest.mark.parametrize("n", [1, 150])
def test_an_ice_table_of_single_book_ins_by_day_is_refused(tmp_path, n):
    """ICE's book-in table as the parser writes it, but a row per arrest: a day's date, the
    arresting agency, a count of 1."""
    days = [dt.date(2025, 10, 2) + dt.timedelta(days=i % 200) for i in range(n)]
    frame = pl.DataFrame(
        {
            "arresting_agency": ["ICE", "CBP"] * (n // 2) + ["ICE"] * (n % 2),
            "month": [d.strftime("%B") for d in days],
            "date": days,
            "n_book_ins": [1.0] * n,
            "n_book_ins_ytd": [None] * n,
            "fiscal_year": [2026] * n,
            "file_date": [dt.date(2026, 4, 9)] * n,
            "pull_date": [dt.date(2026, 4, 1)] * n,
        },
        schema={
            **ice.COLUMNS["book_ins"],
            "fiscal_year": pl.Int32,
            "file_date": pl.Date,
            "pull_date": pl.Date,
        },
    )
    path = tmp_path / "book-ins-by-arresting-agency.parquet"
    frame.write_parquet(path)
    with pytest.raises(RecordLevelError, match="day grain") as error:
        ice.read(path, "book_ins")
    assert error.value.column == "date"


@pytest.mark.parametrize(
    "frame",
    [
        # a monthly table: dates on the 1st, counts of 1 in small cells
        pl.DataFrame(
            {"period": ["2024-10-01", "2024-11-01"], "state": ["VT", "VT"], "n": ["1", "0"]}
        ),
        # one cell of a table of counts, whatever its size
        pl.DataFrame({"citizenship": ["MEXICO"], "n": ["1"]}),
        # release dates at day grain beside large counts
        pl.DataFrame(
            {
                "release": ["2025-03-17", "2025-04-02"],
                "agency": ["ICE", "CBP"],
                "n": ["51230", "8120"],
            }
        ),
        # a footnote printed in a label column
        pl.DataFrame(
            {
                "label": [
                    "Total",
                    "Convicted",
                    "Costs listed above are only related to "
                    "technology costs and do not include other associated costs.",
                ],
                "n": ["120", "80", None],
            }
        ),
    ],
    ids=["monthly small cells", "one cell", "release dates", "footnote"],
)
def test_aggregate_tables_pass(frame):
    refuse_record_level("table.csv", frame, "n")
