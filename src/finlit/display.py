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

from typing import Iterable, Mapping

import pandas as pd

from .industries import INDUSTRIES
from .items import ITEMS, STATEMENT_TITLES, label
from .markup import escape_html as escape
from .numbers import MILLION, MISSING, cell
from .ratios import CATEGORIES, RATIOS

CATEGORY_TITLES = {"it": "IT"}  # section headings that are not the category capitalised

_CSS = """<style>
.finlit-table{border-collapse:collapse;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;
font-size:13px;margin:.5em 0}
.finlit-table caption{text-align:left;font-weight:600;padding:4px 0}
.finlit-table th,.finlit-table td{padding:3px 10px;border-bottom:1px solid #e3e3e3}
.finlit-table td.num,.finlit-table th.num{text-align:right;font-variant-numeric:tabular-nums}
.finlit-table tbody th{text-align:left;font-weight:normal;white-space:nowrap}
.finlit-table thead th{text-align:right}
.finlit-table tr.section th{background:#f3f5f8;font-weight:600}
.finlit-table .derived{font-style:italic;color:#555}
.finlit-table .na{color:#999}
.finlit-notes{font-family:system-ui,sans-serif;font-size:12px;color:#555;margin:.2em 0 1em}
</style>"""


def format_value(value, unit: str = "money") -> str:
    """A number in a table cell, money in millions (`finlit.numbers.cell`); `MISSING` for NaN.

    >>> format_value(-1234.5e6, "money"), format_value(float("nan"), "percent"), format_value(45.2, "days")
    ('-1,234', '—', '45 days')
    """
    return cell(value, unit)


def format_metric(value, unit: str) -> str:
    """Like `format_value`, but money below a million is shown in full (IT spend per employee).

    >>> format_metric(11352.3, "money"), format_metric(27.87e6, "money"), format_metric(-8.97, "points")
    ('11,352', '28', '-8.97 pts')
    """
    return cell(value, unit, money="auto")


def _unit_of(key: str) -> str:
    item = ITEMS.get(key)
    return item.unit if item else "money"


def html_table(caption: str, header: list[str], rows: list[tuple[str, list[tuple[str, str]], str]],
               notes: Iterable[str] = ()) -> str:
    """An HTML table in finlit's style; everything is escaped here.

    rows: (row label, [(cell text, cell title)], css class: '' or 'derived' or 'section').

    >>> html_table("Demo", ["", "FY2023"], [("<b>", [("1", "")], "")]).count("&lt;b&gt;")
    1
    """
    notes = list(notes)
    out = [_CSS, '<table class="finlit-table">', f"<caption>{escape(caption)}</caption>", "<thead><tr>"]
    out += [f'<th class="{"num" if i else ""}">{escape(h)}</th>' for i, h in enumerate(header)]
    out.append("</tr></thead><tbody>")
    for name, cells, css in rows:
        if css == "section":
            out.append(f'<tr class="section"><th colspan="{len(header)}">{escape(name)}</th></tr>')
            continue
        out.append(f'<tr class="{css}"><th>{escape(name)}</th>')
        for text, title in cells:
            cls = "num na" if text.startswith(MISSING) or text == "n/a" else "num"
            tip = f' title="{escape(title)}"' if title else ""
            out.append(f'<td class="{cls}"{tip}>{escape(text)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    if notes:
        out.append('<div class="finlit-notes">' + "<br>".join(escape(n) for n in notes) + "</div>")
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
    provenance. In a notebook it shows in millions, derived items in italics. It answers
    like its frame:

    >>> import finlit
    >>> income = finlit.load("AAPL").income_statement
    >>> float(income.loc["revenue", 2023]) / 1e6, income.T.shape[1] == len(income), list(income)[:1]
    (383285.0, True, [2016])
    """

    def __init__(self, company, name: str):
        self.company = company
        self.name = name
        self.title = STATEMENT_TITLES[name]
        self.frame = company.wide(name)

    def tidy(self) -> pd.DataFrame:
        t = self.company.tidy()
        return t[t["statement"] == self.name].reset_index(drop=True)

    def _derived(self) -> set:
        f, key = self.company.facts, self.company.key
        return set(zip(f.loc[f["derived"], "line_item"], f.loc[f["derived"], key]))

    def _header(self) -> list[str]:
        return ["", *[self.company.period_label(at) for at in self.frame.columns]]

    def _caption(self) -> str:
        return f"{self.title} — {self.company.name} ({self.company.currency} millions unless stated)"

    def _rows(self):
        derived = self._derived()
        for key, row in self.frame.iterrows():
            unit = _unit_of(key)
            name = label(key) + (" (millions)" if unit == "shares" else "")
            cells = []
            for year, v in row.items():
                text = format_value(v, unit)
                title = "not reported" if text == MISSING else (
                    "derived by finlit" if (key, year) in derived else "")
                cells.append((text, title))
            css = "derived" if any((key, y) in derived for y in self.frame.columns) else ""
            yield name, cells, css

    def _repr_html_(self) -> str:
        if self.frame.empty:
            return f"<p>{escape(self._caption())}: no figures available.</p>"
        header = self._header()
        notes = ["Italic rows are derived by finlit from reported figures."] if self._derived() & {
            (k, y) for k in self.frame.index for y in self.frame.columns} else []
        return html_table(self._caption(), header, list(self._rows()), notes)

    def __str__(self) -> str:
        if self.frame.empty:
            return f"{self._caption()}: no figures available."
        header = self._header()
        return self._caption() + "\n" + text_table(header, [[n, *[c for c, _ in cells]]
                                                            for n, cells, _ in self._rows()])

    __repr__ = __str__


class RatioTable(FrameView):
    """Ratios for one or more companies, with the reason for every missing value; it answers
    like its frame (ratios × periods).

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
        """Why a value is missing (None when it is there)."""
        try:
            return self.result.reasons.loc[self._locate(key, fiscal_year, company), key]
        except KeyError:
            return f"FY{fiscal_year} is not in the data"

    @property
    def frame(self) -> pd.DataFrame:
        """Ratios × fiscal years (one company) or ratios × (company, fiscal year)."""
        return self.result.values.T

    def long(self) -> pd.DataFrame:
        """company, fiscal_year, period_end, ratio, value, reason — one row per value."""
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

    def _company_rows(self, ticker):
        values, reasons = self.result.values, self.result.reasons
        if not self.single:
            values, reasons = values.xs(ticker, level=0), reasons.xs(ticker, level=0)
        periods = list(values.index)
        footnotes: dict[str, int] = {}
        rows = []
        for category in CATEGORIES:
            keys = [k for k in self.keys if RATIOS[k].category == category]
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
        company = next(c for c in self.companies if c.ticker == ticker)
        return [company.period_label(at) for at in periods], rows, notes

    def _repr_html_(self) -> str:
        parts = []
        for c in self.companies:
            years, rows, notes = self._company_rows(c.ticker)
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

    COLUMNS = ["ticker", "name", "industry", "years", "currency", "kind"]

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
                         "currency": i.currency, "kind": "fictional" if i.fictional else "real"})
        return pd.DataFrame(rows, columns=[*self.COLUMNS, "first_year", "last_year"])

    def _rows(self) -> list[list[str]]:
        return [[r.ticker, r.name, INDUSTRIES.get(r.industry, r.industry), r.years, r.currency, r.kind]
                for r in self.frame.itertuples()]

    def _repr_html_(self) -> str:
        rows = [(r[0], [(c, "") for c in r[1:]], "") for r in self._rows()]
        return html_table("Bundled companies", [c.capitalize() for c in self.COLUMNS], rows)

    def __str__(self) -> str:
        return text_table(self.COLUMNS, [[r.ticker, r.name, r.industry, r.years, r.currency, r.kind]
                                         for r in self.frame.itertuples()], left=len(self.COLUMNS))

    __repr__ = __str__


def company_html(company) -> str:
    """A short card: who the company is, its years, and its data-quality notes."""
    i = company.info
    years = company.years
    parts = [f"<h3>{escape(i.name)} ({escape(i.ticker)})</h3><p>",
             escape(INDUSTRIES.get(i.industry, i.industry)),
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
    such tables mix scales.

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
        rows = [(str(r), [(text, "") for text in cells], "") for r, cells in zip(self.frame.index, self.cells())]
        return html_table(self.caption, self._header(), rows, self.notes)

    def __str__(self) -> str:
        body = [[str(r), *cells] for r, cells in zip(self.frame.index, self.cells())]
        return (self.caption + "\n" if self.caption else "") + text_table(self._header(), body)

    __repr__ = __str__
