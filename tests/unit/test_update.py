"""`aggstats update` against a publisher served on 127.0.0.1: CBP's Nationwide Encounters page
(its real Drupal structure) links a newer State CSV; it is found, downloaded, verified, recorded
in the lock file and built — and every failure names its cause and changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

import aggstats
from aggstats.cli import main
from dashboard import ids
from dashboard.callbacks.view import render
from dashboard.state import View
from dashboard.store import Store
from pipelines import update as update_module
from pipelines.build import build
from pipelines.errors import (
    CheckError,
    DownloadError,
    HtmlInsteadOfFileError,
    LayoutChangedError,
    TruncatedDownloadError,
)
from pipelines.registry import LOCK_NAME, load_registry
from pipelines.update import STAGING, update
from tests.conftest import FIXTURES, fixture_registry
from tests.publisher import publisher

CBP = FIXTURES / "cbp_encounters"
PAGES = FIXTURES / "update"
NATIONWIDE = "/document/stats/nationwide-encounters"
SOUTHWEST = "/document/stats/southwest-land-border-encounters"
FEB = "/sites/default/files/2026-03/nationwide-encounters-fy23-fy26-feb-state.csv"
MAR = "/sites/default/files/2026-04/nationwide-encounters-fy23-fy26-mar-state.csv"
CSV = "text/csv"
# the fixtures, under the names of the registered files the discovery declarations model on
REGISTERED = [
    ("nationwide-encounters-fy20-fy24-aor.csv", CBP / "aor.csv", "aor",
     ["nation", "land_border_region", "usbp_sector", "ofo_field_office"], dt.date(2024, 10, 1)),
    ("nationwide-encounters-fy20-fy24-state.csv", CBP / "state.csv", "state", ["state"],
     dt.date(2024, 10, 1)),
    ("nationwide-encounters-fy23-fy26-jan-state.csv", CBP / "state-newer.csv", "state",
     ["nation", "land_border_region", "state"], dt.date(2026, 2, 1)),
    ("sbo-encounters-fy22-fy25-aug.csv", CBP / "southwest.csv", "southwest",
     ["land_border_region"], dt.date(2025, 9, 1)),
]  # fmt: skip


def sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def serve_cbp(site, page: bytes | None = None) -> None:
    nationwide = page or (PAGES / "cbp-nationwide-encounters.html").read_bytes()
    site.serve(NATIONWIDE, nationwide, "text/html; charset=UTF-8")
    site.serve(SOUTHWEST, (PAGES / "cbp-southwest-land-border-encounters.html").read_bytes(),
               "text/html; charset=UTF-8")  # fmt: skip
    site.serve(FEB, (PAGES / "nationwide-encounters-fy23-fy26-feb-state.csv").read_bytes(), CSV)


def march(site, csv: bytes) -> None:
    """The page as CBP would post March: the February link replaced by March's."""
    page = (PAGES / "cbp-nationwide-encounters.html").read_text()
    page = page.replace(
        "2026-03/nationwide-encounters-fy23-fy26-feb", "2026-04/nationwide-encounters-fy23-fy26-mar"
    )
    page = page.replace("by State - February", "by State - March")
    serve_cbp(site, page.encode())
    site.serve(MAR, csv, CSV)


def march_csv() -> bytes:
    feb = (PAGES / "nationwide-encounters-fy23-fy26-feb-state.csv").read_bytes()
    return (
        feb + b"2026 (FYTD),FYTD,MAR,Southwest Land Border,TX,Single Adults,MEXICO,Title 8,5000\r\n"
    )


@pytest.fixture
def home(tmp_path):
    return cbp_home(tmp_path)


def cbp_home(tmp_path: Path) -> Path:
    """A registry of CBP (the fixtures as its files, with discovery), their raw cache, and a
    warehouse built: a data folder for `aggstats update`."""
    staged = tmp_path / "fixtures"
    staged.mkdir()
    files = []
    for name, path, layout, levels, as_of in REGISTERED:
        shutil.copyfile(path, staged / name)
        files.append({"path": staged / name, "layout": layout, "levels": levels, "as_of": as_of})
    registry = tmp_path / "sources"
    sources = fixture_registry(registry, "cbp_encounters", files, tmp_path / "raw", discovery=True)
    build(sources, tmp_path / "raw", tmp_path / "aggstats.duckdb")
    return tmp_path


def run_update(home: Path, site, **options):
    return update(
        home / "sources",
        home / "raw",
        home / "aggstats.duckdb",
        base=site.url,
        today=dt.date(2026, 12, 7),
        **options,
    )


def figures(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_newer_release_is_found_verified_recorded_and_built(home):
    # an explorer already serving the warehouse, its view kept (a link opened before the update)
    store = Store(home / "aggstats.duckdb")
    view = View.from_search("?measure=cbp_encounters.encounters&level=state&regions=TX&grain=month")
    before = render(store, view)[ids.CHART]["layout"]["title"]["text"].replace("<br>", " ")
    assert "Newest figure: Jan 2026 (release of 1 Feb 2026)" in before
    with publisher() as site:
        serve_cbp(site)
        report = run_update(home, site)
    # the serving store notices the rebuilt file (and lets the old one go): the view it kept is
    # drawn again from the new release
    title = render(store, view)[ids.CHART]["layout"]["title"]["text"].replace("<br>", " ")
    assert "Newest figure: Feb 2026" in title and "(release of 1 Mar 2026)" in title
    (found,) = report.found  # January is registered; FY21-FY24 AOR is older than the registry's
    assert (found.name, found.release_date) == (
        "nationwide-encounters-fy23-fy26-feb-state.csv",
        dt.date(2026, 3, 1),
    )
    assert found.text == "FY23 - FY26 (FYTD) Nationwide Encounters by State - February"
    (file,) = report.loaded
    served = (PAGES / "nationwide-encounters-fy23-fy26-feb-state.csv").read_bytes()
    assert (file.size, file.sha256) == (len(served), hashlib.sha256(served).hexdigest())
    assert (file.layout, file.levels) == ("state", ("nation", "land_border_region", "state"))

    lock = yaml.safe_load((home / "sources" / "cbp_encounters" / LOCK_NAME).read_text())
    (entry,) = lock["files"]
    assert entry["url"] == site.url + FEB
    assert (entry["as_of"], entry["accessed"], entry["sha256"]) == (
        dt.date(2026, 3, 1),
        "2026-12-07",
        file.sha256,
    )
    (source,) = load_registry(home / "sources")
    assert source.files[-1].name == file.name  # the registry reads the lock file's release
    assert (home / "raw" / "cbp_encounters" / file.name).read_bytes() == served
    assert not list((home / "raw" / STAGING).rglob("*.part"))

    warehouse = home / "aggstats.duckdb"
    assert figures(
        warehouse,
        "SELECT region_code, value, as_of, file_id FROM observation WHERE period = '2026-02-01' "
        "AND dimension = 'total' AND region_level IN ('nation', 'state') ORDER BY region_code",
    ) == [
        ("nation:US", 4395.0, dt.date(2026, 3, 1), f"cbp_encounters/{file.name}"),
        ("state:TX", 4338.0, dt.date(2026, 3, 1), f"cbp_encounters/{file.name}"),
        ("state:VT", 57.0, dt.date(2026, 3, 1), f"cbp_encounters/{file.name}"),
    ]
    # February revises October 2025 (9 in January's release, 11 in February's)
    assert figures(
        warehouse,
        "SELECT value FROM observation WHERE region_code = 'state:TX' "
        "AND period = '2025-10-01' AND dimension = 'total'",
    ) == [(11.0,)]

    # the explorer: the query layer, the Data status tab and the chart name the new release
    with duckdb.connect(str(warehouse), read_only=True) as con:
        months = aggstats.series(
            "cbp_encounters.encounters", "state", ["TX"], grain="month", start="2026-02-01", con=con
        )
    assert months.select("period", "value").rows() == [(dt.date(2026, 2, 1), 4338.0)]
    status = str(render(store, View.from_search("?tab=status"))[ids.STATUS])
    assert "Feb 2026" in status and "1 Mar 2026" in status

    with publisher() as site:  # a second run finds nothing: the lock file holds February
        serve_cbp(site)
        again = run_update(home, site)
    assert (again.found, again.loaded, again.build) == ([], [], None)


def test_check_lists_the_new_release_and_downloads_nothing(home, capsys, monkeypatch):
    monkeypatch.setenv("AGGSTATS_REGISTRY", str(home / "sources"))
    monkeypatch.setenv("AGGSTATS_DATA_DIR", str(home))
    before = sha256(home / "aggstats.duckdb")
    with publisher() as site:
        serve_cbp(site)
        assert main(["update", "--check", "--base-url", site.url]) == 0
        downloads = [path for _, path, _ in site.requests if path.endswith(".csv")]
    out = capsys.readouterr().out
    assert "nationwide-encounters-fy23-fy26-feb-state.csv" in out and "2026-03-01" in out
    assert "2026-02/nationwide-encounters-fy23-fy26-jan" not in out and "fy21-fy24-aor" not in out
    assert downloads == []
    assert not (home / "sources" / "cbp_encounters" / LOCK_NAME).exists()
    assert sha256(home / "aggstats.duckdb") == before


def test_the_command_loads_the_new_release(home, capsys, monkeypatch):
    monkeypatch.setenv("AGGSTATS_REGISTRY", str(home / "sources"))
    monkeypatch.setenv("AGGSTATS_DATA_DIR", str(home))
    with publisher() as site:
        serve_cbp(site)
        monkeypatch.setenv("AGGSTATS_UPDATE_BASE_URL", site.url)
        assert main(["update"]) == 0
    assert "loaded cbp_encounters/nationwide-encounters-fy23-fy26-feb-state.csv" in (
        capsys.readouterr().err.replace("\n", "")
    )
    assert figures(
        home / "aggstats.duckdb",
        "SELECT value FROM observation WHERE region_code = 'nation:US' "
        "AND period = '2026-02-01' AND dimension = 'total'",
    ) == [(4395.0,)]


@pytest.fixture
def after_february(home):
    """`home` once February is loaded: a lock file and a warehouse to keep unchanged."""
    with publisher() as site:
        serve_cbp(site)
        run_update(home, site)
    return home


LAYOUT_CHANGED = march_csv().replace(b"Encounter Count", b"Encounters", 1)


@pytest.mark.parametrize(
    ("fault", "csv", "error", "message"),
    [
        (None, LAYOUT_CHANGED, LayoutChangedError,
         "does not read as layout 'state' of nationwide-encounters-fy23-fy26-jan-state.csv"),
        ("404", march_csv(), DownloadError, "HTTP 404 Not Found"),
        ("html", march_csv(), HtmlInsteadOfFileError,
         "the server sent an HTML page (text/html; charset=UTF-8), not the file: 'Access Denied'"),
        ("truncate", march_csv(), TruncatedDownloadError, "the download stopped after"),
    ],
)  # fmt: skip
def test_a_failure_names_its_cause_and_changes_nothing(after_february, fault, csv, error, message):
    home = after_february
    lock = home / "sources" / "cbp_encounters" / LOCK_NAME
    warehouse = home / "aggstats.duckdb"
    before = (sha256(lock), sha256(warehouse))
    with publisher() as site:
        march(site, csv)
        if fault:
            site.faults[MAR] = fault
        with pytest.raises(error) as raised:
            run_update(home, site)
    assert message in str(raised.value)
    assert "nationwide-encounters-fy23-fy26-mar-state.csv" in str(raised.value)
    assert (sha256(lock), sha256(warehouse)) == before
    assert not (home / "raw" / "cbp_encounters" / MAR.rsplit("/", 1)[1]).exists()


def test_a_truncated_download_resumes_where_it_stopped(after_february):
    home = after_february
    with publisher() as site:
        march(site, march_csv())
        site.faults[MAR] = "truncate"
        with pytest.raises(TruncatedDownloadError):
            run_update(home, site)
        del site.faults[MAR]
        site.requests.clear()
        report = run_update(home, site)
        ranges = [wanted for _, path, wanted in site.requests if path == MAR]
    half = len(march_csv()) // 2
    assert ranges == [f"bytes={half}-"]  # only the second half was asked for
    (file,) = report.loaded
    assert file.sha256 == hashlib.sha256(march_csv()).hexdigest()
    assert figures(
        home / "aggstats.duckdb",
        "SELECT value, as_of FROM observation WHERE region_code = 'state:TX' "
        "AND period = '2026-03-01' AND dimension = 'total'",
    ) == [(5000.0, dt.date(2026, 4, 1))]


def test_a_failed_build_restores_the_lock_file_and_the_cache(after_february, monkeypatch):
    home = after_february
    lock = home / "sources" / "cbp_encounters" / LOCK_NAME
    before = (sha256(lock), sha256(home / "aggstats.duckdb"))

    def failing_build(*args, **kwargs):
        raise CheckError(["a check that fails"])

    monkeypatch.setattr(update_module, "build", failing_build)
    with publisher() as site:
        march(site, march_csv())
        with pytest.raises(CheckError):
            run_update(home, site)
    assert (sha256(lock), sha256(home / "aggstats.duckdb")) == before
    assert len(yaml.safe_load(lock.read_text())["files"]) == 1
    assert not (home / "raw" / "cbp_encounters" / MAR.rsplit("/", 1)[1]).exists()
