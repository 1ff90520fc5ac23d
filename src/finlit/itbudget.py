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
from typing import NoReturn

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


def _fail(where: str | None, problem: str) -> NoReturn:
    """InputError "IT budget WHERE: PROBLEM" (WHERE: "row 3", "[2025] staff.opex" or None)."""
    raise InputError(f"IT budget {where}: {problem}" if where else f"IT budget: {problem}")


def _read_text(path_or_text, what: str, is_text) -> str:
    """The text of a path, an open file or the text itself; `is_text(str)` tells the text of
    a budget from a path, `what` ("CSV", "TOML") names the format in the error. Files are
    decoded by `decode_text` (UTF-8, UTF-16 or Latin-1/Windows-1252)."""
    if hasattr(path_or_text, "read"):             # an open file
        text = path_or_text.read()
        name = str(getattr(path_or_text, "name", "the IT budget"))
    elif isinstance(path_or_text, str) and is_text(path_or_text):
        text, name = path_or_text, "the IT budget"
    elif isinstance(path_or_text, (str, os.PathLike)):
        path = Path(path_or_text)
        if not path.is_file():
            raise InputError(f"IT budget file not found: {path}: check the path")
        try:
            text, name = path.read_bytes(), str(path)
        except OSError as error:
            raise InputError(f"IT budget {path} cannot be read ({error.strerror or error}): "
                             "check the file's permissions") from None
    else:
        raise InputError(f"IT budget: pass a file path or the {what} text")
    return decode_text(text, name, what) if isinstance(text, bytes) else text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(raw: bytes, name: str = "the IT budget", what: str = "CSV") -> str:
    """The text of a budget file's bytes: UTF-8 (with or without a BOM), UTF-16 (with a BOM,
    or plain ASCII text saved as UTF-16), else Windows-1252/Latin-1. A file that is not text
    (a spreadsheet, an image, random bytes) raises InputError naming it.

    >>> decode_text("fiscal_year,note\\n2025,Café".encode("utf-16"))
    'fiscal_year,note\\n2025,Café'
    >>> decode_text("2025,Café".encode("cp1252")), decode_text(b"\\xef\\xbb\\xbf2025")
    ('2025,Café', '2025')
    >>> decode_text(bytes(range(256)), "b.csv")
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: IT budget b.csv is not a text file: save it as CSV (UTF-8) with the header fiscal_year,category,kind,amount,currency,note, or as TOML (see data/it_budgets/README.md)
    """
    text = None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    elif raw.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    elif len(raw) >= 4 and raw[1::2].count(0) > 0.9 * (len(raw) // 2):
        encodings = ("utf-16-le",)
    elif len(raw) >= 4 and raw[0::2].count(0) > 0.9 * (len(raw) // 2):
        encodings = ("utf-16-be",)
    else:
        encodings = ("utf-8", "cp1252", "latin-1")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or len(_CONTROL.findall(text[:65536])) > max(2, len(text[:65536]) // 100):
        header = ("the header fiscal_year,category,kind,amount,currency,note"
                  if what == "CSV" else "a table per fiscal year")
        raise InputError(f"IT budget {name} is not a text file: save it as CSV (UTF-8) with "
                         f"{header}, or as TOML (see data/it_budgets/README.md)"
                         if what == "CSV" else
                         f"IT budget {name} is not a text file: save it as TOML (UTF-8) with "
                         f"{header} (see data/it_budgets/README.md)")
    return text.lstrip("\ufeff")


def _is_csv_text(text: str) -> bool:
    return "\n" in text or ("," in text and not os.path.exists(text))


def _is_toml_text(text: str) -> bool:
    return "\n" in text or "=" in text


def read_it_budget(path_or_text) -> pd.DataFrame:
    """Read and check an IT budget: a path (str or Path) or the CSV text itself.

    Returns a DataFrame with the columns fiscal_year (int), category, kind,
    amount (float), currency and note, sorted by year, category and kind;
    ``frame.attrs["currency"]`` holds the currency. Categories and kinds are
    case-insensitive; "saas", "telecom", "outsourcing", "personnel" and
    "people" are accepted as synonyms. Rows are numbered as in a spreadsheet:
    the header is row 1. Any problem raises `finlit.errors.InputError`. A path ending in
    ``.toml`` is read as a TOML budget (`read_it_budget_toml`).

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
    if isinstance(path_or_text, (str, os.PathLike)) and "\n" not in str(path_or_text) \
            and str(path_or_text).lower().endswith(".toml"):
        return read_it_budget_toml(Path(path_or_text))  # a TOML budget file
    text = _read_text(path_or_text, "CSV", _is_csv_text)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        pos = _csv_header(reader)
        records, currency = _records(_csv_lines(reader, pos), add_up=True)
    except csv.Error as error:  # a cell past the csv module's limit of 131,072 characters …
        named = isinstance(path_or_text, os.PathLike) or (
            isinstance(path_or_text, str) and not _is_csv_text(path_or_text))
        _fail(f"{path_or_text} row {reader.line_num}" if named else f"row {reader.line_num}",
              f"cannot be read as CSV ({error}): the file does not look like an IT budget; "
              "see data/it_budgets/README.md for the format")
    if not records:
        _fail(None, "the file has no rows: add one row per fiscal year × category × kind "
                    "under the header")
    return _frame(records, currency)


def _csv_header(reader) -> dict[str, int]:
    """The position of each column in the header (the first non-blank line), checked."""
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
    return {c: header.index(c) for c in COLUMNS if c in header}


def _csv_lines(reader, pos: dict[str, int]):
    """The budget lines under the header: (where, year, category, kind, amount, currency, note)
    with `where` "row N" (the header is row 1); blank lines skipped."""
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue
        cell = {c: (fields[i].strip() if i < len(fields) else "") for c, i in pos.items()}
        yield (f"row {reader.line_num}", cell["fiscal_year"], cell["category"], cell["kind"],
               cell["amount"], cell["currency"], cell.get("note", ""))


def _records(lines, add_up: bool = False) -> tuple[list[dict], str | None]:
    """The checked records of budget lines and their one currency.

    `lines` are (where, year, category, kind, amount, currency, note); `where` names the line
    in messages ("row 3", "[2025] staff.opex"). One currency for the whole budget and one
    line per fiscal year × category × kind; `add_up` adds the hint to add duplicates up.
    """
    records, seen, currency, currency_where = [], {}, None, None
    for where, *fields, note in lines:
        year, category, kind, amount, code = _check_fields(where, *fields)
        if currency is None:
            currency, currency_where = code, where
        elif code != currency:
            _fail(where, f"currency {code} differs from {currency} in {currency_where}: "
                         "use one currency for the whole file (convert the amounts first)")
        key = (year, category, kind)
        if key in seen:
            _fail(where, f"{year} {category} {kind} appears twice (first in {seen[key]}): "
                         "put one total per fiscal year × category × kind"
                         + (" (add the amounts up)" if add_up else ""))
        seen[key] = where
        records.append({"fiscal_year": year, "category": category, "kind": kind, "amount": amount,
                        "currency": code, "note": note})
    return records, currency


def _check_fields(where, year_text, category_text, kind_text, amount_text, currency_text):
    """Check one budget line; `where` names it in messages ("row 3", "[2025] staff.opex")."""
    year_text = str(year_text).strip()
    if not re.fullmatch(r"\d{4}(\.0+)?", year_text):
        _fail(where, f"fiscal_year {year_text!r} is not a four-digit year: write the year, "
                     "e.g. 2024")
    year = int(float(year_text))

    category = str(category_text).strip().lower()
    category = CATEGORY_ALIASES.get(category, category)
    if category not in CATEGORIES:
        _fail(where, f"unknown category {category_text!r}: use one of {', '.join(CATEGORIES)}")

    kind = str(kind_text).strip().lower()
    if kind not in KINDS:
        _fail(where, f"unknown kind {kind_text!r}: use opex or capex")

    amount_text = str(amount_text).strip()
    if not amount_text:
        _fail(where, "amount is empty: write the full amount in currency units, e.g. 1250000 "
                     "(or delete the row)")
    if not _NUMBER.match(amount_text):
        _fail(where, f"amount {amount_text!r} is not a number: write the full amount in "
                     "currency units without symbols, separators or suffixes, e.g. 1250000")
    amount = float(amount_text)
    if amount < 0:
        _fail(where, f"amount {amount_text} is negative: write amounts as positive numbers "
                     "(the kind column says whether it is opex or capex)")

    code = str(currency_text).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        _fail(where, f"currency {currency_text!r} is not a three-letter code: write e.g. USD "
                     "or EUR")
    return year, category, kind, amount, code


def _frame(records: list[dict], currency: str) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    frame = (frame.assign(_c=frame["category"].map(order), _k=frame["kind"].map({"opex": 0, "capex": 1}))
                  .sort_values(["fiscal_year", "_c", "_k"]).drop(columns=["_c", "_k"])
                  .reset_index(drop=True))
    frame["fiscal_year"] = frame["fiscal_year"].astype("int64")
    frame.attrs["currency"] = currency
    return frame


def _toml_number(value) -> str:
    """The text of a TOML amount for `_check_fields` (numbers pass, anything else fails there)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return repr(value)
    return repr(value) if isinstance(value, float) else str(value)


def read_it_budget_toml(path_or_text) -> pd.DataFrame:
    """Read and check a small IT budget written in TOML (same result as `read_it_budget`).

    One table per fiscal year, ``category.kind = amount`` inside it, and the currency once
    at the top; TOML allows ``_`` in numbers (``1_850_000``) and comments (``#``)::

        currency = "USD"

        [2025]
        staff.opex = 1_850_000        # salaries, benefits, training
        software = { opex = 620_000, capex = 50_000 }

    A list of tables (``[[line]]`` with fiscal_year, category, kind, amount and optionally
    currency and note) is accepted too. Problems name the place: ``IT budget [2025]
    staff.opex: amount -5 is negative: …``.

    >>> b = read_it_budget_toml('''currency = "EUR"
    ... [2025]
    ... staff.opex = 1_000_000
    ... hardware = { capex = 200000 }
    ... ''')
    >>> b[["fiscal_year", "category", "kind", "amount", "currency"]].values.tolist()
    [[2025, 'staff', 'opex', 1000000.0, 'EUR'], [2025, 'hardware', 'capex', 200000.0, 'EUR']]
    >>> read_it_budget_toml('''currency = "USD"
    ... [2025]
    ... staff.opex = -5''')
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: IT budget [2025] staff.opex: amount -5 is negative: write amounts as positive numbers (the kind column says whether it is opex or capex)
    """
    import tomllib

    try:
        doc = tomllib.loads(_read_text(path_or_text, "TOML", _is_toml_text).lstrip("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"IT budget: not valid TOML ({error}): see data/it_budgets/README.md "
                         "for the format") from None
    currency = doc.get("currency", "")
    if currency and not isinstance(currency, str):
        raise InputError("IT budget: currency must be a text such as \"USD\"")
    lines = []  # (where, year, category, kind, amount, currency, note)
    for key, body in doc.items():
        if key in ("line", "lines"):
            lines.extend(_toml_line_tables(key, body, currency))
        elif key != "currency":
            lines.extend(_toml_year_table(key, body, currency))
    if not lines:
        raise InputError("IT budget: the file has no amounts: add a table per fiscal year, "
                         "e.g. [2025] with staff.opex = 1200000")
    return _frame(*_records(_with_currency(lines)))


def _toml_line_tables(key: str, body, currency: str) -> list[tuple]:
    """The lines of a list of tables (``[[line]]``), each a complete budget line."""
    if not isinstance(body, list):
        raise InputError(f"IT budget: {key} must be a list of tables ([[{key}]])")
    lines = []
    for i, item in enumerate(body, start=1):
        where = f"[[{key}]] number {i}"
        if not isinstance(item, dict):
            raise InputError(f"IT budget {where}: write it as a table of fiscal_year, "
                             "category, kind, amount")
        for column in ("fiscal_year", "category", "kind", "amount"):
            if column not in item:
                raise InputError(f"IT budget {where}: {column} is missing: give "
                                 "fiscal_year, category, kind and amount")
        lines.append((where, item["fiscal_year"], item["category"], item["kind"],
                      _toml_number(item["amount"]), item.get("currency", currency),
                      str(item.get("note", ""))))
    return lines


def _toml_year_table(key: str, body, currency: str) -> list[tuple]:
    """The lines of one fiscal year's table: ``category.kind = amount``."""
    if not isinstance(body, dict):
        raise InputError(f"IT budget: unexpected key {key!r}: write currency = \"USD\" and "
                         "one table per fiscal year, e.g. [2025] with staff.opex = 1200000")
    lines = []
    for category, kinds in body.items():
        if not isinstance(kinds, dict):
            raise InputError(f"IT budget [{key}] {category}: say opex or capex, e.g. "
                             f"{category}.opex = {_toml_number(kinds)}")
        for kind, amount in kinds.items():
            lines.append((f"[{key}] {category}.{kind}", key, category, kind, _toml_number(amount),
                          currency, ""))
    return lines


def _with_currency(lines):
    """The lines, stopping at the first without a currency."""
    for line in lines:
        if not line[5]:
            raise InputError(f"IT budget {line[0]}: no currency: write currency = \"USD\" "
                             "(or your currency) at the top of the file")
        yield line


def load_it_budget(path) -> pd.DataFrame:
    """Read an IT budget file by its extension: ``.toml`` (TOML), anything else CSV.

    >>> t = totals(load_it_budget(files("finlit.data") / "it_budgets" / "example.toml"))
    >>> int(t.loc[2025, "it_spend"])
    3345000
    """
    name = str(getattr(path, "name", path))
    if name.lower().endswith(".toml"):
        if not isinstance(path, (str, os.PathLike)):  # a Traversable inside the package
            return read_it_budget_toml(decode_text(path.read_bytes(), name, "TOML"))
        return read_it_budget_toml(Path(path))
    if not isinstance(path, (str, os.PathLike)):
        return read_it_budget(decode_text(path.read_bytes(), name))
    return read_it_budget(Path(path))


_AMOUNT = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(k|m|mn|bn|b)?$", re.I)
_SUFFIX = {None: 1.0, "k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9}


def parse_amount(text: str) -> float:
    """One amount given on the command line: 1200000, 1.2e6, 1.2m, 850k, 1.1bn (positive).

    >>> parse_amount("1.2m"), parse_amount("850k"), parse_amount("1_200_000")
    (1200000.0, 850000.0, 1200000.0)
    """
    raw = str(text).strip()
    m = _AMOUNT.match(raw.replace("_", ""))
    if not m:
        raise InputError(f"IT spend {raw!r} is not an amount: write e.g. 1200000, 1.2e6 or 1.2m")
    value = float(m.group(1)) * _SUFFIX[(m.group(2) or "").lower() or None]
    if value < 0:
        raise InputError(f"IT spend {raw} is negative: write IT spend as a positive amount")
    return value


def parse_it_spend(text: str) -> dict:
    """``--it-spend``: one amount (for the latest fiscal year: key None) or one per year.

    >>> parse_it_spend("2024=1.2e6,2025=1.3e6")
    {2024: 1200000.0, 2025: 1300000.0}
    >>> parse_it_spend("1.5m")
    {None: 1500000.0}
    >>> parse_it_spend("2024=1m,2024=2m")
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: IT spend: 2024 is given twice: give one amount per fiscal year
    """
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    if not parts:
        raise InputError("IT spend is empty: write an amount (1.2e6) or one per year "
                         "(2024=1.2e6,2025=1.3e6)")
    if len(parts) == 1 and "=" not in parts[0]:
        return {None: parse_amount(parts[0])}
    out = {}
    for part in parts:
        year_text, sep, amount_text = part.partition("=")
        year_text = year_text.strip().upper().removeprefix("FY")
        if not sep or not re.fullmatch(r"\d{4}", year_text):
            raise InputError(f"IT spend {part!r}: write YEAR=AMOUNT for each year, "
                             "e.g. 2024=1.2e6,2025=1.3e6")
        year = int(year_text)
        if year in out:
            raise InputError(f"IT spend: {year} is given twice: give one amount per fiscal year")
        out[year] = parse_amount(amount_text)
    return out


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


__all__ = ["CATEGORIES", "KINDS", "COLUMNS", "read_it_budget", "read_it_budget_toml", "load_it_budget",
           "parse_amount", "parse_it_spend", "totals", "bundled_it_budget", "bundled_it_budgets"]
