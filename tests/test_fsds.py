"""SEC Financial Statement Data Sets on ../shared/realdata/sec_fsds (skipped without it).
Expected values are hand-checked against extracts/ (selected rows of the 2010q2 set)."""
import csv
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from finlit.errors import InputError
from finlit.sources.fsds import FACT_COLUMNS, filers, load_all, load_fsds, read_fsds

FSDS = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "sec_fsds"
Q2 = FSDS / "fsds_2010q2.zip"
DAILY = FSDS / "fsds_daily_20250701.zip"
M = 1e6


@pytest.fixture(scope="module")
def facts():
    if not Q2.exists():
        pytest.skip(f"real data folder not found: {FSDS} (only in the development setup)")
    return read_fsds(Q2)


def test_read_fsds_columns_and_filters(facts):
    assert list(facts.columns) == FACT_COLUMNS
    assert facts["adsh"].nunique() > 400
    assert {"10-K", "10-Q", "20-F"} <= set(facts["form"])
    assert pd.api.types.is_datetime64_any_dtype(facts["ddate"])
    assert pd.api.types.is_datetime64_any_dtype(facts["period"])
    assert set(facts["qtrs"].dropna().unique()) <= {0, 1, 2, 3, 4}
    assert facts.loc[facts["tag"] == "InformationTechnologyAndDataProcessing", "line_item"].eq("it_spend").all()
    assert facts.loc[facts["tag"] == "Revenues", "line_item"].eq("revenue").all()


def test_bank_of_america_it_expense_and_revenue(facts):
    bac = facts[(facts["name"].str.startswith("BANK OF AMERICA")) & (facts["ddate"] == "2010-03-31")
                & (facts["qtrs"] == 1)].set_index("tag")["value"]
    assert bac["InformationTechnologyAndDataProcessing"] == 648 * M
    assert bac["Revenues"] == 31_969 * M
    company = load_fsds(Q2, "bank of america", "quarterly", facts=facts)
    assert company.value("it_spend", "2010-03-31") == 648 * M
    assert company.value("revenue", "2010-03-31") == 31_969 * M
    assert company.info.industry == "banking"
    assert company.period_label("2010-03-31") == "FY2010 Q1"


def _extract(adsh, tag, ddate):
    with open(FSDS / "extracts" / "fsds_2010q2_selected_num.tsv", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if (row["adsh"], row["tag"], row["ddate"], row["qtrs"]) == (adsh, tag, ddate, "4") \
                    and not row["segments"] and not row["coreg"]:
                return float(row["value"])
    raise KeyError((adsh, tag, ddate))


@pytest.mark.parametrize("name, adsh, tag, ddate, year", [
    ("best buy", "0001047469-10-004349", "SalesRevenueNet", "20100228", 2010),
    ("medtronic", "0000897101-10-001328", "SalesRevenueNet", "20100430", 2010),
    ("mckesson", "0000950123-10-043581", "Revenues", "20100331", 2010),
    ("symantec", "0000950123-10-052086", "Revenues", "20090331", 2009),
])
def test_annual_statements_match_the_extracts(facts, name, adsh, tag, ddate, year):
    company = load_fsds(Q2, name, facts=facts)
    assert company.period == "annual"
    assert company.value("revenue", year) == _extract(adsh, tag, ddate)
    assert company.provenance("revenue", year)["filing"] == adsh
    assert company.provenance("revenue", year)["source"] == "sec-fsds"


def test_best_buy_by_hand(facts):
    bby = load_fsds(Q2, 764478, facts=facts)  # by CIK
    assert bby.info.fiscal_year_end == "02-28"
    assert bby.value("net_income", 2010) == 1_317 * M
    assert bby.value("total_assets", 2010) == 18_302 * M
    assert bby.value("total_assets", 2009) == 15_826 * M
    assert bby.notes == []  # assets = liabilities + equity + minority interest


def test_company_selection_errors(facts):
    with pytest.raises(InputError, match=r"filers in fsds_2010q2.zip match 'bank'.*CIK.*give the CIK"):
        load_fsds(Q2, "bank", facts=facts)
    with pytest.raises(InputError, match="no filer .* has 'zzzz' in its name"):
        load_fsds(Q2, "zzzz", facts=facts)
    with pytest.raises(InputError, match="has no 10-K.*try period 'quarterly'"):
        load_fsds(Q2, "bank of america", facts=facts)
    with pytest.raises(InputError, match="not available from a Financial Statement Data Set"):
        load_fsds(Q2, "best buy", "ttm", facts=facts)


def test_every_annual_filer_builds(facts):
    companies = load_all(Q2, "annual", facts=facts)
    annual = facts.loc[facts["form"].isin(["10-K", "10-K/A", "20-F", "20-F/A", "40-F/A"]), "cik"].nunique()
    assert len(companies) >= annual - 5 and len(companies) > 30
    assert all(c.period == "annual" and c.years for c in companies.values())


def test_filers_listing():
    if not Q2.exists():
        pytest.skip("no real data")
    table = filers(Q2)
    assert list(table.columns[:5]) == ["cik", "name", "sic", "form", "period"]
    assert len(table) == 522


def test_daily_data_set():
    if not DAILY.exists():
        pytest.skip("no real data")
    facts = read_fsds(DAILY)
    assert facts["adsh"].nunique() == 6
    msc = load_fsds(DAILY, "msc industrial", "quarterly", facts=facts)
    assert msc.info.fiscal_year_end == "08-31"
    assert msc.period_label(msc.periods[-1]) == "FY2025 Q3"


def test_not_a_data_set(tmp_path):
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not an SEC Financial Statement Data Set: not a zip"):
        read_fsds(bad)
    other = tmp_path / "y.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "hi")
    with pytest.raises(InputError, match="no sub.txt or num.txt"):
        read_fsds(other)
    with pytest.raises(InputError, match="file not found"):
        read_fsds(tmp_path / "missing.zip")
