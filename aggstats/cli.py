"""The `aggstats` command: fetch, build, update, serve, up, sources, check, reconcile, export,
docs."""

from __future__ import annotations

import argparse
import socket
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path

from rich.table import Table

from aggstats.cli_errors import plain
from aggstats.cli_progress import steps
from aggstats.cli_reports import check, console, count, out, reconcile, sources
from aggstats.settings import Settings, settings
from pipelines.errors import AggstatsError


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config = settings(
        mirror=getattr(args, "mirror", None), update_base=getattr(args, "base_url", None)
    )
    try:
        return args.run(args, config) or 0
    except AggstatsError as exc:
        console.print(f"[bold red]error:[/] {exc}", highlight=False)
        return 1
    except Exception as exc:
        message = plain(exc, config)
        if message is None:
            raise
        console.print(f"[bold red]error:[/] {message}", highlight=False)
        return 1


def fetch(args: argparse.Namespace, config: Settings) -> None:
    from pipelines.fetch import fetch_all
    from pipelines.registry import load_registry

    sources = load_registry(config.registry)
    with _one_run("fetch", args, config), steps(console) as bars:
        bars.start("fetch", total=sum(len(s.files) for s in sources))
        fetched = fetch_all(
            sources, config.raw_dir, config.mirror, on_file=lambda f: bars.advance(f.file_id)
        )
        bars.end()
    hows = [f.how for f in fetched]
    summary = ", ".join(f"{hows.count(h)} {h}" for h in sorted(set(hows)))
    out().print(f"fetched {len(fetched)} files into {config.raw_dir} ({summary})")


def build(args: argparse.Namespace, config: Settings) -> None:
    from pipelines.build import build as build_warehouse
    from pipelines.registry import load_registry

    with _one_run("build", args, config), steps(console, "build") as bars:
        # read once the lock is held: a run waited for (an update) may have recorded releases
        sources = load_registry(config.registry)
        files = sum(len(s.files) for s in sources)
        bars.start("reading files", total=files)
        report = build_warehouse(
            sources,
            config.raw_dir,
            config.warehouse,
            on_file=lambda f: bars.advance(f.file_id),
            on_step=bars.start,
        )
        bars.end()
    if report.removed:
        console.print(
            f"removed {len(report.removed)} partial warehouse file(s) of builds that died: "
            + ", ".join(report.removed),
            highlight=False,
        )
    said = out()
    said.print(
        f"built {report.warehouse} in {report.seconds:.1f} s: {count(len(sources), 'source')}, "
        f"{count(files, 'file')}, {report.facts:,} observations"
    )
    if args.verbose:
        table = Table("staging table (as published)", "rows", box=None)
        for name, rows in report.staging_rows.items():
            table.add_row(name, f"{rows:,}")
        said.print(table)


def update(args: argparse.Namespace, config: Settings) -> int:
    from aggstats.updates import run

    if args.check:  # reads the landing pages, writes nothing
        return run(config, check_only=True, source_ids=args.source, console=console)
    with _one_run("update", args, config):
        return run(config, check_only=False, source_ids=args.source, console=console)


def _one_run(command: str, args: argparse.Namespace, config: Settings):
    """The data folder's lock (pipelines/run_lock.py), held while a command writes to it."""
    from pipelines.run_lock import hold

    def waiting(holder: str) -> None:
        console.print(f"{holder} holds the data folder: waiting up to {args.wait:g} s")

    return hold(config.data_dir, command, args.wait, on_wait=waiting)


def serve(args: argparse.Namespace, config: Settings) -> None:
    _refuse_a_taken_port(args.host, args.port)
    if not config.warehouse.is_file():
        raise AggstatsError(
            f"no warehouse at {config.warehouse}: run `aggstats build` (or `make up`) first"
        )
    run = explorer()
    console.print(
        f"serving the aggstats explorer on http://{args.host}:{args.port}/ (Ctrl-C stops it)",
        highlight=False,
    )
    run(config.warehouse, args.host, args.port, debug=args.debug)


# The explorer is a layer above aggstats: the command finds it by its entry point (pyproject's
# [project.entry-points."aggstats.explorer"]), never by importing it.
EXPLORER = ("aggstats.explorer", "serve")


def explorer() -> Callable[..., None]:
    """The explorer's `serve(warehouse, host, port, debug=...)`, by its entry point."""
    group, name = EXPLORER
    found = entry_points(group=group, name=name)
    if not found:
        raise AggstatsError(
            f"the explorer is not installed (no {group!r} entry point named {name!r}): "
            "install aggstats with `pip install -e .`"
        )
    return next(iter(found)).load()


def up(args: argparse.Namespace, config: Settings) -> None:
    """Fetch and build here, then serve: `serve` replaces this process with a fresh interpreter
    (dashboard/production.py), so gunicorn never forks from one that has run polars."""
    _refuse_a_taken_port(args.host, args.port)  # before a build of a minute, not after
    fetch(args, config)
    build(args, config)
    serve(args, config)


def _refuse_a_taken_port(host: str, port: int) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise AggstatsError(
                f"cannot serve on {host}:{port}: {exc.strerror} (another aggstats serve?); "
                f"choose another port: `make up PORT={port + 1}` or `aggstats serve --port "
                f"{port + 1}`"
            ) from exc


def export(args: argparse.Namespace, config: Settings) -> None:
    from aggstats.export import export_package

    out = args.out or config.data_dir / "export"
    package = export_package(
        config.warehouse,
        out,
        measures=args.measure,
        sources=args.source,
        levels=args.level,
        all_releases=args.all_releases,
    )
    console.print(f"exported {package.rows:,} observations to {package.path}")


def docs(args: argparse.Namespace, config: Settings) -> None:
    from aggstats import dictionary, readme
    from pipelines.registry import load_registry

    sources = load_registry()
    console.print(f"wrote {dictionary.write(sources)} and the sources of {readme.write(sources)}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aggstats", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name: str, run, help: str, writes: bool = False) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        if writes:  # it holds the data folder's lock (pipelines/run_lock.py)
            sub.add_argument(
                "--wait", type=float, default=0.0, metavar="SECONDS",
                help="if another fetch, build or update runs, wait up to SECONDS for it to "
                "finish (default: fail at once)",
            )  # fmt: skip
        return sub

    def with_mirror(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--mirror",
            help="folder laid out <source_id>/<file> to copy raw files "
            "from (default: $AGGSTATS_MIRROR)",
        )

    def verbose(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("-v", "--verbose", action="store_true", help="say more")

    def with_server(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--host", default="127.0.0.1")
        sub.add_argument("--port", type=int, default=8050)
        sub.add_argument("--debug", action="store_true", help="Dash's debug server and reloader")

    with_mirror(
        command("fetch", fetch, "download or copy every raw file, checking checksums", True)
    )
    verbose(command("build", build, "build the DuckDB warehouse from the cached raw files", True))
    updater = command(
        "update",
        update,
        "find the publishers' newer releases on their landing pages, download and verify them, "
        "record them in the registry's lock files and rebuild the warehouse",
        writes=True,
    )
    updater.add_argument("--check", action="store_true", help="only list the new releases")
    updater.add_argument("--source", action="append", help="only this source id (repeat for more)")
    updater.add_argument(
        "--base-url",
        help="scheme and host to read the landing pages from instead of the publishers' "
        "(default: $AGGSTATS_UPDATE_BASE_URL; a local server in tests)",
    )
    with_server(command("serve", serve, "serve the explorer on the built warehouse"))
    up_command = command("up", up, "fetch, build, then serve", writes=True)
    with_mirror(up_command)
    with_server(up_command)
    verbose(up_command)
    command("sources", sources, "list each source's files, checksums, coverage and last build")
    verbose(command("check", check, "run the integrity checks on the built warehouse"))
    verbose(
        command("reconcile", reconcile, "compare figures two publishers or releases both publish")
    )

    exporter = command(
        "export",
        export,
        "write the warehouse (or a selection) as CSV and Parquet with a datapackage.json",
    )
    exporter.add_argument("--out", type=Path, help="folder to write (default: <data dir>/export)")
    for option, what in (("measure", "measure id"), ("source", "source id"), ("level", "level")):
        exporter.add_argument(
            f"--{option}", action="append", help=f"only this {what} (repeat for more)"
        )
    exporter.add_argument(
        "--all-releases",
        action="store_true",
        help="also write fact_observation: every release's figures, not only those in force",
    )
    command("docs", docs, "regenerate docs/data-dictionary.md and the README's sources table")
    return parser


if __name__ == "__main__":
    sys.exit(main())
