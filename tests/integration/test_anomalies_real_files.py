"""Implausible releases in the real warehouse: what the build flags in dim_anomaly."""

from __future__ import annotations

import datetime as dt

from aggstats import query


def test_the_atd_release_that_lost_two_thirds_of_its_participants_is_flagged(real_con):
    # ICE's release of 15 September 2022 printed 96,574 people in ATD, between 297,994
    # (19 August) and 322,701 (19 September): flagged, nationally and in the AORs it left out.
    found = query.anomalies(real_con, "ice_detention.atd_participants", ["nation:US"])
    assert found.select("kind", "period", "as_of", "value", "prev_value", "next_value").rows() == [
        (
            "release_break",
            dt.date(2022, 9, 1),
            dt.date(2022, 9, 15),
            96_574.0,
            297_994.0,
            322_701.0,
        )
    ]
    aors = query.anomalies(real_con, "ice_detention.atd_participants")
    assert aors.filter(as_of=dt.date(2022, 9, 15)).height == 13  # the nation and 12 AORs


def test_no_release_of_people_detained_breaks_from_its_neighbours(real_con):
    # 127 releases: the drop from 50,922 (October 2019) to 19,068 (September 2020) is the real
    # fall in detention over a year without releases, and it did not recover: not flagged.
    assert query.anomalies(real_con, "ice_detention.currently_detained").is_empty()
    assert query.anomalies(real_con, "ice_detention.adp").is_empty()


def test_every_anomaly_names_a_release_and_both_neighbours(real_con):
    found = query.anomalies(real_con)
    # 41 of them ATD releases (by AOR, technology and type; 2021-2024), 5 facility ADPs, 2 state
    # nonimmigrant admissions (FY2021, the pandemic), the 1994 fines of the 2004 yearbook, and
    # Ramey Sector's Nov 2024 (3, between 119 and 100, in the Sep 2026 sector aggregate)
    assert found.height == 51
    assert (
        found.select("release", "prev_value", "next_value", "prev_as_of", "next_as_of")
        .null_count()
        .sum_horizontal()
        .item()
        == 0
    )
    for row in found.iter_rows(named=True):
        assert f"in the release of {row['as_of']} ({row['release']})" in query.anomaly_text(row)
