"""IT budgets: read, check and total a CSV of IT spend per year (FINANCE.md §4).

An IT budget file has one row per fiscal year × category × kind::

    fiscal_year,category,kind,amount,currency,note
    2024,staff,opex,1200000,USD,salaries of the IT team
    2024,hardware,capex,300000,USD,laptop refresh

- ``category``: staff, software (software and SaaS), cloud, hardware,
  network (network and telecom) or services (services and outsourcing);
- ``kind``: opex (an expense of the year) or capex (bought and depreciated
  over several years);
- ``amount``: a positive number in full currency units (1200000, not 1.2m);
- ``currency``: one three-letter code for the whole file;
- ``note``: optional free text.

The format is documented for users in data/it_budgets/README.md, with a
template to copy (data/it_budgets/template.csv).

>>> budget = read_it_budget('''fiscal_year,category,kind,amount,currency
... 2024,staff,opex,1200000,USD
... 2024,cloud,opex,250000,USD
... 2024,hardware,capex,300000,USD''')
>>> t = totals(budget)
>>> int(t.loc[2024, "it_spend"]), int(t.loc[2024, "it_capex"]), int(t.loc[2024, "cloud"])
(1750000, 300000, 250000)

A bad file stops with one line that names the problem, the row and the fix:

>>> read_it_budget('''fiscal_year,category,kind,amount,currency
... 2024,saas,opex,-5,USD''')
Traceback (most recent call last):
...
finlit.errors.InputError: IT budget row 2: amount -5 is negative: write amounts as positive numbers (the kind column says whether it is opex or capex)
"""
from __future__ import annotations

import csv
import io
import os
import re
from importlib.resources import files
from pathlib import Path

import pandas as pd

from .errors import InputError

CATEGORIES: dict[str, str] = {
    "staff": "Staff (salaries, benefits, training of the IT team)",
    "software": "Software and SaaS (licences, subscriptions, maintenance)",
    "cloud": "Cloud (IaaS, PaaS, hosting)",
    "hardware": "Hardware (end-user devices, servers, storage)",
    "network": "Network and telecom",
    "services": "Services and outsourcing (consultants, managed services)",
}
KINDS: dict[str, str] = {
    "opex": "operating expense: counted in full in the year's profit",
    "capex": "capital expenditure: a bought asset, depreciated over its useful life",
}
REQUIRED_COLUMNS = ["fiscal_year", "category", "kind", "amount", "currency"]
COLUMNS = REQUIRED_COLUMNS + ["note"]
# Common synonyms accepted in the category column (case-insensitive).
CATEGORY_ALIASES = {"saas": "software", "telecom": "network", "outsourcing": "services",
                    "personnel": "staff", "people": "staff"}

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _fail(row: int | None, problem: str) -> None:
    where = f"IT budget row {row}" if row is not None else "IT budget"
    raise InputError(f"{where}: {problem}")


def _read_text(path_or_text) -> str:
    """The CSV text of a path, an open file or the text itself."""
    if hasattr(path_or_text, "read"):             # an open file
        return path_or_text.read()
    if isinstance(path_or_text, (Path, os.PathLike)):
        path = Path(path_or_text)
    elif not isinstance(path_or_text, str):
        raise InputError("IT budget: pass a file path or the CSV text")
    elif "\n" in path_or_text or ("," in path_or_text and not os.path.exists(path_or_text)):
        return path_or_text
    else:
        path = Path(path_or_text)
    if not path.is_file():
        raise InputError(f"IT budget file not found: {path}: check the path")
    return path.read_text(encoding="utf-8-sig")


def read_it_budget(path_or_text) -> pd.DataFrame:
    """Read and check an IT budget: a path (str or Path) or the CSV text itself.

    Returns a DataFrame with the columns fiscal_year (int), category, kind,
    amount (float), currency and note, sorted by year, category and kind;
    ``frame.attrs["currency"]`` holds the currency. Categories and kinds are
    case-insensitive; "saas", "telecom", "outsourcing", "personnel" and
    "people" are accepted as synonyms. Rows are numbered as in a spreadsheet:
    the header is row 1. Any problem raises `finlit.errors.InputError`.

    >>> b = read_it_budget('''fiscal_year,category,kind,amount,currency,note
    ... 2025,Software,opex,90000,usd,CRM licences
    ... 2025,telecom,opex,20000,USD,''')
    >>> b[["fiscal_year", "category", "kind", "amount"]].values.tolist()
    [[2025, 'software', 'opex', 90000.0], [2025, 'network', 'opex', 20000.0]]
    >>> b.attrs["currency"]
    'USD'
    >>> read_it_budget('''fiscal_year,category,amount,currency
    ... 2025,staff,100,USD''')
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: IT budget: column 'kind' is missing: the header must be fiscal_year,category,kind,amount,currency (note is optional)
    """
    text = _read_text(path_or_text)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = None
    for fields in reader:
        if any(f.strip() for f in fields):
            header = [f.strip().lower() for f in fields]
            break
    if header is None:
        _fail(None, "the file is empty: start with the header "
                    "fiscal_year,category,kind,amount,currency,note")
    for column in REQUIRED_COLUMNS:
        if column not in header:
            _fail(None, f"column {column!r} is missing: the header must be "
                        f"{','.join(REQUIRED_COLUMNS)} (note is optional)")
    pos = {c: header.index(c) for c in COLUMNS if c in header}

    records, seen, currency, currency_row = [], {}, None, None
    for fields in reader:
        row = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        cell = {c: (fields[i].strip() if i < len(fields) else "") for c, i in pos.items()}

        year_text = cell["fiscal_year"]
        if not re.fullmatch(r"\d{4}(\.0+)?", year_text):
            _fail(row, f"fiscal_year {year_text!r} is not a four-digit year: write the year, e.g. 2024")
        year = int(float(year_text))

        category = cell["category"].lower()
        category = CATEGORY_ALIASES.get(category, category)
        if category not in CATEGORIES:
            _fail(row, f"unknown category {cell['category']!r}: use one of {', '.join(CATEGORIES)}")

        kind = cell["kind"].lower()
        if kind not in KINDS:
            _fail(row, f"unknown kind {cell['kind']!r}: use opex or capex")

        amount_text = cell["amount"]
        if not amount_text:
            _fail(row, "amount is empty: write the full amount in currency units, e.g. 1250000 "
                       "(or delete the row)")
        if not _NUMBER.match(amount_text):
            _fail(row, f"amount {amount_text!r} is not a number: write the full amount in currency "
                       "units without symbols, separators or suffixes, e.g. 1250000")
        amount = float(amount_text)
        if amount < 0:
            _fail(row, f"amount {amount_text} is negative: write amounts as positive numbers "
                       "(the kind column says whether it is opex or capex)")

        code = cell["currency"].upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            _fail(row, f"currency {cell['currency']!r} is not a three-letter code: write e.g. USD or EUR")
        if currency is None:
            currency, currency_row = code, row
        elif code != currency:
            _fail(row, f"currency {code} differs from {currency} in row {currency_row}: "
                       "use one currency for the whole file (convert the amounts first)")

        key = (year, category, kind)
        if key in seen:
            _fail(row, f"{year} {category} {kind} appears twice (first in row {seen[key]}): "
                       "put one total per fiscal year × category × kind (add the amounts up)")
        seen[key] = row
        records.append({"fiscal_year": year, "category": category, "kind": kind, "amount": amount,
                        "currency": code, "note": cell.get("note", "")})

    if not records:
        _fail(None, "the file has no rows: add one row per fiscal year × category × kind "
                    "under the header")
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    frame = (frame.assign(_c=frame["category"].map(order), _k=frame["kind"].map({"opex": 0, "capex": 1}))
                  .sort_values(["fiscal_year", "_c", "_k"]).drop(columns=["_c", "_k"])
                  .reset_index(drop=True))
    frame["fiscal_year"] = frame["fiscal_year"].astype("int64")
    frame.attrs["currency"] = currency
    return frame


def totals(budget: pd.DataFrame) -> pd.DataFrame:
    """Totals per fiscal year: it_spend, it_opex, it_capex, then one column per category.

    The index is the fiscal year; every category has a column (0 when the
    budget has no row for it); ``attrs["currency"]`` is carried over.

    >>> b = read_it_budget('''fiscal_year,category,kind,amount,currency
    ... 2024,staff,opex,100,EUR
    ... 2024,software,capex,40,EUR
    ... 2025,software,opex,60,EUR''')
    >>> totals(b).astype(int).to_dict("index")[2024]
    {'it_spend': 140, 'it_opex': 100, 'it_capex': 40, 'staff': 100, 'software': 40, 'cloud': 0, 'hardware': 0, 'network': 0, 'services': 0}
    """
    missing = [c for c in ("fiscal_year", "category", "kind", "amount") if c not in budget]
    if missing:
        raise InputError(f"IT budget: column {missing[0]!r} is missing: pass the frame read_it_budget returns")
    years = sorted(int(y) for y in budget["fiscal_year"].unique())
    by_kind = budget.pivot_table(index="fiscal_year", columns="kind", values="amount", aggfunc="sum")
    by_category = budget.pivot_table(index="fiscal_year", columns="category", values="amount", aggfunc="sum")
    out = pd.DataFrame(index=pd.Index(years, name="fiscal_year"))
    out["it_opex"] = by_kind["opex"] if "opex" in by_kind else 0.0
    out["it_capex"] = by_kind["capex"] if "capex" in by_kind else 0.0
    out = out.fillna(0.0)
    out.insert(0, "it_spend", out["it_opex"] + out["it_capex"])
    for category in CATEGORIES:
        out[category] = by_category[category] if category in by_category else 0.0
    out = out.fillna(0.0).astype(float)
    out.attrs["currency"] = budget.attrs.get("currency", "")
    return out


def _budget_dir():
    return files("finlit.data") / "it_budgets"


def bundled_it_budgets() -> list[str]:
    """Tickers with a bundled IT budget (the template is not one).

    >>> "LARKSPUR" in bundled_it_budgets()
    True
    """
    return sorted(p.name[:-4] for p in _budget_dir().iterdir()
                  if p.name.endswith(".csv") and p.name != "template.csv")


def bundled_it_budget(ticker: str) -> pd.DataFrame:
    """The IT budget shipped with finlit for a (fictional) company.

    >>> t = totals(bundled_it_budget("larkspur"))
    >>> float(t.loc[2025, "it_spend"]) / 1e6
    27.87
    """
    wanted = str(ticker).strip().upper()
    if wanted not in bundled_it_budgets():
        raise InputError(f"no bundled IT budget for {ticker!r}: bundled budgets are "
                         f"{', '.join(bundled_it_budgets())}; read your own file with read_it_budget(path)")
    return read_it_budget((_budget_dir() / f"{wanted}.csv").read_text(encoding="utf-8-sig"))


__all__ = ["CATEGORIES", "KINDS", "COLUMNS", "read_it_budget", "totals", "bundled_it_budget",
           "bundled_it_budgets"]
