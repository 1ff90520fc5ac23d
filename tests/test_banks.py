"""Banks are different (issue 11): bank line items, the company kind, bank data that adds up.

Expected values are hand-checked: the SEC Financial Statement Data Set 2010q2 against its own
num.txt (quarter ended 2010-03-31, $ millions), the bundled JPMorgan and Bank of America against
the filings named in scripts/bank_reported.csv, and ../shared/realdata/bank_filings.
"""
import csv
import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import finlit
from cli_helpers import run
from finlit.company import CompanyInfo, make_facts
from finlit.errors import InputError
from finlit.industries import check_kind, company_kind
from finlit.items import BANK_ITEMS, FINANCIAL_ITEMS, INSURER_ITEMS, ITEMS
from finlit.sources.fsds import load_fsds, read_fsds
from finlit.sources.kinds import build_company
from finlit.sources.user_files import read_user_file
from finlit.sources.yahoo import company_from_payload

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
Q2 = REALDATA / "sec_fsds" / "fsds_2010q2.zip"
Q1_2010 = "2010-03-31"
M = 1e6


# --- the items and the kind ----------------------------------------------------------------

def test_bank_and_insurer_items():
    assert set(FINANCIAL_ITEMS) == set(BANK_ITEMS) | set(INSURER_ITEMS) <= set(ITEMS)
    for key in ("provision_for_credit_losses", "noninterest_expense", "technology_expense",
                "benefits_and_claims", "interest_expense"):
        assert ITEMS[key].statement == "income" and ITEMS[key].outflow, key
    for key in ("interest_income", "net_interest_income", "noninterest_income", "total_net_revenue",
                "premiums_earned"):
        assert ITEMS[key].statement == "income" and not ITEMS[key].outflow, key
    for key in ("loans_net", "allowance_for_loan_losses", "deposits"):
        assert ITEMS[key].statement == "balance" and ITEMS[key].kind == "balance", key


@pytest.mark.parametrize("sic, kind", [(6021, "bank"), (6022, "bank"), (6211, "bank"), (6199, "bank"),
                                        (6311, "insurer"), (6331, "insurer"), (6798, "other_financial"),
                                        (6512, "operating"), (3674, "operating"), ("7372", "operating")])
def test_kind_from_the_sic_code(sic, kind):
    assert company_kind(sic=sic) == kind


def test_kind_from_the_industry_and_the_items():
    assert company_kind("banking") == "bank"
    assert company_kind("banking", items_present={"premiums_earned"}) == "insurer"
    assert company_kind("retail", items_present={"deposits"}) == "operating"  # the industry wins
    assert company_kind("Banks - Diversified") == "bank"
    assert company_kind("Insurance - Life") == "insurer"
    assert company_kind("Capital Markets") == "other_financial"
    assert company_kind(items_present={"revenue", "net_interest_income", "loans_net"}) == "bank"
    assert company_kind(items_present={"revenue", "net_interest_income"}) == "operating"
    assert company_kind(items_present={"benefits_and_claims"}) == "insurer"
    # a holding company (SIC 67xx) that takes deposits is a bank
    assert company_kind(sic=6719, items_present={"deposits"}) == "bank"
    assert check_kind(" Insurer ") == "insurer"
    with pytest.raises(ValueError, match="unknown company kind 'casino'"):
        check_kind("casino")


# --- the SEC Financial Statement Data Set 2010q2: four banks and an insurer ------------------

@pytest.fixture(scope="module")
def fsds():
    if not Q2.exists():
        pytest.skip(f"real data folder not found: {Q2.parent} (only in the development setup)")
    return read_fsds(Q2)


@pytest.fixture(scope="module")
def num_txt():
    """(adsh, tag) → value ($ millions) of the consolidated entity, quarter to 2010-03-31, read
    straight from the zip's num.txt (qtrs 1 for flows, 0 for balances)."""
    if not Q2.exists():
        pytest.skip(f"real data folder not found: {Q2.parent}")
    out = {}
    with zipfile.ZipFile(Q2) as z, z.open("num.txt") as fh:
        for row in csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", errors="replace"),
                                  delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["ddate"] == "20100331" and row["qtrs"] in ("0", "1") and not row["segments"] \
                    and not row["coreg"] and row["uom"] == "USD" and row["value"]:
                out[(row["adsh"], row["tag"])] = float(row["value"]) / M
    return out


BAC, CITI, GS, USB, METLIFE = ("0001193125-10-111878", "0001047469-10-004978", "0000950123-10-046612",
                               "0000950123-10-046495", "0000950123-10-044487")


def _load(fsds, name):
    return load_fsds(Q2, name, "quarterly", facts=fsds)


def _m(company, item):
    return company.get(item, Q1_2010) / M


def test_bank_of_america_2010q1_by_hand(fsds, num_txt):
    bac = _load(fsds, "bank of america")
    assert bac.info.kind == "bank"
    hand = {"net_interest_income": "InterestIncomeExpenseNet", "noninterest_income": "NoninterestIncome",
            "revenue": "Revenues", "interest_income": "InterestAndDividendIncomeOperating",
            "interest_expense": "InterestExpense",
            "provision_for_credit_losses": "ProvisionForLoanLeaseAndOtherLosses",
            "noninterest_expense": "NoninterestExpense",
            "technology_expense": "InformationTechnologyAndDataProcessing",
            "loans_net": "LoansAndLeasesReceivableNetReportedAmount",
            "allowance_for_loan_losses": "LoansAndLeasesReceivableAllowance", "deposits": "Deposits"}
    for item, tag in hand.items():
        assert _m(bac, item) == num_txt[(BAC, tag)], item
    assert (_m(bac, "net_interest_income"), _m(bac, "noninterest_income")) == (13_749, 18_220)
    # Bank of America tags its revenue net of interest expense as Revenues: total net revenue
    assert _m(bac, "revenue") == _m(bac, "total_net_revenue") == 13_749 + 18_220 == 31_969
    assert _m(bac, "loans_net") == 929_207 and _m(bac, "deposits") == 976_102
    # total net revenue − provision − noninterest expense = income before taxes
    assert 31_969 - 9_805 - 17_775 == _m(bac, "pretax_income") == 4_389
    assert bac.notes == []


def test_citigroup_2010q1_by_hand(fsds, num_txt):
    citi = _load(fsds, "citigroup")
    assert citi.info.kind == "bank"
    assert _m(citi, "revenue") == num_txt[(CITI, "Revenues")] == 25_421 == 14_561 + 10_860
    assert _m(citi, "provision_for_credit_losses") == num_txt[(CITI, "ProvisionForLoanLeaseAndOtherLosses")] == 8_331
    # Citigroup tags its noninterest expense as OperatingExpenses, and its IT line as
    # CommunicationsAndInformationTechnology
    assert _m(citi, "noninterest_expense") == num_txt[(CITI, "OperatingExpenses")] == 11_518
    assert citi.provenance("noninterest_expense", Q1_2010)["source_key"] == "OperatingExpenses"
    assert _m(citi, "technology_expense") == num_txt[(CITI, "CommunicationsAndInformationTechnology")] == 1_064
    # its insurance business: premiums and benefits, part of "provisions for credit losses and
    # for benefits and claims" (8,618 = 8,331 + 287)
    assert (_m(citi, "premiums_earned"), _m(citi, "benefits_and_claims")) == (748, 287)
    assert 25_421 - 8_331 - 287 - 11_518 == _m(citi, "pretax_income") == 5_285
    assert _m(citi, "loans_net") == 673_058 and _m(citi, "deposits") == 827_914


def test_us_bancorp_total_net_revenue_is_derived(fsds, num_txt):
    usb = _load(fsds, "us bancorp")
    assert usb.info.kind == "bank"
    assert (USB, "Revenues") not in num_txt          # no revenue tag: finlit adds the parts
    assert _m(usb, "total_net_revenue") == _m(usb, "revenue") == 2_352 + 1_918 == 4_270
    assert usb.provenance("revenue", Q1_2010)["derived"]
    assert _m(usb, "provision_for_credit_losses") == num_txt[(USB, "ProvisionForOtherCreditLosses")] == 1_310
    assert _m(usb, "noninterest_expense") == 2_136
    # its income before taxes is a custom tag (IncomeBeforeIncomeTaxes): the sum still holds
    assert 4_270 - 1_310 - 2_136 == num_txt[(USB, "IncomeBeforeIncomeTaxes")] == 824


def test_goldman_sachs_is_a_bank_with_custom_revenue_tags(fsds, num_txt):
    gs = _load(fsds, "goldman sachs")
    assert gs.info.kind == "bank" and gs.info.industry == "banking"   # SIC 6211
    assert _m(gs, "noninterest_expense") == num_txt[(GS, "NoninterestExpense")] == 7_616
    assert _m(gs, "deposits") == num_txt[(GS, "Deposits")] == 38_431
    assert _m(gs, "technology_expense") == 176
    # net revenues are tagged with Goldman's own elements, which finlit does not read
    assert pd.isna(gs.get("revenue", Q1_2010))


def test_an_insurer_and_an_operating_company_of_the_data_set(fsds, num_txt):
    metlife = _load(fsds, "metlife")
    assert metlife.info.kind == "insurer"
    assert _m(metlife, "premiums_earned") == num_txt[(METLIFE, "PremiumsEarnedNet")] == 6_854
    assert _m(metlife, "benefits_and_claims") == num_txt[(METLIFE, "PolicyholderBenefitsAndClaimsIncurredNet")] == 7_537
    assert _m(metlife, "revenue") == 13_190
    apple = load_fsds(Q2, 320193, "quarterly", facts=fsds)
    assert apple.info.kind == "operating"
    assert not set(FINANCIAL_ITEMS) & set(apple.facts["line_item"])


# --- the bundled banks ---------------------------------------------------------------------

@pytest.mark.parametrize("ticker", ["JPM", "BAC"])
def test_bundled_banks_add_up_every_year(ticker):
    bank = finlit.load(ticker)
    assert bank.info.kind == "bank"
    assert bank.years == [2022, 2023, 2024, 2025]
    assert bank.notes == []
    for year in bank.years:
        tnr = bank.value("total_net_revenue", year)
        assert bank.value("revenue", year) == tnr                     # revenue is total net revenue
        assert bank.value("net_interest_income", year) + bank.value("noninterest_income", year) == tnr
        left = tnr - bank.value("provision_for_credit_losses", year) - bank.value("noninterest_expense", year)
        assert round(left / M) == round(bank.value("pretax_income", year) / M), year
    assert "selling_general_administrative" not in set(bank.facts["line_item"])


def test_jpmorgan_figures_and_their_filings():
    jpm = finlit.load("JPM")
    assert jpm.value("revenue", 2024) == 177_556 * M
    expected = {  # $ millions: FY2024 and FY2025 (JPMorgan 2024 10-K R226, 2025 10-K, 4Q25 supplement)
        2024: dict(net_interest_income=92_583, noninterest_income=84_973, provision_for_credit_losses=10_678,
                   noninterest_expense=91_797, technology_expense=9_831, loans_net=1_323_643,
                   deposits=2_406_032, pretax_income=75_081),
        2025: dict(revenue=182_447, net_interest_income=95_443, noninterest_income=87_004,
                   provision_for_credit_losses=14_212, noninterest_expense=95_640,
                   technology_expense=11_029, loans_net=1_467_664, deposits=2_559_320,
                   pretax_income=72_595)}
    for year, values in expected.items():
        for item, millions in values.items():
            assert jpm.value(item, year) == millions * M, (item, year)
    p = jpm.provenance("revenue", 2024)
    assert (p["source"], p["source_key"], p["filing"]) == ("sec-filing", "Total net revenue",
                                                          "0000019617-25-000270")
    assert jpm.provenance("technology_expense", 2025)["source_key"] == \
        "Technology, communications and equipment expense"
    assert jpm.provenance("noninterest_income", 2025)["derived"]       # 182,447 − 95,443
    # FY2022 from the 2022 10-K: the six expense lines add to the total noninterest expense, and
    # the balance sheet's loans less the allowance is the net figure
    assert sum((41_636, 4_696, 9_358, 10_174, 3_911, 6_365)) == jpm.value("noninterest_expense", 2022) / M
    assert jpm.value("technology_expense", 2022) / M == 9_358
    assert jpm.value("loans_net", 2022) / M == 1_135_647 - 19_726
    assert jpm.value("deposits", 2022) / M == 2_340_179
    assert jpm.provenance("deposits", 2022)["filing"] == "0000019617-23-000231"
    accessions = {f.get("accession") for f in jpm.info.filings}
    assert {"0000019617-25-000270", "0001628280-26-008131", "0000019617-24-000225",
            "0000019617-23-000231"} <= accessions
    # Yahoo's "Total Revenue" is not a bank's revenue: the toml says by how much
    assert any("$8.1 billion lower in FY2024" in n for n in jpm.info.notes)


def test_jpmorgan_matches_the_reported_figures_of_realdata(realdata):
    jpm = finlit.load("JPM")
    names = {"noninterest_revenue": "noninterest_income", "income_before_tax": "pretax_income"}
    with open(realdata / "bank_filings" / "jpm_reported.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 30
    for row in rows:
        item = names.get(row["line_item"], row["line_item"])
        assert jpm.value(item, int(row["fiscal_year"])) == float(row["value_usd_millions"]) * M, row


def test_bank_of_america_figures():
    bac = finlit.load("BAC")
    expected = {2024: (105_856, 56_060, 49_796, 5_821, 66_812, 33_223),     # restated in the 2025 10-K
                2025: (113_097, 60_096, 53_001, 5_675, 69_727, 37_695)}
    items = ("revenue", "net_interest_income", "noninterest_income", "provision_for_credit_losses",
             "noninterest_expense", "pretax_income")
    for year, values in expected.items():
        assert tuple(bac.value(i, year) / M for i in items) == values, year
    assert bac.provenance("noninterest_expense", 2025)["filing"] == "0000070858-26-000157"
    # its technology line is "Information processing and communications" (FY2025 10-K); the seven
    # expense lines of that statement add to the total, so the line is the one the filing shows
    lines = {2025: (42_346, 7_453, 7_448, 3_924, 2_580, 2_204, 3_772),
             2024: (40_182, 7_231, 7_289, 3_494, 2_669, 1_956, 3_991),
             2023: (38_330, 6_707, 7_164, 3_608, 2_159, 1_927, 5_950)}
    for year in lines:
        assert sum(lines[year]) == bac.value("noninterest_expense", year) / M, year
        assert bac.value("technology_expense", year) / M == lines[year][1], year
    assert bac.provenance("technology_expense", 2025)["source_key"] == "Information processing and communications"
    # FY2022: the 2Q23 supplement's six months to June 2022 + Q3 + Q4, summed line by line,
    # give the total noninterest expense of the 2024 10-K
    lines_2022 = (36_447, 6_279, 7_071, 3_653, 2_142, 1_825, 4_021)
    assert sum(lines_2022) == bac.value("noninterest_expense", 2022) / M
    assert bac.value("technology_expense", 2022) / M == 3_075 + 1_546 + 1_658 == lines_2022[1]
    assert bac.provenance("technology_expense", 2022)["filing"] == "0000070858-23-000166"
    # balance sheet at 31 December 2025 (FY2025 10-K): loans 1,185,700 - allowance 13,203
    assert bac.value("loans_net", 2025) / M == 1_185_700 - 13_203 == 1_172_497
    assert bac.value("deposits", 2025) / M == 2_018_729
    assert bac.value("loans_net", 2024) / M == 1_095_835 - 13_240
    # 31 December 2023 and 2024 from the 4Q24 earnings release's summary period-end balance
    # sheet; the five segments' year-end deposits in the same release add to each total
    assert bac.value("deposits", 2024) / M == 952_311 + 292_278 + 578_159 + 38_848 + 103_871 == 1_965_467
    assert bac.value("deposits", 2023) / M == 969_572 + 299_657 + 527_060 + 34_833 + 92_705 == 1_923_827
    assert bac.value("loans_net", 2023) / M == 1_053_732 - 13_342
    assert bac.provenance("deposits", 2023)["filing"] == "0000070858-25-000011"
    assert pd.isna(bac.get("deposits", 2022)) and pd.isna(bac.get("loans_net", 2022))


def test_bank_of_america_ratios_match_its_reported_efficiency_ratio():
    """Bank of America reports its efficiency ratio (noninterest expense / revenue net of interest
    expense) as 61.65% for 2025 and 63.12% for 2024 (4Q25 supplemental information)."""
    table = finlit.load("BAC").ratios(["efficiency_ratio", "loans_to_deposits", "provision_to_loans"])
    assert round(table.value("efficiency_ratio", 2025) * 100, 2) == 61.65
    assert round(table.value("efficiency_ratio", 2024) * 100, 2) == 63.12
    assert table.value("loans_to_deposits", 2025) == pytest.approx(1_172_497 / 2_018_729)
    assert table.value("loans_to_deposits", 2023) == pytest.approx(1_040_390 / 1_923_827)   # 54.1%
    assert table.value("provision_to_loans", 2025) == pytest.approx(5_675 / 1_172_497)


def test_operating_companies_keep_no_bank_items():
    for ticker in ("AAPL", "MSFT", "WMT", "LARKSPUR"):
        company = finlit.load(ticker)
        assert company.info.kind == "operating", ticker
        assert not set(FINANCIAL_ITEMS) & set(company.facts["line_item"]), ticker
    listed = {i.ticker: i.kind for i in finlit.bundled_companies()}
    assert listed["JPM"] == listed["BAC"] == "bank" and listed["AAPL"] == "operating"


def test_the_company_card_says_bank():
    assert "Banking and financial services · bank · USD" in finlit.load("JPM")._repr_html_()
    assert " · bank" not in finlit.load("AAPL")._repr_html_()


# --- the user's override -------------------------------------------------------------------

def test_load_kind_override():
    assert finlit.load("AAPL", kind="bank").info.kind == "bank"
    jpm = finlit.load("JPM", kind="operating")
    assert jpm.info.kind == "operating"
    assert not set(FINANCIAL_ITEMS) & set(jpm.facts["line_item"])
    assert jpm.value("revenue", 2024) == 177_556 * M
    assert finlit.load("JPM").info.kind == "bank"        # the cached company is unchanged
    with pytest.raises(InputError, match="unknown company kind 'casino'"):
        finlit.load("JPM", kind="casino")


BANK_CSV = """company,Example Bank
{kind}units,millions
line_item,2023,2024
Net interest income,900,1000
Noninterest income,400,500
Provision for credit losses,100,150
Total noninterest expense,800,850
Income before taxes,400,500
Total assets,20000,21000
Total deposits,15000,16000
"""


def test_a_kind_line_in_a_user_file():
    bank = read_user_file(io.StringIO(BANK_CSV.format(kind="kind,bank\n")), name="bank.csv")
    assert bank.info.kind == "bank"
    assert bank.value("revenue", 2024) == bank.value("total_net_revenue", 2024) == 1_500 * M
    assert bank.provenance("total_net_revenue", 2024)["derived"]
    assert 1_500 - 150 - 850 == bank.value("pretax_income", 2024) / M
    # without the line, the deposits and the noninterest income say bank too
    assert read_user_file(io.StringIO(BANK_CSV.format(kind="")), name="b.csv").info.kind == "bank"
    # kind,operating: the bank lines are not used, and a note says which
    plain = read_user_file(io.StringIO(BANK_CSV.format(kind="kind,operating\n")), name="p.csv")
    assert plain.info.kind == "operating" and "deposits" not in set(plain.facts["line_item"])
    assert any("Total deposits" in str(n) and "kind,bank" in str(n) for n in plain.notes)
    # the argument wins over the line
    again = read_user_file(io.StringIO(BANK_CSV.format(kind="kind,operating\n")), name="p.csv",
                           kind="bank")
    assert again.info.kind == "bank"


def test_cli_kind_option(capsys, tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text(BANK_CSV.format(kind=""), encoding="utf-8")
    code, out, _ = run(capsys, "statements", path, "--statement", "income", "--format", "csv")
    assert code == 0 and "total_net_revenue" in out
    code, out, err = run(capsys, "statements", path, "--statement", "income", "--format", "csv",
                         "--kind", "operating")
    assert code == 0 and "total_net_revenue" not in out and "kind,bank" in err
    code, _, err = run(capsys, "statements", "JPM", "--kind", "casino")
    assert code == 2 and "unknown company kind" in err


# --- vendors: Yahoo's "Total Revenue" of a bank ---------------------------------------------

def _payload(industry, statements):
    return {"symbol": "BANK", "period": "annual", "fetched": "2025-02-21T12:00:00",
            "info": {"financialCurrency": "USD", "longName": "Example Bank", "industry": industry},
            "statements": {"income": statements}}


def test_yahoo_total_revenue_of_a_bank_gets_a_note_with_the_difference():
    bank = company_from_payload(_payload("Banks - Diversified", {
        "TotalRevenue": {"2024-12-31": 169_439e6}, "NetInterestIncome": {"2024-12-31": 92_583e6},
        "InterestIncome": {"2024-12-31": 193_933e6}, "InterestExpense": {"2024-12-31": 101_350e6}}))
    assert bank.info.kind == "bank"
    assert bank.value("revenue", 2024) == 169_439e6      # only the vendor's figure exists
    [note] = [str(n) for n in bank.notes]
    assert '"TotalRevenue", $169.4 billion' in note and "no noninterest income" in note
    assert "$76.9 billion besides net interest income of $92.6 billion" in note   # 169,439 − 92,583


def test_yahoo_interest_income_of_an_operating_company_is_not_kept():
    company = company_from_payload(_payload("Consumer Electronics", {
        "TotalRevenue": {"2024-09-30": 391_035e6}, "InterestIncome": {"2024-09-30": 3_750e6}}))
    assert company.info.kind == "operating"
    assert set(company.facts["line_item"]) == {"revenue"}


def test_revenue_is_replaced_by_total_net_revenue_with_a_note():
    facts = make_facts([{"line_item": k, "period_end": "2024-12-31", "value": v * M}
                        for k, v in [("revenue", 169_439), ("net_interest_income", 92_583),
                                     ("noninterest_income", 84_973)]],
                       currency="USD", source="yahoo", source_key="TotalRevenue")
    bank = build_company(CompanyInfo("JPM", "JPMorgan Chase & Co.", industry="banking"), facts)
    assert bank.value("revenue", 2024) == 177_556 * M
    assert bank.provenance("revenue", 2024)["derived"]
    assert "is $8.1 billion lower and is not used" in str(bank.notes[0])


def _companyfacts(tags):
    facts = {tag: {"units": {"USD": [{"start": "2024-01-01", "end": "2024-12-31", "val": v * M,
                                      "accn": "0000000001-25-000001", "fy": 2024, "fp": "FY",
                                      "form": "10-K", "filed": "2025-02-14"}]}}
             for tag, v in tags.items()}
    return {"cik": 1, "entityName": "Example", "facts": {"us-gaap": facts}}


def test_sec_companyfacts_kind_from_the_tags():
    from finlit.sources.sec import load_companyfacts

    bank = load_companyfacts(_companyfacts({"RevenuesNetOfInterestExpense": 1_500,
                                            "InterestIncomeExpenseNet": 1_000, "NoninterestIncome": 500,
                                            "ProvisionForLoanLeaseAndOtherLosses": 150,
                                            "NoninterestExpense": 850, "Revenues": 2_600,
                                            "CommunicationsAndInformationTechnology": 90}))
    assert bank.info.kind == "bank"
    # a bank's revenue is its total net revenue, not a gross Revenues tag
    assert bank.value("revenue", 2024) == bank.value("total_net_revenue", 2024) == 1_500 * M
    assert "is $1.1 billion higher and is not used" in str(bank.notes[0])
    assert bank.value("technology_expense", 2024) == bank.value("it_spend", 2024) == 90 * M
    assert bank.provenance("technology_expense", 2024)["source_key"] == "CommunicationsAndInformationTechnology"
    maker = load_companyfacts(_companyfacts({"Revenues": 2_600, "InterestIncomeExpenseNet": 40}))
    assert maker.info.kind == "operating" and "net_interest_income" not in set(maker.facts["line_item"])
    assert load_companyfacts(_companyfacts({"Revenues": 2_600}), kind="insurer").info.kind == "insurer"


def test_jpmorgan_revenue_is_what_its_10k_xbrl_says(realdata):
    """JPMorgan tags its total net revenue as Revenues in its 10-K XBRL (SEC companyfacts,
    trimmed sample): the bundled revenue is that figure, to the dollar, and carries its filing."""
    import json

    path = realdata / "sec_companyfacts" / "trimmed_samples" / "JPM_CIK0000019617_sample_trimmed.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    latest = {}
    for fact in doc["facts"]["us-gaap"]["Revenues"]["units"]["USD"]:
        if fact["form"] == "10-K":
            latest[int(fact["end"][:4])] = fact          # the last listed is the latest filed
    jpm = finlit.load("JPM")
    assert sorted(latest) == [2023, 2024, 2025]
    for year, fact in latest.items():
        assert jpm.value("revenue", year) == jpm.value("total_net_revenue", year) == fact["val"]
    p = jpm.provenance("revenue", 2025)
    assert (p["filing"], p["filed"]) == (latest[2025]["accn"], latest[2025]["filed"]) == \
        ("0001628280-26-008131", "2026-02-13")
    # read from SEC, the trimmed file has no bank line: nothing says it is a bank, unless told
    sample = finlit.load(str(path))
    assert sample.info.kind == "operating" and finlit.load(str(path), kind="bank").info.kind == "bank"


@pytest.mark.parametrize("ticker, kind", [("JPM", "bank"), ("BAC", "bank"), ("AAPL", "operating"),
                                          ("MSFT", "operating"), ("XOM", "operating")])
def test_a_yfinance_csv_of_a_bank_is_read_as_a_bank(realdata, ticker, kind):
    """Yahoo gives every company a "Net Interest Income"; a bank lives on it (JPMorgan FY2024:
    92,583 of a Total Revenue of 169,439), a manufacturer does not."""
    path = realdata / "yfinance_csv" / "finance_intelligence_hub" / f"{ticker}_financials.csv"
    company = finlit.load(str(path))
    assert company.info.kind == kind
    if kind == "bank":
        assert company.value("net_interest_income", 2024) > 0.5 * company.value("revenue", 2024)
        assert any("no noninterest income" in str(n) for n in company.notes)
    else:
        assert "net_interest_income" not in set(company.facts["line_item"])


def test_kind_reaches_itspend_and_brief(capsys, tmp_path):
    from cli_helpers import run as run_cli

    code, out, _ = run_cli(capsys, "itspend", "JPM", "--kind", "operating")
    assert code == 0 and "technology, communications and equipment expense" not in out.split("\n")[1]
    code, out, _ = run_cli(capsys, "itspend", "JPM")
    assert code == 0 and "technology, communications and equipment expense" in out.split("\n")[1]
    from finlit.briefing.params import notebook_parameters
    from finlit.briefing.runner import default_notebook

    assert "kind" in notebook_parameters(default_notebook())


def test_a_wrong_kind_is_refused_before_the_briefing_runs(tmp_path, capsys):
    from cli_helpers import one_line_error
    from cli_helpers import run as run_cli

    code, _, err = run_cli(capsys, "brief", "JPM", "--kind", "banana", "--out", tmp_path)
    assert code == 2 and "unknown company kind 'banana'" in one_line_error(err)
    assert not any(tmp_path.iterdir())


def test_the_judgement_follows_the_kind_the_user_chose():
    from finlit.judge import assess

    assert "credit" in assess(finlit.load("JPM"))                      # a bank: judged as a bank
    assert "credit" not in assess(finlit.load("JPM", kind="operating"))  # the override is honoured


def test_the_bank_paragraph_names_each_banks_own_technology_line():
    from finlit.explain.bank import explain_bank_income
    bac = explain_bank_income(finlit.load("BAC"), 2025).text
    jpm = explain_bank_income(finlit.load("JPM"), 2025).text
    assert "Of that, $7.5 billion went on information processing and communications." in bac
    assert "technology, communications and equipment" not in bac
    assert "Of that, $11.0 billion went on technology, communications and equipment." in jpm


def test_ratios_csv_of_a_bank_gives_its_ratios_and_says_why_the_others_are_missing(capsys):
    """`finlit ratios JPM --format csv`: the contract's columns, the bank ratios with the values
    hand-computed from the 10-K figures, no row for a ratio that means nothing for a bank, and
    on stderr one note per reason naming the ratios (and years) it applies to."""
    from cli_helpers import run

    code, out, err = run(capsys, "ratios", "JPM", "--format", "csv")
    rows = list(csv.DictReader(out.splitlines()))
    assert code == 0 and list(rows[0]) == ["company", "fiscal_year", "period_end", "ratio", "value"]
    value = {(r["ratio"], int(r["fiscal_year"])): r["value"] for r in rows}
    assert float(value["efficiency_ratio", 2024]) == pytest.approx(91_797 / 177_556)    # 51.7%
    assert float(value["efficiency_ratio", 2025]) == pytest.approx(95_640 / 182_447)    # 52.4%
    assert float(value["technology_pct_revenue", 2025]) == pytest.approx(11_029 / 182_447)
    assert float(value["loans_to_deposits", 2022]) == pytest.approx(1_115_921 / 2_340_179)
    assert not {"gross_margin", "current_ratio", "days_sales_outstanding"} & {r["ratio"] for r in rows}
    notes = [line for line in err.splitlines() if line.startswith("finlit: note: ")]
    assert any(line.startswith("finlit: note: not meaningful for a bank: gross_margin,")
               and "current_ratio" in line and "(every year)" in line for line in notes)
    assert "finlit: note: previous year's revenue not available: revenue_growth (FY2022)" in notes
    assert value["revenue_growth", 2022] == ""                      # the missing value is empty
    # JSON carries the same reasons per value, the left-out ratios included
    code, out, _ = run(capsys, "ratios", "JPM", "--format", "json")
    records = {(r["ratio"], r["fiscal_year"]): r for r in json.loads(out)["ratios"]}
    assert records["current_ratio", 2025] == {**records["current_ratio", 2025], "value": None,
                                              "reason": "not meaningful for a bank"}
    assert records["efficiency_ratio", 2025]["reason"] is None


def test_a_credit_cost_change_is_read_on_its_own_scale():
    """JPMorgan's provision to loans went from 0.81% (10,678 / 1,323,643) to 0.97% (14,212 /
    1,467,664): a fifth more, shown as 0.8% and 1.0% in the table. On the scale of margins (half
    a point is 'about the same') it would read as no change; near 1% the steps are finer."""
    from finlit.explain import explain_ratio

    text = explain_ratio(finlit.load("JPM"), "provision_to_loans", 2025).text
    assert "In FY2025 it was 1.0%" in text
    assert "a little more than the year before (a change of 0.2 percentage points)" in text
    assert "about the same" not in text
