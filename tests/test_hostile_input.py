"""Hostile input that used to give silently wrong numbers (issue 13): each case now gives a
note with the right numbers, or an InputError (exit 2 on the command line)."""
from __future__ import annotations

import io
import json

import pytest

from finlit.errors import InputError
from finlit.sources.sec_companyfacts import EXAMPLE, load_document, read_companyfacts
from finlit.sources.user_files import read_user_file

HEAD = "company,Acme\ncurrency,USD\nunits,ones\n"


def read(text: str):
    return read_user_file(io.StringIO(HEAD + text), name="acme.csv")


def notes(company, kind: str) -> list[str]:
    return [n.message for n in company.notes if n.check == kind]


# 1. a period twice in the header

def test_a_year_twice_with_different_values_is_refused():
    with pytest.raises(InputError) as err:
        read("line_item,2022,2023,2023\nrevenue,90,100,125\n")
    message = str(err.value)
    assert "\n" not in message and "2023" in message and "twice" in message
    assert "100" in message and "125" in message and "delete or relabel" in message


def test_a_year_twice_with_the_same_values_is_read_once_with_a_note():
    acme = read("line_item,2022,2023,FY2023\nrevenue,90,100,100\nnet_income,9,10,10\n")
    assert acme.value("revenue", 2023) == 100.0
    assert notes(acme, "repeated_period") == [
        "acme.csv: the period 2023 is there twice with the same values; read once."]


def test_a_year_twice_down_the_first_column_is_refused():
    with pytest.raises(InputError, match="2023 is there twice"):
        read("period,revenue,net_income\n2022,90,9\n2023,100,10\n2023,125,10\n")


# 2. the same line item twice

def test_the_same_item_twice_with_different_values_is_a_note():
    acme = read("line_item,2023,2024\nrevenue,100,120\nnet_income,9,10\nRevenue,100,130\n")
    assert acme.value("revenue", 2024) == 120.0          # the first row, as the note says
    assert notes(acme, "duplicate_rows") == [
        "Revenue, FY2024: acme.csv gives it twice: 120 (row 'revenue', the first) is used, "
        "not 130 (row 'Revenue'); delete or rename the wrong row."]


def test_the_same_item_twice_with_the_same_values_is_quiet():
    acme = read("line_item,2023,2024\nrevenue,100,120\nRevenue,100,120\n")
    assert notes(acme, "duplicate_rows") == []


# 3. unquoted thousands commas

def test_unquoted_thousands_commas_are_read_whole_with_a_note():
    acme = read("line_item,2023,2024,2025\nrevenue,$ 1,234,$ 1,500,12%\n"
                "Cost of sales,(1,000),(1,100),(1,200)\n")
    assert acme.value("revenue", 2023) == 1234.0
    assert acme.value("revenue", 2024) == 1500.0               # not the 2023 value shifted
    assert acme.value("cost_of_revenue", 2025) == 1200.0
    [note] = notes(acme, "split_numbers")
    assert "revenue, Cost of sales" in note and "quote numbers with commas" in note


def test_an_ambiguous_split_number_is_refused():
    with pytest.raises(InputError) as err:
        read("line_item,2023,2024\nrevenue,1,234,567\n")      # 1,234|567 or 1|234,567
    message = str(err.value)
    assert "\n" not in message and "'revenue'" in message
    assert "quote numbers with commas" in message


def test_a_comment_column_without_split_numbers_is_left_alone():
    acme = read("line_item,2023,2024\nrevenue,100,120,,see note 4\nnet_income,100,120,note\n")
    assert acme.value("net_income", 2023) == 100.0
    assert acme.value("revenue", 2024) == 120.0


# 4. non-finite values

@pytest.mark.parametrize("cell", ["Infinity", "-Infinity", "inf", "1e309"])
def test_an_infinite_csv_value_is_not_read_and_counted(cell):
    acme = read(f"line_item,2023,2024\nrevenue,100,{cell}\nnet_income,9,10\n")
    assert acme.value("revenue", 2023) == 100.0
    assert not acme.facts["value"].abs().eq(float("inf")).any()
    assert (2024 not in set(acme.facts.loc[acme.facts["line_item"] == "revenue", "fiscal_year"]))
    [note] = notes(acme, "non_finite_values")
    assert note.startswith("acme.csv: 1 value(s) not read") and "Revenue FY2024" in note


def test_a_scaled_value_that_overflows_is_not_read():
    acme = read_user_file(io.StringIO("currency,USD\nline_item,2023,2024\nrevenue,100,1e305\n"
                                      "net_income,9,10\n"), units="billions", name="acme.csv")
    assert not acme.facts["value"].abs().eq(float("inf")).any()
    assert notes(acme, "non_finite_values")


def _with_revenue_2024(token: str) -> str:
    text = json.dumps(EXAMPLE)
    return text.replace('"val": 120', f'"val": {token}')


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e309", "true", '"120"'])
def test_a_companyfacts_value_that_is_not_a_finite_number_is_refused(token, tmp_path):
    path = tmp_path / "CIK0000000042.json"
    path.write_text(_with_revenue_2024(token))
    with pytest.raises(InputError) as err:
        read_companyfacts(str(path))
    message = str(err.value)
    assert "\n" not in message and str(path) in message and "Revenues (USD)" in message
    assert "2024-12-31" in message and "download the file again" in message


def test_a_parsed_companyfacts_dict_with_infinity_is_refused():
    doc = json.loads(_with_revenue_2024("Infinity"))
    with pytest.raises(InputError, match="Infinity is not a finite number"):
        load_document(doc)


def test_the_example_still_reads():
    facts, _ = read_companyfacts(EXAMPLE)
    assert set(facts["value"]) >= {110.0, 120.0}
