"""The scheduled update (.github/workflows/update.yml) runs what the README and CI run."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_scheduled_update_takes_new_releases_then_runs_the_readmes_test_command():
    workflow = yaml.safe_load((ROOT / ".github/workflows/update.yml").read_text())
    steps = [step.get("run", "") for step in workflow["jobs"]["update"]["steps"]]
    commands = [line.strip() for run in steps for line in run.splitlines()]
    taking = commands.index(".venv/bin/aggstats update")
    assert commands.index(".venv/bin/aggstats update --check") < taking
    # the whole suite as the README gives it (axe-core and all), on what the update took
    assert "make test" in (ROOT / "README.md").read_text()
    assert commands.index("make test") > taking
    assert "make test" in (ROOT / ".ci/run").read_text()
