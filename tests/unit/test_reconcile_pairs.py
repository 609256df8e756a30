"""Reconciliation pairs are data in the folder of the source they check; a pair waits for its
sources and files to be registered."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipelines.errors import RegistryError
from pipelines.reconcile import PAIRS, declared, load_pairs
from pipelines.registry import load_registry

PAIR = """
- id: {id}
  title: t
  why: w
  left: {{measure: {left}, region: "nation:US", file: {file}}}
  right: {{measure: {right}, region: "nation:US"}}
"""
CBP = "cbp_encounters.encounters"


def with_pairs(tmp_path, text: str):
    """The real registry, with cbp_encounters' folder moved to `tmp_path` holding `text`."""
    folder = tmp_path / "cbp_encounters"
    folder.mkdir()
    (folder / PAIRS).write_text(text)
    return [
        replace(s, path=folder / "source.yaml") if s.source_id == "cbp_encounters" else s
        for s in load_registry()
    ]


def test_a_pair_waits_until_its_measures_and_files_are_registered(tmp_path):
    sources = with_pairs(
        tmp_path,
        PAIR.format(id="a", left=CBP, file="null", right=CBP)
        + PAIR.format(id="b", left=CBP, file="null", right="not_yet_registered.measure")
        + PAIR.format(id="c", left=CBP, file="cbp_encounters/not-yet.csv", right=CBP),
    )
    active = [p.reconciliation_id for p in load_pairs(sources)]
    assert "a" in active and "b" not in active and "c" not in active


def test_a_pair_lives_in_the_folder_of_the_source_it_checks(tmp_path):
    sources = with_pairs(
        tmp_path, PAIR.format(id="x", left="ohss_yearbook.apprehensions", file="null", right=CBP)
    )
    with pytest.raises(RegistryError, match="pair 'x' checks ohss_yearbook.apprehensions"):
        load_pairs(sources)


def test_every_declared_pair_is_active_with_the_real_registry():
    sources = load_registry()
    ids = [doc["id"] for doc in declared(sources)]
    assert len(ids) == 75 and len(set(ids)) == 75
    assert [p.reconciliation_id for p in load_pairs(sources)] == ids
