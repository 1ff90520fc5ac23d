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

import math
from html import escape

import pandas as pd

from .industries import INDUSTRIES
from .items import ITEMS, STATEMENT_TITLES, label
from .ratios import RATIOS
from .ratios.registry import CATEGORIES

MILLION = 1e6
MISSING = "—"

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


def format_value(value, unit: str = "money", scale: float = MILLION) -> str:
    """A number as a person reads it; `MISSING` for NaN.

    money is divided by `scale` (millions by default) and shown with thousands separators.

    >>> format_value(-1234.5e6, "money"), format_value(float("nan"), "percent"), format_value(45.2, "days")
    ('-1,234', '—', '45 days')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if unit == "percent":
        return f"{value * 100:.1f}%"
    if unit == "times":
        return f"{value:.2f}×"
    if unit == "days":
        return f"{value:.0f} days"
    if unit == "per_share":
        return f"{value:,.2f}"
    if unit == "points":
        return f"{value:+.2f} pts"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "shares":
        return f"{value / MILLION:,.0f}"
    return f"{value / scale:,.0f}"


def format_metric(value, unit: str) -> str:
    """Like `format_value`, but money below a million is shown in full (IT spend per employee).

    >>> format_metric(11352.3, "money"), format_metric(27.87e6, "money"), format_metric(-8.97, "points")
    ('11,352', '28', '-8.97 pts')
    """
    if unit == "money" and not (value is None or value != value) and abs(value) < MILLION:
        return f"{value:,.0f}"
    return format_value(value, unit)


def _unit_of(key: str) -> str:
    item = ITEMS.get(key)
    return item.unit if item else "money"


def _table(caption: str, header: list[str], rows: list[tuple[str, list[tuple[str, str]], str]],
           notes: list[str] = ()) -> str:
    """rows: (row label, [(cell text, cell title)], css class); everything escaped here."""
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


def _text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)  # noqa: E731
                               for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


class Statement:
    """One statement of a company: line items × fiscal years.

    `.frame` has the raw values in currency units; `.tidy()` the long form with
    provenance. In a notebook it shows in millions, derived items in italics.
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
        return _table(self._caption(), header, list(self._rows()), notes)

    def __str__(self) -> str:
        if self.frame.empty:
            return f"{self._caption()}: no figures available."
        header = self._header()
        return self._caption() + "\n" + _text_table(header, [[n, *[c for c, _ in cells]]
                                                            for n, cells, _ in self._rows()])

    __repr__ = __str__


class RatioTable:
    """Ratios for one or more companies, with the reason for every missing value.

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
            rows.append((category.capitalize(), [], "section"))
            for key in keys:
                r = RATIOS[key]
                cells = []
                for at in periods:
                    v, why = values.at[at, key], reasons.at[at, key]
                    if why:
                        n = footnotes.setdefault(why, len(footnotes) + 1)
                        cells.append((f"{MISSING} [{n}]", why))
                    else:
                        cells.append((format_value(v, r.unit), r.formula))
                rows.append((r.name + (" (millions)" if r.unit == "money" else ""), cells, ""))
        notes = [f"[{n}] {why}" for why, n in footnotes.items()]
        company = next(c for c in self.companies if c.ticker == ticker)
        return [company.period_label(at) for at in periods], rows, notes

    def _repr_html_(self) -> str:
        parts = []
        for c in self.companies:
            years, rows, notes = self._company_rows(c.ticker)
            basis = " — average balances" if self.result.average_balances else ""
            caption = f"Ratios — {c.name} ({c.currency}){basis}"
            parts.append(_table(caption, ["", *years], rows, notes))
        return "".join(parts)

    def __str__(self) -> str:
        parts = []
        for c in self.companies:
            years, rows, notes = self._company_rows(c.ticker)
            body = [[n, *[t for t, _ in cells]] if css != "section" else [n.upper(), *[""] * len(years)]
                    for n, cells, css in rows]
            parts.append(f"Ratios — {c.name} ({c.currency})\n"
                         + _text_table(["", *years], body)
                         + ("\n" + "\n".join(notes) if notes else ""))
        return "\n\n".join(parts)

    __repr__ = __str__


class CompanyList:
    """The bundled companies as a table (`.frame`) that shows itself in notebooks."""

    def __init__(self, infos):
        self.infos = list(infos)

    def __len__(self) -> int:
        return len(self.infos)

    def __iter__(self):
        return iter(self.infos)

    @property
    def frame(self) -> pd.DataFrame:
        from .sources.bundled import load_bundled

        rows = []
        for i in self.infos:
            years = load_bundled(i.ticker).years
            rows.append({"ticker": i.ticker, "name": i.name, "industry": i.industry,
                         "years": f"FY{years[0]}–FY{years[-1]}" if years else "",
                         "first_year": years[0] if years else None, "last_year": years[-1] if years else None,
                         "currency": i.currency, "kind": "fictional" if i.fictional else "real"})
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        f = self.frame
        rows = [(r.ticker, [(r.name, ""), (INDUSTRIES.get(r.industry, r.industry), ""), (r.years, ""),
                            (r.currency, ""), (r.kind, "")], "") for r in f.itertuples()]
        return _table("Bundled companies", ["Ticker", "Name", "Industry", "Years", "Currency", "Kind"], rows)


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
