"""The `finlit` command line: a thin layer over the library.

Exit codes: 0 success; 2 bad input or usage, with one line naming the
problem and the fix; 1 a failure at run time. Never a traceback.
"""
from __future__ import annotations

import argparse
import json
import math
import sys

from ._log import logger, show_on_stderr
from .errors import FinlitError, InputError

FORMATS = ("table", "csv", "json")
STATEMENT_CHOICES = ("income", "balance", "cashflow", "all")
PERIOD_CHOICES = ("annual", "quarterly", "ttm")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors that say how to get help (exit 2)."""

    def error(self, message):
        raise InputError(f"{message}: see `{self.prog} --help`")


def _add_target(p):
    p.add_argument("target", metavar="TARGET", nargs="+",
                   help="a bundled ticker (see `finlit companies`), a file (SEC companyfacts "
                        "JSON, CSV, XLSX), several files of one company, "
                        "or a folder of one company's statement files (a file named like "
                        "AAPL_income.csv brings AAPL_balance.csv and AAPL_cashflow.csv beside it)")
    _add_source(p)


def _add_source(p):
    p.add_argument("--source", metavar="S", default=None,
                   help="where to load TARGET from: bundled (default for tickers), file "
                        "(default for paths), sec (SEC EDGAR, live), yahoo (Yahoo Finance, live)")


def _add_load_options(p):
    p.add_argument("--period", choices=PERIOD_CHOICES, default="annual",
                   help="annual (default), quarterly or ttm (trailing twelve months), where the "
                        "source has them")
    p.add_argument("--company", metavar="NAME_OR_CIK",
                   help="the filer to take from an SEC Financial Statement Data Set zip, or the "
                        "company to take from a folder of several companies' statement files")
    p.add_argument("--units", metavar="UNITS",
                   help="units of the numbers in a CSV/Excel file that does not say: "
                        "ones, thousands, millions or billions")
    p.add_argument("--max-file-size", metavar="SIZE",
                   help="refuse a file larger than this at once (default 200MB; e.g. 1GB)")
    _add_kind(p)


def _add_kind(p):
    p.add_argument("--kind", metavar="KIND",
                   help="the kind of company, when finlit's choice (from the SIC code, the "
                        "industry or the line items) is wrong: operating, bank, insurer or "
                        "other_financial")


def _load_target(args):
    """Load TARGET with the source options of the command line (--source, --period,
    --company, --units, --kind)."""
    from .sources import load

    target = args.target
    if isinstance(target, list) and len(target) == 1:
        target = target[0]
    limit = getattr(args, "max_file_size", None)
    if limit is not None:
        from .sources.filetype import parse_size

        limit = {"max_file_size": parse_size(limit)}
    return load(target, source=args.source, period=args.period, company=args.company,
                units=args.units, kind=args.kind, **(limit or {}))


def _add_format(p):
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")


def _add_verbosity(p, default):
    p.add_argument("-v", "--verbose", action="count", default=default,
                   help="say more on stderr (debug lines); repeatable")
    p.add_argument("-q", "--quiet", action="count", default=default,
                   help="say less: no notes and no progress (-qq: errors only)")


def _verbosity(args) -> int:
    return getattr(args, "verbose", 0) - getattr(args, "quiet", 0)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="finlit", description="Financial statements explained for IT people.")
    parser.add_argument("--version", action="version", version=f"finlit {_version()}")
    _add_verbosity(parser, 0)
    common = argparse.ArgumentParser(add_help=False)  # -v/-q after the command too
    _add_verbosity(common, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add = sub.add_parser
    sub.add_parser = lambda *a, **kw: _add(*a, parents=[common], **kw)

    p = sub.add_parser("companies", help="list the bundled companies",
                       description="List the bundled companies: ticker, name, industry, years, "
                                   "currency, fictional or real.")
    _add_format(p)

    p = sub.add_parser("statements", help="print a company's financial statements",
                       description="Print a company's income statement, balance sheet and "
                                   "cash-flow statement (values in the statement's currency).")
    _add_target(p)
    _add_load_options(p)
    p.add_argument("--statement", choices=STATEMENT_CHOICES, default="all",
                   help="which statement (default: all)")
    _add_format(p)

    p = sub.add_parser("ratios", help="compute a company's ratios",
                       description="Compute the ratio catalogue for every fiscal year. "
                                   "A missing value comes with the reason why.")
    p.add_argument("target", metavar="TARGET", nargs="*",
                   help="a bundled ticker (see `finlit companies`), a file, several files of one "
                        "company, or a folder of one company's statement files")
    _add_source(p)
    _add_load_options(p)
    p.add_argument("--ratio", action="append", metavar="KEY",
                   help="only this ratio or category (repeatable, or comma-separated); "
                        "the category `it` adds the IT-spend metrics, left out by default")
    p.add_argument("--average-balances", action="store_true",
                   help="divide by (opening + closing) / 2 for balance-sheet denominators")
    p.add_argument("--list", action="store_true", help="list the ratio catalogue and exit")
    _add_format(p)

    p = sub.add_parser("itspend", help="IT spend against revenue, beside the published figures",
                       description="IT spend as a share of revenue, per employee, against total "
                                   "operating costs and capex, beside the published figures (each "
                                   "with its survey, year and statistic). IT spend comes from "
                                   "your budget, else from the filings, else an estimate from the "
                                   "industry benchmark (labelled as such).")
    _add_target(p)
    _add_kind(p)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--it-budget", metavar="FILE",
                       help="your IT budget: a CSV or TOML file (see data/it_budgets/README.md)")
    group.add_argument("--it-spend", metavar="AMOUNT",
                       help="IT spend for the latest fiscal year (1.2e6, 1.2m) or one per year "
                            "(2024=1.2e6,2025=1.3e6), in the statements' currency")
    p.add_argument("--industry", metavar="KEY", help="industry for the published figures (default: the company's)")
    p.add_argument("--peers", metavar="ZIP",
                   help="an SEC Financial Statement Data Set zip: IT expense of the filers that "
                        "disclose it, beside the company (default: $FINLIT_FSDS)")
    p.add_argument("--rate", metavar="RATE", type=float,
                   help="exchange rate for a budget in another currency: statement currency per "
                        "1 unit of the budget's currency (e.g. 1.08)")
    _add_format(p)

    p = sub.add_parser("brief", help="write an HTML briefing on a company (offline for bundled data)",
                       description="Run the briefing notebook for TARGET and write OUT/<name>.html "
                                   "(no code, charts that work offline) and the executed "
                                   "OUT/<name>.ipynb beside it; prints the HTML path.")
    _add_target(p)
    _add_kind(p)
    p.add_argument("--units", metavar="UNITS",
                   help="units of the numbers in a CSV/Excel file that does not say: "
                        "ones, thousands, millions or billions")
    p.add_argument("--company", metavar="NAME_OR_CIK",
                   help="the company to take from a folder of several companies' statement "
                        "files, or the filer in an SEC Financial Statement Data Set zip")
    p.add_argument("--it-budget", metavar="FILE", help="your IT budget: a CSV or TOML file")
    p.add_argument("--industry", metavar="KEY", help="industry for the IT benchmarks (default: the company's)")
    p.add_argument("--fiscal-year", metavar="YEAR", type=int, help="the year to focus on (default: the latest)")
    p.add_argument("--out", metavar="DIR", default="briefings", help="output folder (default: briefings)")
    p.add_argument("--name", help="output file name without extension (default: from TARGET)")
    p.add_argument("--timeout", metavar="SECONDS", type=float,
                   help="stop the briefing if it runs longer than this (default: 600)")
    p.add_argument("--self-contained", action="store_true",
                   help="put plotly.js inside the HTML (4.8 MB) instead of one shared file per folder")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="any other notebook parameter (see papermill --help-notebook)")

    p = sub.add_parser("batch", help="write many briefings from a TOML file, in parallel",
                       description="Write every briefing listed in CONFIG.toml (format: see the "
                                   "README), plus index.html and manifest.json. Exit 0 when all "
                                   "succeeded, 3 when some failed. Unchanged briefings are skipped.")
    p.add_argument("config", metavar="CONFIG.toml", help="the batch file")
    p.add_argument("--jobs", metavar="N", type=int, help="parallel worker processes (default: 1 or the file's jobs)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: the file's out, else briefings/ beside it)")
    p.add_argument("--force", action="store_true", help="rerun briefings whose inputs have not changed")
    p.add_argument("--timeout", metavar="SECONDS", type=float,
                   help="stop a briefing that runs longer than this; it fails alone (default: the "
                        "file's timeout, else 600)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help='run the briefings on a Dask cluster: tcp://HOST:8786, or local:N for N local '
                        'worker processes (needs pip install "finlit[dask]"; default: the file\'s scheduler)')

    p = sub.add_parser("workshop", help="copy the workshop notebooks and data into a folder (offline)",
                       description="Copy the workshop kit into DIR: the workshop notebooks (with the "
                                   "solutions, or student copies with --student), the facilitator "
                                   "guide and pack (slides, formula sheet, room set-up), and the "
                                   "IT-budget and statements templates to edit. Prints how to open "
                                   "it in JupyterLab. --check and --wheelhouse prepare the room.")
    p.add_argument("dir", metavar="DIR", nargs="?", default="finlit-workshop",
                   help="the folder to copy into (default: ./finlit-workshop)")
    p.add_argument("--student", action="store_true",
                   help="student copies: solutions removed, no facilitator guide")
    p.add_argument("--force", action="store_true", help="overwrite files that already exist")
    p.add_argument("--check", action="store_true",
                   help="pre-flight on this laptop: Python, finlit, JupyterLab, a kernel, a notebook, "
                        "charts; one line per check with the fix; exit 1 if any fails")
    p.add_argument("--wheelhouse", action="store_true",
                   help="(online) download wheels of finlit and its dependencies into DIR/wheelhouse, "
                        "for `pip install --no-index --find-links DIR/wheelhouse finlit` offline")

    p = sub.add_parser("inspect", help="how finlit read TARGET: each row, units, periods, checks",
                       description="Show how finlit read TARGET: the shape recognised, each file and "
                                   "sheet, each source row and the line item it became (or why it "
                                   "was not used), units and currency and where they came from, "
                                   "the periods and their fiscal years, and the totals checked.")
    _add_target(p)
    _add_load_options(p)
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="output format: table (text, default) or json")

    sub.add_parser("demo", help="write a briefing on the demo company (offline)",
                   description="Write an HTML briefing on the fictional demo company into "
                               "./briefings, offline, and print its path.")
    return parser


def _version() -> str:
    from ._version import __version__

    return __version__


def _write_csv(frame) -> None:
    frame.to_csv(sys.stdout, index=False, lineterminator="\n")


def _json_safe(obj):
    """NaN and ±inf become null (JSON has no NaN: `jq` and JSON.parse refuse it), everywhere."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_safe(v) for v in obj]
    return obj


def _write_json(obj) -> None:
    json.dump(_json_safe(obj), sys.stdout, indent=2, default=str, allow_nan=False)
    sys.stdout.write("\n")


# --- commands -----------------------------------------------------------------------------

def cmd_companies(args) -> int:
    from .sources.bundled import companies

    frame = companies().frame
    if args.format == "csv":
        _write_csv(frame[["ticker", "name", "industry", "kind", "first_year", "last_year", "currency", "data"]])
    elif args.format == "json":
        _write_json(frame.drop(columns="years").to_dict(orient="records"))
    else:
        print(companies())
    return 0


def _statements_long(company, which):
    tidy = company.tidy()
    if which != "all":
        tidy = tidy[tidy["statement"] == which]
    else:
        tidy = tidy[tidy["statement"].isin(["income", "balance", "cashflow", "other", "it"])]
    out = tidy[["company", "statement", "line_item", "fiscal_year", "period_end", "value",
                "currency", "source"]].copy()
    out["period_end"] = out["period_end"].dt.date
    order = {"income": 0, "balance": 1, "cashflow": 2, "other": 3, "it": 4}
    return out.sort_values("statement", key=lambda s: s.map(order), kind="stable")


def _shown_statements(company) -> list[str]:
    """The three statements, plus other data (headcount) and IT spend when the company has them."""
    present = set(company.tidy()["statement"])
    return ["income", "balance", "cashflow"] + [s for s in ("other", "it") if s in present]


def cmd_statements(args) -> int:
    company = _load_target(args)
    if args.format == "csv":
        for note in company.notes:
            logger.info(str(note))
        frame = _statements_long(company, args.statement)
        frame["value"] = frame["value"].map(lambda v: f"{v:.10g}")
        _write_csv(frame)
    elif args.format == "json":
        frame = _statements_long(company, args.statement)
        _write_json({"company": company.ticker, "name": company.name, "currency": company.currency,
                     "notes": [str(n) for n in company.notes],
                     "facts": frame.drop(columns="company").to_dict(orient="records")})
    else:
        names = _shown_statements(company) if args.statement == "all" else [args.statement]
        blocks = [str(company.statement(n)) for n in names]
        print("\n\n".join(blocks))
        for note in company.notes:
            print(f"note: {note}")
    return 0


def _ratio_keys(args):
    if not args.ratio:
        return None
    return [k.strip() for item in args.ratio for k in item.split(",") if k.strip()]


def cmd_ratios(args) -> int:
    from .ratios import RATIOS, resolve
    from .ratios.registry import not_meaningful

    keys = _ratio_keys(args)
    if args.list:
        selected = resolve(keys)
        if args.format == "csv":
            import pandas as pd

            _write_csv(pd.DataFrame([{"ratio": r.key, "name": r.name, "category": r.category,
                                      "formula": r.formula, "unit": r.unit, "direction": r.direction}
                                     for r in selected]))
        elif args.format == "json":
            _write_json([{"ratio": r.key, "name": r.name, "category": r.category, "formula": r.formula,
                          "unit": r.unit, "direction": r.direction, "explanation": r.explanation,
                          "why_it_matters": r.why_it_matters} for r in selected])
        else:
            from .display import text_table

            print(text_table(["ratio", "category", "unit", "formula"],
                              [[r.key, r.category, r.unit, r.formula] for r in selected]))
        return 0
    if not args.target:
        raise InputError("missing TARGET: give a ticker such as AAPL (see `finlit companies`), "
                         "or use --list to see the catalogue")
    company = _load_target(args)
    if args.format != "json":
        for note in company.notes:
            logger.info(str(note))
    table = company.ratios(keys, average_balances=args.average_balances)
    if args.format == "table":
        print(table)
        return 0
    long = table.long(left_out=True)
    long["reason"] = long["reason"].where(long["value"].isna(), None)
    if args.format == "csv":       # the contract's columns; the reasons go to stderr as notes
        for line in _reason_lines(long):
            logger.info(line)
        shown = long[long["reason"] != not_meaningful(company.kind)]
        out = shown[["company", "fiscal_year", "period_end", "ratio", "value"]].copy()
        out["value"] = out["value"].map(lambda v: "" if v != v else f"{v:.10g}")
        _write_csv(out)
    else:
        long["value"] = long["value"].astype(object).where(long["value"].notna(), None)
        _write_json({"company": company.ticker, "name": company.name, "currency": company.currency,
                     "average_balances": args.average_balances,
                     "units": {k: RATIOS[k].unit for k in dict.fromkeys(long["ratio"])},
                     "ratios": long.to_dict(orient="records")})
    return 0


def _reason_lines(long) -> list[str]:
    """One line per reason a ratio is missing, with the ratios and years it applies to:
    'not meaningful for a bank: gross_margin, current_ratio …' (what the CSV cannot carry)."""
    missing = long[long["value"].isna()]
    lines = []
    for reason, rows in missing.groupby("reason", sort=False):
        per_ratio = rows.groupby("ratio", sort=False)["fiscal_year"].apply(list)
        every_year = all(len(years) == long["fiscal_year"].nunique() for years in per_ratio)
        parts = [k if every_year else f"{k} (FY{', FY'.join(map(str, years))})"
                 for k, years in per_ratio.items()]
        lines.append(f"{reason}: {', '.join(parts)}" + (" (every year)" if every_year else ""))
    return lines


ITSPEND_CSV_COLUMNS = ["company", "fiscal_year", "metric", "value", "unit", "source", "reason"]


def _itspend_peers(company, spend, given):
    """The bank peer view (`finlit.itspend.peers`) for a bank: (summary or None, a note or None)."""
    from .itspend.peers import PEERS_VARIABLE, peer_summary, peers_path

    if company.kind != "bank" and spend.industry != "banking":
        return None, None
    path = peers_path(given)
    if path is None:
        return None, (f"Bank peers: set {PEERS_VARIABLE} to an SEC Financial Statement Data Set zip "
                      "(e.g. fsds_2010q2.zip) to compare with the banks that tag IT expense in it.")
    summary = peer_summary(path, company.name)
    return summary, None if summary else f"Bank peers: no bank in {path.name} tags IT expense."


def _itspend_beside_text(view, years) -> tuple[list, list[str]]:
    """Table rows for the other sources (a stated budget beside the technology line …) and
    one line per document they come from."""
    from .display import format_metric

    beside, rows, lines = view.beside(), [], []
    for (source, label), g in beside.groupby(["source", "label"], sort=False):
        by_year = g.set_index("fiscal_year")
        cell = lambda y, c, u: (format_metric(by_year.at[y, c], u)  # noqa: E731
                                if y in by_year.index and by_year.at[y, c] == by_year.at[y, c] else "n/a")
        rows += [[f"{source}: IT spend"] + [cell(y, "it_spend", "money") for y in years],
                 [f"{source}: % of revenue"] + [cell(y, "it_pct_revenue", "percent") for y in years]]
        lines.append(f"Beside it ({source}): {label}")
        lines += [f"  FY{r.fiscal_year}: {r.document}" for r in g.itertuples()]
    return rows, lines


def cmd_itspend(args) -> int:
    from .explain.itspend import explain_it_spend
    from .itspend import METRICS, compare_it_spend, it_view
    from .sources import load

    company = load(args.target, source=args.source, **({"kind": args.kind} if args.kind else {}))
    view = it_view(company, budget=args.it_budget, it_spend=args.it_spend, industry=args.industry,
                   rate=args.rate)
    spend, band, bench = view.spend, view.band, view.benchmarks
    comparison = compare_it_spend(view)
    peers, peers_note = _itspend_peers(company, spend, getattr(args, "peers", None))
    if args.format != "json":
        for warning in spend.warnings:
            logger.warning(warning)
    long = view.long()
    if args.format == "csv":
        out = long[ITSPEND_CSV_COLUMNS].copy()
        out["value"] = out["value"].map(lambda v: "" if v != v else f"{v:.10g}")
        out["reason"] = out["reason"].fillna("")
        _write_csv(out)
    elif args.format == "json":
        long["value"] = long["value"].astype(object).where(long["value"].notna(), None)
        beside = view.beside()
        beside = beside.astype(object).where(beside.notna(), None)
        _write_json({"company": company.ticker, "name": company.name, "currency": company.currency,
                     "industry": spend.industry, "source": spend.source, "trust": spend.trust,
                     "label": spend.label, "warnings": spend.warnings,
                     # a band only from one survey's own range (else null); every figure apart
                     "band": None if band is None else {
                         "low": band.low, "high": band.high,
                         "benchmarks": [b.as_dict() for b in band.benchmarks]},
                     "benchmarks": [b.as_dict() for b in bench.figures],
                     "comparison": {"fiscal_year": comparison.fiscal_year, "share": comparison.share,
                                    "source": comparison.source, "position": comparison.position,
                                    "tolerance": comparison.tolerance, "text": comparison.summary()},
                     # the other sources that answered, shown beside (a stated budget …)
                     "beside": beside.to_dict(orient="records"),
                     "peers": None if peers is None else {**vars(peers), "text": peers.text()},
                     "explanation": explain_it_spend(view, peers=peers).text,
                     "metrics": {k: {"label": lab, "unit": u} for k, (lab, u) in METRICS.items()},
                     "values": long.to_dict(orient="records")})
    else:
        from .display import format_metric, text_table

        def cell(metric, year):
            v = view.value(metric, year)
            return "n/a" if v != v else format_metric(v, METRICS[metric][1])

        years = view.years
        rows = [[METRICS[m][0]] + [cell(m, y) for y in years] for m in METRICS]
        beside_rows, beside_lines = _itspend_beside_text(view, years)
        print(f"{company.name} — IT spend ({company.currency}; amounts of a million or more in millions)")
        print(f"Source: {spend.label}")
        for line in beside_lines:
            print(line)
        if band is not None:
            print(f"Band (one survey's own range): {band.sources()}")
        others = [b for b in bench.figures if band is None or b not in band.benchmarks]
        if others:
            print("Published figures (% of revenue), each from its own survey and year, not a range:")
        for b in others:
            print(f"  {b.value_text():>6}  {b.citation()}")
        print(comparison.summary())
        if peers is not None or peers_note:
            print(f"Bank peers: {peers.text()}" if peers is not None else peers_note)
        print()
        print(text_table(["metric"] + [f"FY{y}" for y in years], rows + beside_rows))
        print()
        print(explain_it_spend(view, peers=peers).text)
    return 0


DEMO_TICKER = "LARKSPUR"


def _checked_kind(kind):
    """The --kind given, checked before anything runs (exit 2 with the choices), or None."""
    from .industries import check_kind

    if kind is None:
        return None
    try:
        return check_kind(kind)
    except ValueError as error:
        raise InputError(f"{error} (--kind)") from None


def cmd_brief(args) -> int:
    from .briefing import brief

    options = {"source": args.source, "it_budget": args.it_budget, "industry": args.industry,
               "fiscal_year": args.fiscal_year, "kind": _checked_kind(args.kind),
               "units": args.units, "company": args.company}
    parameters = {k: v for k, v in options.items() if v is not None} | dict(args.parameter or [])
    parameters.pop("target", None)
    import signal

    from .briefing.runner import DEFAULT_TIMEOUT, stop_cleanly_on_signals

    previous = stop_cleanly_on_signals()  # Ctrl-C/SIGTERM: kernel killed, temporaries removed, one line
    try:
        target = args.target[0] if len(args.target) == 1 else args.target
        result = brief(target, out=args.out, name=args.name, self_contained=args.self_contained,
                       timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout, **parameters)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    print(result.html)
    return 0


def cmd_batch(args) -> int:
    from .briefing.batch import run_batch

    # -q (cron): only failures and the summary
    return run_batch(args.config, out=args.out, jobs=args.jobs, force=args.force, log=print,
                     scheduler=args.scheduler, timeout=args.timeout, quiet=_verbosity(args) < 0)


def cmd_inspect(args) -> int:
    from .sources.inspection import inspect

    target = args.target[0] if len(args.target) == 1 else args.target
    report = inspect(target, source=args.source, period=args.period, company=args.company,
                     units=args.units, **({"kind": args.kind} if args.kind else {}))
    if args.format == "json":
        _write_json(report.to_dict())
    else:
        print(report)
    return 0


def cmd_demo(args) -> int:
    from .briefing import brief

    result = brief(DEMO_TICKER, out="briefings")
    print(f"A briefing on the fictional demo company, made offline: open it in your browser.\n"
          f"{result.html}")
    return 0


def cmd_workshop_room(args) -> int:
    """`finlit workshop DIR --check` or `--wheelhouse` (one at a time, nothing else)."""
    from .workshop import preflight

    if args.check and args.wheelhouse or args.student or args.force:
        raise InputError("--check and --wheelhouse go alone: run `finlit workshop DIR --check` or "
                         "`finlit workshop DIR --wheelhouse`, then copy the kit separately")
    if args.wheelhouse:
        print(f"Running: {' '.join(preflight.wheelhouse_command(args.dir))}", flush=True)
        target = preflight.make_wheelhouse(args.dir)
        print(f"Wrote {len(list(target.glob('*.whl')))} wheels into {target}.\nOn each laptop, offline:\n"
              f"  python -m pip install --no-index --find-links {target} finlit")
        return 0
    symbols = preflight.can_print()
    checks = []
    for check in preflight.run_checks(args.dir):
        print(check.line(symbols), flush=True)
        checks.append(check)
    failed = [c for c in checks if not c.ok]
    print(f"{len(checks) - len(failed)} of {len(checks)} checks passed"
          + (": this laptop is ready." if not failed else ": fix the lines marked above, then run the check again."))
    return 1 if failed else 0


def cmd_workshop(args) -> int:
    from .workshop import copy_kit

    if args.check or args.wheelhouse:
        return cmd_workshop_room(args)
    kit = copy_kit(args.dir, student=args.student, force=args.force)
    kind = ("student copies (solutions removed)" if kit.student
            else "instructor copies (with solutions), FACILITATOR.md, nbgrader_config.py and the "
                 "facilitator pack in facilitator/ (open facilitator/index.html)")
    print(f"Copied the finlit workshop kit into {kit.folder}: {kind}, and data/ (IT budget and "
          f"statements templates to edit).\nOpen it in JupyterLab (works offline):\n"
          f"  {kit.open_command()}")
    for warning in kit.warnings:
        logger.warning(warning)
    return 0


COMMANDS = {"companies": cmd_companies, "statements": cmd_statements, "ratios": cmd_ratios,
            "demo": cmd_demo, "workshop": cmd_workshop, "itspend": cmd_itspend, "brief": cmd_brief, "batch": cmd_batch,
            "inspect": cmd_inspect}


def main(argv=None) -> int:
    """Entry point of the `finlit` console script; returns the exit code."""
    parser = build_parser()
    show_on_stderr(0)
    try:
        args = parser.parse_args(argv)
        show_on_stderr(_verbosity(args))
        if not args.command:
            parser.print_help()
            return 2
        return COMMANDS[args.command](args)
    except FinlitError as error:
        logger.error(str(error))
        return error.exit_code
    except BrokenPipeError:  # `finlit … | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGINT/SIGTERM in a batch (briefing.runner.Interrupted)
        logger.error(str(stop) or "interrupted")
        return getattr(stop, "exit_code", 130)
    except Exception as error:  # never a traceback for the user
        logger.error(f"internal error: {type(error).__name__}: {error} "
                     "(please report it with the command you ran)")
        return 1


if __name__ == "__main__":
    sys.exit(main())
