"""Average length of stay by detention facility from the real facility table: the newest
release's figures equal to ICE's published cells (sheet "Facilities FY26" of
FY26_detentionStats04092026.xlsx, column "FY26 ALOS"; facilities.parquet rows 16445 and 16450),
and the figure kept per facility only."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.integration
MEASURE = "ice_detention.facility_average_length_of_stay"


def test_facility_alos_on_the_newest_release(real_con):
    rows = dict(
        (code, (value, as_of))
        for code, value, as_of in real_con.execute(
            """SELECT region_code, value, as_of FROM observation
               WHERE measure_id = ? AND period = DATE '2025-10-01' AND region_code IN
                 ('detention_facility:GA-STEWART-DETENTION-CENTER',
                  'detention_facility:NM-TORRANCE-COUNTY-DETENTION-FACILITY')""",
            [MEASURE],
        ).fetchall()
    )
    stewart, torrance = (
        rows["detention_facility:GA-STEWART-DETENTION-CENTER"],
        rows["detention_facility:NM-TORRANCE-COUNTY-DETENTION-FACILITY"],
    )
    assert stewart[0] == pytest.approx(47.208527) and stewart[1] == dt.date(2026, 4, 9)
    assert torrance[0] == pytest.approx(90.714801) and torrance[1] == dt.date(2026, 4, 9)


def test_an_average_is_never_rolled_up(real_con):
    levels = real_con.execute(
        "SELECT DISTINCT region_level FROM observation_all WHERE measure_id = ?", [MEASURE]
    ).fetchall()
    assert levels == [("detention_facility",)]
