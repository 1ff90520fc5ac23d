"""The front door: `import finlit` shows the house; logging through one `finlit` logger."""
from __future__ import annotations

import logging
import math
import subprocess
import sys

import pytest

import finlit
from cli_helpers import run


def test_submodules_load_on_first_use_and_are_listed():
    code = ("import sys, finlit; before = 'finlit.workshop' in sys.modules; "
            "finlit.workshop; print(before, 'finlit.workshop' in sys.modules, 'charts' in dir(finlit))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "True"]
    for name in ("charts", "explain", "itspend", "workshop", "learn", "numbers", "markup"):
        assert getattr(finlit, name).__name__ == f"finlit.{name}"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        finlit.nope


def test_internals_are_private_names():
    import importlib

    for internal in ("atomic", "cache"):
        assert not hasattr(finlit, internal)
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(f"finlit.{internal}")
        assert importlib.import_module(f"finlit._{internal}")


def test_printing_the_companies_prints_a_table():
    text = str(finlit.companies())
    header, rule, first = text.splitlines()[:3]
    assert header.split() == ["ticker", "name", "industry", "kind", "years", "currency", "data"]
    assert set(rule) <= {"-", " "} and "object at" not in text
    assert any(line.startswith("AAPL ") and "Apple Inc." in line and "FY2016–FY2025" in line
               and " operating " in line and line.rstrip().endswith("real") for line in text.splitlines())
    assert any(line.startswith("JPM ") and " bank " in line for line in text.splitlines())


def test_a_statement_answers_like_its_dataframe():
    apple = finlit.load("AAPL")
    income = apple.income_statement
    assert income.loc["revenue", 2023] == income.frame.loc["revenue", 2023] == 383285e6
    assert income.T.loc[2023, "net_income"] == 96995e6
    assert list(income) == list(income.frame.columns) and len(income) == len(income.frame)
    assert income[2023].equals(income.frame[2023])
    assert income.shape == income.frame.shape and income.index.equals(income.frame.index)
    ratios = apple.ratios(["net_margin"])
    assert round(float(ratios.loc["net_margin", 2023]), 4) == 0.2531


def test_a_year_the_company_does_not_have_names_the_ones_it_has():
    apple = finlit.load("AAPL")
    with pytest.raises(finlit.PeriodError, match="Apple Inc. has no FY2030: it has FY2016–FY2025"):
        apple.value("revenue", 2030)
    with pytest.raises(KeyError):  # a PeriodError is a KeyError too
        apple.value("revenue", 2030)
    assert math.isnan(apple.get("revenue", 2030)) and apple.get("revenue", 2023) == 383285e6
    assert math.isnan(apple.value("goodwill", 2016)) or apple.value("goodwill", 2016) >= 0  # a year it has


def test_ratio_keys_may_be_one_key_or_a_list_anywhere():
    apple = finlit.load("AAPL")
    one, many = apple.ratios("net_margin"), apple.ratios(["net_margin", "gross_margin"])
    assert one.value("net_margin", 2023) == many.value("net_margin", 2023)
    fig = finlit.charts.ratio_trend(apple, ["gross_margin", "net_margin"])
    assert [t.name for t in fig.data] == ["Gross margin", "Net margin"]
    with pytest.raises(ValueError, match="different units"):
        finlit.charts.ratio_trend(apple, ["gross_margin", "current_ratio"])
    assert [e.subject for e in finlit.explain.explain_ratios(apple, 2023, "net_margin")] == ["net_margin"]


# --- logging -------------------------------------------------------------------------------

@pytest.fixture
def file_with_a_note(tmp_path):
    path = tmp_path / "acme.csv"
    path.write_text("line_item,2023,2024\nrevenue,100,120\nnet_income,10,12\n"
                    "Widgets shipped,5,6\n", encoding="utf-8")
    return path


def test_notes_show_by_default_and_quiet_hides_them(capsys, file_with_a_note):
    code, _, err = run(capsys, "ratios", file_with_a_note, "--ratio", "net_margin")
    assert code == 0 and "finlit: note: " in err and "Widgets shipped" in err
    for quiet in (["-q", "ratios", file_with_a_note], ["ratios", file_with_a_note, "--quiet"]):
        code, out, err = run(capsys, *quiet, "--ratio", "net_margin")
        assert code == 0 and err == "" and "Net margin" in out


def test_errors_show_even_when_quiet(capsys):
    code, _, err = run(capsys, "ratios", "NOPE", "-q")
    assert code == 2 and err.startswith("finlit: error: unknown ticker 'NOPE'")


def test_verbose_shows_debug_lines(capsys):
    code, _, err = run(capsys, "-v", "companies")
    assert code == 0 and "Traceback" not in err
    assert logging.getLogger("finlit").getEffectiveLevel() == logging.DEBUG
    run(capsys, "companies")
    assert logging.getLogger("finlit").getEffectiveLevel() == logging.INFO


def test_finlit_leaves_other_libraries_loggers_alone():
    import finlit.sources.yahoo  # noqa: F401  (importing the Yahoo source changes nothing)

    assert logging.getLogger("yfinance").level == logging.NOTSET
    assert logging.getLogger("finlit").handlers and all(
        isinstance(h, logging.NullHandler) or h.__class__.__name__ == "_StderrHandler"
        for h in logging.getLogger("finlit").handlers)
