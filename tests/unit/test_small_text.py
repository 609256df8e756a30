"""Small text the explorer writes (issue 26, defect 14): a map's title that names its geography
once, and a count of one period in the singular."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard.figures.style import by_place
from dashboard.revisions import revisions_component


def test_a_measure_named_by_its_geography_is_not_named_by_it_twice():
    name = "ICE detention average daily population by facility"
    assert by_place(name, "Detention facility") == name  # not "... by facility by detention ..."
    assert by_place("CBP encounters", "Border Patrol sector") == (
        "CBP encounters by border patrol sector"
    )


def test_one_period_revised_is_said_in_the_singular():
    revised = pl.DataFrame(
        {
            "region": ["United States"],
            "period": [dt.date(2025, 10, 1)],
            "grain": ["month"],
            "first_as_of": [dt.date(2025, 11, 20)],
            "first_value": [100.0],
            "last_as_of": [dt.date(2026, 4, 9)],
            "last_value": [100.0],
            "releases": [2],
            "relative": [0.0],
        }
    )
    text = str(revisions_component(revised, 3))
    assert "1 period shown here was printed again" in text and "1 periods" not in text
    assert "after it ended" in text and "it did not change." in text
