"""`aggstats update` on the real registry and the mirror's files: CBP's page (served on
127.0.0.1) links a February 2026 State release, built at test time from the mirror's January
release; it is loaded into the full warehouse beside every other source."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import duckdb
import pytest

from aggstats.freshness import freshness
from dashboard import ids
from dashboard.callbacks.view import render
from dashboard.state import View
from dashboard.store import Store
from pipelines.fetch import fetch_all
from pipelines.registry import LOCK_NAME, SOURCES_DIR, load_registry
from pipelines.update import update
from tests.conftest import FIXTURES
from tests.publisher import publisher

pytestmark = pytest.mark.integration
JANUARY = "nationwide-encounters-fy23-fy26-jan-state.csv"
FEB = "/sites/default/files/2026-03/nationwide-encounters-fy23-fy26-feb-state.csv"


def february_from(january: bytes) -> tuple[bytes, int]:
    """January's release with February 2026 added (each January 2026 row again, as February),
    and the February total it holds."""
    lines = january.decode("utf-8").split("\r\n")
    header = next(csv.reader([lines[0]]))
    month, year = header.index("Month (abbv)"), header.index("Fiscal Year")
    added, total = [], 0
    for row in csv.reader(line for line in lines[1:] if line):
        if row[year] == "2026 (FYTD)" and row[month] == "JAN":
            row[month] = "FEB"
            added.append(row)
            total += int(row[-1])
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(added)
    return january + out.getvalue().encode("utf-8"), total


def test_a_new_cbp_release_is_loaded_into_the_real_warehouse(tmp_path, mirror):
    registry = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, registry, ignore=shutil.ignore_patterns("__pycache__", LOCK_NAME))
    raw = tmp_path / "raw"
    fetch_all(load_registry(registry), raw, mirror)
    served, february_total = february_from((mirror / "cbp_encounters" / JANUARY).read_bytes())
    assert february_total > 0
    with publisher() as site:
        for path, page in (
            ("/document/stats/nationwide-encounters", "cbp-nationwide-encounters.html"),
            ("/document/stats/southwest-land-border-encounters",
             "cbp-southwest-land-border-encounters.html"),
        ):  # fmt: skip
            site.serve(path, (FIXTURES / "update" / page).read_bytes(), "text/html")
        site.serve(FEB, served, "text/csv")
        report = update(
            registry, raw, tmp_path / "aggstats.duckdb", base=site.url, only=["cbp_encounters"]
        )
    assert [f.name for f in report.loaded] == ["nationwide-encounters-fy23-fy26-feb-state.csv"]
    assert (registry / "cbp_encounters" / LOCK_NAME).is_file()
    assert not (SOURCES_DIR / "cbp_encounters" / LOCK_NAME).exists()  # the real one untouched

    with duckdb.connect(str(report.build.warehouse), read_only=True) as con:
        february, january = (
            con.execute(
                "SELECT value, as_of FROM observation WHERE region_code = 'nation:US' "
                "AND measure_id = 'cbp_encounters.encounters' AND dimension = 'total' "
                "AND grain = 'month' AND period = ?",
                [day],
            ).fetchall()[0]
            for day in (dt.date(2026, 2, 1), dt.date(2026, 1, 1))
        )
        sources = con.execute("SELECT count(*) FROM dim_source").fetchall()[0][0]
        cbp = (
            freshness(con, dt.date(2026, 12, 7))
            .filter(source_id="cbp_encounters")
            .row(0, named=True)
        )
    assert february == (february_total, dt.date(2026, 3, 1))
    assert january == (february_total, dt.date(2026, 3, 1))  # the same rows, now February's vintage
    assert sources == len(load_registry())  # every source still built
    # the nation's newest month is February's; sectors run to Aug 2026 (the Sep 2026 aggregate)
    assert "Feb 2026 for nation" in cbp["newest"] and cbp["release"] == dt.date(2026, 9, 1)

    status = str(render(Store(report.build.warehouse), View.from_search("?tab=status"))[ids.STATUS])
    assert "Aug 2026; Feb 2026 for nation, land border region" in status
