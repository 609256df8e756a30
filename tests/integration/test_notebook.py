"""The worked notebook runs end to end on the real warehouse, as a reader would run it."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.integration
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "border_encounters.ipynb"


def _text(notebook) -> str:
    """Every printed line and plain-text result of the executed notebook."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def test_the_notebook_runs_on_the_real_warehouse(real_warehouse, monkeypatch):
    monkeypatch.setenv("AGGSTATS_WAREHOUSE", str(real_warehouse))  # the kernel inherits it
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    ).execute()
    text = _text(notebook)
    assert "CBP encounters nationwide, FY2023: 3,201,144" in text
    assert "Mexican citizens, FY2023: 717,333 encounters, 29.0% of the Southwest border's" in text
    assert "│ Rio Grande Valley Sector ┆ 90,206.0 ┆ 549,077.0 ┆ 468,124.0" in text
    assert 'U.S. Customs and Border Protection, "Nationwide Encounters"' in text
    assert "ICE ERO administrative arrests, FY2023: 170,590" in text  # OHSS Monthly Tables
    charts = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "application/vnd.plotly.v1+json" in output.get("data", {})
    ]
    assert len(charts) == 4


def test_the_committed_notebook_has_no_outputs():
    """Outputs are made by running it; committed outputs would go stale and bloat diffs."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
