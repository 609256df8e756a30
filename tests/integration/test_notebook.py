"""The worked notebooks run end to end on the real warehouse, as a reader would run them."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.integration
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOK = NOTEBOOKS / "border_encounters.ipynb"


def _text(notebook) -> str:
    """Every printed line and plain-text result of the executed notebook."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def _run(path: Path, warehouse: Path, monkeypatch):
    monkeypatch.setenv("AGGSTATS_WAREHOUSE", str(warehouse))  # the kernel inherits it
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return notebook


def test_the_notebook_runs_on_the_real_warehouse(real_warehouse, monkeypatch):
    notebook = _run(NOTEBOOK, real_warehouse, monkeypatch)
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


def test_the_detention_notebook_shows_stocks_years_to_date_and_revisions(
    real_warehouse, monkeypatch
):
    text = _text(_run(NOTEBOOKS / "ice_detention.ipynb", real_warehouse, monkeypatch))
    assert "ICE detention ADP, April 2026: 61,029 (release of 2026-04-09)" in text
    assert "Refused: ice_detention.atd_participants is a stock" in text
    assert "FY2023: 142,580\n" in text
    assert "FY2026: 234,236  (to date, release of 2026-04-09)" in text
    assert "October 2025 ADP: 63,307.74 as first published (2025-11-20), 63,175.58" in text
    assert "as of 2025-11-20: 63,307.74" in text
    assert "ICE: 51,428\nCBP: 8,883" in text


@pytest.mark.parametrize("name", ["border_encounters.ipynb", "ice_detention.ipynb"])
def test_the_committed_notebooks_have_no_outputs(name):
    """Outputs are made by running it; committed outputs would go stale and bloat diffs."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
