"""Property-based tests (hypothesis, issue 13): generated malformed companyfacts JSON, user
CSV files and IT budgets go through the command line in-process (`finlit.cli.main`).

The invariant for every input: exit 0 or 2; on exit 2 exactly one stderr line, an error; on
exit 0 every stderr line a finlit note or warning and the JSON output strict JSON; never a
traceback or "internal error"; nothing written but the input (which is left as it was).

Kept fast: 60 examples per property, no example database (nothing written in the project).
"""
from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finlit.cli import main
from finlit.sources.sec_companyfacts import EXAMPLE

SETTINGS = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _strict_json(text: str):
    """json.loads that refuses NaN and infinities (as jq and JSON.parse do)."""
    def refuse(token):
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def run_cli(name: str, raw: bytes, argv_of) -> tuple[int, str, str]:
    """Write `raw` as NAME in a fresh temporary folder (also the working directory and the
    cache folder), run `finlit ARGV` and check the invariant; returns (code, stdout, stderr)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / name
        path.write_bytes(raw)
        before = sorted(p.name for p in folder.iterdir())
        out, err = io.StringIO(), io.StringIO()
        old_cwd, old_cache = os.getcwd(), os.environ.get("FINLIT_CACHE_DIR")
        os.chdir(folder)
        os.environ["FINLIT_CACHE_DIR"] = str(folder / "cache")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([str(a) for a in argv_of(path)])
        finally:
            os.chdir(old_cwd)
            if old_cache is None:
                os.environ.pop("FINLIT_CACHE_DIR", None)
            else:
                os.environ["FINLIT_CACHE_DIR"] = old_cache
        stdout, stderr = out.getvalue(), err.getvalue()
        lines = stderr.strip().splitlines()
        assert code in (0, 2), (code, stderr)
        assert "Traceback" not in stderr and "internal error" not in stderr, stderr
        if code == 2:
            assert len(lines) == 1 and lines[0].startswith("finlit: error: "), stderr
        else:
            assert all(line.startswith(("finlit: note: ", "finlit: warning: ")) for line in lines), stderr
            _strict_json(stdout)
        # nothing written beside the input, the input untouched
        assert sorted(p.name for p in folder.iterdir()) == before
        assert path.read_bytes() == raw
        return code, stdout, stderr


# --- companyfacts JSON ----------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12)
    | st.sampled_from(["2023-12-31", "2023-13-45", "2024-02-30", "garbage", "", "10-K", "FY",
                       "0000000042-25-1", "USD"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)
FACT_KEYS = ["start", "end", "val", "accn", "fy", "fp", "form", "filed", "frame"]


def _json_text(value) -> str:
    """JSON with NaN/Infinity as Python writes them (a damaged file can hold them)."""
    return json.dumps(value)


@st.composite
def companyfacts_documents(draw):
    doc = copy.deepcopy(EXAMPLE)
    facts = doc["facts"]["us-gaap"]["Revenues"]["units"]["USD"]
    doc["facts"]["us-gaap"]["Assets"] = {"units": {"USD": [
        {"end": "2024-12-31", "val": 300, "accn": "0000000042-24-1", "fy": 2024, "fp": "FY",
         "form": "10-K", "filed": "2025-02-01"}]}}
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(["fact", "fact", "fact", "drop", "top", "units", "facts"]))
        if where == "fact":
            fact = draw(st.sampled_from(facts))
            fact[draw(st.sampled_from(FACT_KEYS))] = draw(JSON_VALUES)
        elif where == "drop":
            draw(st.sampled_from(facts)).pop(draw(st.sampled_from(FACT_KEYS)), None)
        elif where == "top":
            doc[draw(st.sampled_from(["cik", "entityName"]))] = draw(JSON_VALUES)
        elif where == "units":
            doc["facts"]["us-gaap"]["Assets"]["units"] = draw(JSON_VALUES)
        else:
            doc["facts"]["us-gaap"]["Assets"] = {"units": {"USD": draw(JSON_VALUES)}}
    return doc


@SETTINGS
@given(doc=companyfacts_documents(), period=st.sampled_from(["annual", "quarterly", "ttm"]))
def test_generated_companyfacts_files(doc, period):
    run_cli("CIK0000000042.json", _json_text(doc).encode("utf-8"),
            lambda path: ["statements", path, "--period", period, "--format", "json"])


@SETTINGS
@given(raw=st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_named_like_companyfacts(raw):
    run_cli("CIK0000000042.json", raw, lambda path: ["statements", path, "--format", "json"])


# --- user CSV files ---------------------------------------------------------------------------

LABELS = ["revenue", "Revenue", "Net income", "net_income", "Total assets", "Cost of revenue",
          "Operating income", "Cash from operations", "capex", "line_item", "", "#comment",
          "Umsatzerlöse", "收入", "x" * 300]
CELLS = st.one_of(
    st.integers(-10**15, 10**15).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1,234", "(1,234)", "$ 1,234", "1.234,5", "-", "", "n/a", "NaN", "inf",
                     "-Infinity", "1e309", "12%", "1 234", "€5", "=SUM(A1:A2)", '"q"',
                     "2023-12-31", "x" * 140_000]),
    st.text(max_size=15),
)
HEADERS = st.one_of(st.integers(1990, 2030).map(str),
                    st.sampled_from(["FY2023", "2023", "2024", "Dec 2024", "2023-12-31", "",
                                     "13-45", "TTM"]))
META = st.sampled_from(["company,Acme", "currency,USD", "currency,XX1", "units,thousands",
                        "units,bananas", "fiscal_year_end,13-45", "fiscal_year_end,12-31",
                        "company," + "y" * 500])


@st.composite
def user_csv_files(draw):
    separator = draw(st.sampled_from([",", ";", "\t", "|"]))
    width = draw(st.integers(1, 6))
    rows = [[str(m) for m in draw(st.lists(META, max_size=3))]]
    rows = [m.split(",", 1) for m in rows[0]]
    rows.append(["line_item"] + draw(st.lists(HEADERS, min_size=width, max_size=width)))
    for _ in range(draw(st.integers(0, 6))):
        cells = draw(st.lists(CELLS, min_size=0, max_size=width + 2))
        rows.append([draw(st.sampled_from(LABELS))] + cells)
    quote = draw(st.booleans())

    def cell(text: str) -> str:
        if quote or separator in text or '"' in text or "\n" in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    text = "\n".join(separator.join(cell(c) for c in row) for row in rows) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    return text.encode(encoding, errors="replace")


@SETTINGS
@given(raw=user_csv_files(), units=st.sampled_from([None, "thousands", "millions"]))
def test_generated_user_csv_files(raw, units):
    run_cli("acme.csv", raw, lambda path: ["statements", path, "--format", "json"]
            + (["--units", units] if units else []))


# --- IT budgets -----------------------------------------------------------------------------

BUDGET_CELLS = {
    "fiscal_year": st.one_of(st.integers(1900, 2100).map(str),
                             st.sampled_from(["2024", "2025", "FY2024", "", "2024.0", "20x4"])),
    "category": st.sampled_from(["staff", "software", "hardware", "network", "services", "saas",
                                 "Personnel", "cloud", "", "coffee"]),
    "kind": st.sampled_from(["opex", "capex", "OPEX", "", "both"]),
    "amount": st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr),
                        st.integers(-10**12, 10**12).map(str),
                        st.sampled_from(["1,200", "1.2m", "", "1e309", "$5"])),
    "currency": st.sampled_from(["USD", "usd", "EUR", "", "US$", "€"]),
    "note": st.text(max_size=20),
}


VALID_LINES = st.lists(st.tuples(st.integers(2021, 2025),
                                  st.sampled_from(["staff", "software", "hardware", "network"]),
                                  st.sampled_from(["opex", "capex"]),
                                  st.integers(0, 10**9)),
                        min_size=1, max_size=6, unique_by=lambda line: line[:3])


@st.composite
def it_budgets(draw):
    """Budgets that are mostly right (a sound header and lines) with a few hostile cells,
    columns moved or missing, other encodings, or plain bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    columns = list(BUDGET_CELLS)
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))
    if draw(st.integers(0, 5)) == 0:
        columns = columns[:-2]
    lines = [",".join(columns)]
    for year, category, kind, amount in draw(VALID_LINES):
        cells = {"fiscal_year": str(year), "category": category, "kind": kind,
                 "amount": str(amount), "currency": "USD", "note": draw(st.text(max_size=10))}
        if draw(st.integers(0, 4)) == 0:  # one hostile cell
            column = draw(st.sampled_from(list(BUDGET_CELLS)))
            cells[column] = draw(BUDGET_CELLS[column])
        lines.append(",".join('"' + cells[c].replace('"', '""') + '"' for c in columns))
    text = "\n".join(lines) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1"]))
    return text.encode(encoding, errors="replace")


@SETTINGS
@given(raw=it_budgets(), suffix=st.sampled_from([".csv", ".csv", ".toml"]))
def test_generated_it_budgets(raw, suffix):
    run_cli("budget" + suffix, raw,
            lambda path: ["itspend", "LARKSPUR", "--it-budget", path, "--format", "json"])


# --- batch files (TOML) ---------------------------------------------------------------------
# Targets that fail at once (no kernel starts), so every example is fast: the batch either
# refuses its file (exit 2) or runs and reports each briefing failed (exit 3).

TOML_VALUES = st.one_of(
    st.integers(-5, 10**6), st.booleans(), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(['"many"', '"briefings"', '"out dir"', '""', '"../escape"', '"NOPE"',
                     '"missing.csv"', '"tcp://"', '"local:0"', '"local:x"', "[1, 2]",
                     '["AAPL"]', "{}", '{ target = "NOPE" }', "1979-05-27"]))


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if value != value else ("inf" if value > 0 else "-inf") if value in (
            float("inf"), float("-inf")) else repr(value)
    return str(value)


# each key: mostly good values (so the batch often runs), sometimes a bad one
GOOD = {"jobs": ["1", "2"], "out": ['"out"', '"out dir"'], "timeout": ["30", "600.5"],
        "scheduler": ['""']}


@st.composite
def batch_files(draw):
    lines = []
    keys = list(GOOD) + ["colour"] * (draw(st.integers(0, 9)) == 0)   # an unknown key, now and then
    for key in draw(st.lists(st.sampled_from(keys), max_size=3, unique=True)):
        good = bool(GOOD.get(key)) and draw(st.integers(0, 2)) > 0
        value = draw(st.sampled_from(GOOD[key])) if good else _toml_value(draw(TOML_VALUES))
        lines.append(f"{key} = {value}")
    if draw(st.integers(0, 3)) == 0:
        lines.append("[defaults]")
        lines.append(f'{draw(st.sampled_from(["industry", "source", "fiscal_year", "x"]))} = '
                     f"{_toml_value(draw(TOML_VALUES))}")
    for _ in range(draw(st.integers(1, 3))):
        lines.append("[[briefing]]")
        target = draw(st.sampled_from(['"NOPE"', '"missing.csv"', '"NOPE"', "5", '""']))
        lines.append(f"target = {target}")
        if draw(st.integers(0, 3)) == 0:
            lines.append(f'{draw(st.sampled_from(["name", "fiscal_year", "it_budget", "bogus"]))} = '
                         f"{_toml_value(draw(TOML_VALUES))}")
    if draw(st.integers(0, 5)) == 0:          # a line that is not TOML at all
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(
            ["[[briefing", "jobs = ", "= 3", "target = 'unclosed", "\x00"])))
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=batch_files())
def test_generated_batch_files(text):
    """Any batch file: exit 2 with one line, or a run (exit 0 or 3); never a traceback; nothing
    written outside the folder; a file that was there before is left as it was."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "work"
        folder.mkdir()
        config = folder / "batch.toml"
        config.write_text(text, encoding="utf-8")
        keep = folder / "keep.txt"
        keep.write_text("earlier output")
        out, err = io.StringIO(), io.StringIO()
        old_cwd = os.getcwd()
        os.chdir(folder)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["batch", str(config), "-q"])
        finally:
            os.chdir(old_cwd)
        stderr = err.getvalue()
        assert code in (0, 2, 3), (code, text, stderr)
        assert "Traceback" not in stderr and "internal error" not in stderr, (text, stderr)
        if code == 2:
            lines = stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("finlit: error: "), (text, stderr)
        assert keep.read_text() == "earlier output" and config.read_text(encoding="utf-8") == text
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["work"]   # nothing beside it
