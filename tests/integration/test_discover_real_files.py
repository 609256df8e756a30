"""Each loadable declaration on a real file: the mirror's newest release of it, served on
127.0.0.1 under the name of the next release its landing page links, is found, downloaded and
read by the source's own pipeline in its model file's layout; a broken workbook is refused."""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import unquote

import pytest

from pipelines.discover import client, new_releases
from pipelines.errors import LayoutChangedError
from pipelines.registry import load_registry
from pipelines.update import download, verify
from tests.publisher import publisher, serve_landing_pages

pytestmark = pytest.mark.integration
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("source_id", "served_at", "mirror_file", "release_date"),
    [
        ("cbp_encounters",
         "/sites/default/files/2026-03/nationwide-encounters-fy23-fy26-feb-state.csv",
         "nationwide-encounters-fy23-fy26-jan-state.csv", dt.date(2026, 3, 1)),
        ("ohss_monthly_tables",
         "/sites/default/files/2025-01/"
         "2025_0110_ohss_immigration-enforcement-and-legal-processes-tables-september-2024.xlsx",
         "2024_1206_ohss_immigration-enforcement-and-legal-processes-tables-august-2024.xlsx",
         dt.date(2025, 1, 10)),
        ("ohss_khsm_usbp_encounters",
         "/sites/default/files/2025-01/KHSM%20Encounters%20%28USBP%29%20fy25m12.xlsx",
         "KHSM Encounters (USBP) fy25m11.xlsx", dt.date(2025, 1, 1)),
    ],
)  # fmt: skip
def test_the_next_release_reads_in_its_model_layout(
    tmp_path, mirror, source_id, served_at, mirror_file, release_date
):
    (source,) = [s for s in load_registry() if s.source_id == source_id]
    data = (mirror / source_id / mirror_file).read_bytes()
    with publisher() as site, client() as http:
        serve_landing_pages(site)
        site.serve(unquote(served_at), data, XLSX if served_at.endswith("xlsx") else "text/csv")
        (release,) = new_releases([source], http, site.url)
        _, path = download(http, release, tmp_path, lambda *_: None)
    file = verify(source, release, path, dt.date(2026, 12, 7))
    model = next(f for f in source.files if f.name == release.link.model)
    assert (file.as_of, file.layout, file.levels) == (release_date, model.layout, model.levels)
    assert (file.size, file.sha256) == (len(data), hashlib.sha256(data).hexdigest())


def test_a_broken_workbook_is_refused_by_name(tmp_path):
    (source,) = [s for s in load_registry() if s.source_id == "ohss_khsm_usbp_encounters"]
    with publisher() as site, client() as http:
        serve_landing_pages(site)
        site.serve("/sites/default/files/2025-01/KHSM Encounters (USBP) fy25m12.xlsx",
                   b"PK\x03\x04 not a workbook", XLSX)  # fmt: skip
        (release,) = new_releases([source], http, site.url)
        _, path = download(http, release, tmp_path, lambda *_: None)
    with pytest.raises(LayoutChangedError) as raised:
        verify(source, release, path, dt.date(2026, 12, 7))
    assert str(raised.value).startswith(
        "ohss_khsm_usbp_encounters/KHSM Encounters (USBP) fy25m12.xlsx (release of 2025-01-01, "
        f"{site.url}/sites/default/files/2025-01/KHSM%20Encounters%20%28USBP%29%20fy25m12.xlsx)"
        " does not read as layout 'workbook' of KHSM Encounters (USBP) fy25m11.xlsx: "
    )
