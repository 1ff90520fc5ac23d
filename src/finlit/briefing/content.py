"""What a briefing shows, section by section; the notebook only calls these.

Each method returns something a notebook displays: finlit's HTML (escaped already),
a statement or ratio table, or a plotly figure. Each glossary term is linked at its first
use in the whole briefing to its definition in the glossary at the end, which defines
every term used, once.

>>> b = Briefing("LARKSPUR")
>>> b.company.name, b.year, b.it.spend.source
('Larkspur Components Inc.', 2025, 'budget')
"""
from __future__ import annotations

import os
from functools import cached_property

from ..markup import escape_html as escape
from ..markup import no_math_html
from ..sources import load

# the ratios a briefing explains and draws, by the kind of company: a bank is judged by its
# efficiency, credit costs, funding and capital, never by a gross margin or a current ratio
KEY_RATIOS = {
    "operating": ("gross_margin", "operating_margin", "net_margin", "free_cash_flow_margin",
                  "current_ratio", "debt_to_equity", "revenue_growth", "return_on_equity"),
    "bank": ("efficiency_ratio", "net_interest_income_share", "provision_to_loans",
             "loans_to_deposits", "equity_to_assets", "return_on_assets", "return_on_equity",
             "revenue_growth"),
    "insurer": ("net_margin", "return_on_assets", "return_on_equity", "revenue_growth"),
    "other_financial": ("net_margin", "return_on_assets", "return_on_equity", "revenue_growth"),
}
TREND_CHARTS = {
    "operating": ("operating_margin", "net_margin", "current_ratio", "revenue_growth"),
    "bank": ("efficiency_ratio", "net_margin", "equity_to_assets", "revenue_growth"),
    "insurer": ("net_margin", "return_on_equity", "revenue_growth"),
    "other_financial": ("net_margin", "return_on_equity", "revenue_growth"),
}
# each section's heading and one line on what it shows, by the kind of company
SECTIONS = {
    "operating": {
        "income": ("The income statement", "What the company sold, what it cost, and what was left."),
        "balance": ("The balance sheet", "What the company owns, what it owes, and what belongs to "
                                         "its owners at the end of each year."),
        "cashflow": ("The cash-flow statement", "Where the cash came from and where it went."),
        "ratios": ("Key ratios", "Each ratio in plain words, then how the most telling ones moved "
                                 "over the years."),
    },
    "bank": {
        "income": ("How the bank makes money", "A bank earns more on its loans than it pays on its "
                   "deposits, and charges fees; it sets money aside for loans that may go bad and "
                   "pays to run the bank. What is left is its profit."),
        "balance": ("Loans, deposits and capital", "What the bank has lent, what it owes its "
                    "depositors, and the owners' capital under it all."),
        "cashflow": ("The cash-flow statement", "A bank's cash moves with its lending and its "
                     "deposits, so its cash flow says little about how the business did."),
        "ratios": ("Efficiency, credit and capital", "The ratios a bank is judged by: what it costs "
                   "to run, what bad loans cost, how deposits fund the loans, and its capital."),
    },
}


class HTMLBlock:
    """A piece of finlit-made HTML that notebooks display (its text is escaped already), in a
    MathJax-ignore container: "$27 of each $100" in a briefing's audit notebook stays money.

    >>> HTMLBlock("<p>$27 of each $100</p>")._repr_html_().startswith('<div class="finlit-output tex2jax_ignore')
    True
    """

    def __init__(self, html: str):
        self.html = html

    def _repr_html_(self) -> str:
        return no_math_html(self.html)


class Briefing:
    """The content of one briefing: a company, a focus year, and its IT spend."""

    def __init__(self, target: str | list, source: str = "", it_budget: str = "", industry: str = "",
                 fiscal_year: int = 0, kind: str = "", units: str = "", company: str = ""):
        from .._speedups import skip_slow_optional_imports

        skip_slow_optional_imports()
        import plotly.io as pio

        # plotly ≥ 6 would pick a renderer nbconvert cannot show; the mimetype keeps the
        # executed notebook small and finlit's exporter renders it offline.
        # FINLIT_PLOTLY_RENDERER=notebook inlines plotly.js instead (for a plain nbconvert).
        pio.renderers.default = os.environ.get("FINLIT_PLOTLY_RENDERER", "plotly_mimetype")
        options = {k: v for k, v in (("kind", kind), ("units", units), ("company", company)) if v}
        self.company = load(target, source=source or None, **options)
        self.year = int(fiscal_year) or self.company.years[-1]
        self.it_budget = it_budget
        self.industry = industry or None
        self._defined: set = set()   # glossary terms already defined in this briefing
        self._used: list = []        # every glossary term used, in order

    # -- shared pieces ---------------------------------------------------------------------
    @cached_property
    def kind(self) -> str:
        """'operating', 'bank', 'insurer' or 'other_financial': what the sections are about."""
        return self.company.kind

    @property
    def title(self) -> str:
        return f"{self.company.name}: financial briefing for FY{self.year}"

    @cached_property
    def ratio_table(self):
        return self.company.ratios()

    @cached_property
    def it(self):
        """The IT view: the user's budget, else the bundled one, else disclosed, else an estimate."""
        from ..itspend import it_view

        return it_view(self.company, budget=self.it_budget or None, industry=self.industry)

    def _explained(self, *explanations) -> HTMLBlock:
        """The paragraphs, each glossary term linked at its first use in the briefing to its
        one definition in the glossary at the end (`glossary()`)."""
        parts = []
        for e in explanations:
            parts.append(e.html(skip=self._defined, definitions="link"))
            self._defined.update(e.terms)
            self._used.extend(t for t in e.terms if t not in self._used)
        return HTMLBlock("\n".join(parts))

    # -- sections --------------------------------------------------------------------------
    def heading(self) -> HTMLBlock:
        c = self.company
        kind = "a fictional company for learning" if c.info.fictional else c.ticker
        return HTMLBlock(f"<h1>{escape(self.title)}</h1><p>{escape(kind)} · {escape(c.currency)} · "
                         f"fiscal years FY{c.years[0]}–FY{c.years[-1]}</p>")

    def summary(self) -> HTMLBlock:
        """The briefing in a few plain sentences: sales, profit, cash, IT spend."""
        from ..explain import explain_income, explain_ratio
        from ..explain.itspend import explain_it_spend
        from ..explain.text import split_sentences

        income = explain_income(self.company, self.year)
        margin = explain_ratio(self.company, "net_margin", self.year, self.ratio_table)
        it = explain_it_spend(self.it, self.year)
        first = lambda e, n: " ".join(split_sentences(e.text)[:n])  # noqa: E731
        text = " ".join(p for p in (first(income, 1), first(margin, 2), first(it, 2)) if p)
        from ..explain import Explanation

        return self._explained(Explanation("In short", text))

    def section(self, name: str) -> HTMLBlock:
        """A section's heading and what it shows: 'income', 'balance', 'cashflow' or 'ratios'."""
        heading, intro = SECTIONS.get(self.kind, SECTIONS["operating"]).get(name, SECTIONS["operating"][name])
        return HTMLBlock(f"<h2>{escape(heading)}</h2><p>{escape(intro)}</p>")

    def statement(self, name: str):
        return self.company.statement(name)

    def explain_statement(self, name: str) -> HTMLBlock:
        from ..explain import explain_statement

        return self._explained(explain_statement(self.company, name, self.year))

    def income_chart(self):
        from ..charts import income_waterfall

        return income_waterfall(self.company, self.year)

    def income_flow_chart(self):
        from ..charts import income_sankey

        return income_sankey(self.company, self.year)

    def balance_chart(self):
        from ..charts import balance_composition

        return balance_composition(self.company)

    def has(self, statement: str) -> bool:
        return not self.company.wide(statement).empty

    def key_ratios(self) -> HTMLBlock:
        from ..explain import explain_ratio

        keys = [k for k in KEY_RATIOS.get(self.kind, KEY_RATIOS["operating"]) if k in self.ratio_table.keys]
        return self._explained(*(explain_ratio(self.company, k, self.year, self.ratio_table) for k in keys))

    def ratio_charts(self) -> list:
        from ..charts import ratio_trend

        values = self.ratio_table.result.values
        return [ratio_trend(self.company, k, self.ratio_table)
                for k in TREND_CHARTS.get(self.kind, TREND_CHARTS["operating"])
                if k in values and values[k].notna().sum() >= 2]

    def ratios(self):
        return self.ratio_table

    def it_spend(self) -> HTMLBlock:
        from ..explain.itspend import explain_it_spend

        return self._explained(explain_it_spend(self.it, self.year))

    def it_chart(self):
        from ..charts.itspend import it_spend_chart

        return it_spend_chart(self.it)

    def it_table(self) -> HTMLBlock:
        """The IT view, metrics × fiscal years, the newest year first beside the labels like the
        statements and ratios above it (`finlit.display._periods`).

        >>> import re
        >>> re.findall(r"<th class=.num.>(FY[0-9]{4})</th>", Briefing("AAPL").it_table().html)[:2]
        ['FY2025', 'FY2024']
        """
        from ..display import _periods, format_metric, html_table
        from ..itspend import METRICS, compare_it_spend

        view = self.it
        years = _periods(view.values.index, newest_first=True)
        keys, not_shown = view.shown([k for k in METRICS if k in view.values], years)
        rows, footnotes = [], {}
        for key in keys:
            label, unit = METRICS[key]
            cells = []
            for y in years:
                why = view.reasons.at[y, key]
                if why:
                    n = footnotes.setdefault(why, len(footnotes) + 1)
                    cells.append((f"— [{n}]", why))
                else:
                    cells.append((format_metric(view.values.at[y, key], unit), ""))
            rows.append((label + (" (millions)" if unit == "money" and key != "it_per_employee" else ""),
                         cells, ""))
        caption = f"IT spend — {self.company.name} ({view.spend.label})"
        notes = [f"[{n}] {why}" for why, n in footnotes.items()] + ([not_shown] if not_shown else [])
        published = ("Published figures (% of revenue), each from its own survey and year, not a range: "
                     f"{view.benchmarks.figures_text()}.")
        if view.band is not None:
            published = f"Band (one survey's own range): {view.band.sources()}. " + published
        notes += [compare_it_spend(view, self.year).summary(), published]
        return HTMLBlock(html_table(caption, ["", *[f"FY{y}" for y in years]], rows, notes))

    def implications(self) -> HTMLBlock:
        from ..explain import what_it_means_for_it

        return self._explained(what_it_means_for_it(self.company, self.year, self.ratio_table))

    def data_quality(self) -> HTMLBlock:
        notes = [str(n) for n in self.company.notes] + list(self.company.info.notes)
        if not notes:
            return HTMLBlock("<p>No data-quality problems were found: the balance sheet balances "
                             "and gross profit adds up in every year.</p>")
        return HTMLBlock("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")

    def provenance(self) -> HTMLBlock:
        c = self.company
        facts = c.facts
        sources = facts.groupby(["source"]).size().sort_values(ascending=False)
        rows = "".join(f"<tr><td>{escape(s)}</td><td>{n:,}</td></tr>" for s, n in sources.items())
        filings = "".join(
            f"<li>{escape(str(f.get('form', '')))} for FY{escape(str(f.get('fiscal_year', '')))}"
            + (f", accession {escape(str(f['accession']))}" if f.get("accession") else "")
            + (f", filed {escape(str(f['filed']))}" if f.get("filed") else "") + "</li>"
            for f in c.info.filings)
        derived = int(facts["derived"].sum())
        it = escape(self.it.spend.label)
        return HTMLBlock(
            f"<p>{escape(c.info.source or 'Source not recorded')}. Every number keeps its source: "
            f"{len(facts):,} values, {derived:,} of them derived by finlit from reported figures "
            "(for example gross profit = revenue − cost of revenue). IT spend: "
            f"{it}.</p>"
            f"<table class='finlit-table'><thead><tr><th>source</th><th>values</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>" + (f"<p>Filings:</p><ul>{filings}</ul>" if filings else ""))

    def glossary(self) -> HTMLBlock:
        """Every term this briefing used, defined once, in one place: the paragraphs link here."""
        from ..explain import glossary_html

        if not self._used:
            return HTMLBlock("<p>No special terms were used.</p>")
        return HTMLBlock(glossary_html(self._used))
