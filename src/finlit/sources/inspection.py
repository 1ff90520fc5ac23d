"""How finlit read an input: `inspect(target)`, what a user reads when a number looks wrong.

For a user's file, several files, a folder or an export of another tool it says

- the **shape** recognised (a statement table, a yfinance CSV, yahooquery output, SimFin …),
  each file and sheet and the statement finlit took it for;
- each **row**: the source label and the canonical item it became with the values read, or
  "not used" and why (no canonical item matches the label, a balance-sheet label in a
  cash-flow statement, a row of the same item preferred, no numbers, no values in the columns
  read);
- the **units** and the **currency** and where they came from (the ``--units`` option, a
  ``units`` line, a phrase such as "$ in millions", or nothing: then assumed);
- the **periods**: each column, the fiscal year it was given, or why it was not read;
- the **totals checked** (assets = liabilities + equity; gross profit = revenue − cost of
  revenue) per period, and what failed; the items finlit derived; the data-quality notes.

Bundled data, SEC and Yahoo give less detail: the tags or keys the facts came from.

It explains what the readers did rather than reading again by other rules: the values used
are the company's facts (their ``source_key`` is the label, their ``filing`` the file and
sheet), the rows come from the readers' own tables (`finlit.sources.user_files`,
`finlit.sources.export_shapes`).

>>> import finlit
>>> report = finlit.inspect("AAPL")
>>> report.shape, report.rows()[0]["item"]
('bundled source (sec-companyfacts)', 'revenue')
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field

import pandas as pd

from ..company import BALANCE_TOLERANCE, INTEGRITY_CHECKS, Company
from ..display import html_table, text_table
from ..items import FINANCIAL_ITEMS, ITEMS, STATEMENT_TITLES
from ..markup import NO_MATH
from ..markup import escape_html as escape
from ..periods import fiscal_year

CHECKS = {"balance_sheet_balances": ("assets = liabilities + equity",
                                     ("total_assets", "total_liabilities", "total_equity"), "assets"),
          "gross_profit_adds_up": ("gross profit = revenue − cost of revenue",
                                   ("revenue", "cost_of_revenue", "gross_profit"), "revenue")}
NO_ITEM = "no canonical item matches this label (rename it, or add it to label_synonyms.csv)"
NO_NUMBERS = "no numbers (a heading or a text row)"


@dataclass
class RowReading:
    """One source row: its label, the item it became (or None) and why."""

    label: str
    item: str | None
    used: bool
    values: int
    reason: str
    data: bool = True        # False for headings and rows without numbers


@dataclass
class TableReading:
    """One file or sheet as finlit read it."""

    source: str
    shape: str
    statement: str | None
    units: str
    units_from: str
    currency: str
    currency_from: str
    periods: list = field(default_factory=list)     # dicts: column, period_end, fiscal_year, read, reason
    rows: list = field(default_factory=list)        # RowReading


@dataclass
class Check:
    check: str
    title: str
    period: str
    status: str          # "ok", "failed" or "not checked"
    detail: str


@dataclass
class Inspection:
    """How finlit read TARGET: the shape, each table and row, the checks (see the module)."""

    target: str
    shape: str
    company: Company
    tables: list
    checks: list
    derived: list

    @property
    def notes(self) -> list[str]:
        return [str(n) for n in self.company.notes]

    def rows(self) -> list[dict]:
        """Every row of every table as a dict (source, label, item, used, values, reason)."""
        return [{"source": t.source, **asdict(r)} for t in self.tables for r in t.rows]

    @property
    def share_mapped(self) -> float:
        """The share of the rows with numbers that became a line item."""
        data = [r for t in self.tables for r in t.rows if r.data]
        return sum(r.used for r in data) / len(data) if data else float("nan")

    def to_dict(self) -> dict:
        c = self.company
        share = self.share_mapped
        return {"target": self.target, "shape": self.shape,
                "company": {"ticker": c.ticker, "name": c.name, "currency": c.currency,
                            "period": c.period, "fiscal_year_end": c.info.fiscal_year_end,
                            "kind": c.kind, "periods": c.span, "facts": len(c.facts)},
                "rows_with_numbers": sum(r.data for t in self.tables for r in t.rows),
                "rows_used": sum(r.used for t in self.tables for r in t.rows),
                "share_mapped": None if share != share else round(share, 4),
                "tables": [asdict(t) for t in self.tables],
                "derived": self.derived, "checks": [asdict(k) for k in self.checks],
                "notes": self.notes}

    # -- showing ---------------------------------------------------------------------------
    def _summary(self) -> list[str]:
        c, share = self.company, self.share_mapped
        used = sum(r.used for t in self.tables for r in t.rows)
        data = sum(r.data for t in self.tables for r in t.rows)
        lines = [f"finlit read {self.target} as {self.shape}.",
                 f"Company: {c.name} ({c.ticker}), {c.currency}, {c.span}, {c.period}, "
                 f"{len(c.facts)} facts."]
        if share == share:
            lines.append(f"Rows with numbers: {data}; used: {used} ({share:.0%}); every other row "
                         "is listed below with the reason it was not used.")
        return lines

    @staticmethod
    def _table_lines(t: TableReading) -> list[str]:
        what = STATEMENT_TITLES[t.statement].lower() if t.statement else "statement not marked"
        periods = "; ".join(
            f"{p['column']} → FY{p['fiscal_year']} ({p['period_end']})" if p["read"]
            else f"{p['column']}: not read ({p['reason']})" for p in t.periods)
        return [f"{t.source}: {t.shape}; {what}",
                f"  units: {t.units} ({t.units_from}); currency: {t.currency} ({t.currency_from})",
                f"  periods: {periods or 'none'}"]

    def __str__(self) -> str:
        out = self._summary()
        for t in self.tables:
            out += [""] + self._table_lines(t)
            rows = [[r.label or "(no label)", r.item or "—", r.reason] for r in t.rows]
            if rows:
                out.append(text_table(["row", "item", "how it was read"], rows, left=3))
        if self.derived:
            out += ["", "Derived by finlit (not in the input):"]
            out += [f"  {d['item']}: {d['formula']} ({', '.join(d['periods'])})" for d in self.derived]
        out += ["", "Totals checked:"]
        out += [f"  {k.title}, {k.period}: {k.status}" + (f" ({k.detail})" if k.detail else "")
                for k in self.checks]
        if self.notes:
            out += ["", "Notes:"] + [f"  - {n}" for n in self.notes]
        return "\n".join(out)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        parts = [f'<div class="finlit-output {NO_MATH}">']
        parts += [f"<p>{escape(line)}</p>" for line in self._summary()]
        for t in self.tables:
            head, *rest = self._table_lines(t)
            rows = [(r.label or "(no label)", [(r.item or "—", ""), (r.reason, "")],
                     "" if r.used else "derived") for r in t.rows]
            parts.append(html_table(head, ["row", "item", "how it was read"], rows,
                                    [s.strip() for s in rest]))
        checks = [(k.title, [(k.period, ""), (k.status, ""), (k.detail, "")], "") for k in self.checks]
        parts.append(html_table("Totals checked", ["check", "period", "status", "detail"], checks,
                                [f"Derived by finlit: {d['item']} = {d['formula']}" for d in self.derived]
                                + self.notes))
        parts.append("</div>")
        return "".join(parts)


# --- the inspection ---------------------------------------------------------------------------

def inspect(target, source: str | None = None, period: str = "annual", company=None,
            units=None, **options) -> Inspection:
    """How finlit reads TARGET (a ticker, a file, several files or a folder), with the same
    options as `finlit.load`; see the module docstring.

    >>> import finlit
    >>> report = finlit.inspect("AAPL")
    >>> [k.status for k in report.checks if k.period == "FY2023"]
    ['ok', 'ok']
    """
    from . import load

    loaded = load(target, source=source, period=period, company=company, units=units, **options)
    shown = ", ".join(map(os.fspath, target)) if isinstance(target, (list, tuple)) else os.fspath(target)
    paths = _files(target, source, company)
    if paths is None:
        named = source or ("file" if isinstance(target, (list, tuple)) or os.path.exists(shown)
                           else "bundled")
        tables = [_facts_table(loaded)]
        shape = f"{named} source ({_source_name(loaded)})" if named != "file" else _source_name(loaded)
    else:
        tables, shape = _file_tables(paths, loaded, period, units, company, options)
    return Inspection(shown, shape, loaded, tables, checks_of(loaded), _derived(loaded))


def _files(target, source, company) -> list[str] | None:
    """The files TARGET is read from (as `finlit.sources.files` finds them), or None when it
    is not read from statement files (a ticker, SEC companyfacts, an SEC data-set zip)."""
    from . import looks_like_file
    from .filetype import HEAD, sniff, zip_kind
    from .statement_sets import files_set, siblings

    if source not in (None, "file"):
        return None
    targets = [os.fspath(t) for t in target] if isinstance(target, (list, tuple)) else [os.fspath(target)]
    if len(targets) > 1 or os.path.isdir(targets[0]):
        return files_set(targets, company).paths
    path = targets[0]
    if not (looks_like_file(path) and os.path.isfile(path)):
        return None
    with open(path, "rb") as fh:
        kind = sniff(fh.read(HEAD))
    if kind == "text" or (kind == "zip" and zip_kind(path) == "xlsx"):
        return siblings(path).paths
    return None


def _source_name(company: Company) -> str:
    sources = [s for s in dict.fromkeys(company.facts["source"]) if s != "finlit"]
    return ", ".join(sources) or "no facts"


def _facts_table(company: Company) -> TableReading:
    """Bundled data, SEC or Yahoo: the tags or keys the facts came from."""
    facts = company.facts[~company.facts["derived"]]
    rows = []
    for (key, item), g in facts.groupby(["source_key", "line_item"], sort=False):
        rows.append(RowReading(str(key), item, True, len(g), f"{len(g)} value(s): {_span(company, g)}"))
    periods = [{"column": company.period_label(at), "period_end": str(end.date()),
                "fiscal_year": int(facts.loc[facts["period_end"] == end, "fiscal_year"].iloc[0])
                if (facts["period_end"] == end).any() else None, "read": True, "reason": ""}
               for at, end in company.period_ends().items()]
    return TableReading(company.info.source or _source_name(company), _source_name(company), None,
                        "full currency units", "the source's own", company.currency,
                        "the source's own", periods, rows)


def _span(company: Company, facts: pd.DataFrame) -> str:
    ats = sorted(set(facts[company.key]))
    first, last = company.period_label(ats[0]), company.period_label(ats[-1])
    return first if first == last else f"{first}–{last}"


# --- files ----------------------------------------------------------------------------------

def _file_tables(paths, company: Company, period: str, units, selection, options):
    """One `TableReading` per table of the files, and the shape of the whole."""
    from .export_shapes import expand

    sources, shapes = [], []
    for path in paths:
        found = expand(path, selection, period)
        if found is None:
            sources.append((path, os.path.basename(path), None, None))
        else:
            shapes.append(found.shape)
            sources += [(s, s.name, found.shape, found.currency) for s in found.sources]
    several = len(sources) > 1
    tables, meta = [], {}
    for src, name, shape, currency in sources:
        tables += _source_tables(src, name, shape, currency, company, period, units, options,
                                 several, meta)
    shape = "; ".join(dict.fromkeys(shapes + [t.shape for t in tables if not shapes]))
    if len(paths) > 1:
        shape = f"a statement set of {len(paths)} files ({shape})"
    return tables, shape


def _source_tables(src, name, shape, currency, company, period, units, options, several, meta):
    from .user_files import InMemory, _tables, _yfinance_facts, grid_of

    yf = _yfinance_facts(src, name, period, options.get("currency") or currency)
    if yf is not None:
        table = _yfinance_table(src, name, yf[1], shape, company, currency, options)
        if units not in (None, ""):
            from .user_files import UNIT_NAMES, parse_units

            table.units = UNIT_NAMES.get(parse_units(units), str(units))
            table.units_from = "the units option (--units)"
        return [table]
    out = []
    for table in _tables(src, name):
        grid = grid_of(table)
        if grid is None:
            if table.rows:
                out.append(TableReading(table.source, "no periods found", None, "", "", "", "",
                                        [], [RowReading(str(r[0]) if r and r[0] is not None else "",
                                                        None, False, 0,
                                                        "not read: the table has no fiscal years "
                                                        "or dates in its header", data=False)
                                             for r in table.rows]))
            continue
        meta.update({k: v for k, v in grid.meta.items() if k not in meta})
        named = several or isinstance(src, InMemory)
        out.append(_grid_table(table, grid, src, named, shape, currency, company, period,
                               units, options, meta))
    return out


def _yfinance_table(src, name, frame, shape, company, currency, options) -> TableReading:
    from .yfinance_csv import label_mapping

    mapping = label_mapping()
    facts = company.facts[(company.facts["filing"] == name) & ~company.facts["derived"]]
    rows = []
    for label in frame.index:
        n = int(frame.loc[[label]].notna().sum(axis=None))
        if not n:
            rows.append(RowReading(label, None, False, 0, "no values", data=False))
        elif label not in mapping:
            rows.append(RowReading(label, None, False, 0, "not used: yfinance_labels.csv leaves it "
                                   "out (Yahoo's own computation, or a detail of another line)"))
        else:
            rows.append(_mapped(label, mapping[label][0], facts, company, n))
    periods = [{"column": str(end.date()), "period_end": str(end.date()),
                "fiscal_year": fiscal_year(end), "read": bool(frame[end].notna().any()),
                "reason": "" if frame[end].notna().any() else "empty"} for end in frame.columns]
    cur = options.get("currency") or currency
    return TableReading(name, shape or "a yfinance statement saved as CSV", _statement_of(facts),
                        "full currency units", "Yahoo's figures are not scaled",
                        company.currency, "--currency" if options.get("currency") else (
                            f"{shape}'s currency column" if cur else "not stated: USD assumed"),
                        periods, rows)


def _statement_of(facts) -> str | None:
    statements = {ITEMS[k].statement for k in facts["line_item"] if k in ITEMS}
    return statements.pop() if len(statements) == 1 else None


def _mapped(label, item, facts, company, numbers) -> RowReading:
    """A row whose label maps to `item`: used, or why not."""
    mine = facts[(facts["source_key"] == label) & (facts["line_item"] == item)]
    if len(mine):
        return RowReading(label, item, True, len(mine), f"{len(mine)} value(s): {_span(company, mine)}")
    taken = company.facts[company.facts["line_item"] == item]
    if item in FINANCIAL_ITEMS and company.kind == "operating":
        return RowReading(label, item, False, 0, "not used: a line of a bank's or an insurer's "
                          "statements, and the company is read as operating (--kind bank to use it)")
    if len(taken):
        best = taken.iloc[-1]
        if best["derived"]:
            why = "derived by finlit"
        elif len(facts) and best["filing"] == facts["filing"].iloc[0]:
            why = f"taken from the row '{best['source_key']}' (preferred: a more direct label)"
        else:
            why = (f"taken from '{best['source_key']}' in {best['filing']} (the "
                   f"{STATEMENT_TITLES[ITEMS[item].statement].lower()}'s own file wins)")
        return RowReading(label, item, False, 0, f"not used: {ITEMS[item].label} is {why}")
    return RowReading(label, item, False, 0, f"not used: no values in the columns read "
                      f"({numbers} in other columns)")


def _grid_table(table, grid, src, named, shape, currency, company, period, units, options,
                meta) -> TableReading:
    from .user_files import (_guess_statement, _kinds, _period_text, _statement_of as words,
                             _statement_of_file, label_synonyms, normalise, parse_number)

    statement = ((words(table.sheet) if table.sheet else None)
                 or (_statement_of_file(src) if named else None) or _guess_statement(grid))
    facts = company.facts[(company.facts["filing"] == table.source) & ~company.facts["derived"]]
    synonyms, rows = label_synonyms(), []
    for i, label in enumerate(grid.labels):
        count = _count_numbers(grid, i, parse_number)
        hit = synonyms.get(normalise(label))
        if not count:
            rows.append(RowReading(label, None, False, 0, NO_NUMBERS, data=False))
        elif hit is None:
            rows.append(RowReading(label, None, False, 0, "not used: " + NO_ITEM))
        elif statement == "cashflow" and ITEMS[hit[0]].statement == "balance":
            rows.append(RowReading(label, None, False, 0, "not used: a balance-sheet label in a "
                                   "cash-flow statement (there it is a change, not a balance)"))
        else:
            rows.append(_mapped(label, hit[0], facts, company, count))
    kinds = _kinds(grid.periods, period)
    fye = (options.get("fiscal_year_end") or meta.get("fiscal_year_end")
           or company.info.fiscal_year_end or "12-31")
    transposed = _transposed(table, grid)
    written, ignored = _header_cells(table, grid, transposed)
    periods = []
    for j, (p, kind) in enumerate(zip(grid.periods, kinds)):
        end = _end_of(p, fye)
        hit = facts[facts["period_end"] == end] if end is not None else facts.iloc[0:0]
        periods.append({"column": written[j] if written else _period_text(p),
                        "period_end": str(end.date()) if end is not None else "",
                        "fiscal_year": int(hit["fiscal_year"].iloc[0]) if len(hit) else (
                            p.year if p.kind == "year" else (fiscal_year(end) if end is not None else None)),
                        "read": kind == period,
                        "reason": "" if kind == period else f"a {kind} column: read with --period {kind}"})
    periods += [{"column": c, "period_end": "", "fiscal_year": None, "read": False,
                 "reason": "not a fiscal year, a date, a quarter or TTM"} for c in ignored]
    units_text, units_from = _units(grid, units, meta)
    cur, cur_from = _currency(grid, options, meta, currency, shape, company)
    orientation = "periods as rows (transposed)" if transposed else "line items as rows"
    what = shape or ("Excel sheet" if table.sheet else "statement table")
    return TableReading(table.source, f"{what}, {orientation}", statement, units_text, units_from,
                        cur, cur_from, periods, rows)


def _count_numbers(grid, i: int, parse_number) -> int:
    """How many cells of row `i` hold a number (the reader's own parsed grid)."""
    numbers = getattr(grid, "numbers", None)
    if numbers is not None:
        return int((numbers[i] == numbers[i]).sum())
    return sum(n == n for n in map(parse_number, grid.values[i]))


def _header_cells(table, grid, transposed: bool) -> tuple[list | None, list[str]]:
    """The period cells as written in the file (None when they cannot be matched one to one
    with the grid's periods), and the header cells that are not periods ("2016 - 2020")."""
    from .user_files import parse_period

    if transposed:
        cells = [r[0] for r in table.rows if r and parse_period(r[0]) is not None]
        return ([str(c) for c in cells] if len(cells) == len(grid.periods) else None), []
    for row in table.rows:
        cells = [c for c in row[1:] if c not in (None, "")]
        found = [c for c in cells if parse_period(c) is not None]
        if found and len(found) * 2 >= len(cells):
            ignored = [str(c) for c in cells if parse_period(c) is None]
            return ([str(c) for c in found] if len(found) == len(grid.periods) else None), ignored
    return None, []


def _end_of(p, fye: str):
    from .user_files import _year_end

    if p.kind == "year":
        return _year_end(p.year, fye)
    if p.kind == "quarter":
        return _year_end(p.year - 1, fye) + pd.offsets.MonthEnd(3 * p.quarter)
    return p.end


def _transposed(table, grid) -> bool:
    first = {str(r[0]).strip() for r in table.rows if r and r[0] is not None}
    labels = [label for label in grid.labels if label]
    return bool(labels) and not any(label in first for label in labels)


def _units(grid, units, meta) -> tuple[str, str]:
    from .user_files import UNIT_NAMES, parse_units, scale_in

    if units not in (None, ""):
        return UNIT_NAMES.get(parse_units(units), str(units)), "the units option (--units)"
    if meta.get("units"):
        return UNIT_NAMES.get(parse_units(meta["units"]), meta["units"]), "the file's 'units' line"
    for text in grid.text:
        scale = scale_in(text)
        if scale:
            return UNIT_NAMES.get(scale, str(scale)), f"the text '{text}'"
    return "units", "not stated: values read as given (full currency units)"


def _currency(grid, options, meta, currency, shape, company) -> tuple[str, str]:
    from .user_files import currency_in

    if options.get("currency"):
        return str(options["currency"]).upper(), "the currency option"
    if meta.get("currency"):
        return str(meta["currency"]).upper(), "the file's 'currency' line"
    for text in grid.text:
        found = currency_in(text)
        if found:
            return found, f"the text '{text}'"
    if currency:
        return currency, f"the {shape}"
    assumed = any(getattr(n, "check", "") == "currency_assumed" for n in company.notes)
    return company.currency, ("not stated: USD assumed" if assumed else "from another table")


# --- checks and derived items ------------------------------------------------------------------

def checks_of(company: Company) -> list[Check]:
    """Each integrity check (`finlit.company.INTEGRITY_CHECKS`) per period: ok, failed (by how
    much) or not checked (what was missing)."""
    facts = company.facts
    reported = facts[~facts["derived"]]
    wide = reported.pivot_table(index=company.key, columns="line_item", values="value", aggfunc="last")
    out = []
    for check, (measure, _message) in INTEGRITY_CHECKS.items():
        title, needed, base_name = CHECKS.get(check, (check, (), "the base"))
        found = measure(wide) if len(wide) else None
        if found is None:
            missing = [ITEMS[k].label.lower() for k in needed if k not in wide]
            derived = [ITEMS[k].label.lower() for k in needed
                       if k not in wide and (facts["line_item"] == k).any()]
            detail = f"not reported: {', '.join(missing)}" + (
                f" ({', '.join(derived)} derived by finlit, which cannot check itself)" if derived else "")
            out.append(Check(check, title, "all periods", "not checked", detail))
            continue
        gap, base = found
        for at in wide.index:
            g, b = gap.get(at), base.get(at)
            label = company.period_label(at)
            if g is None or g != g or not b:
                out.append(Check(check, title, label, "not checked", "an item is missing in this period"))
                continue
            share = g / b
            ok = abs(g) <= BALANCE_TOLERANCE * abs(b)
            out.append(Check(check, title, label, "ok" if ok else "failed",
                             f"gap {share:+.2%} of {base_name}"))
    return out


def _derived(company: Company) -> list[dict]:
    derived = company.facts[company.facts["derived"]]
    return [{"item": item, "formula": str(g["source_key"].iloc[0]),
             "periods": [company.period_label(at) for at in sorted(set(g[company.key]))]}
            for item, g in derived.groupby("line_item", sort=False)]


__all__ = ["Inspection", "TableReading", "RowReading", "Check", "inspect", "checks_of"]
