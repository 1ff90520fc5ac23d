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


# --- issue 13 for user files: refused at once, read whatever the encoding, nothing silent ---

import os  # noqa: E402
import zipfile  # noqa: E402

from cli_helpers import one_line_error, run  # noqa: E402

from finlit.sources import filetype, user_files  # noqa: E402
from finlit.sources.files import load_file  # noqa: E402

BODY = "line_item,2023,2024\nrevenue,100,120\nnet_income,9,10\n"


def write(tmp_path, name: str, data) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


def cli_error(capsys, *argv) -> str:
    code, out, err = run(capsys, "statements", *argv)
    assert code == 2 and out == "", (code, out, err)
    return one_line_error(err)


def figures(company, item: str) -> dict:
    rows = company.facts[company.facts["line_item"] == item]
    return dict(zip(rows["fiscal_year"].astype(int), rows["value"]))


# 5. files that are not regular, or too large: refused before anything is read

def test_a_fifo_is_refused_at_once(tmp_path, capsys):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)                              # opening it would wait for a writer forever
    line = cli_error(capsys, fifo)
    assert str(fifo) in line and "FIFO" in line and "not a regular file" in line


def test_a_device_is_refused_at_once(capsys):
    line = cli_error(capsys, "/dev/zero")
    assert "/dev/zero is a device, not a regular file" in line


def test_a_file_over_the_size_limit_is_refused_and_the_option_lifts_it(tmp_path, capsys):
    path = write(tmp_path, "acme.csv", HEAD + BODY + "".join(f"Memo {i},1,2\n" for i in range(3000)))
    size = os.path.getsize(path)
    line = cli_error(capsys, path, "--max-file-size", "10k")
    assert f"is {size:,} bytes, more than the limit of 10,000 bytes" in line
    assert "--max-file-size 1MB" in line
    code, out, _ = run(capsys, "statements", path, "--max-file-size", "1MB", "--format", "csv")
    assert code == 0 and "revenue,2024" in out


def test_the_default_limit_is_200_mb(tmp_path, monkeypatch):
    assert filetype.MAX_FILE_SIZE == 200_000_000
    path = write(tmp_path, "acme.csv", HEAD + BODY)
    monkeypatch.setattr(filetype, "MAX_FILE_SIZE", 50)
    with pytest.raises(InputError, match="more than the limit of 50 bytes"):
        load_file(path)
    assert load_file(path, max_file_size=10_000).value("revenue", 2024) == 120.0


def test_a_bad_size_option_is_one_line(tmp_path, capsys):
    path = write(tmp_path, "acme.csv", HEAD + BODY)
    line = cli_error(capsys, path, "--max-file-size", "lots")
    assert "file size 'lots': write it as 200MB" in line


# 6. workbooks that cannot be read

def _workbook(path, rows, title="Income"):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


def test_a_workbook_with_broken_xml_is_exit_2(tmp_path, capsys):
    good = _workbook(tmp_path / "good.xlsx", [["line_item", 2023, 2024], ["revenue", 100, 120]])
    bad = tmp_path / "acme.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, data[: len(data) // 2] if name.startswith("xl/worksheets/") else data)
    line = cli_error(capsys, bad)
    assert "cannot read acme.xlsx, sheet Income: the workbook is damaged (ParseError)" in line
    assert "save it again in Excel or LibreOffice, or export it as CSV" in line


def test_a_password_protected_workbook_says_so(tmp_path, capsys):
    # an encrypted .xlsx is an OLE2 compound file holding an "EncryptionInfo" stream
    data = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024) + "EncryptionInfo".encode("utf-16-le")
            + bytes(512))
    line = cli_error(capsys, write(tmp_path, "budget.xlsx", data))
    assert "budget.xlsx is protected by a password" in line and "97-2003" not in line
    old = write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    assert "old Excel 97-2003 workbook" in cli_error(capsys, old)


def test_formulas_without_saved_values_are_named_in_a_note(tmp_path):
    path = _workbook(tmp_path / "acme.xlsx", [
        ["currency", "USD"], ["units", "ones"], ["line_item", 2023, 2024], ["revenue", 100, 120],
        ["cost_of_revenue", "=B4*0.6", "=C4*0.6"]])
    acme = load_file(path)
    assert figures(acme, "revenue") == {2023: 100.0, 2024: 120.0}
    assert figures(acme, "cost_of_revenue") == {}
    [note] = notes(acme, "formulas_without_values")
    assert note.startswith("acme.xlsx, sheet Income: 2 formula cell(s) have no saved value")
    assert "B5, C5 in rows 'cost_of_revenue'" in note and "open and save it in Excel" in note


def test_a_workbook_of_formulas_only_is_exit_2(tmp_path, capsys):
    path = _workbook(tmp_path / "model.xlsx", [["line_item", 2023, 2024],
                                               ["revenue", "=1+1", "=2+2"]])
    line = cli_error(capsys, path)
    assert "model.xlsx has formulas without saved values (2 cells, e.g. B2, C2)" in line
    assert "open and save it in Excel or LibreOffice, or export values" in line


# 7. CSV text that the csv module or the metadata refuse

def test_a_cell_over_the_csv_field_limit_is_exit_2(tmp_path, capsys):
    path = write(tmp_path, "acme.csv", 'company,"' + "x" * 140_000 + '"\n' + BODY)
    line = cli_error(capsys, path)
    assert "cannot read acme.csv: the cell ending on line 1 is longer than 131,072 characters" in line


def test_an_unclosed_quote_is_exit_2_with_its_line(tmp_path, capsys):
    path = write(tmp_path, "acme.csv", HEAD + 'line_item,2023\nrevenue,"1\n' + "net_income,5\n" * 15_000)
    line = cli_error(capsys, path)
    assert "the cell ending on line" in line and "close the quote" in line


def test_an_impossible_fiscal_year_end_in_the_metadata_is_exit_2(tmp_path, capsys):
    path = write(tmp_path, "acme.csv", "company,Acme\nfiscal_year_end,13-45\n" + BODY)
    line = cli_error(capsys, path)
    assert line.endswith("acme.csv: fiscal_year_end '13-45' is not a month and day: write it "
                         "as MM-DD, e.g. 09-30")


# 8. encodings and separators

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "latin-1",
                                      "cp1252"])
def test_text_files_in_other_encodings_are_read(tmp_path, encoding):
    text = "company,Société Générale\ncurrency,EUR\nunits,ones\n" + BODY
    acme = load_file(write(tmp_path, "sg.csv", text.encode(encoding)))
    assert acme.name == "Société Générale" and acme.currency == "EUR"
    assert figures(acme, "revenue") == {2023: 100.0, 2024: 120.0}
    assert figures(acme, "net_income") == {2023: 9.0, 2024: 10.0}


def test_semicolons_with_decimal_commas_are_read(tmp_path):
    text = ("company;Acme\ncurrency;EUR\nunits;ones\nline_item;2023;2024\n"
            "revenue;1.234,5;1.500,25\nCost of sales;(600,5);-700\nnet_income;99,5;-12,75\n")
    acme = load_file(write(tmp_path, "acme.csv", text))
    assert figures(acme, "revenue") == {2023: 1234.5, 2024: 1500.25}
    assert figures(acme, "cost_of_revenue") == {2023: 600.5, 2024: 700.0}
    assert figures(acme, "net_income") == {2023: 99.5, 2024: -12.75}


# 9. nothing silent: unread cells, a year beside a date, nothing usable

def test_text_in_number_cells_and_unreadable_periods_are_counted(tmp_path):
    acme = read("line_item,2023,2024,2023-13-45\nrevenue,100,abc,5\nnet_income,9,n/a,1\n")
    assert figures(acme, "revenue") == {2023: 100.0}
    [unread] = notes(acme, "unread_values")
    assert unread.startswith("acme.csv: 1 value(s) of line items not read because they are not "
                             "numbers: revenue 2024 ('abc')")      # n/a is a placeholder
    [period] = notes(acme, "unread_periods")
    assert "1 column(s) not read" in period and "'2023-13-45'" in period


def test_a_year_column_beside_a_date_column_of_the_same_year(tmp_path, capsys):
    line = cli_error(capsys, write(tmp_path, "acme.csv", HEAD + "line_item,2023,2023-12-31\n"
                                                             "revenue,100,125\n"))
    assert ("acme.csv: the columns 2023 and 2023-12-31 are both FY2023 and differ (revenue: 100 "
            "and 125): delete one, or give the fiscal year end") in line
    acme = read("line_item,2023,2023-12-31,2024\nrevenue,100,100,130\n")
    assert figures(acme, "revenue") == {2023: 100.0, 2024: 130.0}
    assert len(acme.facts[acme.facts["line_item"] == "revenue"]) == 2
    assert notes(acme, "repeated_period") == [
        "acme.csv: the columns 2023 and 2023-12-31 are both FY2023 with the same values; read once."]


def test_no_usable_line_items_says_what_was_found(tmp_path, capsys):
    path = write(tmp_path, "acme.csv", HEAD + "line_item,2023,2024\nOrders,1,2\nBacklog,3,4\n"
                                              "revenue,abc,def\n")
    line = cli_error(capsys, path)
    assert ("no usable line items in acme.csv (found 3 labelled rows, 2 period columns "
            "(2023, 2024), 2 labels that map to no line item, 2 cells of line items that are "
            "not numbers)") in line
    line = cli_error(capsys, write(tmp_path, "b.csv", "a,b\nc,d\n"))
    assert "no fiscal years or dates in a header row or first column" in line


def test_the_unmapped_labels_note_is_capped(tmp_path):
    rows = "".join(f"GL account {i:05d} {'x' * 200},1,2\n" for i in range(5000))
    acme = read("line_item,2023,2024\nrevenue,100,120\n" + rows)
    [note] = notes(acme, "unmapped_labels")
    assert "5,000 rows, the first ten labels: GL account 00000" in note and len(note) < 1000


# 10. long files: read in bulk, the same as row by row

def _export(rows: int) -> str:
    lines = [HEAD, "# exported by the ledger\n", "line_item,2022,2023,2024,Notes\n",
             "revenue,\"1,000\",\"1,100\",\"1,250\",growth\n",
             "Cost of sales,(600),(650),—,\n", "net_income,90,n/a,abc,\n"]
    lines += [f"Account {i},{i}.5,{-i},,memo\n" if i % 7 else f"# subtotal {i}\n" for i in range(rows)]
    lines += ["operating_income,10,11,12,\n", "revenue,1000,1100,1300,restated\n"]
    return "".join(lines)


@pytest.mark.parametrize("decimal_commas", [False, True])
def test_a_long_file_is_read_in_bulk_with_the_same_result(tmp_path, monkeypatch, decimal_commas):
    text = _export(3000)
    if decimal_commas:
        text = (text.replace('"1,000"', "1.000").replace('"1,100"', "1.100")
                .replace('"1,250"', "1.250").replace(".5,", ",5;").replace(",", ";")
                .replace(";5;", ",5;"))
    path = write(tmp_path, "ledger.csv", text)
    calls = []
    real = user_files._read_bulk
    monkeypatch.setattr(user_files, "_read_bulk", lambda *a: calls.append(1) or real(*a))
    bulk = load_file(path)
    assert calls == [1]                                   # the long file went through read_csv
    monkeypatch.setattr(user_files, "HEAD_ROWS", 10**6)   # row by row
    rows = load_file(path)
    assert bulk.facts.equals(rows.facts)
    assert [str(n) for n in bulk.notes] == [str(n) for n in rows.notes]
    assert figures(bulk, "revenue") == {2022: 1000.0, 2023: 1100.0, 2024: 1250.0}
    assert figures(bulk, "cost_of_revenue") == {2022: 600.0, 2023: 650.0}
    assert figures(bulk, "operating_income") == {2022: 10.0, 2023: 11.0, 2024: 12.0}
    found = {n.check for n in bulk.notes}
    assert {"unmapped_labels", "unread_values", "duplicate_rows"} <= found
    [unread] = notes(bulk, "unread_values")
    assert "net_income 2024 ('abc')" in unread


def test_a_split_number_after_the_first_rows_is_still_repaired(tmp_path):
    rows = "".join(f"Account {i},{i},{i}\n" for i in range(400))
    acme = read("line_item,2023,2024\n" + rows + "revenue,$ 1,234,$ 1,500\n")
    assert figures(acme, "revenue") == {2023: 1234.0, 2024: 1500.0}
    assert notes(acme, "split_numbers")


def test_a_huge_label_after_the_first_rows_is_read_and_shown_short(tmp_path):
    rows = "".join(f"Account {i},{i},{i}\n" for i in range(400))
    path = write(tmp_path, "acme.csv", HEAD + "line_item,2023,2024\nrevenue,100,120\n" + rows
                 + '"' + "z" * 200_000 + '",5,6\n')
    acme = load_file(path)
    assert figures(acme, "revenue") == {2023: 100.0, 2024: 120.0}
    [note] = notes(acme, "unmapped_labels")
    assert "401 rows" in note and len(note) < 1000


def test_an_item_repeated_a_thousand_times_is_one_short_note():
    rows = "".join(f"Revenue,100,{200 + i}\n" for i in range(1000))
    acme = read("line_item,2023,2024\nrevenue,100,120\n" + rows)
    assert figures(acme, "revenue") == {2023: 100.0, 2024: 120.0}
    [note] = notes(acme, "duplicate_rows")
    assert "not 200 (row 'Revenue'); 201 (row 'Revenue'); 202 (row 'Revenue') and 997 more" in note
    assert len(note) < 400


def test_a_workbook_that_unpacks_to_too_much_is_refused(tmp_path, capsys):
    path = tmp_path / "bomb.xlsx"
    good = _workbook(tmp_path / "good.xlsx", [["line_item", 2023], ["revenue", 100]])
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr("xl/media/padding.bin", bytes(3_000_000))     # compresses to a few KB
    assert os.path.getsize(path) < 100_000
    line = cli_error(capsys, path, "--max-file-size", "500k")
    assert "bomb.xlsx unpacks to 3 MB, more than the limit of 2 MB for a workbook" in line
    code, _, _ = run(capsys, "statements", path, "--max-file-size", "1MB")
    assert code == 0


def test_89000_labels_read_in_linear_time(tmp_path):
    # issue 13: an 8 MB CSV with 89,000 labels took 244 s (the unmapped labels were looked up
    # in a list); now the labels are read in bulk: about a second, 30 s on a loaded machine
    import time

    rows = "".join(f"GL account {i} misc expense,{i}.25,{-i},{i * 2},{i % 97},{i}\n"
                   for i in range(89_000))
    path = write(tmp_path, "ledger.csv", HEAD + "line_item,2020,2021,2022,2023,2024\n"
                 "revenue,100,110,120,130,140\nnet_income,10,11,12,13,14\n" + rows)
    start = time.perf_counter()
    acme = load_file(path)
    assert time.perf_counter() - start < 30
    assert figures(acme, "revenue") == {2020: 100.0, 2021: 110.0, 2022: 120.0, 2023: 130.0,
                                        2024: 140.0}
    [note] = notes(acme, "unmapped_labels")
    assert note.startswith("unmapped labels in ledger.csv: 89,000 rows, the first ten labels: "
                           "GL account 0 misc expense, GL account 1 misc expense")
    assert len(note) < 600
