"""The command line speaks plainly: results on stdout, progress and diagnostics on stderr, an
exit status that means something, one `error:` line for what the machine refused."""

from __future__ import annotations

import errno
import socket

import duckdb
import pytest

from aggstats import cli


@pytest.fixture
def built(tenfold_warehouse):
    return tenfold_warehouse


def test_check_prints_the_verdict_every_check_and_a_table_of_flagged_figures(built, capsys):
    assert cli.main(["check"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].endswith(
        "aggstats.duckdb: passed: 12 of 12 checks; 1 figure flagged as implausible "
        "(loaded as published, not failures)"
    )
    assert sum(line.rstrip().endswith(" ok") for line in lines) == 12
    row = next(line for line in lines if line.startswith("cbp_encounters.encounters"))
    assert row.split() == [
        "cbp_encounters.encounters", "Texas", "Nov", "2023", "2024-10-01", "15,000",
        "1,000", "(Oct", "2023)", "1,100", "(Dec", "2023)", "period", "jump",
    ]  # fmt: skip
    assert "(loaded as published" not in err and err == ""


def test_check_fails_only_when_a_check_does(built, capsys):
    with duckdb.connect(str(built / "aggstats.duckdb")) as con:
        con.execute("UPDATE fact_observation SET value = -5 WHERE period = '2023-12-01'")
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    assert ": FAILED: 1 of 12 checks fail; " in out.splitlines()[0]
    failing = next(line for line in out.splitlines() if "FAIL " in line)
    assert failing.startswith("counts are not negative") and "-5.0" in failing


def test_update_check_tries_every_watched_source_and_fails_if_any_is_unreachable(capsys):
    closed = "http://127.0.0.1:9"  # nothing listens on the discard port
    assert cli.main(["update", "--check", "--base-url", closed]) == 1
    out, err = capsys.readouterr()
    watched = [line.split()[0] for line in out.splitlines()[1:] if line.strip()]
    assert watched == [
        "cbp_encounters", "eoir_workload", "ice_detention", "ohss_khsm_usbp_encounters",
        "ohss_monthly_tables",
    ]  # fmt: skip
    assert all(
        "unreachable: could not read the landing page" in line
        for line in out.splitlines()[1:]
        if line.strip()
    )
    assert "error: 5 of 5 watched sources could not be read" in err


def test_the_build_says_one_line_and_the_tables_behind_verbose(built, capsys):
    assert cli.main(["build"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1
    assert out.startswith(f"built {built / 'aggstats.duckdb'} in ")
    assert ": 1 source, 1 file, " in out and out.rstrip().endswith(" observations")
    for step in ("build: reading files", "build: loading", "build: checks"):
        assert step in err
    assert cli.main(["build", "--verbose"]) == 0
    assert "stg_cbp_encounters__state" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.ENOSPC, "no space left on the device holding {path}: a build needs room"),
        (errno.EROFS, "{path} is on a read-only file system: aggstats writes"),
        (errno.EACCES, "permission denied: {path}: make the data folder writable"),
    ],
)
def test_what_the_machine_refuses_is_one_error_line(built, capsys, monkeypatch, code, said):
    path = built / "aggstats.duckdb"

    def refuse(*args, **kwargs):
        raise OSError(code, "refused", str(path))

    monkeypatch.setattr("pipelines.build.build", refuse)
    assert cli.main(["build"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"error: {said.format(path=path)}" in err and "Traceback" not in err


def test_duckdb_out_of_space_is_one_error_line(built, capsys, monkeypatch):
    def full(*args, **kwargs):
        raise duckdb.IOException('Could not write file "x.building": No space left on device')

    monkeypatch.setattr("pipelines.build.build", full)
    assert cli.main(["build"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"error: no space left on the device holding {built}:" in err


def test_a_taken_port_is_refused_before_anything_is_fetched(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AGGSTATS_DATA_DIR", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["up", "--port", str(port)]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"error: cannot serve on 127.0.0.1:{port}: Address already in use" in err
    assert f"`make up PORT={port + 1}`" in err
    assert not (tmp_path / "raw").exists()  # nothing fetched


def test_serve_without_a_warehouse_says_how_to_build_one(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AGGSTATS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("AGGSTATS_WAREHOUSE", raising=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert cli.main(["serve", "--port", str(port)]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"error: no warehouse at {tmp_path / 'aggstats.duckdb'}: run `aggstats build`" in err
