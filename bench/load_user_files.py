"""Benchmark: reading the user's own CSV exports, finlit beside `pandas.read_csv`.

Run from the repository root:

    .venv/bin/python bench/load_user_files.py                 # 1, 10 and 100 MB, 3 runs each
    .venv/bin/python bench/load_user_files.py --sizes 1 10 --runs 5

The exports are written from real figures: SimFin's "US annual" bulk statements
(../shared/realdata/bulk/simfin_us_annual, FY2016–FY2021; SimFin data, benchmarks only), as a
finance team's export of a group would look:

- metadata lines (company, currency, units), then a header row, then the group's statement
  lines with SimFin's labels ("Revenue", "Cost of Revenue", "Net Income" …, most of which
  finlit maps), then one detail row per company, statement line and business unit
  ("ACME income: Selling, General & Administrative (unit 3)"), which map to nothing and are
  counted in a note, until the file has the size asked for;
- **long**: line items as rows, six fiscal-year columns (2016 … 2021), read annual;
- **wide**: line items as rows, 24 quarter columns (Q1 2016 … Q4 2021; each year's real figure
  spread over its quarters), read quarterly;
- cells as an ERP writes them: plain numbers (costs negative, as SimFin stores them), an
  empty cell where SimFin has no figure, "-" for about one cell in a hundred.

Each read runs in a fresh subprocess, so that its peak memory can be measured: the growth of
the process's peak resident memory during the read over the resident memory before it.
Each process first reads a small file of the same shape (the export's first 200 lines), so
that one-time costs (imports, finlit's label mappings) are out of the figures for every
reader alike (the peak is reset after it through
``/proc/self/clear_refs`` and read as ``VmHWM``, so that earlier peaks do not count;
where that is not allowed, ``resource.getrusage(...).ru_maxrss``). Three readers:

1. ``finlit.sources.load(path)``: what ``finlit statements FILE`` does (the file's kind
   sniffed, the export shapes of `finlit.sources.export_shapes` looked for in its first
   64 KB, then the reader);
2. ``finlit.sources.user_files.read_user_file(path)``: the reader alone;
3. ``pandas.read_csv(path, skiprows=3)``: a plain frame, nothing mapped, checked or noted.

Columns: seconds (median), MB/s over the whole call, MB/s of the read alone ("read": the
call less the time spent building the `Company` from the facts read, ~35-50 ms whatever
the file's size: `finlit.company.Company.from_facts`, derived items and integrity checks), peak
memory and peak memory over the file's size.

Targets (issue 13): finlit's read ≥ 20 MB/s and peak memory < 4× the file size, at each size.
The files are written to a temporary folder and deleted afterwards. Exits 0 with a message
when ../shared/realdata is absent.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REALDATA, REPO  # noqa: E402  (bench/common.py)

SIMFIN = REALDATA / "bulk" / "simfin_us_annual"
FILES = {"income": "us-income-annual.csv", "balance": "us-balance-annual.csv",
         "cashflow": "us-cashflow-annual.csv"}
YEARS = list(range(2016, 2022))
SEASON = (0.23, 0.24, 0.25, 0.28)          # a year's flow figure over its quarters
META = ("Ticker", "SimFinId", "Currency", "Fiscal Year", "Fiscal Period", "Report Date",
        "Publish Date", "Restated Date", "Shares (Basic)", "Shares (Diluted)")


def real_series() -> list[tuple[str, str, list]]:
    """(ticker, statement, label, {year: value}) of every SimFin company and numeric column."""
    import pandas as pd

    out = []
    for statement, file in FILES.items():
        frame = pd.read_csv(SIMFIN / file, sep=";")
        values = [c for c in frame.columns if c not in META and frame[c].dtype.kind in "fi"]
        for ticker, rows in frame.groupby("Ticker", sort=True):
            rows = rows.drop_duplicates("Fiscal Year", keep="last").set_index("Fiscal Year")
            for column in values:
                series = rows[column].reindex(YEARS)
                if series.notna().any():
                    out.append((str(ticker), statement, column, series.tolist()))
    return out


def _cell(value, k: int) -> str:
    if value != value:
        return ""
    if k % 97 == 0:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def write_export(path: Path, series: list, size: int, shape: str) -> int:
    """Write a `shape` ("long" or "wide") export of about `size` bytes; the rows written."""
    quarters = shape == "wide"
    header = [f"Q{q} {y}" for y in YEARS for q in range(1, 5)] if quarters else [str(y) for y in YEARS]
    group = [s for s in series if s[0] == series[0][0]]          # the first company: the group
    rows, written, k = 0, 0, 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("company,Example Group plc\ncurrency,USD\nunits,ones\n")
        fh.write("line_item," + ",".join(header) + "\n")

        def line(label: str, values: list, factor: float = 1.0) -> int:
            nonlocal k
            cells = []
            for v in values:
                k += 1
                if quarters:
                    cells.extend(_cell(v * factor * w, k) for w in SEASON)
                else:
                    cells.append(_cell(v * factor, k))
            text = f'"{label}",' + ",".join(cells) + "\n"
            fh.write(text)
            return len(text)

        for _ticker, _statement, label, values in group:
            written += line(label, values)
            rows += 1
        unit = 0
        while written < size:
            unit += 1
            for ticker, statement, label, values in series:
                written += line(f"{ticker} {statement}: {label} (unit {unit})", values,
                                1.0 / (unit + 1))
                rows += 1
                if written >= size:
                    break
    return rows


CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, {src!r})
import pandas as pd
import finlit.sources
from finlit.sources import user_files
from finlit.sources.user_files import read_user_file
mode, path, period, warm = sys.argv[1:5]
built = [0.0]
build_company = user_files.build_company
def timed_build(*args, **kwargs):          # the Company built from the facts read
    start = time.perf_counter()
    try:
        return build_company(*args, **kwargs)
    finally:
        built[0] += time.perf_counter() - start
user_files.build_company = timed_build
def status(key):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith(key))
def read(path):
    if mode == "load":
        return finlit.sources.load(path, period=period, max_file_size=10**10)
    if mode == "reader":
        return read_user_file(path, period=period)
    return pd.read_csv(path, skiprows=3)
read(warm)                 # one-time costs (mappings, lazy imports) out of the figures
built[0] = 0.0
try:                       # reset the peak (VmHWM) to the current resident memory
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    reset = True
except OSError:
    reset = False
before = status("VmRSS:")
start = time.perf_counter()
result = read(path)
if mode == "pandas":
    what = f"{{result.shape[0]}} rows x {{result.shape[1]}} columns"
else:
    what = f"{{len(result.facts)}} facts, {{len(result.notes)}} notes"
seconds = time.perf_counter() - start
peak = (status("VmHWM:") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024) - before
print(json.dumps({{"seconds": seconds, "build": built[0], "peak": max(peak, 0), "what": what}}))
"""


def measure(mode: str, path: Path, period: str) -> dict:
    code = CHILD.format(src=str(REPO / "src"))
    warm = path.with_name("warm_" + path.name)
    if not warm.exists():          # the first 200 lines: the same shape, read first
        with open(path, encoding="utf-8") as src:
            warm.write_text("".join(line for _, line in zip(range(200), src)), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", code, mode, str(path), period, str(warm)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 100], metavar="MB")
    parser.add_argument("--shapes", nargs="+", default=["long", "wide"], choices=["long", "wide"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not SIMFIN.exists():
        print(f"skipped: the real data is not here ({SIMFIN}); it exists only in the "
              "development setup")
        return 0
    series = real_series()
    print(f"{len(series):,} real series (SimFin US annual, FY2016-FY2021); median of "
          f"{args.runs} runs, each in a fresh process\n")
    print(f"{'file':<16} {'reader':<22} {'s':>6} {'MB/s':>6} {'read':>6} {'peak MB':>8} "
          f"{'x file':>7}  result")
    misses = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            for shape in args.shapes:
                path = Path(tmp) / f"export_{shape}_{size:g}MB.csv"
                rows = write_export(path, series, int(size * 1e6), shape)
                mb = path.stat().st_size / 1e6
                period = "quarterly" if shape == "wide" else "annual"
                label = f"{shape} {mb:.1f} MB"
                results = {}
                for mode in ("load", "reader", "pandas"):
                    runs = [measure(mode, path, period) for _ in range(args.runs)]
                    seconds = statistics.median(r["seconds"] for r in runs)
                    read = statistics.median(r["seconds"] - r["build"] for r in runs)
                    peak = statistics.median(r["peak"] for r in runs) / 1e6
                    results[mode] = (seconds, peak)
                    name = {"load": "finlit load()", "reader": "finlit read_user_file",
                            "pandas": "pandas.read_csv"}[mode]
                    print(f"{label:<16} {name:<22} {seconds:6.2f} {mb / seconds:6.1f} "
                          f"{mb / read:6.1f} {peak:8.1f} {peak / mb:7.2f}  {runs[-1]['what']}")
                    label = ""
                    if mode != "pandas" and (mb / read < 20 or peak >= 4 * mb):
                        misses.append(f"{shape} {mb:.0f} MB {name}")
                for mode in ("load", "reader"):
                    t, p = results[mode]
                    print(f"{'':<16} {'':<22} {mode}: {t / results['pandas'][0]:.1f}x the time "
                          f"and {p / max(results['pandas'][1], 1e-9):.1f}x the peak memory of "
                          "pandas.read_csv")
                print(f"{'':<16} ({rows:,} rows)")
                path.unlink()
                path.with_name("warm_" + path.name).unlink()
    print("\ntargets (read >= 20 MB/s, peak < 4x the file): "
          + ("met everywhere" if not misses else "MISSED for " + "; ".join(misses)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
