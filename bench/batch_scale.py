"""A batch of many briefings (the bundled companies repeated under different names), run with
the local executor and, when Dask is installed, on a local 2-worker Dask cluster; prints
throughput and memory, and checks both folders hold the same files apart from run details
(timestamps, durations, memory, plotly's random chart ids).

    .venv/bin/python bench/batch_scale.py            # 200 briefings (several minutes on 2 cores)
    .venv/bin/python bench/batch_scale.py --n 12     # a quick run
    .venv/bin/python bench/batch_scale.py --no-dask  # the local executor only

Uses only the bundled data (works offline); needs no ../shared/realdata.
"""
from __future__ import annotations

import argparse
import json
import re
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FINLIT = Path(sys.executable).with_name("finlit")

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
_RUN_KEYS = ("start_time", "end_time", "duration")


def _notebook(text: str) -> str:
    nb = json.loads(text)
    for key in _RUN_KEYS:
        nb.get("metadata", {}).get("papermill", {}).pop(key, None)
    for c in nb.get("cells", []):
        c.pop("id", None)  # papermill's injected-parameters cell gets a random id
        c.get("metadata", {}).pop("execution", None)
        for key in _RUN_KEYS:
            c.get("metadata", {}).get("papermill", {}).pop(key, None)
    return json.dumps(nb, sort_keys=True, indent=1)


def _manifest(text: str) -> str:
    data = json.loads(text)
    data.pop("started", None)
    for b in data.get("briefings", []):
        for key in ("duration_s", "peak_memory_mb"):
            b.pop(key, None)
    return json.dumps(data, sort_keys=True, indent=1)


def comparable(path: Path) -> str | bytes:
    """A file's content without what changes from run to run: timestamps, durations, memory
    figures, plotly's random chart ids, memory addresses in reprs and the output folder's own path."""
    name, folder = path.name, str(path.parent.resolve())
    if name.endswith(".ipynb"):  # objects' reprs name their memory addresses
        text = _ADDRESS.sub(" at 0x…", path.read_text(encoding="utf-8").replace(folder, "OUT"))
        return _notebook(text)
    if name == "manifest.json":
        return _manifest(path.read_text(encoding="utf-8").replace(folder, "OUT"))
    if name.endswith(".html"):
        text = _UUID.sub("UUID", path.read_text(encoding="utf-8").replace(folder, "OUT"))
        text = re.sub(r"batch started \S+", "batch started …", text)
        text = re.sub(r'data-sort="[\d.]+">[\d.]+</td>\s*<td class="err">', "SECONDS", text)
        return re.sub(r"on \d{4}-\d{2}-\d{2}\.", "on DATE.", text)
    return path.read_bytes()


def differences(a: Path, b: Path) -> list[str]:
    """Files that are missing from one folder or differ apart from run details (`comparable`)."""
    names_a = {p.name for p in a.iterdir() if p.is_file()}
    names_b = {p.name for p in b.iterdir() if p.is_file()}
    out = [f"only in {a.name}: {n}" for n in sorted(names_a - names_b)]
    out += [f"only in {b.name}: {n}" for n in sorted(names_b - names_a)]
    out += [f"differs: {n}" for n in sorted(names_a & names_b) if comparable(a / n) != comparable(b / n)]
    return out


def write_config(folder: Path, n: int) -> Path:
    """A batch file of N briefings: the bundled companies in turn, each under its own name."""
    from finlit.sources.bundled import data_dir

    tickers = sorted(p.stem for p in data_dir().glob("*.csv"))
    lines = [f'[[briefing]]\ntarget = "{tickers[i % len(tickers)]}"\nname = "{tickers[i % len(tickers)]}-{i:03d}"\n'
             for i in range(n)]
    config = folder / "batch.toml"
    config.write_text("".join(lines), encoding="utf-8")
    return config


def snapshot(folder: Path) -> Path:
    """A copy of finlit's code, data and notebooks as one importable package in FOLDER: both
    runs use the same code even if the working tree changes while they run (it is shared)."""
    package = folder / "snapshot" / "finlit"
    shutil.copytree(REPO / "src" / "finlit", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "data", package / "data", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "notebooks", package / "notebooks", ignore=shutil.ignore_patterns("__pycache__"))
    return package.parent


def run(config: Path, out: Path, *options: str, code: Path | None = None) -> dict:
    """`finlit batch` in a child process: wall time, exit code and the manifest's figures."""
    env = dict(os.environ, **({"PYTHONPATH": str(code)} if code else {}))
    started = time.perf_counter()
    proc = subprocess.run([str(FINLIT), "batch", str(config), "--out", str(out), "-q", *options],
                          capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    manifest = json.loads((out / "manifest.json").read_text())
    peaks = [b["peak_memory_mb"] for b in manifest["briefings"] if b["status"] == "ok"]
    return {"code": proc.returncode, "stderr": proc.stderr.strip(), "seconds": seconds,
            "summary": manifest["summary"], "per_min": len(manifest["briefings"]) / seconds * 60,
            "worker_peak_mb": max(peaks, default=0.0), "worker_median_mb": statistics.median(peaks) if peaks else 0.0,
            "html_kb": statistics.median(p.stat().st_size for p in out.glob("*-*.html")) / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="briefings in the batch (default 200)")
    parser.add_argument("--jobs", type=int, default=2, help="local executor's worker processes (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="Dask LocalCluster's worker processes (default 2)")
    parser.add_argument("--no-dask", action="store_true", help="the local executor only")
    parser.add_argument("--keep", metavar="DIR", help="keep the output folders in DIR")
    parser.add_argument("--no-snapshot", action="store_true",
                        help="run the working tree's code (by default a copy taken at the start)")
    args = parser.parse_args()
    try:
        import distributed  # noqa: F401
        dask = not args.no_dask
    except ImportError:
        dask = False
        print('Dask not installed (pip install "finlit[dask]"): the local executor only')
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="finlit-batch-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    config = write_config(folder, args.n)
    code = None if args.no_snapshot else snapshot(folder)
    runs = {"local executor": (folder / "local", "--jobs", str(args.jobs))}
    if dask:
        runs[f"Dask LocalCluster ({args.workers} workers)"] = (folder / "dask", "--scheduler", f"local:{args.workers}")
    print(f"{args.n} briefings of the bundled companies, {folder}")
    print(f"{'executor':<32} {'exit':>4} {'ok/failed':>10} {'seconds':>8} {'per min':>8} "
          f"{'worker peak MB':>15} {'median MB':>10} {'HTML KB':>8}")
    results = {}
    for label, (out, *options) in runs.items():
        r = results[label] = run(config, out, *options, code=code)
        print(f"{label:<32} {r['code']:>4} {r['summary']['ok']:>5}/{r['summary']['failed']:<4} "
              f"{r['seconds']:>8.1f} {r['per_min']:>8.1f} {r['worker_peak_mb']:>15.1f} "
              f"{r['worker_median_mb']:>10.1f} {r['html_kb']:>8.1f}")
        if r["stderr"]:
            print("  stderr:", r["stderr"][:500])
    status = 0 if all(r["code"] == 0 for r in results.values()) else 1
    if dask:
        diff = differences(folder / "local", folder / "dask")
        files = sum(1 for p in (folder / "local").iterdir() if p.is_file())
        print(f"outputs identical apart from run details: {'yes' if not diff else 'NO'} "
              f"({files} files compared{'' if not diff else '; ' + '; '.join(diff[:10])})")
        status = status or (1 if diff else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
