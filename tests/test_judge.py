"""The judgement layer: one verdict per topic and company-year, and texts that never contradict it.

- the rules, each on a small hand-made company;
- golden readings: what an analyst would say about the latest year of each bundled company
  (tests/golden_readings.csv, written by the team, not generated), against finlit's verdicts;
- consistency over every bundled company and year: no two texts judge one topic differently,
  every judgement in words is the verdict's, and every amount and percent quoted in words is a
  value of the tables (statements, ratios, or the verdict's evidence) after rounding.
"""
from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pandas as pd
import pytest

import finlit
from finlit.company import Company, CompanyInfo
from finlit.explain import explain_company
from finlit.explain.itspend import explain_it_spend
from finlit.itspend import compare_it_spend, it_view
from finlit.judge import LEVELS, RATIO_TOPICS, TOPICS, assess

GOLDEN = Path(__file__).with_name("golden_readings.csv")


def company(industry="manufacturing", **years):
    """A company from {"fy2024": {...}, "fy2025": {...}} of canonical items (in currency units)."""
    rows = [{"line_item": item, "period_end": f"{year[2:]}-12-31", "value": value}
            for year, items in years.items() for item, value in items.items()]
    info = CompanyInfo("TEST", "Test Co", industry=industry)
    return Company.from_facts(info, pd.DataFrame(rows), notes=())


BASE = dict(revenue=1000.0, cost_of_revenue=600.0, operating_income=100.0, net_income=70.0,
            total_assets=1000.0, total_equity=500.0)


# --- the rules ----------------------------------------------------------------------------------

def test_a_low_current_ratio_with_little_cash_is_tight():
    c = company(fy2025={**BASE, "current_assets": 200.0, "current_liabilities": 400.0,
                        "cash_and_equivalents": 40.0})
    v = assess(c)["liquidity"]
    assert v.level == "tight" and "short-term cash is tight" in v.summary
    assert v.evidence["liquidity_cover"] == pytest.approx(0.1)


def test_marketable_securities_make_a_low_current_ratio_strong():
    c = company(fy2025={**BASE, "current_assets": 200.0, "current_liabilities": 400.0,
                        "cash_and_equivalents": 40.0, "short_term_investments": 60.0,
                        "long_term_investments": 200.0})
    v = assess(c)["liquidity"]
    assert v.level == "strong" and v.evidence["liquid_assets"] == 300.0
    assert "long-term marketable securities" in v.summary
    assert "A current ratio below 1 is not a shortage of cash here." in v.notes


def test_a_negative_cash_conversion_cycle_is_suppliers_financing_not_a_shortage():
    items = {**BASE, "current_assets": 280.0, "current_liabilities": 400.0, "cash_and_equivalents": 60.0,
             "receivables": 20.0, "inventory": 20.0, "payables": 300.0}
    v = assess(company(fy2025=items))["liquidity"]
    assert v.level == "adequate" and any("suppliers finance" in n for n in v.notes)
    tight = assess(company(fy2025={**items, "payables": 10.0}))["liquidity"]
    assert tight.level == "tight"


def test_more_cash_than_debt_is_low_leverage_whatever_debt_to_equity_says():
    c = company(fy2025={**BASE, "total_equity": 50.0, "long_term_debt": 300.0,
                        "cash_and_equivalents": 400.0})
    v = assess(c)["leverage"]
    assert c.ratios("debt_to_equity").value("debt_to_equity", 2025) == 6.0  # "heavy" on its own
    assert v.level == "low" and "more cash" in v.summary


def test_debt_is_weighed_against_earnings_and_interest():
    heavy = company(fy2025={**BASE, "long_term_debt": 600.0, "cash_and_equivalents": 50.0,
                            "depreciation_amortization": 30.0})  # net debt 550 / EBITDA 130 = 4.2
    assert assess(heavy)["leverage"].level == "heavy"
    assert assess(heavy)["leverage"].evidence["net_debt_to_earnings"] == pytest.approx(550 / 130)
    moderate = company(fy2025={**BASE, "long_term_debt": 300.0, "cash_and_equivalents": 50.0,
                               "depreciation_amortization": 30.0})
    assert assess(moderate)["leverage"].level == "moderate"
    weak_cover = company(fy2025={**BASE, "long_term_debt": 150.0, "cash_and_equivalents": 50.0,
                                 "interest_expense": 60.0})  # 100 / 60 < 2
    v = assess(weak_cover)["leverage"]
    assert v.level == "heavy" and any("covers interest only" in n for n in v.notes)


def test_a_margin_is_thin_or_wide_for_its_industry():
    retail = company("retail", fy2025={**BASE, "net_income": 30.0})     # 3%: retail's typical 4.6%
    software = company("software_internet", fy2025={**BASE, "net_income": 30.0})  # typical 22.9%
    assert assess(retail)["profitability"].level == "healthy"
    assert assess(software)["profitability"].level == "thin"
    assert "for its industry" in assess(retail)["profitability"].summary
    assert "Damodaran" in assess(retail)["profitability"].basis


def test_return_on_equity_shrunk_by_buybacks_is_not_comparable():
    items = {**BASE, "net_income": 150.0, "total_equity": 200.0}
    bought = company(fy2023={"share_repurchases": 60.0}, fy2024={"share_repurchases": 60.0},
                     fy2025={**items, "share_repurchases": 60.0})
    v = assess(bought)["returns"]
    assert v.level == "high" and v.evidence["comparable"] == 0.0 and v.evidence["buybacks"] == 180.0
    assert "not comparable" in v.notes[0]
    assert assess(company(fy2025=items))["returns"].evidence["comparable"] == 1.0
    negative = assess(company(fy2025={**BASE, "total_equity": -10.0}))["returns"]
    assert negative.level == "unknown" and "no meaning" in negative.summary


def test_a_change_is_a_change_only_when_material():
    def growth(now):
        return assess(company(fy2024={**BASE}, fy2025={**BASE, "revenue": now}))["growth"]
    assert growth(1015.0).level == "flat" and growth(1015.0).summary == "sales stayed about the same"
    assert growth(1030.0).level == "growing" and growth(900.0).level == "shrinking"
    assert growth(1200.0).level == "fast"


def test_cash_burning_weak_steady_strong():
    def cash(ocf, capex):
        items = {**BASE, "operating_cash_flow": ocf, "capital_expenditure": capex}
        return assess(company(fy2025=items))["cash"].level
    assert (cash(-10.0, 5.0), cash(30.0, 25.0), cash(80.0, 20.0), cash(150.0, 20.0)) == \
        ("burning", "weak", "steady", "strong")


def test_a_verdict_refuses_a_level_its_topic_does_not_have():
    from finlit.judge import Verdict

    with pytest.raises(ValueError, match="unknown level"):
        Verdict("leverage", "tight", "")
    assert set(TOPICS) >= set(RATIO_TOPICS.values())


# --- golden readings ----------------------------------------------------------------------------

def golden_rows():
    with GOLDEN.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


FLAGS = {
    "not_comparable": lambda a: a["returns"].evidence.get("comparable") == 0.0,
    "supplier_financed": lambda a: any("suppliers finance" in n for n in a["liquidity"].notes),
    "negative_equity": lambda a: any("Equity is negative" in n for n in a["leverage"].notes),
}


def test_golden_readings_cover_every_bundled_company_at_its_latest_year():
    rows = golden_rows()
    latest = {c.ticker: finlit.load(c.ticker).years[-1] for c in finlit.companies()}
    assert {r["ticker"] for r in rows} == set(latest)
    assert all(int(r["year"]) == latest[r["ticker"]] for r in rows)
    assert all(r["level"] in (*LEVELS[r["topic"]], "unknown") and r["reading"] for r in rows)


@pytest.mark.parametrize("row", golden_rows(), ids=lambda r: f"{r['ticker']}-{r['topic']}")
def test_finlit_reads_each_company_as_the_analyst_does(row):
    verdicts = assess(finlit.load(row["ticker"]), int(row["year"]))
    v = verdicts[row["topic"]]
    assert v.level == row["level"], f"{row['ticker']} {row['topic']}: {v.summary} ({row['reading']})"
    if row["flag"]:
        assert FLAGS[row["flag"]](verdicts), f"{row['ticker']}: expected {row['flag']} ({row['reading']})"


# --- consistency over every bundled company and year ---------------------------------------------

# the words that put a topic at a level, wherever they are written
SAID = {
    "liquidity": [(r"\bcash is (tight|adequate|strong)\b", None), (r"comfortable cushion", "adequate")],
    "leverage": [(r"\bdebt is (heavy|moderate|low)\b", None), (r"\bheavy debt\b", "heavy"),
                 (r"\bmodest debt\b", "moderate"), (r"\blittle net debt\b", "low")],
    "profitability": [(r"net margin of -?[\d.]+% is (thin|healthy|wide)\b", None),
                      (r"\ba (thin|wide) margin\b", None), (r"\bmade a loss\b", "loss")],
    "cash": [(r"\bstrong free cash flow\b", "strong"), (r"free cash flow was (weak|steady|strong)\b", None)],
}


def levels_said(text: str) -> dict[str, set]:
    out: dict[str, set] = {}
    for topic, patterns in SAID.items():
        for pattern, level in patterns:
            for m in re.finditer(pattern, text, flags=re.IGNORECASE):
                out.setdefault(topic, set()).add((level or m.group(1)).lower())
    return out


def test_levels_said_reads_the_words():
    assert levels_said("Short-term cash is tight. Debt is low: …; heavy debt means …") == {
        "liquidity": {"tight"}, "leverage": {"low", "heavy"}}


@pytest.fixture(scope="module")
def every_text():
    out = []
    for info in finlit.companies():
        c = finlit.load(info.ticker)
        view = it_view(c)
        for year in c.years:
            out.append((c, year, [*explain_company(c, year), explain_it_spend(view, year)]))
    return out


def test_no_two_texts_judge_a_topic_differently_and_all_follow_the_verdict(every_text):
    problems = []
    for c, year, explanations in every_text:
        verdicts = assess(c, year)
        said: dict[str, set] = {}
        for e in explanations:
            for topic, levels in levels_said(e.text).items():
                said.setdefault(topic, set()).update(levels)
        for topic, levels in said.items():
            if levels != {verdicts[topic].level}:
                problems.append(f"{c.ticker} FY{year} {topic}: texts say {sorted(levels)}, "
                                f"the verdict is {verdicts[topic].level}")
    assert not problems, "\n".join(problems[:10])


MONEY = re.compile(r"-?\$(\d[\d,]*(?:\.\d+)?)(?: (million|billion|trillion))?")
PERCENT = re.compile(r"(-?\d+(?:\.\d+)?)%")
SCALE = {None: 1.0, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def known_values(c, year) -> list[float]:
    """Every value a text may quote: statements and ratios of this year and the year before, the
    changes between them, and the evidence of the year's verdicts (absolute values)."""
    values = []
    for y in (year, year - 1):
        if y in c.years:
            values += [c.get(i, y) for i in c.facts["line_item"].unique()]
            table = c.ratios()
            values += [table.value(k, y) for k in table.keys]
    table = c.ratios()
    if year - 1 in c.years:
        values += [table.value(k, year) - table.value(k, year - 1) for k in table.keys]
    for v in assess(c, year).values():
        values += list(v.evidence.values())
    for r in finlit.RATIOS.values():  # the catalogue's own ranges and cut-offs
        values += [*(r.good_range or ()), *r.thresholds.values()]
    view = it_view(c)  # the IT table and the published figures it is shown beside
    values += [x for y in (year, year - 1) if y in view.values.index for x in view.values.loc[y]]
    values += [b.value for b in compare_it_spend(view, year).figures]
    return [abs(float(v)) for v in values if v is not None and not math.isnan(float(v))]


def _matches(amount: float, step: float, values: list[float]) -> bool:
    return any(abs(v - amount) <= step / 2 + 1e-9 * max(1.0, v) for v in values)


def test_every_amount_and_percent_in_words_is_a_value_of_the_tables(every_text):
    problems = []
    for c, year, explanations in every_text:
        values = known_values(c, year)
        for e in explanations:
            text = re.sub(r"(every|each) \$1(00)?\b|\$100 of sales|\$1 due", "", e.text)
            text = re.sub(r"kept \$\d+|had \$\d+ left|lost \$\d+|had \$\d+ of|brought in \$\d+ of cash"
                          r"|spent \$\d+ on|used \$\d+|about \$\d+|\$\d+(\.\d\d)? of\b", "", text)  # per-$100 amounts: rounded percents
            for m in MONEY.finditer(text):
                number, scale = m.group(1).replace(",", ""), SCALE[m.group(2)]
                amount, step = float(number) * scale, 10 ** -_decimals(number) * scale
                if not _matches(amount, step, values):
                    problems.append(f"{c.ticker} FY{year} {e.title}: {m.group(0)}")
            for m in PERCENT.finditer(text):
                share = abs(float(m.group(1))) / 100
                if not _matches(share, 10 ** -_decimals(m.group(1)) / 100, values):
                    problems.append(f"{c.ticker} FY{year} {e.title}: {m.group(0)}")
    assert not problems, f"{len(problems)} numbers not in the tables, e.g.:\n" + "\n".join(problems[:15])


def test_more_cash_than_debt_is_low_leverage_even_at_an_operating_loss():
    # Snowflake FY2025: an operating loss, $2.3 billion of convertible notes, $5.3 billion of
    # cash and marketable securities; it was read as "heavy" because a loss "covers" interest
    # -527.7 times
    v = assess(finlit.load("SNOW"), 2025)["leverage"]
    assert v.level == "low" and not any("times" in n for n in v.notes)
    loss = company(fy2025={**BASE, "operating_income": -50.0, "long_term_debt": 300.0,
                           "cash_and_equivalents": 50.0, "interest_expense": 10.0})
    heavy = assess(loss)["leverage"]
    assert heavy.level == "heavy" and heavy.notes == (
        "The business runs at an operating loss, so no profit covers the interest.",)


def test_buybacks_do_not_inflate_a_loss():
    roe = assess(finlit.load("SNOW"), 2025)["returns"]
    assert roe.level == "negative" and roe.evidence["comparable"] == 1.0 and not roe.notes
