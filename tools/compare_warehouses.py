"""Compare two built warehouses table by table and view by view, row by row.

    python tools/compare_warehouses.py OLD.duckdb NEW.duckdb

Each object of OLD is compared with NEW's on OLD's columns as a multiset (EXCEPT ALL both ways);
columns NEW adds are named; meta_build (when and how long the build took) is not compared.
Exits 1 when any object differs or is missing.
"""

from __future__ import annotations

import sys

import duckdb

OBJECTS = (
    "SELECT table_name, table_type FROM information_schema.tables "
    "WHERE table_catalog = ? ORDER BY 1"
)
COLUMNS = (
    "SELECT column_name FROM information_schema.columns "
    "WHERE table_catalog = ? AND table_name = ? ORDER BY ordinal_position"
)


def compare(old: str, new: str) -> int:
    con = duckdb.connect()
    con.execute(f"ATTACH '{old}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{new}' AS b (READ_ONLY)")
    a, b = (dict(con.execute(OBJECTS, [db]).fetchall()) for db in ("a", "b"))
    print(
        f"{len(a)} objects in {old}, {len(b)} in {new}; only in the new: {sorted(set(b) - set(a))}"
    )
    differ, identical = sorted(set(a) - set(b)), 0
    for name in sorted(set(a) & set(b) - {"meta_build"}):
        old_columns = [c for (c,) in con.execute(COLUMNS, ["a", name]).fetchall()]
        added = [c for (c,) in con.execute(COLUMNS, ["b", name]).fetchall() if c not in old_columns]
        columns = ", ".join(f'"{c}"' for c in old_columns)
        rows = [
            con.execute(f'SELECT count(*) FROM (SELECT {columns} FROM {x}."{name}" '
                        f'EXCEPT ALL SELECT {columns} FROM {y}."{name}")').fetchone()[0]
            for x, y in (("a", "b"), ("b", "a"))
        ]  # fmt: skip
        count = con.execute(f'SELECT count(*) FROM a."{name}"').fetchone()[0]
        same = rows == [0, 0]
        differ += [] if same else [name]
        identical += same
        print(
            f"{'same' if same else 'DIFFERS'} {a[name]:10} {name}: {count} rows"
            + ("" if same else f"; only in the old {rows[0]}, only in the new {rows[1]}")
            + (f"; the new adds columns {added}" if added else "")
        )
    print(f"{identical} identical, {len(differ)} differ: {differ}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(compare(*sys.argv[1:3]))
