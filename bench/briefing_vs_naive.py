"""finlit's briefing pipeline against the plain one, side by side on the same notebook and inputs.

    .venv/bin/python bench/briefing_vs_naive.py            # full: 3 runs, batches of 20
    .venv/bin/python bench/briefing_vs_naive.py --quick    # 1 run, batches of 4

Plain pipeline: `papermill notebooks/briefing.ipynb out.ipynb -p target T` then
`jupyter nbconvert --to html --no-input out.ipynb`, with plotly's offline `notebook`
renderer so the charts show without network (FINLIT_PLOTLY_RENDERER=notebook).
finlit: `finlit brief T` and `finlit batch --jobs 2`.

Prints wall times (medians), the ratios against the targets of issue 16 (one briefing
≤ 0.25× the plain pipeline; a batch of 20 with --jobs 2 ≥ 15× the throughput of 20 plain
runs in a row), HTML sizes (≤ 150 KB per briefing plus one shared plotly.js) and the
peak memory per worker (≤ 200 MB). finlit's kernels are warm (`finlit.briefing.warm`);
`FINLIT_WARM_KERNEL=0` measures the cold kernels of before.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "briefing.ipynb"
TICKERS = ["AAPL", "MSFT", "JPM", "BAC", "WMT", "COST", "JNJ", "XOM", "NVDA", "AAL",
           "NKE", "SBUX", "GOOGL", "SNOW", "MRVL", "LARKSPUR"]
ONE_TARGET, BATCH_TARGET, HTML_TARGET, MEMORY_TARGET = 0.25, 15, 150_000, 200  # issue 16


def timed(cmd, env=None, cwd=None) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=cwd)
    return time.perf_counter() - started


def naive(ticker: str, folder: Path) -> tuple[float, int]:
    env = dict(os.environ, FINLIT_PLOTLY_RENDERER="notebook")
    out = folder / f"{ticker}.ipynb"
    seconds = timed([BIN / "papermill", NOTEBOOK, out, "-p", "target", ticker], env=env)
    seconds += timed([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", out], env=env)
    return seconds, (folder / f"{ticker}.html").stat().st_size


def finlit_one(ticker: str, folder: Path) -> tuple[float, int]:
    seconds = timed([BIN / "finlit", "brief", ticker, "--out", folder])
    return seconds, (folder / f"{ticker}.html").stat().st_size


def finlit_batch(tickers: list[str], folder: Path, jobs: int) -> tuple[float, dict]:
    config = folder / "batch.toml"
    entries = "".join(f'[[briefing]]\ntarget = "{t}"\nname = "b{i:02d}-{t}"\n' for i, t in enumerate(tickers))
    config.write_text('out = "out"\n' + entries)
    seconds = timed([BIN / "finlit", "batch", config, "--jobs", str(jobs), "--force"])
    return seconds, json.loads((folder / "out" / "manifest.json").read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 run and batches of 4 (a smoke test)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=20, help="briefings in the batch comparison")
    args = parser.parse_args()
    runs, size = (1, 4) if args.quick else (args.runs, args.batch)
    ticker = "LARKSPUR"
    tickers = (TICKERS * 2)[:size]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"one briefing on {ticker}, median of {runs} runs")
        (tmp / "naive").mkdir()
        plain = [naive(ticker, tmp / "naive") for _ in range(runs)]
        ours = [finlit_one(ticker, tmp / "finlit") for _ in range(runs)]
        plain_s, ours_s = statistics.median(p[0] for p in plain), statistics.median(o[0] for o in ours)
        print(f"  plain papermill + nbconvert : {plain_s:6.2f} s   HTML {plain[0][1] / 1e6:.2f} MB")
        print(f"  finlit brief                : {ours_s:6.2f} s   HTML {ours[0][1] / 1e3:.0f} KB "
              f"+ one shared plotly.min.js "
              f"({(tmp / 'finlit' / 'plotly.min.js').stat().st_size / 1e6:.1f} MB per folder)")
        print(f"  ratio finlit/plain          : {ours_s / plain_s:6.2f}×   [target ≤ {ONE_TARGET}×: "
              f"{'ok' if ours_s / plain_s <= ONE_TARGET else 'MISSED'}]")
        print(f"  HTML size                   : {ours[0][1] / 1e3:.0f} KB   [target ≤ {HTML_TARGET // 1000} KB: "
              f"{'ok' if ours[0][1] <= HTML_TARGET else 'MISSED'}]")

        print(f"\nbatch of {size} briefings")
        (tmp / "naive20").mkdir()
        started = time.perf_counter()
        sizes = [naive(t, tmp / "naive20")[1] for t in tickers]
        plain_batch = time.perf_counter() - started
        batches = []
        for i in range(runs):
            folder = tmp / f"batch{i}"
            folder.mkdir()
            batches.append(finlit_batch(tickers, folder, jobs=2))
        batch_s = statistics.median(b[0] for b in batches)
        manifest = batches[-1][1]
        memory = [b["peak_memory_mb"] for b in manifest["briefings"]]
        html = [(tmp / f"batch{runs - 1}" / "out" / b["html"]).stat().st_size for b in manifest["briefings"]]
        print(f"  plain pipeline, {size} in a row : {plain_batch:7.1f} s   "
              f"({size / plain_batch * 60:.1f} briefings/min), HTML {statistics.mean(sizes) / 1e6:.2f} MB each")
        print(f"  finlit batch --jobs 2        : {batch_s:7.1f} s   ({size / batch_s * 60:.1f} briefings/min), "
              f"median of {runs}")
        print(f"  throughput finlit/plain      : {plain_batch / batch_s:7.1f}×   [target ≥ {BATCH_TARGET}×: "
              f"{'ok' if plain_batch / batch_s >= BATCH_TARGET else 'MISSED'}]")
        print(f"  HTML per briefing            : max {max(html) / 1e3:.0f} KB, plus one plotly.min.js "
              f"for the folder   [target ≤ {HTML_TARGET // 1000} KB: "
              f"{'ok' if max(html) <= HTML_TARGET else 'MISSED'}]")
        print(f"  peak memory per worker       : max {max(memory):.0f} MB (worker or its kernel, "
              f"whichever is larger)   [target ≤ {MEMORY_TARGET} MB: "
              f"{'ok' if max(memory) <= MEMORY_TARGET else 'MISSED'}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
