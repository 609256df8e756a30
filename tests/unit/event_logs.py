"""Event logs dressed as CBP's AOR file: its real header, one row per invented event.

Each row is a distinct cell (month x sector x demographic x citizenship), so no row repeats
another and no column holds ids: only the counts give the file away. `small_cells` is the other
side, a table of counts as published, with many 1s among larger cells.
"""

from __future__ import annotations

import itertools
from pathlib import Path

HEADER = (
    "Fiscal Year,Month Grouping,Month (abbv),Component,Land Border Region,"
    "Area of Responsibility,AOR (Abbv),Demographic,Citizenship,Title of Authority,"
    "Encounter Type,Encounter Count"
)
MONTHS = ["OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP"]
SECTORS = [
    ("El Paso Sector", "EPT"), ("Tucson Sector", "TCA"), ("San Diego Sector", "SDC"),
    ("Laredo Sector", "LRT"), ("Del Rio Sector", "DRT"), ("Big Bend Sector", "BBT"),
    ("El Centro Sector", "ELC"), ("Yuma Sector", "YUM"), ("Rio Grande Valley Sector", "RGV"),
]  # fmt: skip
DEMOGRAPHICS = ["Single Adults", "FMUA", "UC / Single Minors", "Accompanied Minors"]
COUNTRIES = [
    "MEXICO", "GUATEMALA", "HONDURAS", "EL SALVADOR", "VENEZUELA", "COLOMBIA", "ECUADOR",
    "CUBA", "HAITI", "NICARAGUA", "PERU", "BRAZIL", "INDIA", "CHINA", "TURKEY", "ROMANIA",
]  # fmt: skip
SIZES = [10, 50, 150, 400, 5_000]


def cells(n: int) -> list[str]:
    """The first n distinct cells, as the row's text up to its count."""
    combos = itertools.product(MONTHS, SECTORS, DEMOGRAPHICS, COUNTRIES)
    return [
        f"2024,FYTD,{month},U.S. Border Patrol,Southwest Land Border,{name},{abbv},{demo},"
        f"{country},Title 8,Apprehensions"
        for month, (name, abbv), demo, country in itertools.islice(combos, n)
    ]


def with_counts(counts: list[int | str]) -> bytes:
    rows = [f"{cell},{count}" for cell, count in zip(cells(len(counts)), counts, strict=True)]
    return "\n".join([HEADER, *rows, ""]).encode()


def mixed_in(n: int) -> list[int]:
    """n events, each counting 1, but for a few 2s and 3s (a family, a group): one in 10 rows
    at 10 rows, one in 25 at 50, and so on (at least one)."""
    few = max(1, n // 25) if n > 10 else 1
    return [(2 if i % 2 else 3) if i % (n // few) == n // few - 1 else 1 for i in range(n)]


def single_two(n: int) -> list[int]:
    return [2 if i == n // 2 else 1 for i in range(n)]


def small_cells(n: int) -> list[int]:
    """A published breakdown's counts: many 1s (about one in three), 2s and 3s, and cells in
    the tens to thousands, as in CBP's AOR file (15% of its counts are 1)."""
    pattern = [1, 4, 1, 27, 2, 1, 312, 3, 1, 58, 6, 1480, 1, 2, 9]
    return [pattern[i % len(pattern)] for i in range(n)]


def write(path: Path, counts: list[int | str]) -> Path:
    path.write_bytes(with_counts(counts))
    return path
