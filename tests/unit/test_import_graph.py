"""The layers import downwards only, read from the source with ast (function-level imports too).

calendar and errors (aggstats) <- pipelines <- aggstats (CLI, catalog, export...) <- dashboard,
and the query layer (aggstats/query) stands on calendar and errors alone: it reads the
warehouse, never a pipeline module. The CLI starts the explorer by its entry point.
"""

from __future__ import annotations

import ast
from pathlib import Path

from aggstats.cli import EXPLORER, explorer

ROOT = Path(__file__).resolve().parents[2]
BASE = {"aggstats.calendar", "aggstats.errors"}  # what every layer may stand on
PACKAGES = ("aggstats", "pipelines", "dashboard")


def imports(package: str) -> dict[str, set[str]]:
    """Each module of a package (dotted name) -> the project modules it imports."""
    graph = {}
    for path in sorted((ROOT / package.replace(".", "/")).rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        # a package's own name (`from aggstats import calendar`) says nothing of the layer
        graph[module] = {n for n in names if n.split(".")[0] in PACKAGES and n not in PACKAGES}
    return graph


def offending(package: str, allowed) -> list[str]:
    return sorted(
        f"{module} imports {name}"
        for module, names in imports(package).items()
        for name in names
        if not allowed(name)
    )


def within(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(f"{p}.") for p in prefixes)


def test_the_graph_is_read_from_the_source():
    graph = imports("aggstats")
    assert "pipelines.registry" in graph["aggstats.catalog"]  # a top-level import
    assert "aggstats.export" in graph["aggstats.cli"]  # an import inside a function


def test_nothing_below_the_explorer_imports_it():
    assert offending("aggstats", lambda n: not within(n, "dashboard")) == []
    assert offending("pipelines", lambda n: not within(n, "dashboard")) == []


def test_the_query_layer_stands_on_the_calendar_and_errors_alone():
    assert offending("aggstats.query", lambda n: within(n, "aggstats.query", *BASE)) == []


def test_pipelines_take_from_aggstats_only_the_calendar_and_errors():
    assert offending("pipelines", lambda n: within(n, "pipelines", *BASE)) == []


def test_the_calendar_and_errors_import_no_project_module():
    for module in BASE:
        assert imports("aggstats")[module] == set()


def test_the_cli_finds_the_explorer_by_its_entry_point():
    from dashboard.production import serve

    assert EXPLORER == ("aggstats.explorer", "serve")
    assert explorer() is serve


def test_the_explorer_reads_the_warehouse_not_the_pipelines():
    assert offending("dashboard", lambda n: not within(n, "pipelines")) == []
