"""Typical margins by industry as data (data/industry_margins.csv, data/industry_margins.md).

The spot-checks below are hand-copied from Aswath Damodaran's margin.xls, "Industry Averages"
sheet, "Date updated" 2025-01-05 (copy read: saravanadinesh/fundamental_analyst_app, margin.xls,
commit 514b36f3320b34774478b709b6c71e8eb9540e08); the bank figure from the same workbook's
January 2020 update (vmalepati1/Stock-Screener-Dashboard, data/margin.xls, commit 46b49a2).
They guard against an accidental edit of the file.
"""
from __future__ import annotations

import csv
import io
import math
from importlib.resources import files

import pytest

from finlit.industries import INDUSTRIES

COLUMNS = ["industry", "source_industry", "net_margin", "operating_margin", "firms", "statistic",
           "data_date", "source", "url", "note"]


def _rows() -> list[dict]:
    text = (files("finlit.data") / "industry_margins.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == COLUMNS
    return list(reader)


@pytest.fixture(scope="module")
def by_key() -> dict[str, dict]:
    rows = _rows()
    keys = [r["industry"] for r in rows]
    assert len(keys) == len(set(keys)), "one row per industry"
    return {r["industry"]: r for r in rows}


def test_every_industry_key_has_a_row(by_key):
    assert set(by_key) == set(INDUSTRIES) | {"all"}


@pytest.mark.parametrize("column", ["net_margin", "operating_margin"])
def test_every_figure_is_a_fraction_or_empty(by_key, column):
    for key, row in by_key.items():
        text = row[column]
        if text == "":
            continue
        value = float(text)
        assert math.isfinite(value) and -1 < value < 1, (key, column, text)


def test_every_row_has_source_date_statistic_and_a_note_for_gaps(by_key):
    for key, row in by_key.items():
        for column in ("source", "data_date", "statistic", "url"):
            assert row[column].strip(), (key, column)
        if row["net_margin"] == "" or row["operating_margin"] == "":
            assert row["note"].strip(), f"{key}: an empty figure needs a note"
        if row["net_margin"] or row["operating_margin"]:
            assert row["source_industry"] and int(row["firms"]) > 0, key
            assert row["statistic"].startswith("aggregate"), key


def test_no_margins_where_none_are_meaningful(by_key):
    for key in ("government", "education"):
        assert by_key[key]["net_margin"] == by_key[key]["operating_margin"] == ""
    # a bank's operating margin is not meaningful; its net margin comes from the January 2020
    # update because both bank rows of the January 2025 update are NA (said in the note)
    bank = by_key["banking"]
    assert bank["operating_margin"] == "" and bank["data_date"] == "January 2020"
    assert float(bank["net_margin"]) == pytest.approx(0.3063, abs=5e-5)  # Bank (Money Center), 7 firms
    assert "NA" in bank["note"] and "January 2020" in bank["note"]


def test_one_update_except_banking(by_key):
    assert {r["data_date"] for k, r in by_key.items() if k != "banking"} == {"January 2025"}


# (key, dataset row, firms, net margin, pre-tax unadjusted operating margin), hand-copied
SPOT_CHECKS = [
    ("all", "Total Market", 6062, 0.0867, 0.1208),
    ("software_internet", "Software (System & Application)", 333, 0.2294, 0.2863),
    ("retail", "Retail (General)", 24, 0.0460, 0.0620),
    ("technology_hardware", "Computers/Peripherals", 35, 0.1678, 0.2265),
]


@pytest.mark.parametrize("key, name, firms, net, operating", SPOT_CHECKS)
def test_spot_checks_against_the_workbook(by_key, key, name, firms, net, operating):
    row = by_key[key]
    assert row["source_industry"] == name
    assert int(row["firms"]) == firms
    assert float(row["net_margin"]) == pytest.approx(net, abs=5e-5)
    assert float(row["operating_margin"]) == pytest.approx(operating, abs=5e-5)
    assert row["data_date"] == "January 2025"
    assert "Damodaran" in row["source"]


def test_the_grocer_comparison_is_in_the_notes(by_key):
    # the reason for the file: 2% is normal for a grocer (Retail (Grocery and Food), net 1.97%)
    assert "Retail (Grocery and Food) (17 firms): net 1.97%" in by_key["retail"]["note"]


def test_documented_next_to_the_data():
    text = (files("finlit.data") / "industry_margins.md").read_text(encoding="utf-8")
    assert "industry_margins.csv" in text and "January 2025" in text and "aggregate" in text
