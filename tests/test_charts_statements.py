"""Statement and ratio charts, checked on fig.to_dict(): trace types, measures, values,
conserved Sankey flows, palette colours, axis units, awkward companies."""
import dataclasses
import math
import re
import time

import plotly.graph_objects as go
import plotly.io as pio
import pytest

import finlit
from finlit.charts import (COLORS, GREYS, OKABE_ITO, PALETTE, TEMPLATE, balance_composition,
                           income_sankey, income_waterfall, ratio_trend)
from finlit.charts.theme import rgba
from finlit.company import Company

ALLOWED = {c.upper() for c in [*OKABE_ITO.values(), *GREYS, *COLORS.values(), "white", "#FFFFFF"]}


@pytest.fixture(scope="module")
def companies():
    return {info.ticker: finlit.load(info.ticker) for info in finlit.companies()}


def colours_in(obj):
    """Every colour string anywhere in a figure dict (except the template)."""
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "template":
                continue
            if "color" in k.lower() and isinstance(v, str):
                out.append(v)
            elif "color" in k.lower() and isinstance(v, (list, tuple)):
                out.extend(x for x in v if isinstance(x, str))
            else:
                out.extend(colours_in(v))
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            out.extend(colours_in(v))
    return out


def assert_palette_colours(fig):
    for c in colours_in(fig.to_dict()):
        if c.startswith("rgba"):
            r, g, b, _ = re.findall(r"[\d.]+", c)
            c = "#{:02X}{:02X}{:02X}".format(int(r), int(g), int(b))
        assert c.upper() in ALLOWED, c


# --- theme -------------------------------------------------------------------------------------

def test_theme_is_registered_and_colour_blind_safe():
    assert TEMPLATE in pio.templates
    assert list(pio.templates[TEMPLATE].layout.colorway) == PALETTE
    assert set(PALETTE) == set(OKABE_ITO.values())
    # good and bad are blue and vermillion, never red against green
    assert COLORS["positive"] == OKABE_ITO["blue"] and COLORS["negative"] == OKABE_ITO["vermillion"]
    assert rgba("#0072B2", 0.5) == "rgba(0,114,178,0.5)"


# --- waterfall ---------------------------------------------------------------------------------

def test_apple_waterfall_values_are_the_statement_values(companies):
    apple = companies["AAPL"]
    fig = income_waterfall(apple, 2023)
    trace = fig.to_dict()["data"][0]
    assert trace["type"] == "waterfall"
    assert list(trace["x"]) == ["Revenue", "Cost of revenue", "Gross profit", "Operating expenses",
                                "Operating income", "Interest and other", "Profit before tax",
                                "Income tax", "Net income"]
    assert list(trace["measure"]) == ["absolute", "relative", "total", "relative", "total",
                                      "relative", "total", "relative", "total"]
    raw = dict(zip(trace["x"], trace["customdata"]))
    v = lambda k: apple.value(k, 2023)  # noqa: E731
    assert raw["Revenue"] == v("revenue") == 383285e6
    assert raw["Cost of revenue"] == -v("cost_of_revenue")
    assert raw["Gross profit"] == v("gross_profit")
    assert raw["Operating income"] == v("operating_income")
    assert raw["Income tax"] == -v("income_tax")
    assert raw["Net income"] == v("net_income") == 96995e6
    # the running sum reaches every total: plotly draws totals from the steps
    running = 0.0
    for x, m, value in zip(trace["x"], trace["measure"], trace["customdata"]):
        if m == "total":
            assert running == pytest.approx(value, rel=1e-9), x
        else:
            running += value
    # y is in the axis unit, and the axis says which
    assert trace["y"][0] == pytest.approx(383.285)
    assert fig.layout.yaxis.title.text == "Amount (USD billions)"
    assert_palette_colours(fig)


def test_bank_waterfall_is_laid_out_as_the_bank_reports(companies):
    # JPMorgan Chase 2024 Form 10-K ($ millions): net interest income 92,583 + noninterest revenue
    # 84,973 = total net revenue 177,556; − provision 10,678 − noninterest expense 91,797 = income
    # before tax 75,081; − tax 16,610 = net income 58,471. Interest expense is inside net interest
    # income: never a second cost
    jpm = companies["JPM"]
    if jpm.get("noninterest_income", 2024) != jpm.get("noninterest_income", 2024):
        pytest.skip("the bundled JPM has no noninterest income: it waits for the reported figures")
    trace = income_waterfall(jpm, 2024).to_dict()["data"][0]
    assert list(trace["x"]) == ["Net interest income", "Noninterest income", "Total net revenue",
                                "Provision for credit losses", "Noninterest expense", "Profit before tax",
                                "Income tax", "Net income"]
    assert [round(v / 1e6) for v in trace["customdata"]] == [92583, 84973, 177556, -10678, -91797, 75081,
                                                             -16610, 58471]
    assert "Cost of revenue" not in trace["x"] and "Interest expense" not in trace["x"]
    assert_palette_colours(income_waterfall(jpm, 2024))


def test_loss_making_waterfall(companies):
    for ticker, year in (("SNOW", 2025), ("MRVL", 2025)):
        trace = income_waterfall(companies[ticker], year).to_dict()["data"][0]
        assert trace["customdata"][-1] < 0
        assert trace["customdata"][trace["x"].index("Operating income")] < 0


def test_waterfall_without_revenue_is_an_empty_chart(companies):
    fig = income_waterfall(companies["AAPL"], 1990)
    assert isinstance(fig, go.Figure) and not fig.data
    assert "No revenue" in fig.layout.annotations[0].text


# --- Sankey ------------------------------------------------------------------------------------

def flows(fig):
    link = fig.to_dict()["data"][0]["link"]
    return list(zip(link["source"], link["target"], link["customdata"]))


def test_sankey_conserves_flows_for_every_company_and_year(companies):
    for ticker, company in companies.items():
        for year in company.years:
            fig = income_sankey(company, year)
            if not fig.data:
                continue
            trace = fig.to_dict()["data"][0]
            assert trace["type"] == "sankey"
            links = flows(fig)
            assert all(v > 0 for *_, v in links), (ticker, year)
            for node in range(len(trace["node"]["label"])):
                inflow = sum(v for s, t, v in links if t == node)
                outflow = sum(v for s, t, v in links if s == node)
                if inflow and outflow:
                    assert inflow == pytest.approx(outflow, rel=1e-9), (ticker, year, trace["node"]["label"][node])
            revenue_out = sum(v for s, t, v in links if s == 0)
            assert revenue_out == pytest.approx(company.value("revenue", year)), (ticker, year)


def test_apple_sankey_structure(companies):
    apple = companies["AAPL"]
    fig = income_sankey(apple, 2023)
    labels = fig.to_dict()["data"][0]["node"]["label"]
    named = {(labels[s], labels[t]): v for s, t, v in flows(fig)}
    assert named[("Revenue", "Cost of revenue")] == apple.value("cost_of_revenue", 2023)
    assert named[("Revenue", "Gross profit")] == apple.value("gross_profit", 2023)
    assert named[("Profit before tax", "Net income")] == apple.value("net_income", 2023)
    assert "USD billions" in fig.layout.title.text
    assert_palette_colours(fig)


def test_loss_shows_as_money_found_elsewhere(companies):
    snow = companies["SNOW"]
    fig = income_sankey(snow, 2025)
    labels = fig.to_dict()["data"][0]["node"]["label"]
    named = {(labels[s], labels[t]): v for s, t, v in flows(fig)}
    loss = [k for k in named if k[0].startswith("Operating loss")]
    assert loss and named[loss[0]] == pytest.approx(-snow.value("operating_income", 2025))
    assert "Net loss" in fig.layout.title.text
    # other income (MRVL FY2026: profit before tax above operating income) flows in as a source
    mrvl = income_sankey(companies["MRVL"], 2026)
    assert any("income)" in label for label in mrvl.to_dict()["data"][0]["node"]["label"])


# --- balance sheet -----------------------------------------------------------------------------

def stacks(fig):
    out = {}
    for trace in fig.to_dict()["data"]:
        for (year, side), value in zip(zip(*trace["x"]), trace["customdata"]):
            out.setdefault((year, side), 0.0)
            out[(year, side)] += value or 0.0     # None: a line not reported, no bar
    return out


def bars(fig, name):
    """{fiscal year: amount or None} of one trace of a balance-sheet chart."""
    trace = [t for t in fig.to_dict()["data"] if t["name"] == name][0]
    return {int(x[2:]): v for x, v in zip(trace["x"][0], trace["customdata"])}


def test_balance_sheet_stacks_add_up(companies):
    for ticker in ("AAPL", "JPM", "SBUX", "AAL", "LARKSPUR", "WMT"):
        company = companies[ticker]
        fig = balance_composition(company)
        assert fig.layout.barmode == "relative"
        assert all(t["type"] == "bar" for t in fig.to_dict()["data"])
        for (year, side), total in stacks(fig).items():
            assets = company.value("total_assets", int(year[2:]))
            tolerance = 0.006 * assets  # the balance check's tolerance
            assert total == pytest.approx(assets, abs=tolerance), (ticker, year, side)
        assert "USD" in fig.layout.yaxis.title.text
        assert_palette_colours(fig)


def test_negative_equity_goes_below_zero(companies):
    for ticker in ("SBUX", "AAL"):
        fig = balance_composition(companies[ticker])
        equity = [t for t in fig.to_dict()["data"] if t["name"] == "Equity"][0]
        assert min(equity["customdata"]) < 0
        assert "negative" in fig.layout.annotations[0].text


def test_missing_goodwill_is_a_gap_not_a_zero(companies):
    # Apple reports goodwill and intangibles up to FY2017 and not after (they sit in its
    # "Other non-current assets")
    apple = companies["AAPL"]
    fig = balance_composition(apple)
    goodwill = bars(fig, "Goodwill and intangibles")
    assert goodwill[2016] == (5_414 + 3_206) * 1e6 and goodwill[2017] == (5_717 + 2_298) * 1e6
    assert all(goodwill[y] is None for y in range(2018, 2026))
    y = [t for t in fig.to_dict()["data"] if t["name"] == "Goodwill and intangibles"][0]["y"]
    assert list(y[2:]) == [None] * 8                       # no bar, not a bar of height 0
    notes = " ".join(a.text for a in fig.layout.annotations).replace("<br>", " ")
    assert "goodwill (FY2018–FY2025)" in notes and "intangible assets (FY2018–FY2025)" in notes


def test_apple_long_term_investments_are_not_in_other_assets(companies):
    # Apple FY2023 10-K balance sheet ($ millions): non-current marketable securities 100,544,
    # other non-current assets 64,758; FY2025 10-K: 77,723 and 83,727
    apple = companies["AAPL"]
    fig = balance_composition(apple)
    securities, other = bars(fig, "Long-term marketable securities"), bars(fig, "Other assets")
    assert securities[2023] == 100_544e6 and securities[2025] == 77_723e6
    assert other[2023] == 64_758e6 and other[2025] == 83_727e6
    cash = bars(fig, "Cash and short-term investments")
    assert cash[2023] == (29_965 + 31_590) * 1e6 and cash[2025] == (35_934 + 18_763) * 1e6
    assert_palette_colours(fig)


def test_no_balance_sheet_part_is_drawn_for_a_line_that_is_not_reported(companies):
    from finlit.charts.statements import asset_parts
    for ticker, company in companies.items():
        fig = balance_composition(company)
        drawn = {t["name"] for t in fig.to_dict()["data"]}
        for name, items, _ in asset_parts(company):   # a bank's parts are its own
            values = {y: [company.get(i, y) for i in items] for y in company.years}
            reported = {y: [v for v in vs if v == v] for y, vs in values.items()}
            if not any(reported.values()):
                assert name not in drawn, (ticker, name)
                continue
            for y, amount in bars(fig, name).items():
                expected = sum(reported[y]) if reported[y] else None
                assert amount == expected, (ticker, name, y)


def test_snowflake_long_term_debt_is_drawn_only_where_reported_and_the_note_says_why(companies):
    # Snowflake's convertible notes (ConvertibleDebtNoncurrent) appear in FY2024 (0) and FY2025
    fig = balance_composition(companies["SNOW"])
    debt = next(t for t in fig.to_dict()["data"] if t["name"] == "Long-term debt")
    drawn = {x: y for x, y in zip(debt["x"][0], debt["y"]) if y is not None}  # x: (year, side)
    assert set(drawn) == {"FY2024", "FY2025"} and drawn["FY2025"] > 0
    notes = " ".join(a.text for a in fig.layout.annotations).replace("<br>", " ")
    assert "long-term debt (FY2021–FY2023)" in notes
    # the liabilities bar still adds up to total assets: the rest is in "Other liabilities"
    for (year, side), total in stacks(fig).items():
        assert total == pytest.approx(companies["SNOW"].value("total_assets", int(year[2:])), rel=0.006)


def test_waterfall_and_sankey_bridge_a_missing_line_instead_of_a_zero(companies):
    # Apple FY2023 without its income-tax line: the step from profit before tax to net income
    # is "Tax and other" = 113,736 - 96,995 = 16,741 (its 10-K: tax 16,741), never a 0 tax
    apple = companies["AAPL"]
    facts = apple.facts[~((apple.facts["line_item"] == "income_tax") & (apple.facts["fiscal_year"] == 2023))]
    no_tax = Company.from_facts(apple.info, facts)
    trace = income_waterfall(no_tax, 2023).to_dict()["data"][0]
    assert "Income tax" not in trace["x"]
    steps = dict(zip(trace["x"], trace["customdata"]))
    assert steps["Tax and other"] == -16_741e6
    assert all(v != 0 for v in trace["customdata"])
    labels = income_sankey(no_tax, 2023).to_dict()["data"][0]["node"]["label"]
    assert "Tax and other" in labels and "Income tax" not in labels
    # a bank reports no gross profit or operating income: the chain skips them, no zero steps
    jpm = income_waterfall(companies["JPM"], 2024).to_dict()["data"][0]
    assert all(v != 0 for v in jpm["customdata"])


# --- ratio trends ------------------------------------------------------------------------------

def test_ratio_in_a_range_gets_a_band(companies):
    fig = ratio_trend(companies["AAPL"], "current_ratio")
    shapes = fig.to_dict()["layout"]["shapes"]
    assert shapes[0]["type"] == "rect" and (shapes[0]["y0"], shapes[0]["y1"]) == (1.0, 3.0)
    assert fig.layout.yaxis.title.text == "times (×)"
    assert_palette_colours(fig)


def test_higher_is_better_gets_an_arrow_and_coloured_points(companies):
    apple = companies["AAPL"]
    fig = ratio_trend(apple, "net_margin")
    assert "better" in fig.layout.annotations[0].text
    trace = fig.to_dict()["data"][0]
    assert fig.layout.yaxis.tickformat.endswith("%")
    values = [apple.ratios(["net_margin"]).value("net_margin", y) for y in apple.years]
    assert trace["y"] == pytest.approx(values)
    colours = trace["marker"]["color"]
    for prev, now, colour in zip(values, values[1:], colours[1:]):
        if now > prev:
            assert colour == COLORS["positive"]
        elif now < prev:
            assert colour == COLORS["negative"]


def test_missing_ratio_values_are_gaps_with_reasons(companies):
    fig = ratio_trend(companies["SBUX"], "return_on_equity")
    trace = fig.to_dict()["data"][0]
    assert all(y is None for y in trace["y"])
    assert all(t.startswith("not available: shareholders' equity is negative") for t in trace["text"])


def test_money_ratio_axis_has_currency_and_unit(companies):
    fig = ratio_trend(companies["AAPL"], "free_cash_flow")
    assert fig.layout.yaxis.title.text == "Free cash flow (USD billions)"


# --- robustness and escaping -------------------------------------------------------------------

@pytest.mark.parametrize("ticker", ["SNOW", "MRVL", "JPM", "BAC", "SBUX", "AAL", "MSFT", "LARKSPUR"])
def test_awkward_companies_do_not_crash(companies, ticker):
    company = companies[ticker]
    for year in company.years:
        for fig in (income_waterfall(company, year), income_sankey(company, year)):
            assert isinstance(fig, go.Figure)
            fig.to_dict()
    balance_composition(company).to_dict()
    for key in ("gross_margin", "debt_to_equity", "free_cash_flow_margin", "days_sales_outstanding"):
        ratio_trend(company, key).to_dict()


def test_company_name_is_escaped_in_titles(companies):
    apple = companies["AAPL"]
    evil = Company(dataclasses.replace(apple.info, name="<b onmouseover=x>Evil</b> & Co"),
                   apple.facts, [])
    for fig in (income_waterfall(evil, 2023), income_sankey(evil, 2023), balance_composition(evil),
                ratio_trend(evil, "net_margin")):
        title = fig.layout.title.text
        assert "<b onmouseover" not in title and "&lt;b onmouseover=x&gt;Evil&lt;/b&gt; &amp; Co" in title


def test_charts_return_figures_not_files(companies, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fig = income_waterfall(companies["LARKSPUR"])
    assert isinstance(fig, go.Figure) and list(tmp_path.iterdir()) == []


# --- charts that fit (issue 14): legends at the foot, ticks that never repeat -----------------

def _every_chart(companies):
    """(name, figure) for every chart function, on real data; the lessons' charts included."""
    from finlit import charts, itspend
    from finlit.charts.itspend import cloud_vs_onprem_chart, it_spend_chart, payback_chart
    from finlit.itspend.chargeback import allocate_it_costs
    from finlit.itspend.scenarios import cloud_vs_onprem
    from finlit.learn import larkspur_erp

    apple, costco = companies["AAPL"], companies["COST"]
    yield "where_sales_go_chart", charts.where_sales_go_chart([apple, "WMT", "COST"])
    yield "profit_vs_cash_chart", charts.profit_vs_cash_chart(apple)
    yield "it_budget_chart", charts.it_budget_chart("LARKSPUR")
    yield "allocation_chart", charts.allocation_chart(allocate_it_costs(
        {"cloud": 900, "network": 300, "service desk": 200},
        {"cloud": {"Sales": 1, "Plant": 2, "Finance": 1}, "network": {"Sales": 1, "Plant": 1},
         "service desk": {"Sales": 2, "Plant": 1}}))
    yield "ratio_trend COST net margin", ratio_trend(costco, "net_margin")
    yield "ratio_trend COST operating margin", ratio_trend(costco, "operating_margin")
    yield "ratio_trend margins", ratio_trend(apple, ["gross_margin", "operating_margin", "net_margin"])
    yield "balance_composition", balance_composition(apple)
    yield "income_waterfall", income_waterfall(apple)
    yield "it_spend_chart", it_spend_chart(itspend.it_view(costco))
    yield "cloud_vs_onprem_chart", cloud_vs_onprem_chart(cloud_vs_onprem(1_200_000, 4, 350_000, 60_000, 5))
    yield "payback_chart", payback_chart(larkspur_erp().project(), "ERP project payback")


def _legend(fig) -> dict:
    """The legend's placement as drawn: the figure's own settings over its template's."""
    own, base = fig.layout.legend, fig.layout.template.layout.legend
    return {k: own[k] if own[k] is not None else base[k] for k in ("orientation", "yref", "y", "yanchor", "x")}


def test_legends_sit_at_the_foot_or_the_side_never_over_the_title(companies):
    seen = 0
    for name, fig in _every_chart(companies):
        if fig.layout.showlegend is False or len(fig.data) < 2:
            continue
        seen += 1
        legend = _legend(fig)
        at_foot = legend["yref"] == "container" and legend["y"] == 0 and legend["yanchor"] == "bottom"
        at_side = legend["orientation"] == "v" and legend["x"] >= 1
        assert at_foot or at_side, (name, legend)
    assert seen >= 8


@pytest.mark.parametrize("ticker, key, dtick, tickformat", [
    ("COST", "net_margin", 0.001, ".1%"),        # 2.6%–2.9%: was "3%, 3%, 3%"
    ("COST", "operating_margin", 0.001, ".1%"),  # 3.4%–3.8%
    ("WMT", "net_margin", 0.002, ".1%"),         # 1.9%–3.1%
    ("AAPL", "gross_margin", 0.02, ".0%"),       # 38%–47%: whole percents are enough
])
def test_ratio_ticks_never_repeat_a_label(companies, ticker, key, dtick, tickformat):
    fig = ratio_trend(companies[ticker], key)
    axis = fig.layout.yaxis
    assert (axis.dtick, axis.tickformat) == (dtick, tickformat)
    values = [v for v in fig.data[0].y if v is not None] + [s[a] for s in fig.layout.shapes for a in ("y0", "y1")]
    first, last = math.floor(min(values) / dtick), math.ceil(max(values) / dtick)
    labels = [format(k * dtick, tickformat) for k in range(first, last + 1)]
    assert len(labels) == len(set(labels)) and 3 <= len(labels) <= 13, labels


def test_charts_fit_in_a_browser_at_600_950_and_1400_px(companies, tmp_path):
    """Every chart drawn by plotly.js in Chromium at three widths: the title's and the legend's
    bounding boxes never overlap, the title lies inside the figure above the plot, the legend
    inside the figure's width and over no tick label, no numeric axis repeats a tick label.
    Measurements go to test-artifacts/charts-layout.json."""
    import json

    from browser import (ARTIFACTS, charts_layout, new_driver, overlap, repeated_ticks, require_browser,
                         title_fits)

    require_browser()
    page = tmp_path / "charts.html"
    parts = [f'<div data-name="{name}">' + pio.to_html(fig, include_plotlyjs=i == 0, full_html=False,
                                                        default_width="100%", config={"responsive": True}) + "</div>"
             for i, (name, fig) in enumerate(_every_chart(companies))]
    page.write_text("<!doctype html><html><body style='margin:0'>" + "".join(parts) + "</body></html>")
    driver = new_driver(1400, 1000)
    measured = {}
    try:
        for width in (600, 950, 1400):
            driver.set_window_size(width, 1000)
            driver.get(page.as_uri())
            charts = []
            for _ in range(50):
                charts = [c for c in charts_layout(driver) if c["title"]]
                if len(charts) == len(parts):
                    break
                time.sleep(0.2)
            assert len(charts) == len(parts)
            measured[width] = charts
            for c in charts:
                assert not overlap(c["title"], c["legend"]), (width, c["name"], c["title"], c["legend"])
                assert title_fits(c), (width, c["name"], c["title"], c["figure"], c["plot"])
                assert not c["legend"] or c["legend"][2] <= c["figure"][2] + 1, (width, c["name"], c["legend"])
                assert not any(overlap(t, c["legend"]) for t in c["tickBoxes"]), (width, c["name"])
                assert not repeated_ticks(c), (width, c["name"], c["ticks"])
            assert sum(c["legend"] is not None for c in charts) >= 8
    finally:
        driver.quit()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "charts-layout.json").write_text(json.dumps(
        {w: [{k: c[k] for k in ("name", "width", "title", "legend", "ticks")} for c in cs]
         for w, cs in measured.items()}, indent=1))
