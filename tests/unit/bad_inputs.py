"""The bad-input corpus: every way a published file (or its declaration) arrives broken.

Each case makes one bad file from a small good one written here or kept in tests/fixtures (real
headers and quirks, invented figures), declares it for a real source, and says what the build
must answer: the error's class, words, and where it points (sheet, row, column).
test_bad_input_corpus.py runs them; a failed build must leave the previous warehouse as it was.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import polars as pl
import yaml

from pipelines.errors import CoverageError, FetchError, InputError, RecordLevelError
from tests.conftest import FIXTURES
from tests.unit import event_logs, khsm_workbook, ohss_workbook

STATE = (FIXTURES / "cbp_encounters" / "state.csv").read_bytes()
HTML = (
    b"<!DOCTYPE html>\n<html><head><title>404 - Page Not Found | U.S. Customs and Border "
    b"Protection</title></head><body><h1>Page not found</h1></body></html>\n"
)
CRIMINALITY = "ERO Arrests by Criminality"  # OHSS monthly: group headers on row 3, names on 4
CENSUS_HEADER = "SUMLEV,REGION,DIVISION,STATE,NAME," + ",".join(
    f"POPESTIMATE{y}" for y in range(2020, 2025)
)


@dataclass(frozen=True)
class Case:
    name: str
    source_id: str
    layout: str
    levels: tuple[str, ...]
    file_name: str
    make: Callable[[Path], bytes]  # the bad file's bytes (given a scratch folder)
    error: type[Exception]
    match: str  # a regex the message must match
    where: dict = field(default_factory=dict)  # sheet, row, column the error names
    as_of: dt.date = dt.date(2024, 10, 1)
    declare_original: bool = False  # declare the good file's checksum (a wrong-checksum case)
    through_cli: bool = False  # run through `aggstats build`, not pipelines.build
    beside: tuple[dict, ...] = ()  # good files declared with it (path, layout, levels)


def cbp(name, make, error, match, where=None, **kw) -> Case:
    return Case(
        name, "cbp_encounters", "state", ("state",), "state.csv", make, error, match,
        where or {}, **kw,
    )  # fmt: skip


def replace(old: bytes, new: bytes, count: int = 1) -> Callable[[Path], bytes]:
    return lambda _: STATE.replace(old, new, count)


def zipped(_: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("state.csv", STATE)
    return buffer.getvalue()


def five_mb_line(_: Path) -> bytes:
    lines = STATE.split(b"\n")
    lines.insert(3, b"2024,FYTD,OCT,Southwest Land Border,TX,Single Adults," + b"X" * 5_000_000)
    return b"\n".join(lines)


def drop_column(index: int) -> Callable[[Path], bytes]:
    def make(_: Path) -> bytes:
        return b"\n".join(
            b",".join(f for i, f in enumerate(line.split(b",")) if i != index)
            for line in STATE.replace(b'"CHINA, PEOPLES REPUBLIC OF"', b"CHINA").split(b"\n")
        )

    return make


def months(counts: dict[str, int]) -> Callable[[Path], bytes]:
    """A state file of Texas's single adults from Mexico, one row per fiscal month."""
    header = STATE.split(b"\n", 1)[0].decode()
    rows = [
        f"2024,FYTD,{month},Southwest Land Border,TX,Single Adults,MEXICO,Title 8,{n}"
        for month, n in counts.items()
    ]
    return lambda _: "\n".join([header, *rows, ""]).encode()


# --- spreadsheets --------------------------------------------------------------------------


@functools.cache
def good_ohss() -> bytes:
    """The small OHSS monthly workbook (tests/unit/ohss_workbook.py), written once."""
    with tempfile.TemporaryDirectory() as folder:
        return ohss_workbook.write_workbook(Path(folder) / "ohss.xlsx").read_bytes()


def ohss(edit: Callable[[openpyxl.Workbook], None]) -> Callable[[Path], bytes]:
    def make(folder: Path) -> bytes:
        book = openpyxl.load_workbook(io.BytesIO(good_ohss()))
        edit(book)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    return make


def rename_sheet(book, old: str, new: str) -> None:
    book[old].title = new


def khsm(edit: Callable[[dict[str, list[list]]], None]) -> Callable[[Path], bytes]:
    return lambda folder: khsm_workbook.write_workbook(folder / "khsm", edit).read_bytes()


def ohss_case(name, edit, error, match, where=None, **kw) -> Case:
    return Case(
        name, "ohss_monthly_tables", "workbook",
        ("nation", "land_border_region", "usbp_sector", "ofo_field_office"),
        "tables.xlsx", ohss(edit), error, match, where or {}, **kw,
    )  # fmt: skip


def khsm_case(name, edit, error, match, where=None, **kw) -> Case:
    return Case(
        name, "ohss_khsm_usbp_encounters", "workbook",
        ("nation", "land_border_region", "usbp_sector"),
        khsm_workbook.NAME, khsm(edit), error, match, where or {}, **kw,
    )  # fmt: skip


def set_cell(sheet: str, row: int, column: int, value) -> Callable[[dict], None]:
    def edit(cells: dict[str, list[list]]) -> None:
        cells[sheet][row - 1][column - 1] = value

    return edit


# --- parquet (ICE's parsed release tables) -------------------------------------------------


def removals(**change) -> Callable[[Path], bytes]:
    """ICE's removals table as the parser writes it: a release per row, or as `change` says."""

    def make(_: Path) -> bytes:
        frame = pl.DataFrame(
            {
                "removals": [271484.0, 142580.0],
                "fiscal_year": [2024, 2025],
                "file_date": [dt.date(2024, 12, 19), dt.date(2025, 3, 6)],
                "pull_date": [dt.date(2024, 10, 1), dt.date(2025, 3, 1)],
            },
            schema={"removals": pl.Float64, "fiscal_year": pl.Int32, "file_date": pl.Date,
                    "pull_date": pl.Date},
        )  # fmt: skip
        for column, values in change.items():
            if values is None:
                frame = frame.drop(column)
            else:
                text = isinstance(values[0], str)
                dtype = pl.String if text else frame.schema[column]
                frame = frame.with_columns(pl.Series(column, values, dtype=dtype))
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        return buffer.getvalue()

    return make


def ice(name, make, error, match, where=None, **kw) -> Case:
    return Case(
        name, "ice_detention", "removals", ("nation",), "removals.parquet", make, error, match,
        where or {}, as_of=dt.date(2026, 4, 9), **kw,
    )  # fmt: skip


# --- PDF (EOIR's statistics yearbook) ------------------------------------------------------


def minimal_pdf(text: str, *more: str) -> bytes:
    """A valid one-page PDF printing `text` (and `more` lines below it), written by hand (no
    PDF writer needed)."""
    lines = " ".join(f"0 -14 Td ({line}) Tj" for line in more)
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj {lines} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf(name, make, error, match, where=None, **kw) -> Case:
    return Case(
        name, "eoir_statistics_yearbook", "yearbook", ("nation", "immigration_court"),
        "fy10syb.pdf", make, error, match, where or {}, as_of=dt.date(2011, 1, 1), **kw,
    )  # fmt: skip


# --- Census CSV and the OHSS yearbook's .xls -----------------------------------------------


def census_rows(*rows: str) -> Callable[[Path], bytes]:
    good = [
        "010,0,0,00,United States,331526933,332048977,333271411,334914895,340110988",
        "040,3,6,48,Texas,29232474,29558864,30029848,30503301,31290831",
    ]
    return lambda _: "\n".join([CENSUS_HEADER, *(rows or good), ""]).encode("utf-8")


def census(name, make, error, match, where=None, **kw) -> Case:
    return Case(
        name, "census_state_population", "v2024", ("nation", "state"),
        "NST-EST2024-ALLDATA.csv", make, error, match, where or {}, as_of=dt.date(2024, 12, 1),
        **kw,
    )  # fmt: skip


def yearbook(name, make, error, match, where=None, **kw) -> Case:
    return Case(
        name, "ohss_yearbook", "table33", ("nation",), "table33_5.xls", make, error, match,
        where or {}, as_of=dt.date(2024, 1, 1), **kw,
    )  # fmt: skip


def lookalike(_: Path) -> bytes:
    return STATE.replace(b"INDIA", "\u0406NDIA".encode())  # CYRILLIC CAPITAL LETTER BYELORUSSIAN I


# --- the classes of issue 22: header-only files, NaN, event logs, a release dropping a level --

HEADER_ONLY = "has its header but no data rows"
AOR = FIXTURES / "cbp_encounters" / "aor.csv"
STATE_FILE = {"path": FIXTURES / "cbp_encounters" / "state.csv", "layout": "state",
              "levels": ["state"]}  # fmt: skip


def aor(name, make, error, match, where=None, **kw) -> Case:
    """CBP's AOR layout, declared beside the good State file, as in the previous warehouse."""
    return Case(
        name, "cbp_encounters", "aor", ("nation", "usbp_sector"), "aor.csv", make, error, match,
        where or {}, beside=(STATE_FILE,), **kw,
    )  # fmt: skip


def aor_without(component: bytes) -> Callable[[Path], bytes]:
    lines = AOR.read_bytes().splitlines(keepends=True)
    return lambda _: b"".join(line for line in lines if component not in line)


def emptied(sheet: str, first: int) -> Callable[[openpyxl.Workbook], None]:
    return lambda book: book[sheet].delete_rows(first, book[sheet].max_row)


def only_header(_: Path) -> bytes:
    buffer = io.BytesIO()
    pl.read_parquet(io.BytesIO(removals()(_))).clear().write_parquet(buffer)
    return buffer.getvalue()


TPS = pl.read_csv(
    Path(__file__).parents[2] / "pipelines/sources/uscis_tps/tables.csv", infer_schema=False
).row(0, named=True)


def tps(name, make, error, match, where=None, **kw) -> Case:
    return Case(
        name, "uscis_tps", "i821_quarterly", ("nation",), "I821_RADP_FY22_Q4.pdf", make, error,
        match, where or {}, as_of=dt.date(2022, 10, 1), **kw,
    )  # fmt: skip


def event_log_case(n: int) -> Case:
    counts = event_logs.mixed_in(n)
    return aor(
        f"csv event log of {n:,} rows, a few 2s and 3s", lambda _: event_logs.with_counts(counts),
        RecordLevelError, f"{sum(c == 1 for c in counts)} of {n} counts other than 0 are 1 .*"
        "event log", {"column": "Encounter Count"},
    )  # fmt: skip


CSV_ROW = {"row": None, "column": None}
CASES = [
    # CSV (CBP encounters, the state layout)
    cbp("csv empty", lambda _: b"", InputError, "the file is empty", through_cli=True),
    cbp("csv truncated mid-row", lambda _: STATE[: STATE.rindex(b",TX,")], InputError,
        "blank value", {"row": 7, "column": "State"}),
    cbp("csv is an HTML error page", lambda _: HTML, InputError,
        "is an HTML page .*404 - Page Not Found", through_cli=True),
    cbp("csv is a zip", zipped, InputError, "is a zip archive"),
    cbp("csv is UTF-16", lambda _: STATE.decode().encode("utf-16"), InputError,
        "is UTF-16 encoded", through_cli=True),
    cbp("csv is Windows-1252", replace(b"INDIA", "INDIÆ".encode("cp1252")), InputError,
        "is not UTF-8: byte 0xc6 at line 4", {"row": 4, "column": "Citizenship"}),
    cbp("csv is semicolon-delimited", lambda _: STATE.replace(b",", b";"), InputError,
        "delimited by semicolons", {"row": 1}),
    cbp("csv column renamed", replace(b"State,", b"Sate,"), InputError,
        "missing column.s. 'State'", {"row": 1, "column": "Sate"}),
    cbp("csv column missing", drop_column(5), InputError, "missing column.s. 'Demographic'",
        {"row": 1, "column": "Demographic"}),
    cbp("csv extra column", lambda _: STATE.replace(b"Count\r\n", b"Count,Note\r\n", 1)
        .replace(b",1280\r\n", b",1280,x\r\n"), InputError, "unexpected column.s. 'Note'",
        {"row": 1, "column": "Note"}),
    cbp("csv text count", replace(b",1280\r\n", b",n/a\r\n"), InputError,
        "'n/a' is not a whole number", {"row": 2, "column": "Encounter Count"}, through_cli=True),
    cbp("csv negative count", replace(b",300\r\n", b",-300\r\n"), InputError, "negative count",
        {"row": 3, "column": "Encounter Count"}),
    cbp("csv fractional count", replace(b",45\r\n", b",4.5\r\n"), InputError,
        "'4.5' is not a whole number", {"row": 4, "column": "Encounter Count"}),
    cbp("csv impossible month", replace(b",JAN,", b",JNA,"), InputError,
        "unexpected value 'JNA'", {"row": 6, "column": "Month (abbv)"}),
    cbp("csv future fiscal year", replace(b"2024,FYTD,JAN", b"2031,FYTD,JAN"), InputError,
        "fiscal year 2031 .*after the release's data date 2024-10-01",
        {"row": 6, "column": "Fiscal Year"}, through_cli=True),
    cbp("csv duplicated row", lambda _: STATE + STATE.split(b"\n")[1] + b"\n", InputError,
        "rows 2 and 8 repeat the same cell", {"row": 8}),
    cbp("csv formula injection", replace(b"INDIA", b'"=HYPERLINK(""http://x.test"",""INDIA"")"'),
        InputError, "a spreadsheet formula", {"row": 4, "column": "citizenship"},
        through_cli=True),
    cbp("csv Unicode look-alike label", lookalike, InputError,
        "look-alike CYRILLIC CAPITAL LETTER BYELORUSSIAN", {"row": 4, "column": "citizenship"}),
    cbp("csv 5 MB line", five_mb_line, InputError, "line of 5,000,0.. characters", {"row": 4}),
    cbp("csv wrong checksum", replace(b"1280", b"9999"), FetchError,
        "cbp_encounters/state.csv: checksum mismatch", declare_original=True, through_cli=True),
    # xlsx (OHSS monthly tables, read with openpyxl; OHSS KHSM, read with calamine)
    ohss_case("xlsx sheet renamed",
              lambda b: rename_sheet(b, CRIMINALITY, "ERO Arrests by Crim."), InputError,
              f"sheet '{CRIMINALITY}' is missing", {"sheet": CRIMINALITY}, through_cli=True),
    ohss_case("xlsx header row moved", lambda b: b[CRIMINALITY].insert_rows(1), InputError,
              "expected column header 'Fiscal Year' in cell A4",
              {"sheet": CRIMINALITY, "row": 4, "column": "A"}),
    ohss_case("xlsx merged cells in the body", lambda b: b[CRIMINALITY].merge_cells("C5:D5"),
              InputError, "blank", {"sheet": CRIMINALITY, "row": 5, "column": "D"}),
    ohss_case("xlsx text count", lambda b: b[CRIMINALITY].cell(6, 3, "twelve"), InputError,
              "twelve", {"sheet": CRIMINALITY, "row": 6, "column": "C"}),
    ohss_case("xlsx fractional count", lambda b: b[CRIMINALITY].cell(6, 3, 12.5), InputError,
              "12.5", {"sheet": CRIMINALITY, "row": 6, "column": "C"}),
    Case("xlsx is an HTML page", "ohss_monthly_tables", "workbook", ("nation",), "tables.xlsx",
         lambda _: HTML, InputError, "is an HTML page"),
    Case("xlsx truncated", "ohss_monthly_tables", "workbook", ("nation",), "tables.xlsx",
         lambda _: good_ohss()[:3000], InputError, "not a readable .xlsx workbook"),
    khsm_case("xlsx (calamine) sheet renamed",
              lambda cells: cells.__setitem__("Monthly Cit", cells.pop("Monthly Citizenship")),
              InputError, "sheet missing", {"sheet": "Monthly Citizenship"}),
    khsm_case("xlsx (calamine) negative count", set_cell("Monthly Count", 2, 3, -1000),
              InputError, "negative", {"sheet": "Monthly Count", "row": 2, "column": "C"}),
    khsm_case("xlsx (calamine) formula-injection label",
              set_cell("Monthly Citizenship", 2, 3, "@SUM(1+1)*cmd|' /C calc'!A0"), InputError,
              "a spreadsheet formula", {"sheet": "Monthly Citizenship", "row": 2}),
    # xls (OHSS yearbook tables)
    yearbook("xls is an HTML page", lambda _: HTML, InputError, "is an HTML page"),
    yearbook("xls is an xlsx renamed", lambda _: good_ohss(), InputError,
             "is a zip archive .* not a .xls file"),
    yearbook("xls empty", lambda _: b"", InputError, "the file is empty"),
    # parquet (ICE's release tables)
    ice("parquet empty", lambda _: b"", InputError, "the file is empty"),
    ice("parquet truncated", lambda f: removals()(f)[:-40], InputError, "truncated .parquet"),
    ice("parquet column missing", removals(pull_date=None), InputError,
        r"missing \['pull_date'\]", {"row": 1, "column": "pull_date"}),
    ice("parquet negative count", removals(removals=[271484.0, -5.0]), InputError,
        "negative value", {"row": 2, "column": "removals"}),
    ice("parquet text count", removals(removals=["271,484", "142,580"]), InputError,
        "has type String, expected Float64", {"column": "removals"}, through_cli=True),
    ice("parquet duplicated release", lambda f: _stacked(removals()(f)), InputError,
        "a release has more than one row", {"row": 4, "column": "removals"}),
    ice("parquet future fiscal year", removals(fiscal_year=[2024, 2031]), InputError,
        "release FY2031 of 2025-03-06 .* is dated before its fiscal year began",
        {"row": 2, "column": "file_date"}),
    # PDF (EOIR statistics yearbook)
    pdf("pdf is an HTML page", lambda _: HTML, InputError, "is an HTML page", through_cli=True),
    pdf("pdf truncated", lambda _: minimal_pdf("Immigration Courts")[:-60], InputError,
        "truncated .pdf"),
    pdf("pdf empty", lambda _: b"", InputError, "the file is empty"),
    pdf("pdf pages missing", lambda _: minimal_pdf("Immigration Courts"), InputError,
        "has 1 pages; page .* is declared"),
    # Census CSV
    census("census Latin-1 name", lambda f: census_rows()(f).replace(b"Texas", "Tëxas".encode(
        "latin-1")), InputError, "is not UTF-8: byte 0xeb at line 3", {"row": 3, "column": "NAME"}),
    census("census impossible summary level", census_rows(
        "010,0,0,00,United States,331526933,332048977,333271411,334914895,340110988",
        "999,3,6,48,Texas,29232474,29558864,30029848,30503301,31290831"), InputError,
        "unexpected value '999'", {"row": 3, "column": "SUMLEV"}),
    census("census negative population", census_rows(
        "010,0,0,00,United States,331526933,332048977,333271411,334914895,340110988",
        "040,3,6,48,Texas,29232474,29558864,-30029848,30503301,31290831"), InputError,
        "negative", {"row": 3, "column": "POPESTIMATE2022"}),
    # header only, per reader kind (a release printed without its figures)
    cbp("csv header only", lambda _: STATE.split(b"\n")[0] + b"\n", InputError, HEADER_ONLY,
        {"row": 2}),
    aor("csv (AOR) header only", lambda _: AOR.read_bytes().split(b"\n")[0] + b"\n",
        InputError, f"file 'aor.csv', row 2: {HEADER_ONLY}", through_cli=True),
    census("census header only", lambda _: (CENSUS_HEADER + "\n").encode(), InputError,
           HEADER_ONLY),
    ohss_case("xlsx sheet header only", emptied(CRIMINALITY, 5), InputError,
              "the table has its header but no rows", {"sheet": CRIMINALITY, "row": 5}),
    khsm_case("xlsx (calamine) sheet header only",
              lambda cells: cells.__setitem__("Monthly Count", cells["Monthly Count"][:1]),
              InputError, HEADER_ONLY, {"sheet": "Monthly Count", "row": 2}),
    ice("parquet header only", only_header, InputError, HEADER_ONLY, {"row": 1}),
    tps("pdf table header only", lambda _: minimal_pdf(TPS["title"], TPS["period_line"],
        TPS["anchor"]), InputError, "found 0 rows, the declaration says 16",
        {"sheet": "page 1 (I821_RADP_FY22_Q4.pdf, printed page 1)"}),
    # NaN, per reader: the cell named, never "missing or NaN values" alone
    ice("parquet NaN count", removals(removals=[271484.0, float("nan")]), InputError,
        "NaN", {"row": 2, "column": "removals"}, through_cli=True),
    cbp("csv NaN count", replace(b",1280\r\n", b",NaN\r\n"), InputError,
        "'NaN' is not a whole number", {"row": 2, "column": "Encounter Count"}),
    census("census NaN population", lambda f: census_rows()(f).replace(b"30029848", b"NaN"),
           InputError, "NaN", {"row": 3, "column": "POPESTIMATE2022"}),
    ohss_case("xlsx NaN count", lambda b: b[CRIMINALITY].cell(6, 3, "NaN"), InputError,
              "'NaN'", {"sheet": CRIMINALITY, "row": 6, "column": "C"}),
    khsm_case("xlsx (calamine) NaN count", set_cell("Monthly Count", 2, 3, "NaN"), InputError,
              "NaN", {"sheet": "Monthly Count", "row": 2, "column": "C"}),
    # a future fiscal year in a workbook: its sheet, row and cell
    ohss_case("xlsx future fiscal year", lambda b: b[CRIMINALITY].cell(8, 1, "2031 YTD"),
              InputError, r"fiscal year 2031 YTD \(October 2030, cell .8\) begins after the "
              "release's data date 2024-10-01", {"sheet": CRIMINALITY, "row": 8, "column": "A"},
              through_cli=True),
    khsm_case("xlsx (calamine) future fiscal year", set_cell("Monthly Count", 2, 1, 2031),
              InputError, "fiscal year 2031 .October 2030. begins after the release's data date "
              "2025-01-01", {"sheet": "Monthly Count", "row": 2, "column": "A"},
              as_of=dt.date(2025, 1, 1)),
    # event logs in the AOR layout: distinct cells, no ids, a few 2s and 3s
    *(event_log_case(n) for n in event_logs.SIZES),
    # a release that drops a level: refused by the comparison with the previous warehouse
    aor("csv (AOR) release drops the sectors", aor_without(b"U.S. Border Patrol"),
        CoverageError, "file 'aor.csv': cbp_encounters.encounters at level 'usbp_sector' "
        "loses 3 of 3 periods .2021-03-01 to 2024-01-01. and 22 of 22 cells", through_cli=True),
]  # fmt: skip


def _stacked(data: bytes) -> bytes:
    frame = pl.read_parquet(io.BytesIO(data))
    buffer = io.BytesIO()
    pl.concat([frame, frame]).write_parquet(buffer)
    return buffer.getvalue()


# The registry itself: a source.yaml edited as a maintainer might break it.
@dataclass(frozen=True)
class RegistryCase:
    name: str
    edit: Callable[[str], str]  # the source.yaml text, broken
    match: str


REGISTRY_CASES = [
    RegistryCase("yaml malformed", lambda t: t.replace("levels:", "levels: [unclosed", 1),
                 "not valid YAML"),
    RegistryCase("yaml sha256 missing", lambda t: _drop_line(t, "sha256:"),
                 "missing required field 'sha256'"),
    RegistryCase("yaml sha256 not hex", lambda t: _sub_line(t, "sha256:", "sha256: abc123"),
                 "sha256 must be 64 hex digits"),
    RegistryCase("yaml impossible as_of date",
                 lambda t: _sub_line(t, "as_of:", "as_of: 2024-13-01"),
                 "impossible date: month must be in 1..12"),
    RegistryCase("yaml duplicated release", lambda t: _duplicate_file(t),
                 "repeats the layout and as_of of state.csv"),
]  # fmt: skip


def _drop_line(text: str, start: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith(start))


def _sub_line(text: str, start: str, new: str) -> str:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith(start):
            lines[i] = line[: len(line) - len(line.lstrip())] + new
    return "\n".join(lines)


def _duplicate_file(text: str) -> str:
    declaration = yaml.safe_load(text)
    declaration["files"].append({**declaration["files"][0], "name": "state-copy.csv"})
    return yaml.safe_dump(declaration, sort_keys=False)
