"""Cross-source agreement: Apple FY2023 from three independent files agrees within 0.5%.

SEC companyfacts (the XBRL of the 10-K), the statements a yfinance user saved as CSV, and the
10-K statements as a person copied them into CSV ($ millions, the company's own labels).
"""
import pytest

from finlit.sources import load
from finlit.sources.user_files import read_user_file

ITEMS = ("revenue", "net_income", "total_assets")
PUBLISHED = {"revenue": 383285e6, "net_income": 96995e6, "total_assets": 352583e6}  # 10-K, FY2023


@pytest.fixture
def apple_three_ways(realdata):
    companyfacts = load(str(realdata / "sec_companyfacts" / "AAPL_CIK0000320193.json"))
    hub = realdata / "yfinance_csv" / "finance_intelligence_hub"
    yfinance = read_user_file([hub / "AAPL_financials.csv", hub / "AAPL_balance_sheet.csv"])
    tenk = realdata / "user_files"
    ten_k_csv = read_user_file([tenk / "apple_10k_2023_consolidated.csv",
                                tenk / "apple_10k_2023_balance_sheet.csv"], units="millions")
    return {"companyfacts": companyfacts, "yfinance-csv": yfinance, "10-K csv": ten_k_csv}


@pytest.mark.parametrize("item", ITEMS)
def test_apple_fy2023_agrees_across_sources(apple_three_ways, item):
    values = {name: c.value(item, 2023) for name, c in apple_three_ways.items()}
    assert all(v == v for v in values.values()), values
    low, high = min(values.values()), max(values.values())
    assert (high - low) <= 0.005 * abs(high), values
    for name, value in values.items():
        assert value == pytest.approx(PUBLISHED[item], rel=0.005), name


def test_sources_keep_their_own_provenance(apple_three_ways):
    sources = {name: c.provenance("revenue", 2023)["source"] for name, c in apple_three_ways.items()}
    assert sources == {"companyfacts": "sec-companyfacts", "yfinance-csv": "yfinance-csv",
                       "10-K csv": "user-file"}
