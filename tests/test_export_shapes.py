"""Export shapes recognised by their content (issue 12, point 2), each on real published
figures from ../shared/realdata (fixtures are built in the tests from the real files):
yahooquery CSVs, SimFin bulk statements, one long file with a statement column, yfinance
frames saved every way, statements one below the other and units lines, IFRS/UK labels.

Reference figures (published, millions): Apple FY2023 10-K: revenue 383,285, net income
96,995, total assets 352,583, current assets 143,566, current liabilities 145,308, cash from
operations 110,543, capital expenditure 10,959; FY2024 revenue 391,035; Dec-2024 quarter
revenue 124,300. Alphabet revenue Q2/Q3/Q4 2023: 74,604 / 76,693 / 86,310. Spotify Q3 2023
(EUR): revenue 3,357, net income 65. Microsoft FY2021 10-K: revenue 168,088, net income
61,271, income taxes 9,831, additions to property and equipment 20,622. Apple FY2019 10-K:
revenue 260,174, net income 55,256, capital expenditure 10,495. TSMC (TWD) and Logistic
Properties of the Americas (USD) 2023 20-F figures: from their ifrs-full companyfacts."""
import csv
import json

import pandas as pd
import pytest

import finlit
from finlit.cli import main
from finlit.errors import InputError

M = 1e6
KEY_RATIOS = ["return_on_assets", "current_ratio", "free_cash_flow"]


def apple_fy2023(company, year=2023):
    assert company.value("revenue", year) / M == 383285
    assert company.value("net_income", year) / M == 96995
    r = company.ratios(KEY_RATIOS)
    assert r.value("return_on_assets", year) == pytest.approx(96995 / 352583)
    assert r.value("current_ratio", year) == pytest.approx(143566 / 145308)
    assert r.value("free_cash_flow", year) / M == pytest.approx(110543 - 10959)


# --- yahooquery -------------------------------------------------------------------------------

def yahooquery_frame(path):
    """What yahooquery's `Ticker(t).all_financial_data()` (or `income_statement()` …) returns,
    built the way yahooquery builds it from the same fundamentals-timeseries response: the
    type's prefix (annual, quarterly, trailing) dropped, one row per (symbol, asOfDate,
    periodType, currencyCode), the symbol as the index."""
    body = json.loads(path.read_text())["response"]["bodyJson"]["timeseries"]["result"]
    records = []
    for series in body:
        kind = series["meta"]["type"][0]
        key = kind
        for prefix in ("annual", "quarterly", "trailing"):
            key = key.removeprefix(prefix)
        for entry in series.get(kind) or []:
            if entry:
                records.append({"symbol": series["meta"]["symbol"][0], "asOfDate": entry["asOfDate"],
                                "periodType": entry["periodType"], "currencyCode": entry["currencyCode"],
                                "dataType": key, "reportedValue": entry["reportedValue"]["raw"]})
    frame = pd.DataFrame(records)
    frame["asOfDate"] = pd.to_datetime(frame["asOfDate"], format="%Y-%m-%d")
    frame = frame.pivot_table(index=["symbol", "asOfDate", "periodType", "currencyCode"],
                              columns="dataType", values="reportedValue")
    return pd.DataFrame(frame.to_records()).set_index("symbol")


def yq_csv(realdata, tmp_path, name, out=None):
    frame = yahooquery_frame(realdata / "yahoo_raw_json" / f"fundamentalsTimeSeries-{name}.json")
    path = tmp_path / (out or f"{name}.csv")
    frame.to_csv(path)
    return path


def test_yahooquery_csv_annual_all_statements(realdata, tmp_path):
    path = yq_csv(realdata, tmp_path, "AAPL-all-annual", "aapl_yq.csv")
    apple = finlit.load(str(path))
    assert apple.ticker == "AAPL" and apple.currency == "USD" and apple.period == "annual"
    apple_fy2023(apple)
    assert apple.value("revenue", 2024) / M == 391035
    assert apple.provenance("capital_expenditure", 2023)["flipped"]      # Yahoo: -10,959
    assert apple.provenance("revenue", 2023)["source_key"] == "Total Revenue"


def test_yahooquery_csv_quarterly_two_companies_and_currency(realdata, tmp_path):
    goog = finlit.load(str(yq_csv(realdata, tmp_path, "GOOG-financials-quarterly", "goog.csv")),
                       period="quarterly")
    assert [goog.value("revenue", d) / M for d in ("2023-06-30", "2023-09-30", "2023-12-31")] == \
        [74604, 76693, 86310]
    spot = finlit.load(str(yq_csv(realdata, tmp_path, "SPOT-financials-quarterly", "spot.csv")),
                       period="quarterly")
    # yahooquery keeps Spotify's USD share-count rows apart from its EUR figures
    assert spot.currency == "EUR" and spot.ticker == "SPOT"
    assert spot.value("revenue", "2023-09-30") / M == 3357
    assert spot.value("net_income", "2023-09-30") / M == 65
    aapl_q = finlit.load(str(yq_csv(realdata, tmp_path, "AAPL-all-quarterly", "aapl_q.csv")),
                         period="quarterly")
    assert aapl_q.value("revenue", "2024-12-31") / M == 124300
    assert aapl_q.value("total_assets", "2024-12-31") > 0


def test_yahooquery_csv_period_types_and_companies(realdata, tmp_path, capsys):
    annual = yahooquery_frame(realdata / "yahoo_raw_json" / "fundamentalsTimeSeries-AAPL-all-annual.json")
    quarterly = yahooquery_frame(realdata / "yahoo_raw_json" / "fundamentalsTimeSeries-AAPL-all-quarterly.json")
    mixed = tmp_path / "mixed.csv"
    pd.concat([annual, quarterly]).to_csv(mixed)
    # 12M rows are the fiscal years, 3M rows the quarters: each read only for its period
    assert finlit.load(str(mixed)).years == [2022, 2023, 2024]
    assert finlit.load(str(mixed)).value("revenue", 2023) / M == 383285
    assert finlit.load(str(mixed), period="quarterly").value("revenue", "2024-12-31") / M == 124300
    # a TTM row (yahooquery's trailing=True): the four quarters to Dec 2024 summed, as Yahoo does
    ttm = quarterly.iloc[[-1]][["asOfDate", "currencyCode"]].assign(
        periodType="TTM", TotalRevenue=quarterly["TotalRevenue"].sum())
    with_ttm = tmp_path / "with_ttm.csv"
    pd.concat([annual, ttm]).to_csv(with_ttm)
    apple = finlit.load(str(with_ttm))
    assert apple.years == [2022, 2023, 2024]                       # TTM is not a fiscal year
    assert any(n.check == "rows_not_read" and "TTM rows" in str(n) for n in apple.notes)
    trailing = finlit.load(str(with_ttm), period="ttm")
    assert trailing.value("revenue", "2024-12-31") / M == 124300 + 94930 + 85777 + 90753
    # only 3M rows: asking for annual figures says what the file holds
    code = main(["ratios", str(yq_csv(realdata, tmp_path, "GOOG-financials-quarterly", "g.csv"))])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "yahooquery output with 3M rows" in err[0]
    # several symbols: choose one
    both = tmp_path / "both.csv"
    goog = yahooquery_frame(realdata / "yahoo_raw_json" / "fundamentalsTimeSeries-GOOG-financials-quarterly.json")
    pd.concat([quarterly, goog]).to_csv(both)
    code = main(["ratios", str(both), "--period", "quarterly"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "several companies (AAPL, GOOG)" in err[0]
    assert finlit.load(str(both), period="quarterly", company="GOOG").value("revenue", "2023-09-30") / M == 76693
    with pytest.raises(InputError, match="without rows for MSFT"):
        finlit.load(str(both), period="quarterly", company="MSFT")


# --- SimFin -----------------------------------------------------------------------------------

def simfin(realdata):
    return realdata / "bulk" / "simfin_us_annual"


def test_simfin_bulk_one_company_by_ticker(realdata, capsys):
    msft = finlit.load(str(simfin(realdata)), company="MSFT")
    assert msft.ticker == "MSFT" and msft.currency == "USD" and msft.info.fiscal_year_end == "06-30"
    assert msft.value("revenue", 2021) / M == 168088
    assert msft.value("net_income", 2021) / M == 61271
    assert msft.value("income_tax", 2021) / M == 9831          # "(Expense) Benefit": -9,831
    assert msft.value("capital_expenditure", 2021) / M == 20622
    r = msft.ratios(KEY_RATIOS)
    assert all(r.value(k, 2021) == r.value(k, 2021) for k in KEY_RATIOS)
    # one file gives its siblings; --company on the command line
    apple = finlit.load(str(simfin(realdata) / "us-income-annual.csv"), company="aapl")
    assert apple.value("revenue", 2019) / M == 260174 and apple.value("net_income", 2019) / M == 55256
    assert apple.value("capital_expenditure", 2019) / M == 10495
    assert apple.value("cost_of_revenue", 2019) > 0                     # stored negative: flipped
    code = main(["ratios", str(simfin(realdata)), "--company", "AAPL", "--ratio", "current_ratio",
                 "--format", "csv"])
    assert code == 0 and "current_ratio" in capsys.readouterr().out


def test_simfin_needs_a_ticker(realdata, capsys):
    code = main(["ratios", str(simfin(realdata) / "us-income-annual.csv")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "SimFin bulk file with 2,738 companies" in err[0]
    assert "--company" in err[0]
    with pytest.raises(InputError, match="without rows for the ticker 'NOPE'"):
        finlit.load(str(simfin(realdata)), company="NOPE")


# --- one long file with a statement column ------------------------------------------------------

TEN_K = (("Income statement", "consolidated"), ("Balance sheet", "balance_sheet"),
         ("Cash flow statement", "cashflow"))


def apple_rows(realdata, name):
    with open(realdata / "user_files" / f"apple_10k_2023_{name}.csv", newline="") as fh:
        return list(csv.reader(fh))


def test_one_long_file_with_a_statement_column(realdata, tmp_path):
    # line items as rows, periods as columns: Apple's three 10-K statements in one file
    rows = [["statement", "line_item", "Sep. 30, 2023", "Sep. 24, 2022", "Sep. 25, 2021"]]
    for statement, name in TEN_K:
        rows += [[statement, *r] for r in apple_rows(realdata, name)[1:]]
    for encoding in ("utf-8", "utf-8-sig"):                    # with and without a BOM
        path = tmp_path / f"apple_all_{encoding}.csv"
        with open(path, "w", newline="", encoding=encoding) as fh:
            csv.writer(fh).writerows(rows)
        apple = finlit.load(str(path), units="millions")
        apple_fy2023(apple)
        assert apple.value("inventory", 2023) / M == 6331              # the balance, not the change
    # one value per row (finlit's own `statements --format csv` output): read back unchanged
    code_out = tmp_path / "msft_long.csv"
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["statements", "MSFT", "--format", "csv"]) == 0
    code_out.write_text(out.getvalue(), encoding="utf-8-sig")
    again, bundled = finlit.load(str(code_out)), finlit.load("MSFT")
    assert again.ticker == "MSFT"
    for key in ("revenue", "net_income", "total_assets", "operating_cash_flow", "capital_expenditure"):
        for year in bundled.years:
            assert again.get(key, year) == pytest.approx(bundled.get(key, year), nan_ok=True), (key, year)


# --- yfinance frames saved every way ------------------------------------------------------------

@pytest.mark.parametrize("ticker, year, revenue", [("AAPL", 2023, 383285), ("NKE", 2024, 51362)])
def test_yfinance_csv_every_orientation_and_order(realdata, tmp_path, ticker, year, revenue):
    saved = pd.read_csv(realdata / "yfinance_csv" / "sly3ye_transposed_3stmt" / f"{ticker}_income.csv",
                        index_col=0)
    variants = {"as saved (.T, date column)": saved, "labels as rows (no .T)": saved.T,
                "oldest first": saved.iloc[::-1], "labels as rows, oldest first": saved.iloc[::-1].T,
                "dates as an unnamed index": saved.rename_axis(None)}
    values = {}
    for shape, frame in variants.items():
        path = tmp_path / f"{ticker.lower()}_{len(values)}.csv"
        frame.to_csv(path)
        company = finlit.load(str(path))
        assert company.value("revenue", year) / M == revenue, shape
        values[shape] = {(k, y): company.get(k, y) for k in ("revenue", "net_income", "cost_of_revenue")
                         for y in company.years}
    first = next(iter(values.values()))
    assert all(v == pytest.approx(first, nan_ok=True) for v in values.values())


# --- statements one below the other, units lines --------------------------------------------------

def stacked_rows(realdata, units_line):
    rows = [["Apple Inc."], [units_line]]
    for statement, name in TEN_K:
        rows += [[f"Consolidated {statement.lower()}"], *apple_rows(realdata, name), []]
    return rows


def _numbers(row):
    out = []
    for cell in row:
        try:
            out.append(float(cell))
        except ValueError:
            out.append(cell)
    return out


@pytest.mark.parametrize("units_line, scale, currency", [
    ("(in millions)", 1, "USD"), ("$m", 1, "USD"), ("USD millions", 1, "USD"),
    ("(in thousands)", 1000, "USD")])
def test_statements_one_below_the_other_with_a_units_line(realdata, tmp_path, units_line, scale, currency):
    from openpyxl import Workbook

    rows = stacked_rows(realdata, units_line)
    if scale != 1:     # the same figures written in thousands
        rows = [[r[0], *[str(int(c) * scale) if c.lstrip("-").isdigit() and i else c
                         for i, c in enumerate(r[1:], 1)]] if r else r for r in rows]
    text = tmp_path / "apple_stacked.csv"
    with open(text, "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = "Financials"
    for row in rows:
        sheet.append(_numbers(row))
    xlsx = tmp_path / "apple_stacked.xlsx"
    book.save(xlsx)
    for path in (text, xlsx):
        apple = finlit.load(str(path))
        assert apple.currency == currency
        apple_fy2023(apple)
        assert apple.value("inventory", 2023) / M == 6331 and apple.value("payables", 2023) / M == 62611


def nike_parts(realdata):
    """Nike's three yfinance statements (full dollars) as (title, rows): labels as rows."""
    folder = realdata / "yfinance_csv" / "sly3ye_transposed_3stmt"
    for title, statement in (("Income statement", "income"), ("Balance sheet", "balance"),
                             ("Cash flow statement", "cashflow")):
        frame = pd.read_csv(folder / f"NKE_{statement}.csv", index_col=0).T
        yield title, [["Item", *frame.columns]] + [
            [label, *["" if pd.isna(v) else v for v in frame.loc[label]]] for label in frame.index]


def nike_checks(company, realdata):
    """Nike FY2024 (10-K, May 2024): revenue 51,362; the ratios equal those of the same
    statements read as yfinance CSVs."""
    reference = finlit.load(str(realdata / "yfinance_csv" / "sly3ye_transposed_3stmt" / "NKE_income.csv"))
    assert company.value("revenue", 2024) / M == 51362
    r, ref = company.ratios(KEY_RATIOS), reference.ratios(KEY_RATIOS)
    for key in KEY_RATIOS:
        assert r.value(key, 2024) == pytest.approx(ref.value(key, 2024)), key


def test_nike_statements_one_below_the_other(realdata, tmp_path):
    rows = [["Nike, Inc."], ["USD"]]
    for title, part in nike_parts(realdata):
        rows += [[title], *part, []]
    path = tmp_path / "nike.csv"
    with open(path, "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    nike_checks(finlit.load(str(path)), realdata)


def test_workbooks_with_a_sheet_per_statement(realdata, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for (statement, name), sheet in zip(TEN_K, ("Income", "Balance sheet", "Cash flow")):
        ws = book.create_sheet(sheet)
        ws.append(["$ in millions"])
        for row in apple_rows(realdata, name):
            ws.append(_numbers(row))
    book.save(tmp_path / "apple.xlsx")
    apple_fy2023(finlit.load(str(tmp_path / "apple.xlsx")))
    book = Workbook()
    book.remove(book.active)
    for (title, part), sheet in zip(nike_parts(realdata), ("P&L", "Balance_Sheet", "Cash_Flow")):
        ws = book.create_sheet(sheet)
        for row in part:
            ws.append(row)
    book.save(tmp_path / "nike.xlsx")
    nike_checks(finlit.load(str(tmp_path / "nike.xlsx"), units="ones"), realdata)


def test_units_line_in_pounds_billions(tmp_path):
    # hand-computed: "£bn" above the table: GBP, values × 1e9
    path = tmp_path / "uk.csv"
    path.write_text("Group income statement\n£bn\nline_item,2023,2024\nRevenue,1.5,1.75\n"
                    "Profit for the year,0.25,0.3\n", encoding="utf-8")
    uk = finlit.load(str(path))
    assert uk.currency == "GBP" and uk.value("revenue", 2024) == 1.75e9
    assert uk.value("net_income", 2023) == 0.25e9


# --- IFRS / UK labels ---------------------------------------------------------------------------

IFRS_ROWS = {  # IFRS label -> ifrs-full tag in TSMC's companyfacts
    "income": [("Revenue", "Revenue"), ("Cost of sales", "CostOfSales"), ("Gross profit", "GrossProfit"),
               ("Finance costs", "FinanceCosts"), ("Profit before tax", "ProfitLossBeforeTax"),
               ("Income tax expense", "IncomeTaxExpenseContinuingOperations"),
               ("Profit for the year", "ProfitLoss")],
    "balance": [("Cash and cash equivalents", "CashAndCashEquivalents"),
                ("Trade and other receivables", "CurrentTradeReceivables"), ("Inventories", "Inventories"),
                ("Total current assets", "CurrentAssets"), ("Total assets", "Assets"),
                ("Current liabilities", None), ("Borrowings", "CurrentPortionOfLongtermBorrowings"),
                ("Total current liabilities", "CurrentLiabilities"),
                ("Non-current liabilities", None), ("Borrowings", "LongtermBorrowings"),
                ("Total liabilities", "Liabilities"), ("Total equity", "Equity")],
    "cashflow": [("Net cash generated from operating activities", "CashFlowsFromUsedInOperatingActivities"),
                 ("Purchase of property, plant and equipment",
                  "PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities")]}


IFRS_FILES = {"TSMC": ("TSM_CIK0001046179_ifrs.json", "TWD"),
              "LPA": ("LPA_CIK0001997711_fixture.json", "USD")}


def ifrs_figures(realdata, company, years=(2022, 2023)):
    """A company's annual (20-F) figures per ifrs-full tag and year, from its companyfacts
    (the latest filed when a figure was filed twice)."""
    name, currency = IFRS_FILES[company]
    facts = json.loads((realdata / "sec_companyfacts" / name).read_text())["facts"]["ifrs-full"]
    out = {}
    for tag in {t for rows in IFRS_ROWS.values() for _, t in rows if t} & set(facts):
        for f in sorted(facts[tag]["units"].get(currency, []), key=lambda f: f.get("filed", "")):
            year = int(f["end"][:4])
            if f.get("form") == "20-F" and f["end"][5:] == "12-31" and year in years and (
                    "start" not in f or f["start"][:4] == f["end"][:4]):
                out[(tag, year)] = f["val"]
    return out, currency


@pytest.mark.parametrize("company", ["TSMC", "LPA"])
def test_ifrs_uk_labels_through_the_synonyms_table(realdata, tmp_path, company):
    figures, currency = ifrs_figures(realdata, company)
    for statement, rows in IFRS_ROWS.items():
        lines = [["currency", currency], ["Line item", "2023", "2022"]]
        lines += [[label, *(["", ""] if tag is None else [figures[(tag, 2023)], figures[(tag, 2022)]])]
                  for label, tag in rows if tag is None or (tag, 2023) in figures]
        with open(tmp_path / f"{company}_{statement}.csv", "w", newline="") as fh:
            csv.writer(fh).writerows(lines)
    read = finlit.load(str(tmp_path))
    f = lambda tag: figures.get((tag, 2023), float("nan"))  # noqa: E731
    assert read.currency == currency
    for item, tag in (("revenue", "Revenue"), ("net_income", "ProfitLoss"),
                      ("interest_expense", "FinanceCosts"), ("receivables", "CurrentTradeReceivables"),
                      # "Borrowings" twice: under current and under non-current liabilities
                      ("short_term_debt", "CurrentPortionOfLongtermBorrowings"),
                      ("long_term_debt", "LongtermBorrowings")):
        assert read.get(item, 2023) == pytest.approx(f(tag), nan_ok=True), item
    r = read.ratios(KEY_RATIOS)
    assert r.value("return_on_assets", 2023) == pytest.approx(f("ProfitLoss") / f("Assets"))
    assert r.value("current_ratio", 2023) == pytest.approx(f("CurrentAssets") / f("CurrentLiabilities"))
    assert r.value("free_cash_flow", 2023) == pytest.approx(
        f("CashFlowsFromUsedInOperatingActivities")
        - f("PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities"), nan_ok=True)
    assert not any(n.check == "balance_sheet_balances" for n in read.notes)
    report = finlit.inspect(str(tmp_path))
    assert "Borrowings read by section" in report.shape
    assert {r["label"] for r in report.rows() if r["item"] == "long_term_debt" and r["used"]} == \
        {"Borrowings (non-current)"}


def test_stacked_statements_in_a_file_over_64_kb_are_still_found(realdata, tmp_path):
    """Shapes are looked for in the first 64 KB (so plain large files are read at full speed);
    a large file whose head shows a statement title is still split into its statements. Nike's
    three statements, then enough blank-padded comment lines to pass 64 KB."""
    rows = [["Nike, Inc."], ["USD"]]
    for title, part in nike_parts(realdata):
        rows += [[title], *part, []]
    path = tmp_path / "nike_big.csv"
    with open(path, "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
        for i in range(3000):          # a long tail of notes the reader ignores
            fh.write(f"# note {i}: figures as published, see the 10-K{' ' * 20}\n")
    assert path.stat().st_size > 64 * 1024
    nike_checks(finlit.load(str(path)), realdata)
