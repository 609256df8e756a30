"""Every file of the mirror's ice_detention folder is in docs/ice-tables.md, loaded or with the
reason it is not."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
DOC = Path(__file__).resolve().parents[2] / "docs" / "ice-tables.md"


def test_every_file_in_the_mirror_is_in_the_inventory(mirror):
    text = DOC.read_text()
    files = sorted(p.name for p in (mirror / "ice_detention").iterdir())
    assert len(files) == 35
    assert [name for name in files if f"`{name}`" not in text] == []
