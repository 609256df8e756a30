"""Reconciliation pairs are data; a pair waits for its sources and files to be registered."""

from __future__ import annotations

import yaml

from pipelines.reconcile import PAIRS_FILE, load_pairs
from pipelines.registry import load_registry

PAIR = """
- id: {id}
  title: t
  why: w
  left: {{measure: cbp_encounters.encounters, region: "nation:US", file: {file}}}
  right: {{measure: {right}, region: "nation:US"}}
"""


def test_a_pair_waits_until_its_measures_and_files_are_registered(tmp_path):
    path = tmp_path / "pairs.yaml"
    path.write_text(
        PAIR.format(id="a", file="null", right="cbp_encounters.encounters")
        + PAIR.format(id="b", file="null", right="not_yet_registered.measure")
        + PAIR.format(id="c", file="cbp_encounters/not-yet.csv", right="cbp_encounters.encounters")
    )
    assert [p.reconciliation_id for p in load_pairs(load_registry(), path)] == ["a"]


def test_every_declared_pair_is_active_with_the_real_registry():
    declared = [doc["id"] for doc in yaml.safe_load(PAIRS_FILE.read_text())]
    active = [p.reconciliation_id for p in load_pairs(load_registry())]
    assert active == declared
