"""Benchmark: loading SEC sources into finlit's canonical model.

Run from the repository root:

    .venv/bin/python bench/load_sources.py            # medians of 5 runs
    .venv/bin/python bench/load_sources.py --runs 7

Times, as medians of `--runs` runs:

1. Apple's companyfacts JSON (../shared/realdata/sec_companyfacts/AAPL_CIK0000320193.json,
   3.7 MB) into a `Company`, annual (the target: ≤ 0.3 s), and quarterly and TTM for scale;
   side by side the plain alternative: `json.load` + `pandas.json_normalize` of every fact
   (a flat table of ~30,000 facts, nothing chosen, mapped or checked);
2. the SEC Financial Statement Data Set 2010q2 zip (522 filings): `read_fsds` plus every
   annual filer's `Company` (target ≤ 5 s); side by side a plain `pandas.read_csv` of
   sub.txt and num.txt merged.

Exits 0 with a message when ../shared/realdata is absent.
"""
from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REALDATA, REPO, median_time  # noqa: E402  (bench/common.py)

APPLE = REALDATA / "sec_companyfacts" / "AAPL_CIK0000320193.json"
FSDS = REALDATA / "sec_fsds" / "fsds_2010q2.zip"
sys.path.insert(0, str(REPO / "src"))

from finlit.sources.fsds import load_all, read_fsds  # noqa: E402
from finlit.sources.sec import load_companyfacts  # noqa: E402


def plain_companyfacts(path: Path) -> pd.DataFrame:
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    records = [{"taxonomy": tax, "tag": tag, "unit": unit, **fact}
               for tax, tags in doc["facts"].items() for tag, body in tags.items()
               for unit, facts in body["units"].items() for fact in facts]
    return pd.json_normalize(records)


def plain_fsds(path: Path) -> pd.DataFrame:
    with zipfile.ZipFile(path) as z:
        sub = pd.read_csv(z.open("sub.txt"), sep="\t", dtype=str)
        num = pd.read_csv(z.open("num.txt"), sep="\t", dtype=str)
    return num.merge(sub, on="adsh")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if not APPLE.exists() or not FSDS.exists():
        print(f"skipped: the real data is not here ({REALDATA}); it exists only in the "
              "development setup")
        return 0
    runs = args.runs
    size = APPLE.stat().st_size / 1e6
    print(f"SEC companyfacts, Apple ({size:.1f} MB), median of {runs} runs:")
    rows = []
    for period in ("annual", "quarterly", "ttm"):
        t, company = median_time(lambda: load_companyfacts(APPLE, period=period), runs)
        rows.append((f"finlit, {period} Company", t, f"{len(company.facts):,} facts, "
                     f"{len(company.periods)} periods"))
    t, flat = median_time(lambda: plain_companyfacts(APPLE), runs)
    rows.append(("plain: json.load + json_normalize of all facts", t, f"{len(flat):,} rows, unmapped"))
    for what, t, note in rows:
        print(f"  {what:<50} {t:7.3f} s   {note}")
    annual = rows[0][1]
    print(f"  target annual ≤ 0.3 s: {'met' if annual <= 0.3 else 'MISSED'}")

    fsds_runs = max(1, min(runs, 3))
    print(f"\nSEC Financial Statement Data Set 2010q2 ({FSDS.stat().st_size / 1e6:.1f} MB zip), "
          f"median of {fsds_runs} runs:")
    t_read, facts = median_time(lambda: read_fsds(FSDS), fsds_runs)
    t_all, companies = median_time(lambda: load_all(FSDS, "annual", facts=facts), fsds_runs)
    t_plain, plain = median_time(lambda: plain_fsds(FSDS), fsds_runs)
    print(f"  {'read_fsds (every consolidated fact, mapped)':<50} {t_read:7.3f} s   {len(facts):,} facts")
    print(f"  {'every annual filer into a Company':<50} {t_all:7.3f} s   {len(companies)} companies")
    print(f"  {'total':<50} {t_read + t_all:7.3f} s")
    print(f"  {'plain: read_csv sub + num, merged':<50} {t_plain:7.3f} s   {len(plain):,} rows, unmapped")
    print(f"  target total ≤ 5 s: {'met' if t_read + t_all <= 5 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
