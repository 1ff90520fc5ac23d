"""Views that a person reads: statements, ratio tables and company lists.

Computing lives elsewhere; this module only formats. Every view keeps its
numbers as a DataFrame (`.frame`) and shows itself as an HTML table in
notebooks (`_repr_html_`) and as text in a terminal (`str()`): money in
millions with thousands separators, ratios as percents, times or days, and
a missing value shown with its reason. All text from data is HTML-escaped.

>>> format_value(0.44131, "percent"), format_value(383285e6, "money"), format_value(1.5, "times")
('44.1%', '383,285', '1.50×')
"""
from __future__ import annotations

import re
from numbers import Integral
from typing import Iterable, Mapping

import pandas as pd

from .industries import INDUSTRIES, KINDS
from .items import ITEMS, STATEMENT_ORDER, STATEMENT_TITLES, label
from .markup import NO_MATH
from .markup import escape_html as escape
from .numbers import MILLION, MISSING, cell
from .ratios import CATEGORIES, RATIOS, default_keys
from .ratios.registry import KIND_CATEGORIES, not_meaningful

CATEGORY_TITLES = {"it": "IT", "bank": "Bank"}  # section headings that are not the category capitalised
# how a line that is part of the one above (not added to the sum) is named in a statement
MEMO_LABELS = {"technology_expense": "of which: {label}",
               "allowance_for_loan_losses": "{label} (already deducted from loans)"}
OTHER_LINES = "Other reported lines"  # the section of lines outside a kind's own layout
PART_OF = {"interest_income": "net_interest_income", "interest_expense": "net_interest_income"}
# statements whose lines outside a kind's layout go inside it, before the total they are part of
# (a bank's goodwill before total assets); elsewhere they follow in OTHER_LINES (a vendor's
# "SG&A" of a bank is part of its noninterest expense: inside the chain it would be counted twice)
INLINE_EXTRAS = {"balance": ("total_assets", "total_liabilities")}


def _laid_out(keys: list[str], extra: list[str], statement: str) -> list[str]:
    """A kind's layout (`keys`) with the other lines the statement has (`extra`): before the first
    total (`INLINE_EXTRAS`) that follows them in the canonical order, or after the layout.

    >>> _laid_out(["cash_and_equivalents", "loans_net", "total_assets", "deposits", "total_liabilities"],
    ...           ["goodwill", "payables", "retained_earnings"], "balance")[2:]
    ['goodwill', 'total_assets', 'deposits', 'payables', 'total_liabilities', 'retained_earnings']
    """
    totals = INLINE_EXTRAS.get(statement, ())
    order = {k: i for i, k in enumerate(ITEMS)}
    out = list(keys)
    for e in extra:
        at = next((out.index(t) for t in totals if t in out and order.get(t, -1) > order.get(e, len(order))),
                  len(out))
        out.insert(at, e)
    return out


def _in_sentence(name: str) -> str:
    """'Gross margin' → 'gross margin'; 'EBITDA margin' stays."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def left_out_note(keys: list[str], kind: str) -> str:
    """The note for ratios left out of a table because they mean nothing for the kind of company.

    >>> left_out_note(["gross_margin", "current_ratio"], "bank")
    'Gross margin and current ratio are not meaningful for a bank, so they are left out.'
    """
    names = [_in_sentence(RATIOS[k].name) for k in keys]
    text = _join(names)
    one = len(names) == 1
    return (f"{text[:1].upper() + text[1:]} {'is' if one else 'are'} {not_meaningful(kind)}, "
            f"so {'it is' if one else 'they are'} left out.")

# Derived rows and missing values are set apart by italics, not by a paler colour: JupyterLab's
# secondary text colour (54% black) on its striped rows measured 4.496:1, below WCAG AA.
# Selectors start with `.finlit-output` (two classes): JupyterLab's own table rule
# (`:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th`, right-aligned) weighs as much as two.
# Label cells also carry `text-align:left` inline: where a renderer drops <style> (an untrusted
# notebook, a sanitising viewer), they stay left-aligned.
_CSS = """<style>
.finlit-output.finlit-scroll{overflow-x:auto;max-width:100%}
.finlit-table{border-collapse:collapse;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;
font-size:13px;margin:.5em 0;color:var(--jp-content-font-color1,inherit);background:transparent}
.finlit-table caption{text-align:left;font-weight:600;padding:4px 0;color:var(--jp-content-font-color1,inherit)}
.finlit-table th,.finlit-table td{padding:3px 10px;border-bottom:1px solid var(--jp-border-color2,#e3e3e3);
color:var(--jp-content-font-color1,inherit);background:transparent}
.finlit-output .finlit-table td.num,.finlit-output .finlit-table th.num{text-align:right;
font-variant-numeric:tabular-nums}
.finlit-output .finlit-table tbody th{text-align:left;font-weight:normal;white-space:nowrap}
.finlit-output .finlit-table thead th{text-align:right}
.finlit-output .finlit-table tr.section th{background:var(--jp-layout-color2,#f3f5f8);
color:var(--jp-content-font-color1,#1a1a1a);font-weight:600;text-align:left}
.finlit-table .derived th,.finlit-table .derived td{font-style:italic}
.finlit-table .na{font-style:italic}
.finlit-notes{font-family:system-ui,sans-serif;font-size:12px;color:var(--jp-content-font-color2,#4d4d4d);
margin:.2em 0 1em}
</style>"""


def format_value(value, unit: str = "money", money: str = "millions") -> str:
    """A number in a table cell, money in millions (`finlit.numbers.cell`); `MISSING` for NaN.

    >>> format_value(-1234.5e6, "money"), format_value(float("nan"), "percent"), format_value(45.2, "days")
    ('-1,234', '—', '45 days')
    """
    return cell(value, unit, money=money)


def format_metric(value, unit: str) -> str:
    """Like `format_value`, but money below a million is shown in full (IT spend per employee).

    >>> format_metric(11352.3, "money"), format_metric(27.87e6, "money"), format_metric(-8.97, "points")
    ('11,352', '28', '-8.97 pts')
    """
    return cell(value, unit, money="auto")


def _unit_of(key: str) -> str:
    item = ITEMS.get(key)
    return item.unit if item else "money"


LEFT = "text-align:left"   # the inline style of label cells
_NUMBER = re.compile(r"^[-−+(]?\s?[$£€¥]?\s?\d")   # a cell that starts as a number does


def _word_columns(rows) -> set[int]:
    """The columns (0 = the first after the labels) whose cells are words, not numbers: read
    from the left like the labels (a benchmark's source, its statistic).

    >>> sorted(_word_columns([("a", [("3.7%", ""), ("median", ""), ("—", "")], "")]))
    [1]
    """
    columns: dict[int, bool] = {}
    for _, cells, css in rows:
        for j, (text, _) in enumerate(cells):
            if text.startswith(MISSING) or text in ("", "n/a"):
                continue
            columns[j] = columns.get(j, True) and not _NUMBER.match(text)
    return {j for j, is_words in columns.items() if is_words}


def html_table(caption: str, header: list[str], rows: list[tuple[str, list[tuple[str, str]], str]],
               notes: Iterable[str] = ()) -> str:
    """An HTML table in finlit's style; everything is escaped here. Colours come from
    JupyterLab's theme variables (light and dark alike) with light fallbacks elsewhere, and
    the table sits in a MathJax-ignore container, so '$' amounts never turn into maths.

    rows: (row label, [(cell text, cell title)], css class: '' or 'derived' or 'section').
    Labels, and columns of words (`_word_columns`), are left-aligned by an inline style too
    (JupyterLab right-aligns table cells), numbers right; a table wider than the output
    scrolls inside it.

    >>> html_table("Demo", ["", "FY2023"], [("<b>", [("1", "")], "")]).count("&lt;b&gt;")
    1
    >>> '<th style="text-align:left">Revenue</th>' in html_table("", ["", "FY2023"], [("Revenue", [("1", "")], "")])
    True
    """
    notes = list(notes)
    words = _word_columns(rows)
    out = [f'<div class="finlit-output finlit-scroll {NO_MATH}">', _CSS, '<table class="finlit-table">',
           f'<caption style="{LEFT}">{escape(caption)}</caption>', "<thead><tr>"]
    out += [f'<th style="{LEFT}">{escape(h)}</th>' if i == 0 or i - 1 in words else f'<th class="num">{escape(h)}</th>'
            for i, h in enumerate(header)]
    out.append("</tr></thead><tbody>")
    for name, cells, css in rows:
        if css == "section":
            out.append(f'<tr class="section"><th colspan="{len(header)}" style="{LEFT}">{escape(name)}</th></tr>')
            continue
        out.append(f'<tr class="{css}"><th style="{LEFT}">{escape(name)}</th>')
        for j, (text, title) in enumerate(cells):
            tip = f' title="{escape(title)}"' if title else ""
            if j in words:
                out.append(f'<td class="text" style="{LEFT}"{tip}>{escape(text)}</td>')
                continue
            cls = "num na" if text.startswith(MISSING) or text == "n/a" else "num"
            out.append(f'<td class="{cls}"{tip}>{escape(text)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    if notes:
        out.append('<div class="finlit-notes">' + "<br>".join(escape(n) for n in notes) + "</div>")
    out.append("</div>")
    return "".join(out)


def text_table(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    """A plain-text table for a terminal: the first `left` columns (labels) left-aligned,
    the others (numbers) right-aligned.

    >>> print(text_table(["", "FY2023"], [["Revenue", "383,285"]]))
              FY2023
    -------  -------
    Revenue  383,285
    """
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i < left else str(c).rjust(w)  # noqa: E731
                               for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    return "\n".join([line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


def _periods(columns, newest_first: bool = False) -> list:
    """The periods of a table in the order shown. A notebook or a briefing shows the newest year
    first, beside the labels, as annual reports do: with ten years the latest figures stay in
    view however narrow the output; `.frame` and the terminal keep time order.

    >>> _periods([2021, 2022, 2023], newest_first=True)
    [2023, 2022, 2021]
    """
    periods = list(columns)
    return periods[::-1] if newest_first else periods


_YEAR_LABEL = re.compile(r"^(?:FY ?)?(\d{4})$")


def _fiscal_year(column) -> int | None:
    """The fiscal year a column stands for (2024, "2024" or "FY2024"), else None.

    >>> _fiscal_year("FY2025"), _fiscal_year(2023), _fiscal_year("year 1"), _fiscal_year("plan")
    (2025, 2023, None, None)
    """
    if isinstance(column, bool):
        return None
    if isinstance(column, Integral):
        return int(column) if 1900 <= column <= 2199 else None
    match = _YEAR_LABEL.match(str(column)) if isinstance(column, str) else None
    return int(match.group(1)) if match and 1900 <= int(match.group(1)) <= 2199 else None


def year_column_order(columns, newest_first: bool = False) -> list[int]:
    """The positions of a table's columns in the order shown. When every column is a fiscal
    year (`_fiscal_year`: an IT ratio table, a common-size statement), a notebook or a briefing
    shows the newest first, as a statement does (`_periods`); the terminal, and any other columns
    (plan and actual, a plan's "year 1", companies), keep the frame's order.

    >>> year_column_order(["FY2023", "FY2024", "FY2025"], newest_first=True)
    [2, 1, 0]
    >>> year_column_order(["year 0", "year 1"], newest_first=True), year_column_order(["FY2024", "FY2025"])
    ([0, 1], [0, 1])
    """
    positions = list(range(len(columns)))
    years = [_fiscal_year(c) for c in columns]
    if not newest_first or None in years:
        return positions
    return _periods(sorted(positions, key=years.__getitem__), newest_first)


class FrameView:
    """A view that answers like the DataFrame it wraps (`.frame`): `.loc`, `.T`, `[...]`,
    `len()`, iteration over the columns and any other DataFrame attribute."""

    frame: pd.DataFrame

    def __getattr__(self, name):
        if name == "frame" or name.startswith("__"):  # not set yet (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self.frame, name)

    def __getitem__(self, key):
        return self.frame[key]

    def __iter__(self):
        return iter(self.frame)

    def __len__(self) -> int:
        return len(self.frame)


class Statement(FrameView):
    """One statement of a company: line items × fiscal years.

    `.frame` has the raw values in currency units; `.tidy()` the long form with
    provenance. In a notebook it shows in millions, derived items in italics. A kind of
    company with its own layout (`items.STATEMENT_ORDER`: a bank) is shown in it: net interest
    income + noninterest income = total net revenue (the bank's revenue, shown once), the
    provision and noninterest expense (its technology line as "of which"), income before taxes;
    lines outside that chain follow under "Other reported lines". It answers like its frame:

    >>> import finlit
    >>> income = finlit.load("AAPL").income_statement
    >>> float(income.loc["revenue", 2023]) / 1e6, income.T.shape[1] == len(income), list(income)[:1]
    (383285.0, True, [2016])
    """

    def __init__(self, company, name: str):
        self.company = company
        self.name = name
        self.title = STATEMENT_TITLES[name]
        self.kind = company.kind
        frame = company.wide(name)
        # a kind that lays this statement out its own way (a bank: net interest income first)
        layout = STATEMENT_ORDER.get(self.kind, {}).get(name, ())
        # a line shown in the layout only beside the line it is part of (a bank's interest expense
        # beside its net interest income: without it, it is another reported line, not a cost)
        self.layout = tuple(k for k in layout if PART_OF.get(k) is None or PART_OF[k] in frame.index)
        if self.layout:
            frame = frame.reindex(_laid_out([k for k in self.layout if k in frame.index],
                                            [k for k in frame.index if k not in self.layout], name))
        self.frame = frame

    def tidy(self) -> pd.DataFrame:
        t = self.company.tidy()
        return t[t["statement"] == self.name].reset_index(drop=True)

    def _derived(self) -> set:
        f, key = self.company.facts, self.company.key
        return set(zip(f.loc[f["derived"], "line_item"], f.loc[f["derived"], key]))

    def _header(self, newest_first: bool = False) -> list[str]:
        return ["", *[self.company.period_label(at) for at in _periods(self.frame.columns, newest_first)]]

    @property
    def _money(self) -> str:
        """"millions", or "units" when every amount is under a million (a small company, or a
        file in millions read without its units: shown as read, never as a column of zeros)."""
        amounts = self.frame.loc[[k for k in self.frame.index if _unit_of(k) == "money"]]
        biggest = amounts.abs().max().max() if not amounts.empty else float("nan")
        return "units" if biggest == biggest and biggest < 1e6 else "millions"

    def _caption(self) -> str:
        scale = "" if self._money == "units" else " millions"
        return f"{self.title} — {self.company.name} ({self.company.currency}{scale} unless stated)"

    def _shown(self) -> list[str]:
        """The rows shown: a bank's revenue is its total net revenue, shown once."""
        keys = list(self.frame.index)
        if self.layout and {"revenue", "total_net_revenue"} <= set(keys):
            both = self.frame.loc[["revenue", "total_net_revenue"]].dropna(axis=1)
            if ((both.iloc[0] - both.iloc[1]).abs() <= 0.005 * both.iloc[1].abs()).all():
                keys.remove("revenue")
        return keys

    def _rows(self, newest_first: bool = False):
        derived, money = self._derived(), self._money
        other = False
        for key in self._shown():
            row = self.frame.loc[key, _periods(self.frame.columns, newest_first)]
            if self.layout and key not in self.layout and self.name not in INLINE_EXTRAS and not other:
                other = True
                yield OTHER_LINES, [], "section"
            unit = _unit_of(key)
            name = label(key) + (" (millions)" if unit == "shares" else "")
            if self.layout and key in MEMO_LABELS:
                name = MEMO_LABELS[key].format(label=_in_sentence(name))
                name = name[:1].upper() + name[1:]
            cells = []
            for year, v in row.items():
                text = format_value(v, unit, money)
                title = "not reported" if text == MISSING else (
                    "derived by finlit" if (key, year) in derived else "")
                cells.append((text, title))
            css = "derived" if any((key, y) in derived for y in self.frame.columns) else ""
            yield name, cells, css

    def _repr_html_(self) -> str:
        if self.frame.empty:
            return f"<p>{escape(self._caption())}: no figures available.</p>"
        header = self._header(newest_first=True)
        rows = list(self._rows(newest_first=True))
        notes = ["Italic rows are derived by finlit from reported figures."] if self._derived() & {
            (k, y) for k in self.frame.index for y in self.frame.columns} else []
        if any(text == MISSING for _, cells, _ in rows for text, _ in cells):
            notes.append(f"{MISSING}: the data has no figure for this line in that year "
                         "(not reported, or not in the source).")
        return html_table(self._caption(), header, rows, notes)

    def __str__(self) -> str:
        if self.frame.empty:
            return f"{self._caption()}: no figures available."
        header = self._header()
        body = [[n, *[c for c, _ in cells]] if css != "section" else [n.upper(), *[""] * (len(header) - 1)]
                for n, cells, css in self._rows()]
        return self._caption() + "\n" + text_table(header, body)

    __repr__ = __str__


class RatioTable(FrameView):
    """Ratios for one or more companies, with the reason for every missing value; it answers
    like its frame (ratios × periods). A ratio that means nothing for a company's kind (a bank's
    gross margin) is not shown as an empty row: one note under the company's table names it.

    >>> import finlit
    >>> t = finlit.load("AAPL").ratios(["return_on_equity"])
    >>> t.reason("return_on_equity", 2023) is None
    True
    """

    def __init__(self, companies, result):
        self.companies = list(companies)
        self.result = result
        self.keys = list(result.values.columns)

    @property
    def single(self) -> bool:
        return len(self.companies) == 1

    def _locate(self, key, period, company):
        if pd.api.types.is_datetime64_any_dtype(self.result.values.index.get_level_values(-1)):
            period = pd.Timestamp(period)
        if self.single:
            return period
        return (company or self.companies[0].ticker, period)

    def value(self, key: str, fiscal_year: int, company: str | None = None) -> float:
        """One ratio value (NaN when not available)."""
        try:
            return float(self.result.values.loc[self._locate(key, fiscal_year, company), key])
        except KeyError:
            return float("nan")

    def reason(self, key: str, fiscal_year: int, company: str | None = None):
        """Why a value is missing (None when it is there). A ratio left out of the table because it
        means nothing for the company's kind gives that reason ("not meaningful for a bank")."""
        kind = self.kind(company)
        if key not in self.keys and key in RATIOS and not RATIOS[key].meaningful_for(kind):
            return not_meaningful(kind)
        try:
            return self.result.reasons.loc[self._locate(key, fiscal_year, company), key]
        except KeyError:
            if key not in self.keys:
                return f"{key} was not computed for this table: ask for it by name"
            return f"FY{fiscal_year} is not in the data"

    def kind(self, company: str | None = None) -> str:
        """The kind of company (operating, bank, insurer, other_financial) the ratios were computed for."""
        ticker = company or self.companies[0].ticker
        kinds = getattr(self.result, "kinds", None)
        if kinds is not None and not self.single:
            kinds = kinds[kinds.index.get_level_values(0) == ticker]
        if kinds is not None and len(kinds) and kinds.iloc[0]:
            return kinds.iloc[0]
        return next((c for c in self.companies if c.ticker == ticker), self.companies[0]).kind

    def _left_out(self, ticker, values) -> tuple[list[str], list[str]]:
        """(the ratios to show, the ratios left out as not meaningful for this company's kind)."""
        kind = self.kind(ticker)
        pointless = getattr(self.result, "not_meaningful", None)
        if pointless is None:  # a result without the flags: read the reasons
            reasons = self.result.reasons if self.single else self.result.reasons.xs(ticker, level=0)
            pointless = reasons == not_meaningful(kind)
        elif not self.single:
            pointless = pointless.xs(ticker, level=0)
        out = [k for k in self.keys if len(values) and bool(pointless[k].all())]
        if set(default_keys(kind)) <= set(self.keys):  # the default selection: say what it leaves out
            out += [k for k in default_keys() if not RATIOS[k].meaningful_for(kind) and k not in out]
        return [k for k in self.keys if k not in out], out

    @property
    def frame(self) -> pd.DataFrame:
        """Ratios × fiscal years (one company) or ratios × (company, fiscal year)."""
        return self.result.values.T

    def long(self, left_out: bool = False) -> pd.DataFrame:
        """company, fiscal_year, period_end, ratio, value, reason — one row per value.

        `left_out=True` adds, per year, the catalogue's ratios left out because they mean
        nothing for the company's kind (a bank's gross margin): value NaN, reason "not
        meaningful for a bank" (what `finlit ratios --format csv` writes).
        """
        out = self._long()
        if not left_out:
            return out
        extra = []
        for c in self.companies:
            values = self.result.values if self.single else self.result.values.xs(c.ticker, level=0)
            mine = out[out["company"] == c.ticker].drop_duplicates("fiscal_year")
            for key in self._left_out(c.ticker, values)[1]:
                if key in self.keys:
                    continue     # asked for by name: already in the table, with its reason
                extra += [(c.ticker, year, end, key, float("nan"), not_meaningful(self.kind(c.ticker)))
                          for year, end in zip(mine["fiscal_year"], mine["period_end"])]
        return pd.concat([out, pd.DataFrame(extra, columns=out.columns)], ignore_index=True) if extra else out

    def _long(self) -> pd.DataFrame:
        values, reasons = self.result.values, self.result.reasons
        if self.single:
            values = pd.concat({self.companies[0].ticker: values})
            reasons = pd.concat({self.companies[0].ticker: reasons})
        out = values.stack(future_stack=True).rename("value").reset_index()
        out.columns = ["company", "period", "ratio", "value"]
        out["reason"] = reasons.stack(future_stack=True).to_numpy()
        by_ticker = {c.ticker: c for c in self.companies}
        ends, years = {}, {}
        for c in self.companies:
            f = c.facts.groupby(c.key).agg(end=("period_end", "max"), year=("fiscal_year", "max"))
            ends[c.ticker], years[c.ticker] = f["end"], f["year"]
        pairs = list(zip(out["company"], out["period"]))
        out.insert(1, "fiscal_year", [int(years[c].get(p, p if by_ticker[c].key == "fiscal_year" else 0))
                                      for c, p in pairs])
        out.insert(2, "period_end", pd.to_datetime([ends[c].get(p) for c, p in pairs]).date)
        out = out.drop(columns="period")
        order = {k: i for i, k in enumerate(self.keys)}
        return out.sort_values(["company", "ratio", "period_end"], key=lambda s: s.map(order)
                               if s.name == "ratio" else s, kind="stable").reset_index(drop=True)

    def _company_rows(self, ticker, newest_first: bool = False):
        """(period labels, rows, notes) of one company; the ratios that mean nothing for its kind
        are left out, with one note naming them. Footnotes are numbered in reading order."""
        values, reasons = self.result.values, self.result.reasons
        if not self.single:
            values, reasons = values.xs(ticker, level=0), reasons.xs(ticker, level=0)
        periods = _periods(values.index, newest_first)
        shown, left_out = self._left_out(ticker, values)
        kind = self.kind(ticker)
        footnotes: dict[str, int] = {}
        rows = []
        own = [c for c in CATEGORIES if kind in KIND_CATEGORIES.get(c, ())]  # a bank: bank ratios first
        for category in own + [c for c in CATEGORIES if c not in own]:
            keys = [k for k in shown if RATIOS[k].category == category]
            if not keys:
                continue
            rows.append((CATEGORY_TITLES.get(category, category.capitalize()), [], "section"))
            for key in keys:
                r = RATIOS[key]
                # money in millions, unless every amount is smaller (IT spend per employee)
                millions = r.unit == "money" and values[key].abs().max() >= MILLION
                cells = []
                for at in periods:
                    v, why = values.at[at, key], reasons.at[at, key]
                    if why:
                        n = footnotes.setdefault(why, len(footnotes) + 1)
                        cells.append((f"{MISSING} [{n}]", why))
                    else:
                        cells.append((cell(v, r.unit, money="millions" if millions else "auto"), r.formula))
                rows.append((r.name + (" (millions)" if millions else ""), cells, ""))
        notes = [f"[{n}] {why}" for why, n in footnotes.items()]
        if left_out:
            notes.append(left_out_note(left_out, kind))
        company = next(c for c in self.companies if c.ticker == ticker)
        return [company.period_label(at) for at in periods], rows, notes

    def _repr_html_(self) -> str:
        parts = []
        for c in self.companies:
            years, rows, notes = self._company_rows(c.ticker, newest_first=True)
            basis = " — average balances" if self.result.average_balances else ""
            caption = f"Ratios — {c.name} ({c.currency}){basis}"
            parts.append(html_table(caption, ["", *years], rows, notes))
        return "".join(parts)

    def __str__(self) -> str:
        parts = []
        for c in self.companies:
            years, rows, notes = self._company_rows(c.ticker)
            body = [[n, *[t for t, _ in cells]] if css != "section" else [n.upper(), *[""] * len(years)]
                    for n, cells, css in rows]
            parts.append(f"Ratios — {c.name} ({c.currency})\n"
                         + text_table(["", *years], body)
                         + ("\n" + "\n".join(notes) if notes else ""))
        return "\n\n".join(parts)

    __repr__ = __str__


class CompanyList:
    """Companies as a table: iterate for their `CompanyInfo`s, `.frame` for a DataFrame;
    a table in notebooks (`_repr_html_`) and in a terminal (`str()`).

    `years` maps each ticker to its fiscal years (the caller loads them: display never loads).
    """

    # kind: operating company, bank, insurer…; data: real published figures or fictional
    COLUMNS = ["ticker", "name", "industry", "kind", "years", "currency", "data"]

    def __init__(self, infos, years: Mapping[str, list] | None = None):
        self.infos = list(infos)
        self.years = dict(years or {})

    def __len__(self) -> int:
        return len(self.infos)

    def __iter__(self):
        return iter(self.infos)

    @property
    def frame(self) -> pd.DataFrame:
        rows = []
        for i in self.infos:
            years = self.years.get(i.ticker) or []
            rows.append({"ticker": i.ticker, "name": i.name, "industry": i.industry,
                         "years": f"FY{years[0]}–FY{years[-1]}" if years else "",
                         "first_year": years[0] if years else None, "last_year": years[-1] if years else None,
                         "currency": i.currency, "kind": i.kind,
                         "data": "fictional" if i.fictional else "real"})
        return pd.DataFrame(rows, columns=[*self.COLUMNS, "first_year", "last_year"])

    def _rows(self) -> list[list[str]]:
        return [[r.ticker, r.name, INDUSTRIES.get(r.industry, r.industry), KINDS.get(r.kind, r.kind),
                 r.years, r.currency, r.data] for r in self.frame.itertuples()]

    def _repr_html_(self) -> str:
        rows = [(r[0], [(c, "") for c in r[1:]], "") for r in self._rows()]
        return html_table("Bundled companies", [c.capitalize() for c in self.COLUMNS], rows)

    def __str__(self) -> str:
        return text_table(self.COLUMNS, [[r.ticker, r.name, r.industry, r.kind, r.years, r.currency, r.data]
                                         for r in self.frame.itertuples()], left=len(self.COLUMNS))

    __repr__ = __str__


def company_html(company) -> str:
    """A short card: who the company is (industry, and its kind when it is a bank, an insurer
    or another financial company), its years, and its data-quality notes."""
    i = company.info
    years = company.years
    kind = company.kind
    parts = [f"<h3>{escape(i.name)} ({escape(i.ticker)})</h3><p>",
             escape(INDUSTRIES.get(i.industry, i.industry)),
             f" · {escape(KINDS.get(kind, kind))}" if kind != "operating" else "",
             f" · {escape(i.currency)} · FY{years[0]}–FY{years[-1]}" if years else "",
             " · fictional" if i.fictional else "", "</p>"]
    if i.description:
        parts.append(f"<p>{escape(i.description)}</p>")
    if company.notes:
        parts.append("<p><b>Data-quality notes</b></p><ul>"
                     + "".join(f"<li>{escape(str(n))}</li>" for n in company.notes) + "</ul>")
    return "".join(parts)


class Table:
    """Numbers a notebook shows: `.frame` keeps them, the HTML says them as a person reads them.

    `units` gives the unit of each column (or of each row, when the row name is a key), one
    of `finlit.numbers.UNITS`; default money, spelled in words ('$97.0 billion') because
    such tables mix scales. When every column is a fiscal year, the HTML shows the newest
    first, beside the labels (`year_column_order`); `.frame` and `str()` keep time order.

    >>> t = Table(pd.DataFrame({"a": [0.25]}, index=["x"]), {"a": "percent"}, "Demo")
    >>> "25.0%" in t._repr_html_(), str(t).splitlines()[-1].split()
    (True, ['x', '25.0%'])
    """

    def __init__(self, frame: pd.DataFrame, units: Mapping[str, str] | str = "money", caption: str = "",
                 currency: str = "USD", notes: Iterable[str] = ()):
        self.frame = frame
        self.units = units
        self.caption = caption
        self.currency = currency or "USD"
        self.notes = list(notes)

    def unit(self, row, column) -> str:
        if isinstance(self.units, str):
            return self.units
        return self.units.get(column) or self.units.get(row) or "money"

    def cells(self) -> list[list[str]]:
        f = self.frame
        return [[cell(f.iat[i, j], self.unit(r, c), money="words", currency=self.currency)
                 for j, c in enumerate(f.columns)] for i, r in enumerate(f.index)]

    def _header(self) -> list[str]:
        return [str(self.frame.index.name or "")] + [str(c) for c in self.frame.columns]

    def _repr_html_(self) -> str:
        # years as columns: the newest beside the labels, as in a statement (`year_column_order`)
        order = year_column_order(self.frame.columns, newest_first=True)
        header = self._header()
        rows = [(str(r), [(cells[j], "") for j in order], "") for r, cells in zip(self.frame.index, self.cells())]
        return html_table(self.caption, [header[0], *[header[1 + j] for j in order]], rows, self.notes)

    def __str__(self) -> str:
        body = [[str(r), *cells] for r, cells in zip(self.frame.index, self.cells())]
        return (self.caption + "\n" if self.caption else "") + text_table(self._header(), body)

    __repr__ = __str__
