"""IT budget files: validation messages, totals on hand-computed examples, the template."""
from __future__ import annotations

from importlib.resources import files

import pytest

from finlit.errors import InputError
from finlit.itbudget import CATEGORIES, bundled_it_budget, bundled_it_budgets, read_it_budget, totals

HEADER = "fiscal_year,category,kind,amount,currency,note\n"


def write(tmp_path, body, header=HEADER, name="budget.csv"):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def error_of(tmp_path, body, header=HEADER):
    with pytest.raises(InputError) as info:
        read_it_budget(write(tmp_path, body, header))
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("body, expected", [
    ("2024,staff,opex,100,USD,\n2024,licences,opex,5,USD,\n",
     "IT budget row 3: unknown category 'licences': use one of staff, software, cloud, hardware, network, services"),
    ("2024,staff,capital,100,USD,\n",
     "IT budget row 2: unknown kind 'capital': use opex or capex"),
    ("2024,staff,opex,-100,USD,\n",
     "IT budget row 2: amount -100 is negative: write amounts as positive numbers "
     "(the kind column says whether it is opex or capex)"),
    ("2024,staff,opex,1.2m,USD,\n",
     "IT budget row 2: amount '1.2m' is not a number: write the full amount in currency units "
     "without symbols, separators or suffixes, e.g. 1250000"),
    ('2024,staff,opex,"1,200",USD,\n',
     "IT budget row 2: amount '1,200' is not a number"),
    ("2024,staff,opex,,USD,\n",
     "IT budget row 2: amount is empty"),
    ("2024,staff,opex,100,USD,\n2024,cloud,opex,50,USD,\n2025,cloud,opex,60,EUR,\n",
     "IT budget row 4: currency EUR differs from USD in row 2: use one currency for the whole file "
     "(convert the amounts first)"),
    ("2024,staff,opex,100,$,\n",
     "IT budget row 2: currency '$' is not a three-letter code"),
    ("FY24,staff,opex,100,USD,\n",
     "IT budget row 2: fiscal_year 'FY24' is not a four-digit year: write the year, e.g. 2024"),
    ("2024,staff,opex,100,USD,\n2024,Staff,opex,50,USD,\n",
     "IT budget row 3: 2024 staff opex appears twice (first in row 2)"),
    ("", "IT budget: the file has no rows"),
])
def test_bad_rows(tmp_path, body, expected):
    assert error_of(tmp_path, body).startswith(expected)


def test_row_numbers_count_blank_lines(tmp_path):
    message = error_of(tmp_path, "2024,staff,opex,100,USD,\n\n2024,cloud,opex,x,USD,\n")
    assert message.startswith("IT budget row 4: amount 'x'")


def test_missing_column(tmp_path):
    message = error_of(tmp_path, "2024,staff,100,USD\n", header="fiscal_year,category,amount,currency\n")
    assert message == ("IT budget: column 'kind' is missing: the header must be "
                       "fiscal_year,category,kind,amount,currency (note is optional)")


def test_empty_file_and_missing_file(tmp_path):
    assert error_of(tmp_path, "", header="").startswith("IT budget: the file is empty")
    with pytest.raises(InputError, match="IT budget file not found: .*nope.csv: check the path"):
        read_it_budget(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="file not found"):
        read_it_budget(str(tmp_path / "nope.csv"))


def test_lenient_on_case_aliases_order_and_bom(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("\ufeffAmount, Kind ,Category,Fiscal_Year,Currency,extra\n"
                    "10,OPEX,SaaS,2024,usd,ignored\n5,capex,telecom,2024.0,USD,\n", encoding="utf-8")
    budget = read_it_budget(path)
    assert budget[["fiscal_year", "category", "kind", "amount", "currency", "note"]].values.tolist() == [
        [2024, "software", "opex", 10.0, "USD", ""],
        [2024, "network", "capex", 5.0, "USD", ""],
    ]
    assert budget.attrs["currency"] == "USD"


def test_path_as_string_and_text(tmp_path):
    body = "2023,cloud,opex,7,GBP,hosting\n"
    from_path = read_it_budget(str(write(tmp_path, body)))
    from_text = read_it_budget(HEADER + body)
    assert from_path.equals(from_text)
    assert from_text.loc[0, "note"] == "hosting"


def test_totals_hand_computed():
    budget = read_it_budget(HEADER + "\n".join([
        "2023,staff,opex,1000,USD,",
        "2023,software,opex,200,USD,",
        "2023,software,capex,300,USD,",
        "2023,hardware,capex,150,USD,",
        "2024,staff,opex,1100,USD,",
        "2024,cloud,opex,400,USD,",
        "2024,network,capex,50,USD,",
        "2024,services,opex,25.5,USD,",
    ]))
    t = totals(budget)
    assert list(t.columns) == ["it_spend", "it_opex", "it_capex", *CATEGORIES]
    assert list(t.index) == [2023, 2024]
    assert t.loc[2023].to_dict() == {"it_spend": 1650.0, "it_opex": 1200.0, "it_capex": 450.0,
                                     "staff": 1000.0, "software": 500.0, "cloud": 0.0,
                                     "hardware": 150.0, "network": 0.0, "services": 0.0}
    assert t.loc[2024].to_dict() == {"it_spend": 1575.5, "it_opex": 1525.5, "it_capex": 50.0,
                                     "staff": 1100.0, "software": 0.0, "cloud": 400.0,
                                     "hardware": 0.0, "network": 50.0, "services": 25.5}
    assert t.attrs["currency"] == "USD"


def test_totals_opex_only():
    t = totals(read_it_budget(HEADER + "2024,staff,opex,10,EUR,\n"))
    assert t.loc[2024, "it_capex"] == 0 and t.loc[2024, "it_spend"] == 10


def test_totals_needs_a_budget_frame():
    import pandas as pd

    with pytest.raises(InputError, match="column 'kind' is missing"):
        totals(pd.DataFrame({"fiscal_year": [2024], "category": ["staff"], "amount": [1.0]}))


def test_template_parses():
    text = (files("finlit.data") / "it_budgets" / "template.csv").read_text(encoding="utf-8")
    budget = read_it_budget(text)
    assert len(budget) >= 3
    assert set(budget["kind"]) == {"opex", "capex"}
    assert totals(budget).loc[2025, "it_spend"] == budget["amount"].sum()


def test_bundled_budgets():
    assert "LARKSPUR" in bundled_it_budgets()
    assert "template" not in bundled_it_budgets()
    budget = bundled_it_budget("larkspur")
    assert sorted(budget["fiscal_year"].unique()) == [2021, 2022, 2023, 2024, 2025]
    assert set(budget["category"]) == set(CATEGORIES)
    with pytest.raises(InputError, match="no bundled IT budget for 'ACME': bundled budgets are .*LARKSPUR"):
        bundled_it_budget("ACME")


def test_readme_documents_the_format():
    text = (files("finlit.data") / "it_budgets" / "README.md").read_text(encoding="utf-8")
    for word in ("fiscal_year", "category", "kind", "amount", "currency", "note", *CATEGORIES, "opex", "capex"):
        assert f"`{word}`" in text, word


# --- TOML budgets and quick amounts ----------------------------------------------------------

from finlit.itbudget import load_it_budget, parse_amount, parse_it_spend, read_it_budget_toml  # noqa: E402


def test_toml_budget_same_as_csv(tmp_path):
    toml = tmp_path / "b.toml"
    toml.write_text('currency = "USD"\n\n[2024]\nstaff.opex = 1_200_000  # the team\n'
                    'cloud = { opex = 250_000 }\nhardware.capex = 300000\n', encoding="utf-8")
    csv_path = write(tmp_path, "2024,staff,opex,1200000,USD,\n2024,cloud,opex,250000,USD,\n"
                                "2024,hardware,capex,300000,USD,\n")
    from_toml, from_csv = read_it_budget(toml), read_it_budget(csv_path)
    cols = ["fiscal_year", "category", "kind", "amount", "currency"]
    assert from_toml[cols].values.tolist() == from_csv[cols].values.tolist()
    assert from_toml.attrs["currency"] == "USD"
    assert totals(load_it_budget(str(toml))).loc[2024, "it_spend"] == 1_750_000


def test_toml_list_of_tables(tmp_path):
    b = read_it_budget_toml('currency = "EUR"\n[[line]]\nfiscal_year = 2025\ncategory = "SaaS"\n'
                            'kind = "opex"\namount = 90000\nnote = "CRM"\n')
    assert b[["category", "amount", "currency", "note"]].values.tolist() == [["software", 90000.0, "EUR", "CRM"]]


@pytest.mark.parametrize("text, expected", [
    ('currency = "USD"\n[2024]\nstaff.opex = -5\n',
     "IT budget [2024] staff.opex: amount -5 is negative"),
    ('currency = "USD"\n[2024]\nlicences.opex = 5\n',
     "IT budget [2024] licences.opex: unknown category 'licences': use one of staff, software"),
    ('currency = "USD"\n[2024]\nstaff.capital = 5\n',
     "IT budget [2024] staff.capital: unknown kind 'capital': use opex or capex"),
    ('currency = "USD"\n[2024]\nstaff = 5\n',
     "IT budget [2024] staff: say opex or capex, e.g. staff.opex = 5"),
    ('currency = "USD"\n[FY24]\nstaff.opex = 5\n',
     "IT budget [FY24] staff.opex: fiscal_year 'FY24' is not a four-digit year"),
    ('currency = "USD"\n[2024]\nstaff.opex = "1.2m"\n',
     "IT budget [2024] staff.opex: amount '1.2m' is not a number"),
    ('[2024]\nstaff.opex = 5\n', "IT budget [2024] staff.opex: no currency: write currency = \"USD\""),
    ('currency = "USD"\n', "IT budget: the file has no amounts"),
    ('currency = "USD"\n[2024\n', "IT budget: not valid TOML"),
    ('currency = "USD"\n[[line]]\nfiscal_year = 2024\ncategory = "staff"\nkind = "opex"\namount = 1\n'
     '[[line]]\nfiscal_year = 2024\ncategory = "staff"\nkind = "opex"\namount = 2\n',
     "IT budget [[line]] number 2: 2024 staff opex appears twice (first in [[line]] number 1)"),
    ('currency = "USD"\n[[line]]\nfiscal_year = 2024\ncategory = "staff"\nkind = "opex"\namount = 1\n'
     'currency = "EUR"\n[[line]]\nfiscal_year = 2025\ncategory = "staff"\nkind = "opex"\namount = 2\n',
     "IT budget [[line]] number 2: currency USD differs from EUR"),
])
def test_toml_bad_budgets(text, expected):
    with pytest.raises(InputError) as info:
        read_it_budget_toml(text)
    assert str(info.value).startswith(expected) and "\n" not in str(info.value)


def test_toml_missing_file(tmp_path):
    with pytest.raises(InputError, match="IT budget file not found: .*nope.toml"):
        read_it_budget(tmp_path / "nope.toml")


def test_example_toml_is_shipped_and_valid():
    path = files("finlit.data") / "it_budgets" / "example.toml"
    t = totals(load_it_budget(path))
    assert list(t.index) == [2024, 2025]
    assert t.loc[2025, "it_spend"] == 3_345_000 and t.loc[2025, "it_capex"] == 290_000
    assert "example" not in bundled_it_budgets()


def test_quick_amounts():
    assert parse_it_spend("1200000") == {None: 1_200_000.0}
    assert parse_it_spend("2024=1.2e6, 2025=1.3m") == {2024: 1_200_000.0, 2025: 1_300_000.0}
    assert parse_it_spend("FY2025=850k") == {2025: 850_000.0}
    assert parse_amount("2bn") == 2e9
    for bad, message in [("", "IT spend is empty"), ("1.2x", "is not an amount"),
                         ("2024:1e6,2025=1", "write YEAR=AMOUNT"), ("-5", "is negative")]:
        with pytest.raises(InputError, match=message):
            parse_it_spend(bad)
