"""Context (pipelines/context.yaml and sources' own) against the registry: every entry applies,
and a wrong name fails."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from pipelines import context
from pipelines.registry import load_registry


@pytest.fixture(scope="module")
def sources():
    return load_registry()


def test_every_entry_applies_to_a_registered_measure_and_has_a_source(sources):
    entries, applies = context.read(sources)
    assert set(applies["context_id"]) == set(entries["context_id"])
    assert all(u.startswith("https://") for u in entries["url"])
    title42 = entries.filter(context_id="title42").row(0, named=True)
    assert (title42["start_date"], title42["end_date"]) == (
        dt.date(2020, 3, 21),
        dt.date(2023, 5, 11),
    )


def test_the_3000_a_day_goal_counts_ice_book_ins_by_ice_and_ero_arrests(sources):
    entries, applies = context.read(sources)
    goal = entries.filter(context_id="ice-arrests-3000").row(0, named=True)
    assert goal["per_day"] == 3000 and goal["start_date"] == dt.date(2025, 5, 28)
    rows = applies.filter(context_id="ice-arrests-3000").sort("measure_id").rows()
    assert rows == [
        ("ice-arrests-3000", "ice_detention.book_ins", "arresting_agency", "ICE"),
        ("ice-arrests-3000", "ohss_monthly_tables.ero_administrative_arrests", "total", "total"),
    ]


def test_a_target_that_ended_keeps_its_last_day_and_one_in_force_has_none(sources, tmp_path):
    entries, _ = context.read(sources)
    assert entries.filter(context_id="ice-arrests-3000")["end_date"].to_list() == [None]
    doc = yaml.safe_load(context.CONTEXT_FILE.read_text())
    doc["targets"][0]["until"] = "2025-12-31"
    path = tmp_path / "context.yaml"
    path.write_text(yaml.safe_dump(doc))
    entries, _ = context.read(sources, path)
    ended = entries.filter(context_id="ice-arrests-3000").row(0, named=True)
    assert (ended["start_date"], ended["end_date"]) == (dt.date(2025, 5, 28), dt.date(2025, 12, 31))


def _with_target(tmp_path: Path, applies_to: list[dict]) -> Path:
    doc = yaml.safe_load(context.CONTEXT_FILE.read_text())
    doc["targets"][0]["applies_to"] = applies_to
    path = tmp_path / "context.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


@pytest.mark.parametrize(
    ("applies_to", "message"),
    [
        ([{"measure": "ice_detention.arrests"}], "unknown measure 'ice_detention.arrests'"),
        (
            [{"measure": "ice_detention.book_ins", "where": {"arresting_office": "ICE"}}],
            "has no dimension 'arresting_office'",
        ),
        ([], "names the measures it counts"),
    ],
)
def test_a_target_naming_what_the_registry_lacks_fails_by_name(
    sources, tmp_path, applies_to, message
):
    path = _with_target(tmp_path, applies_to)
    with pytest.raises(context.ContextError, match=message) as error:
        context.read(sources, path)
    assert "targets entry 'ice-arrests-3000'" in str(error.value)


def test_a_pattern_of_a_registered_source_that_matches_nothing_fails(sources, tmp_path):
    doc = yaml.safe_load(context.CONTEXT_FILE.read_text())
    doc["markers"][0]["measures"] = ["cbp_encounters.nothing_*"]
    path = tmp_path / "context.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(context.ContextError, match="'cbp_encounters.nothing_\\*' matches no"):
        context.read(sources, path)


def test_entries_of_unregistered_sources_wait_for_them(sources):
    only_cbp = [s for s in sources if s.source_id == "cbp_encounters"]
    entries, applies = context.read(only_cbp)
    assert set(applies["measure_id"]) <= {m.measure_id for m in only_cbp[0].measures}
    # a central entry whose measures are all unregistered stays, and applies to nothing here
    goal = entries.filter(context_id="ice-arrests-3000")
    assert goal.height == 1 and applies.filter(context_id="ice-arrests-3000").is_empty()
    # an entry about ICE's measures alone lives in ICE's folder: it comes and goes with it
    assert entries.filter(context_id="detention-peak-2026").is_empty()
    with_ice = context.read([s for s in sources if s.source_id == "ice_detention"])[0]
    peak = with_ice.filter(context_id="detention-peak-2026").row(0, named=True)
    assert (peak["figure_measure"], peak["figure_value"]) == ("ice_detention.adp", 71929.48)


def test_a_source_context_names_only_its_own_measures(sources, tmp_path):
    ice = next(s for s in sources if s.source_id == "ice_detention")
    doc = yaml.safe_load((ice.folder / context.SOURCE_CONTEXT).read_text())
    doc["markers"][0]["measures"] = ["ice_detention.*", "cbp_encounters.*"]
    folder = tmp_path / "ice_detention"
    folder.mkdir()
    (folder / context.SOURCE_CONTEXT).write_text(yaml.safe_dump(doc))
    moved = replace(ice, path=folder / "source.yaml")
    with pytest.raises(context.ContextError, match="names measures of other sources") as error:
        context.read([moved])
    assert "pipelines/sources/ice_detention/context.yaml: markers entry" in str(error.value)
