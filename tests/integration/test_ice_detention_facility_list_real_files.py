"""ICE's 2015 facility list (the agency's FOIA workbook, in the mirror): facility ADP FY2010-
FY2016 as a vintage of ice_detention.facility_adp, cells as printed on 'Facility List - Main'."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.integration
D = dt.date
AS_OF = D(2015, 12, 8)


def years(con, region_code):
    rows = con.execute(
        """SELECT period, value, as_of FROM observation
           WHERE measure_id = 'ice_detention.facility_adp' AND region_code = ?
             AND dimension = 'total' AND period < DATE '2016-10-01'""",
        [region_code],
    ).fetchall()
    return {p.year + 1: (v, a) for p, v, a in rows}


def test_facility_cells_as_printed(real_con):
    york = years(real_con, "detention_facility:PA-YORK-COUNTY-PRISON")  # row 215
    assert york[2010] == (pytest.approx(756.83837890625), AS_OF)  # cell T215
    assert york[2016] == (pytest.approx(630.2878807634115), AS_OF)  # cell N215, to 2015-12-08
    adelanto = years(real_con, "detention_facility:CA-ADELANTO-DETENTION-FACILITY")  # row 8
    assert adelanto[2015] == (pytest.approx(1179.726021092385), AS_OF)  # cell O8
    assert adelanto[2010] == (0, AS_OF)  # cell T8


def test_state_and_nation_are_sums_of_the_209_listed_facilities(real_con):
    nation = years(real_con, "nation:US")
    assert nation[2014][0] == pytest.approx(30266.851921, abs=1e-5)
    assert nation[2010][0] == pytest.approx(23829.093209, abs=1e-5)
    listed = real_con.execute("""
        SELECT count(DISTINCT region_code) FROM observation_all
        WHERE measure_id = 'ice_detention.facility_adp' AND as_of = DATE '2015-12-08'
          AND region_code LIKE 'detention_facility:%'""").fetchone()
    assert listed == (209,)


def test_new_facilities_sit_under_their_state_known_ones_under_their_aor(real_con):
    parents = dict(
        real_con.execute("""
        SELECT region_code, parent_code FROM dim_region WHERE region_code IN (
            'detention_facility:CA-ADELANTO-DETENTION-FACILITY',
            'detention_facility:PA-YORK-COUNTY-PRISON')""").fetchall()
    )
    assert parents == {
        "detention_facility:CA-ADELANTO-DETENTION-FACILITY": "state:CA",
        "detention_facility:PA-YORK-COUNTY-PRISON": "ice_aor:PHI",
    }
