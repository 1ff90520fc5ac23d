"""The company kind in the sources: decided once per load, and what it changes in the facts.

Every source ends with `build_company`: it decides the kind (`finlit.industries.company_kind`:
the SEC SIC code, the industry, the line items present; without an industry or a SIC code, a
company whose net interest income is a quarter of its revenue or more is a bank,
`lives_on_interest`; or the user's choice, ``kind=``) and prepares the facts for it:

- **operating** companies keep no bank or insurer items (`finlit.items.FINANCIAL_ITEMS`): a
  manufacturer's "interest income, net" is not a bank's net interest income;
- **banks** get the items their statements need, from what the source reported, each marked
  as what it is:

  * the technology line: a filer's XBRL IT tag (``CommunicationsAndInformationTechnology``,
    ``InformationTechnologyAndDataProcessing``, read as ``it_spend``) is also the bank's
    ``technology_expense``, and a total tagged ``OperatingExpenses`` (Citigroup) is its
    ``noninterest_expense`` (both as reported, with the tag as ``source_key``);
  * net interest income = interest income − interest expense, total net revenue = net
    interest income + noninterest income, noninterest income = total net revenue − net
    interest income, where the source lacks one of them (derived);
  * **revenue is total net revenue**: when the source has total net revenue (or its parts) and
    its own revenue figure is missing or differs (Yahoo's "Total Revenue" of a bank is not what
    the bank reports; a "Revenues" tag may be gross of interest expense), revenue becomes total
    net revenue (derived) and a data-quality note gives the source's figure and the difference;
    when only a vendor's "Total Revenue" exists, a note says so;
- **insurers** and **other financial** companies keep their items as reported.

`with_kind` changes the kind of a company already loaded (the bundled companies, plug-in
sources).

>>> import pandas as pd
>>> from finlit.company import CompanyInfo, make_facts
>>> rows = [("net_interest_income", 92583), ("noninterest_income", 84973), ("deposits", 2406032),
...         ("revenue", 169439)]
>>> facts = make_facts([{"line_item": k, "period_end": "2024-12-31", "value": v * 1e6}
...                     for k, v in rows], currency="USD", source="yahoo", source_key="x")
>>> bank = build_company(CompanyInfo("JPM", "JPMorgan Chase & Co."), facts)
>>> bank.info.kind, bank.value("revenue", 2024) / 1e6, bank.value("total_net_revenue", 2024) / 1e6
('bank', 177556.0, 177556.0)
>>> print(bank.notes[0])
FY2024: revenue is total net revenue, $177.6 billion (net interest income + noninterest income); the source's revenue figure (yahoo, x), $169.4 billion, is $8.1 billion lower and is not used.
>>> build_company(CompanyInfo("X", "X Corp"), facts, kind="operating").facts["line_item"].tolist()
['revenue']
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..company import Company, CompanyInfo, DataQualityNote, make_facts, period_key
from ..errors import InputError
from ..industries import check_kind, company_kind
from ..items import FINANCIAL_ITEMS
from ..numbers import money_words

TOLERANCE = 1e-6             # revenue and total net revenue this close are the same figure
VENDORS = {"yahoo": "Yahoo Finance", "yfinance-csv": "Yahoo Finance (yfinance)"}
IT_TAGS = ("CommunicationsAndInformationTechnology", "InformationTechnologyAndDataProcessing")
SEC_SOURCES = ("sec-companyfacts", "sec-fsds")


def resolve_kind(facts: pd.DataFrame, industry: str = "", sic=None, kind: str | None = None) -> str:
    """The kind of a company: `kind` when given (InputError when unknown), else
    `company_kind` of the industry, the SIC code and the items in `facts`."""
    if kind not in (None, ""):
        try:
            return check_kind(kind)
        except ValueError as error:
            raise InputError(f"{error} (--kind / kind=)") from None
    present = set(facts.loc[facts["value"].notna(), "line_item"]) if len(facts) else set()
    chosen = company_kind(industry, sic, present)
    no_sic = sic is None or sic is pd.NA or (isinstance(sic, float) and sic != sic) or sic == ""
    if chosen == "operating" and not industry and no_sic and lives_on_interest(facts):
        return "bank"
    return chosen


def lives_on_interest(facts: pd.DataFrame, share: float = 0.25) -> bool:
    """True when net interest income is at least `share` of revenue in most periods: a bank's
    statement without a bank's other lines (Yahoo gives every company a "Net Interest Income";
    a manufacturer's is a sliver of its revenue, JPMorgan's more than half).

    >>> f = make_facts([{"line_item": k, "period_end": "2024-12-31", "value": v}
    ...                 for k, v in [("revenue", 169439.0), ("net_interest_income", 92583.0)]])
    >>> lives_on_interest(f), lives_on_interest(f.assign(value=[391035.0, 0.0]))
    (True, False)
    """
    if facts.empty:
        return False
    wide = facts.pivot_table(index="period_end", columns="line_item", values="value", aggfunc="last")
    if not {"revenue", "net_interest_income"} <= set(wide):
        return False
    ratio = (wide["net_interest_income"] / wide["revenue"].where(wide["revenue"] > 0)).dropna()
    return bool(len(ratio)) and float(ratio.median()) >= share


def build_company(info: CompanyInfo, facts: pd.DataFrame, notes=(), sic=None,
                  kind: str | None = None, industry: str | None = None) -> Company:
    """`Company.from_facts` with the kind decided and the facts prepared for it (module doc).

    `industry` is what the kind is decided from when it is not `info.industry` (a vendor's
    industry name such as Yahoo's "Banks - Diversified")."""
    facts = make_facts(facts, currency=info.currency)
    chosen = resolve_kind(facts, info.industry if industry is None else industry, sic, kind)
    prepared, more = prepare_facts(facts, chosen)
    return Company.from_facts(replace(info, kind=chosen), prepared, notes=list(notes) + more)


def with_kind(company: Company, kind: str | None) -> Company:
    """The company as a company of `kind` (itself when it already is one, or `kind` is None).

    Items dropped for an operating company cannot come back: load from the source with
    ``kind=`` for that."""
    if kind in (None, ""):
        return company
    chosen = resolve_kind(company.facts, kind=kind)
    if chosen == company.info.kind:
        return company
    reported = company.facts[~company.facts["derived"] | company.facts["source_key"].str.contains("split of")]
    notes = [n for n in company.notes if n.check != "bank_revenue"]
    return build_company(company.info, reported.reset_index(drop=True), notes, kind=chosen)


def prepare_facts(facts: pd.DataFrame, kind: str) -> tuple[pd.DataFrame, list[DataQualityNote]]:
    """The facts of a company of `kind`, and data-quality notes (see the module docstring)."""
    if facts.empty:
        return facts, []
    if kind == "operating":
        financial = facts["line_item"].isin(FINANCIAL_ITEMS)
        mine = facts[financial & (facts["source"] == "user-file")]
        notes = [DataQualityNote(
            "bank_items_not_used", None,
            "lines of a bank's or an insurer's statements not used for an operating company: "
            + ", ".join(dict.fromkeys(mine["source_key"])) + " (add a line 'kind,bank' before the "
            "header if the company is a bank)")] if len(mine) else []
        return facts[~financial].reset_index(drop=True), notes
    if kind != "bank":
        return facts, []
    return complete_bank(facts)


# --- banks ---------------------------------------------------------------------------------

def _copies(rows: pd.DataFrame, have: set) -> list[dict]:
    """The technology line from an XBRL IT tag; noninterest expense from OperatingExpenses."""
    out = []
    for src_item, item, keys in (("it_spend", "technology_expense", IT_TAGS),
                                 ("operating_expenses", "noninterest_expense", ("OperatingExpenses",))):
        for row in rows[rows["line_item"] == src_item].to_dict("records"):
            if row["source"] in SEC_SOURCES and row["source_key"] in keys and item not in have:
                out.append({**row, "line_item": item})
    return out


def _derived(template: dict, item: str, value: float, formula: str) -> dict:
    return {**template, "line_item": item, "value": float(value), "source": "finlit",
            "source_key": formula, "filing": "", "filed": "", "derived": True, "flipped": False}


def complete_bank(facts: pd.DataFrame) -> tuple[pd.DataFrame, list[DataQualityNote]]:
    """A bank's facts with net interest income, total net revenue, noninterest income, the
    technology line and noninterest expense completed, and revenue = total net revenue."""
    key = period_key(facts)
    keep, add, notes = [], [], []
    for at, rows in facts.groupby(key, sort=True):
        values = dict(zip(rows["line_item"], rows["value"]))
        extra = _copies(rows, set(values))
        values.update({r["line_item"]: r["value"] for r in extra})
        template = rows.iloc[0].to_dict()
        extra += _bank_sums(template, values)
        revenue_rows, note = _revenue(rows, template, values, at, key)
        add += extra + revenue_rows
        if note:
            notes.append(note)
        drop_revenue = bool(revenue_rows)
        keep.append(rows[~((rows["line_item"] == "revenue") & drop_revenue)])
    out = pd.concat(keep + ([make_facts(add)] if add else []), ignore_index=True)
    return out, notes


def _bank_sums(template: dict, values: dict) -> list[dict]:
    """Derived net interest income, total net revenue and noninterest income (and `values`
    updated with them)."""
    out = []
    sums = (("net_interest_income", ("interest_income", "interest_expense"), -1,
             "interest_income − interest_expense"),
            ("total_net_revenue", ("net_interest_income", "noninterest_income"), 1,
             "net_interest_income + noninterest_income"),
            ("noninterest_income", ("total_net_revenue", "net_interest_income"), -1,
             "total_net_revenue − net_interest_income"))
    for item, (a, b), sign, formula in sums:
        if item not in values and a in values and b in values:
            values[item] = values[a] + sign * values[b]
            out.append(_derived(template, item, values[item], formula))
    return out


def _label(at, key: str) -> tuple[str, int | None]:
    if key == "fiscal_year":
        return f"FY{int(at)}", int(at)
    return f"the period ending {pd.Timestamp(at).date()}", None


def _revenue(rows: pd.DataFrame, template: dict, values: dict, at, key: str):
    """(rows that replace revenue, a note): revenue is total net revenue for a bank."""
    name, year = _label(at, key)
    currency = str(template.get("currency") or "USD")
    tnr, revenue = values.get("total_net_revenue"), values.get("revenue")
    if revenue is not None:
        hit = rows[rows["line_item"] == "revenue"].iloc[-1]
        where = f"{hit['source']}, {hit['source_key']}"
    if tnr is None:
        if revenue is None or hit["source"] not in VENDORS:
            return [], None
        text = (f"{name}: revenue is {VENDORS[hit['source']]}'s \"{hit['source_key']}\", "
                f"{money_words(revenue, currency)}, not the total net revenue the bank reports "
                "(net interest income + noninterest income): the source has no noninterest income")
        nii = values.get("net_interest_income")
        if nii is not None:
            text += (f"; it counts {money_words(revenue - nii, currency)} besides net interest "
                     f"income of {money_words(nii, currency)}")
        return [], DataQualityNote("bank_revenue", year, text + ".")
    if revenue is not None and abs(revenue - tnr) <= TOLERANCE * abs(tnr):
        return [], None
    row = _derived(template, "revenue", tnr, "total_net_revenue (a bank's revenue)")
    if revenue is None:
        return [row], None
    gap = revenue - tnr
    text = (f"{name}: revenue is total net revenue, {money_words(tnr, currency)} (net interest "
            f"income + noninterest income); the source's revenue figure ({where}), "
            f"{money_words(revenue, currency)}, is {money_words(abs(gap), currency)} "
            f"{'higher' if gap > 0 else 'lower'} and is not used.")
    return [row], DataQualityNote("bank_revenue", year, text)


__all__ = ["build_company", "complete_bank", "lives_on_interest", "prepare_facts", "resolve_kind",
           "with_kind", "TOLERANCE"]
