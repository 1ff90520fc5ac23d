"""The `finlit` command line: a thin layer over the library.

Exit codes: 0 success; 2 bad input or usage, with one line naming the
problem and the fix; 1 a failure at run time. Never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys

from .errors import FinlitError, InputError

FORMATS = ("table", "csv", "json")
STATEMENT_CHOICES = ("income", "balance", "cashflow", "all")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors that say how to get help (exit 2)."""

    def error(self, message):
        raise InputError(f"{message}: see `{self.prog} --help`")


def _add_target(p):
    p.add_argument("target", metavar="TARGET",
                   help="a bundled ticker (see `finlit companies`), or a file "
                        "(SEC companyfacts JSON, CSV, XLSX)")
    p.add_argument("--source", metavar="S", default=None,
                   help="where to load TARGET from: bundled (default for tickers), file")


def _add_format(p):
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="finlit", description="Financial statements explained for IT people.")
    parser.add_argument("--version", action="version", version=f"finlit {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("companies", help="list the bundled companies",
                       description="List the bundled companies: ticker, name, industry, years, "
                                   "currency, fictional or real.")
    _add_format(p)

    p = sub.add_parser("statements", help="print a company's financial statements",
                       description="Print a company's income statement, balance sheet and "
                                   "cash-flow statement (values in the statement's currency).")
    _add_target(p)
    p.add_argument("--statement", choices=STATEMENT_CHOICES, default="all",
                   help="which statement (default: all)")
    _add_format(p)

    p = sub.add_parser("ratios", help="compute a company's ratios",
                       description="Compute the ratio catalogue for every fiscal year. "
                                   "A missing value comes with the reason why.")
    p.add_argument("target", metavar="TARGET", nargs="?",
                   help="a bundled ticker (see `finlit companies`) or a file")
    p.add_argument("--source", metavar="S", default=None, help="where to load TARGET from")
    p.add_argument("--ratio", action="append", metavar="KEY",
                   help="only this ratio or category (repeatable, or comma-separated)")
    p.add_argument("--average-balances", action="store_true",
                   help="divide by (opening + closing) / 2 for balance-sheet denominators")
    p.add_argument("--list", action="store_true", help="list the ratio catalogue and exit")
    _add_format(p)

    sub.add_parser("demo", help="show the demo company's statements and ratios (offline)",
                   description="Show the fictional demo company's statements and ratios, offline.")
    return parser


def _version() -> str:
    from . import __version__

    return __version__


def _write_csv(frame) -> None:
    frame.to_csv(sys.stdout, index=False, lineterminator="\n")


def _write_json(obj) -> None:
    json.dump(obj, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")


# --- commands -----------------------------------------------------------------------------

def cmd_companies(args) -> int:
    from . import companies

    frame = companies().frame
    if args.format == "csv":
        _write_csv(frame[["ticker", "name", "industry", "first_year", "last_year", "currency", "kind"]])
    elif args.format == "json":
        _write_json(frame.drop(columns="years").to_dict(orient="records"))
    else:
        from .display import _text_table

        rows = [[r.ticker, r.name, r.industry, r.years, r.currency, r.kind] for r in frame.itertuples()]
        print(_text_table(["ticker", "name", "industry", "years", "currency", "kind"], rows))
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
    from .sources import load

    company = load(args.target, source=args.source)
    if args.format == "csv":
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
            from .display import _text_table

            print(_text_table(["ratio", "category", "unit", "formula"],
                              [[r.key, r.category, r.unit, r.formula] for r in selected]))
        return 0
    if not args.target:
        raise InputError("missing TARGET: give a ticker such as AAPL (see `finlit companies`), "
                         "or use --list to see the catalogue")
    from .sources import load

    company = load(args.target, source=args.source)
    table = company.ratios(keys, average_balances=args.average_balances)
    if args.format == "table":
        print(table)
        return 0
    long = table.long()
    if args.format == "csv":
        out = long[["company", "fiscal_year", "period_end", "ratio", "value"]].copy()
        out["value"] = out["value"].map(lambda v: "" if v != v else f"{v:.10g}")
        _write_csv(out)
    else:
        long["value"] = long["value"].astype(object).where(long["value"].notna(), None)
        _write_json({"company": company.ticker, "name": company.name, "currency": company.currency,
                     "average_balances": args.average_balances,
                     "units": {k: RATIOS[k].unit for k in table.keys},
                     "ratios": long.to_dict(orient="records")})
    return 0


DEMO_TICKER = "LARKSPUR"


def cmd_demo(args) -> int:
    from .sources import load

    company = load(DEMO_TICKER)
    print(f"{company.name} — a fictional company for learning (bundled, offline)\n")
    for name in _shown_statements(company):
        print(company.statement(name), end="\n\n")
    print(company.ratios())
    return 0


COMMANDS = {"companies": cmd_companies, "statements": cmd_statements, "ratios": cmd_ratios,
            "demo": cmd_demo}


def main(argv=None) -> int:
    """Entry point of the `finlit` console script; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return 2
        return COMMANDS[args.command](args)
    except FinlitError as error:
        print(f"finlit: error: {error}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # `finlit … | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("finlit: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # never a traceback for the user
        print(f"finlit: internal error: {type(error).__name__}: {error} "
              "(please report it with the command you ran)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
