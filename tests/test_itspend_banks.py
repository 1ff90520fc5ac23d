"""IT spend of a bank (issue 11, point 5): the reported technology line as a disclosed source,
the technology budget the bank stated as a stated source, both shown side by side, the bank
peers of an SEC data set beside them, and the estimate last.

The companies here are built from the banks' reported figures ($ millions), each from its
document:

- JPMorgan Chase, Form 10-K for 2025 (accession 0001628280-26-008131), Consolidated statements
  of income (printed page 165): total net revenue 158,104 / 177,556 / 182,447 and technology,
  communications and equipment expense 9,246 / 9,831 / 11,029 for 2023 / 2024 / 2025; total
  net revenue checked against ../shared/realdata/bank_filings/jpm_reported.csv (2024 Form 10-K
  XBRL R226; 4Q25 earnings supplement). The seven lines of noninterest expense add up to the
  total: 54,487 + 5,461 + 11,029 + 12,356 + 5,531 + 6,776 = 95,640 (2025).
- Bank of America, Form 10-K for 2025 (accession 0000070858-26-000157), Consolidated Statement
  of Income: total revenue, net of interest expense 102,769 / 105,856 / 113,097 and information
  processing and communications 6,707 / 7,231 / 7,453 for 2023 / 2024 / 2025. Bank of America
  has no "technology and equipment" line: information processing and communications is its
  technology line (equipment is in occupancy and equipment).

Tests marked "bundled" read data/companies/JPM.csv and BAC.csv and skip until those carry the
item technology_expense.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from importlib.resources import files

import pytest

import finlit
from finlit.cli import main
from finlit.company import Company, CompanyInfo
from finlit.explain.itspend import explain_it_spend
from finlit.itspend import it_view, resolve_it_spend
from finlit.itspend.peers import peer_summary
from finlit.itspend.sources import (RESOLVERS, STATED_FILE, TRUST, from_estimate, stated_budgets)

JPM_LABEL = ("technology, communications and equipment expense, as reported; broader than IT "
             "(includes depreciation of equipment and communications)")
JPM_10K = "0001628280-26-008131"
BAC_10K = "0000070858-26-000157"
YEARS = (2023, 2024, 2025)


def _info(ticker: str, name: str) -> CompanyInfo:
    """A bank's CompanyInfo (kind "bank" once CompanyInfo has the field)."""
    kind = {"kind": "bank"} if "kind" in {f.name for f in dataclasses.fields(CompanyInfo)} else {}
    return CompanyInfo(ticker, name, industry="banking", **kind)


def _bank(ticker, name, filing, caption, net, technology, **other) -> Company:
    rows = []
    for item, values in {"total_net_revenue": net, "technology_expense": technology, **other}.items():
        for year, value in zip(YEARS, values):
            rows.append({"line_item": item, "period_end": f"{year}-12-31", "value": value * 1e6,
                         "source": "10-K", "filing": filing,
                         "source_key": caption if item == "technology_expense" else item})
    return Company.from_facts(_info(ticker, name), rows)


def _jpm(**other) -> Company:
    return _bank("JPM", "JPMorgan Chase & Co.", JPM_10K, "Technology, communications and equipment expense",
                 (158_104, 177_556, 182_447), (9_246, 9_831, 11_029), **other)


def _bac() -> Company:
    return _bank("BAC", "Bank of America Corporation", BAC_10K, "Information processing and communications",
                 (102_769, 105_856, 113_097), (6_707, 7_231, 7_453))


def _plain_bank() -> Company:
    """A bank with no technology line and no stated budget: only an estimate is left."""
    rows = [{"line_item": "total_net_revenue", "period_end": "2025-12-31", "value": 1_000e6}]
    return Company.from_facts(_info("EXB", "Example Bank"), rows)


# --- disclosed: the reported technology line ------------------------------------------------

def test_jpm_technology_line_is_disclosed_with_what_it_covers():
    spend = resolve_it_spend(_jpm())
    assert spend.source == "disclosed" and spend.trust == 2 and not spend.is_estimate
    assert spend.label == JPM_LABEL and "broader than IT" in spend.label
    assert spend.caveat == "the pay of technology staff is in compensation expense"
    assert [spend.value(y) for y in YEARS] == [9_246e6, 9_831e6, 11_029e6]
    assert set(spend.frame["detail"]) == {JPM_10K}
    # a bank's revenue is total net revenue: 9,831 / 177,556 = 5.537%
    assert spend.revenue_basis == "total net revenue" and spend.base == "revenue"
    assert it_view(_jpm()).value("it_pct_revenue", 2024) == pytest.approx(9_831 / 177_556)


def test_total_net_revenue_wins_over_a_vendor_s_total_revenue():
    # Yahoo's "Total Revenue" of JPMorgan for 2024 is 169,439; the bank reports 177,556
    view = it_view(_jpm(revenue=(154_952, 169_439, 181_847)))
    assert view.value("revenue", 2024) == 177_556e6
    assert view.value("it_pct_revenue", 2024) == pytest.approx(0.05537, abs=1e-5)


def test_bac_information_processing_line_is_its_technology_line():
    spend = resolve_it_spend(_bac())
    assert spend.source == "disclosed"
    assert spend.label == ("information processing and communications expense, as reported; "
                           "broader than IT (includes communications)")
    assert "occupancy and equipment" in spend.caveat
    assert spend.value(2025) == 7_453e6
    assert it_view(_bac()).value("it_pct_revenue", 2025) == pytest.approx(7_453 / 113_097)   # 6.59%


def test_an_xbrl_tag_and_the_same_line_are_one_answer():
    """JPMorgan tags its technology line CommunicationsAndInformationTechnology: read twice (as
    it_spend from the SEC and as technology_expense) it is one figure, not two beside each other."""
    c = _jpm()
    tagged = c.facts[c.facts["line_item"] == "technology_expense"].assign(
        line_item="it_spend", source="sec-companyfacts", source_key="CommunicationsAndInformationTechnology")
    both = Company.from_facts(c.info, list(c.facts.to_dict("records")) + list(tagged.to_dict("records")))
    spend = resolve_it_spend(both)
    assert spend.source == "disclosed"
    assert spend.label == ("IT expense disclosed in the filings (XBRL CommunicationsAndInformationTechnology); "
                           "broader than IT (includes communications)")
    assert [a.source for a in spend.alternatives] == ["stated"]


# --- stated: the bank's own technology budget ----------------------------------------------

def test_stated_budget_beside_the_reported_line():
    spend = resolve_it_spend(_jpm())
    (stated,) = spend.alternatives
    assert stated.source == "stated" and stated.trust == 3
    assert [stated.value(y) for y in (2023, 2024, 2025, 2026)] == [15.3e9, 17e9, 18e9, 19.8e9]
    assert "not a line of the statements" in stated.label and "not audited" in stated.label
    assert stated.stated[2025].document.startswith("JPMorgan Chase 2025 Investor Day")
    assert "0000019617-25-000483" in stated.stated[2025].document
    beside = it_view(_jpm()).beside()
    row = beside[beside["fiscal_year"] == 2024].iloc[0]
    assert row["source"] == "stated" and row["it_pct_revenue"] == pytest.approx(17_000 / 177_556)  # 9.57%
    # FY2026 is a plan: no statements, no share
    assert beside[beside["fiscal_year"] == 2026]["it_pct_revenue"].isna().all()


def test_without_the_line_the_stated_budget_answers():
    c = _jpm()
    without = Company.from_facts(c.info, c.facts[c.facts["line_item"] != "technology_expense"])
    spend = resolve_it_spend(without)
    assert spend.source == "stated" and spend.alternatives == ()
    assert spend.value(2024) == 17e9 and spend.frame.at[2024, "revenue"] == 177_556e6
    assert any("FY2026" in w and "no revenue" in w for w in spend.warnings)
    bac = resolve_it_spend(Company.from_facts(_bac().info, _bac().facts[_bac().facts["line_item"] != "technology_expense"]))
    assert bac.source == "stated" and [bac.value(y) for y in (2024, 2025)] == [12e9, 13e9]
    assert bac.reason(2023) == "Bank of America Corporation stated no technology budget for FY2023"


def test_every_stated_figure_has_its_documents():
    text = (files("finlit.data") / STATED_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(stated_budgets()) >= 5
    for row in rows:
        for column in ("covers", "said_at", "document", "section", "checked_against"):
            assert len(row[column]) > 15, (row["ticker"], row["fiscal_year"], column)
        assert row["url"].startswith("https://") and row["currency"] == "USD"
        assert row["basis"] in ("plan", "actual") and float(row["amount"]) > 1e9
        assert row["said_at"].split()[0] in ("at", "on", "in")
    keys = [(r["ticker"], r["fiscal_year"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert {("JPM", "2023"), ("JPM", "2024"), ("JPM", "2025"), ("BAC", "2024"), ("BAC", "2025")} <= set(keys)
    bundled = {c.ticker for c in finlit.companies().frame.itertuples()}
    assert {r["ticker"] for r in rows} <= bundled


# --- order of trust, and the estimate last ---------------------------------------------------

def test_order_of_trust():
    assert sorted(TRUST, key=TRUST.get) == ["budget", "disclosed", "stated", "estimate"]
    assert [r.__name__ for r in RESOLVERS] == ["from_budget", "from_disclosure", "from_technology_line",
                                              "from_stated", "from_estimate"]
    # the user's budget wins, and both of the bank's figures are shown beside it
    spend = resolve_it_spend(_jpm(), it_spend={2025: 20e9})
    assert spend.source == "budget" and [a.source for a in spend.alternatives] == ["disclosed", "stated"]
    assert spend.alternatives[0].value(2025) == 11_029e6


def test_the_estimate_comes_last_and_says_it_is_one():
    assert RESOLVERS[-1] is from_estimate
    spend = resolve_it_spend(_plain_bank())
    assert spend.source == "estimate" and spend.trust == 4 and spend.alternatives == ()
    assert spend.label.startswith("estimate: 6.3% of revenue") and spend.label.endswith("not a reported figure")
    text = explain_it_spend(it_view(_plain_bank()), 2025).text
    assert "Example Bank does not report its IT spend." in text
    assert "the median for banking and financial services: 6.3% of revenue" in text
    assert "This is an estimate, not a reported figure" in text


# --- the IT paragraph ------------------------------------------------------------------------

def test_paragraph_names_the_line_the_budget_and_what_each_covers():
    e = explain_it_spend(it_view(_jpm()), 2024)
    text = e.text
    assert ("In FY2024, JPMorgan Chase & Co. reported $9.8 billion of technology, communications and "
            "equipment expense: $5.54 of every $100 of revenue.") in text
    assert "broader than IT: it includes depreciation of equipment and communications." in text
    assert "the pay of technology staff is in compensation expense" in text
    assert "The line is not IT spend as surveys count it" in text
    assert ("It also stated a technology budget of about $17.0 billion in statements of its technology "
            "leaders in 2024: $9.57 of every $100 of revenue.") in text
    assert "sales" not in text and "operating margin" not in text
    assert e.grade() <= 10


def test_paragraph_of_a_stated_budget():
    c = _jpm()
    view = it_view(Company.from_facts(c.info, c.facts[c.facts["line_item"] != "technology_expense"]))
    text = explain_it_spend(view, 2025).text
    assert ("For FY2025, JPMorgan Chase & Co. stated a technology budget of about $18.0 billion at its "
            "2025 Investor Day: $9.87 of every $100 of revenue.") in text   # 18,000 / 182,447
    assert "rounded, not audited, and not a line of the statements" in text


# --- the bank peers of an SEC data set -------------------------------------------------------

def test_peer_summary_of_the_2010q2_banks(realdata):
    s = peer_summary(realdata / "sec_fsds" / "fsds_2010q2.zip", "Bank of America Corporation")
    # 13 filers with a share, the quarter ended 2010-03-31; the median is US Bancorp's 185 / 4,270,
    # the quartiles Discover's 65.418 / 1,691.302 and First Horizon's 14.608 / 323.658 ($M)
    assert (s.count, s.period, s.quarters) == (13, "2010-03-31", 1)
    assert s.median == pytest.approx(185 / 4_270)
    assert s.low == pytest.approx(65.418 / 1_691.302) and s.high == pytest.approx(14.608 / 323.658)
    assert s.company_share == pytest.approx(648 / 31_969) and s.company_row == "BANK OF AMERICA CORP /DE/"
    text = explain_it_spend(it_view(_bac()), 2025, peers=s).text
    assert "Bank peers: median 4.3% of revenue (quartiles 3.9%–4.5%) for 13 banks" in text
    assert "Bank of America Corporation itself had 2.0% there." in text


def test_cli_itspend_shows_the_peers_beside(capsys, monkeypatch, realdata):
    monkeypatch.setenv("FINLIT_FSDS", str(realdata / "sec_fsds" / "fsds_2010q2.zip"))
    assert main(["itspend", "JPM"]) == 0
    out = capsys.readouterr().out
    assert "Bank peers: median 4.3% of revenue" in out and "Source: " in out
    assert main(["itspend", "JPM", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["peers"]["count"] == 13 and data["source"] in ("disclosed", "stated")


def test_cli_itspend_without_a_data_set_says_how_to_get_peers(capsys, monkeypatch):
    monkeypatch.delenv("FINLIT_FSDS", raising=False)
    assert main(["itspend", "BAC"]) == 0
    out = capsys.readouterr().out
    assert "Bank peers: set FINLIT_FSDS" in out
    assert main(["itspend", "AAPL"]) == 0
    assert "Bank peers" not in capsys.readouterr().out


# --- the bundled banks -----------------------------------------------------------------------

def _bundled(ticker: str) -> Company:
    company = finlit.load(ticker)
    if not (company.facts["line_item"] == "technology_expense").any():
        pytest.skip(f"bundled {ticker} has no technology_expense yet (another engineer is adding it)")
    return company


@pytest.mark.parametrize("ticker, year, technology", [("JPM", 2024, 9_831e6), ("JPM", 2025, 11_029e6),
                                                      ("BAC", 2024, 7_231e6), ("BAC", 2025, 7_453e6)])
def test_bundled_bank_technology_line_and_stated_budget(ticker, year, technology):
    spend = resolve_it_spend(_bundled(ticker))
    assert spend.source == "disclosed" and "broader than IT" in spend.label
    assert spend.value(year) == technology
    assert [a.source for a in spend.alternatives] == ["stated"]


def test_bundled_jpm_command_line_shows_both(capsys, monkeypatch):
    _bundled("JPM")
    monkeypatch.delenv("FINLIT_FSDS", raising=False)
    assert main(["itspend", "JPM"]) == 0
    out = capsys.readouterr().out
    assert f"Source: {JPM_LABEL}" in out
    assert "Beside it (stated): technology budget stated by JPMorgan Chase" in out
    assert "stated: IT spend" in out and "It also stated a technology budget" in out
