"""Discovery as data: each declared landing page, saved in its publisher's HTML structure and
served on 127.0.0.1, yields exactly the newer release it links to, dated by its rule."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from pipelines import release_dates
from pipelines.errors import LandingPageError, RegistryError
from pipelines.registry import SOURCES_DIR, load_registry, load_source
from pipelines.update import check
from tests.publisher import publisher, serve_landing_pages


@pytest.mark.parametrize(
    ("source_id", "name", "release_date", "loadable"),
    [
        ("cbp_encounters", "nationwide-encounters-fy23-fy26-feb-state.csv",
         dt.date(2026, 3, 1), True),
        ("ice_detention", "FY26_detentionStats04232026.xlsx", dt.date(2026, 4, 23), False),
        ("ohss_monthly_tables",
         "2025_0110_ohss_immigration-enforcement-and-legal-processes-tables-september-2024.xlsx",
         dt.date(2025, 1, 10), True),
        ("ohss_khsm_usbp_encounters", "KHSM Encounters (USBP) fy25m12.xlsx",
         dt.date(2025, 1, 1), True),
        ("eoir_workload", "eoir-media-1351234-dl", dt.date(2026, 7, 22), False),
    ],
)  # fmt: skip
def test_each_declared_page_yields_its_newer_release(source_id, name, release_date, loadable):
    with publisher() as site:
        serve_landing_pages(site)
        found = check(load_registry(), site.url, [source_id])
    assert [(r.name, r.release_date, r.loadable) for r in found] == [(name, release_date, loadable)]
    assert found[0].url.startswith(site.url + "/")  # the publisher's host replaced by the base


def test_sources_without_a_landing_page_to_watch_declare_none():
    watched = {s.source_id for s in load_registry() if s.discovery}
    assert watched == {
        "cbp_encounters",
        "eoir_workload",
        "ice_detention",
        "ohss_khsm_usbp_encounters",
        "ohss_monthly_tables",
    }


def test_a_missing_landing_page_is_named():
    with publisher() as site, pytest.raises(LandingPageError) as raised:
        check(load_registry(), site.url, ["ice_detention"])
    assert str(raised.value) == (
        f"ice_detention: the landing page {site.url}/detain/detention-management answered "
        "HTTP 404 Not Found"
    )


def test_an_unknown_source_is_refused():
    with pytest.raises(RegistryError, match="no such source: cbp"):
        check(load_registry(), "http://127.0.0.1:9", ["cbp"])


@pytest.mark.parametrize(
    ("rule", "groups", "expected"),
    [
        ("mmddyyyy", {"date": "04092026"}, dt.date(2026, 4, 9)),
        ("yyyy_mmdd", {"year": "2024", "mmdd": "1206"}, dt.date(2024, 12, 6)),
        ("fiscal_year_month", {"fy": "26", "month": "jan"}, dt.date(2026, 2, 1)),
        ("fiscal_year_month", {"fy": "25", "month": "aug"}, dt.date(2025, 9, 1)),
        ("fiscal_year_month", {"fy": "26", "month": "dec"}, dt.date(2026, 1, 1)),
        ("fiscal_year_month_number", {"fy": "25", "month": "11"}, dt.date(2024, 12, 1)),
        ("last_modified", {"last_modified": "Wed, 22 Jul 2026 14:05:00 GMT"}, dt.date(2026, 7, 22)),
    ],
)
def test_release_date_rules_give_the_registry_s_vintages(rule, groups, expected):
    # the registry dates CBP's January 2026 file 2026-02-01, August 2025's 2025-09-01, and
    # OHSS's fy25m11 workbook 2024-12-01: a new release is dated the same way
    assert release_dates.RULES[rule](groups) == expected


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ({"href": "x", "date": "mmddyyyy", "model": "nope.csv"}, "model 'nope.csv' is not a file"),
        ({"href": "x", "date": "someday", "not_loaded": "why"}, "date 'someday' is not one of"),
        ({"date": "mmddyyyy", "not_loaded": "why"}, "a link needs an href or a text pattern"),
        ({"href": "x", "date": "mmddyyyy"}, "give a model file, or not_loaded"),
        ({"href": "(", "date": "mmddyyyy", "not_loaded": "why"}, "href '(':"),
    ],
)
def test_a_wrong_discovery_declaration_is_refused_by_name(tmp_path, link, message):
    doc = yaml.safe_load((SOURCES_DIR / "eoir_workload" / "source.yaml").read_text())
    doc["discovery"] = [{"page": "https://www.justice.gov/eoir", "links": [link]}]
    folder = tmp_path / "eoir_workload"
    folder.mkdir()
    (folder / "source.yaml").write_text(yaml.safe_dump(doc))
    with pytest.raises(RegistryError, match="discovery https://www.justice.gov/eoir") as raised:
        load_source(folder / "source.yaml")
    assert message in str(raised.value)
