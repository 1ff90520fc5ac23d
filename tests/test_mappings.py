"""The mapping tables of src/finlit/sources/mappings/: one reader, and tables that hold together.

Every canonical item a table names is a line item finlit knows; no source key (an SEC tag, a
Yahoo key, a label) maps to two different items; priorities and signs are well formed.
"""
from __future__ import annotations

from collections import defaultdict
from importlib.resources import files

import pytest

from finlit.items import ITEMS
from finlit.sources import _mapping
from finlit.sources._mapping import TABLES, pick_by_priority, read_mapping
from finlit.sources.user_files import normalise

HEADERS = {
    "label_synonyms.csv": ["label", "canonical_item", "priority"],
    "sec_tags.csv": ["canonical_item", "priority", "taxonomy", "tag", "sign"],
    "sec_tickers.csv": ["ticker", "cik", "name"],
    "yahoo_keys.csv": ["raw_key", "canonical_item", "sign", "priority"],
    "yfinance_labels.csv": ["label", "canonical_item", "sign", "priority"],
}
# the columns that identify a row's source key in each table that maps to items
SOURCE_KEYS = {
    "label_synonyms.csv": lambda r: normalise(r["label"]),  # matching ignores case and punctuation
    "sec_tags.csv": lambda r: (r["taxonomy"], r["tag"]),
    "yahoo_keys.csv": lambda r: r["raw_key"],
    "yfinance_labels.csv": lambda r: r["label"],
}


def test_every_table_in_the_folder_is_known():
    folder = files("finlit.sources") / "mappings"
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".csv")) == sorted(TABLES)
    assert sorted(HEADERS) == sorted(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_headers_and_non_empty_cells(name):
    rows = read_mapping(name)
    assert rows, f"{name} has no rows"
    for row in rows:
        assert list(row) == HEADERS[name]
        assert all(row.values()), f"{name}: empty cell in {row}"


@pytest.mark.parametrize("name", sorted(SOURCE_KEYS))
def test_every_canonical_item_is_a_line_item(name):
    unknown = sorted({r["canonical_item"] for r in read_mapping(name)} - set(ITEMS))
    assert not unknown, f"{name} names items finlit does not know: {unknown}"


@pytest.mark.parametrize("name", sorted(SOURCE_KEYS))
def test_no_source_key_maps_to_two_items(name):
    items = defaultdict(set)
    for row in read_mapping(name):
        items[SOURCE_KEYS[name](row)].add(row["canonical_item"])
    clashes = {key: sorted(found) for key, found in items.items() if len(found) > 1}
    assert not clashes, f"{name}: {clashes}"


@pytest.mark.parametrize("name", sorted(SOURCE_KEYS))
def test_priorities_and_signs(name):
    for row in read_mapping(name):
        assert row["priority"].isdigit() and int(row["priority"]) >= 1, row
        if "sign" in row:
            assert row["sign"] in ("1", "-1"), row


def test_one_key_per_priority_in_the_key_tables():
    """Yahoo keys and yfinance labels are alternatives, never parts to add: one per priority."""
    for name in ("yahoo_keys.csv", "yfinance_labels.csv"):
        seen = defaultdict(list)
        for row in read_mapping(name):
            seen[(row["canonical_item"], row["priority"])].append(row)
        assert all(len(rows) == 1 for rows in seen.values()), name
        keys = [SOURCE_KEYS[name](r) for r in read_mapping(name)]
        assert len(keys) == len(set(keys)), f"{name}: a key appears twice"


def test_sec_tags_rows_are_unique_and_in_known_taxonomies():
    rows = read_mapping("sec_tags.csv")
    keys = [(r["canonical_item"], r["priority"], r["taxonomy"], r["tag"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert {r["taxonomy"] for r in rows} <= {"us-gaap", "ifrs-full"}


def test_sec_tickers():
    rows = read_mapping("sec_tickers.csv")
    tickers = [r["ticker"].upper() for r in rows]
    assert len(tickers) == len(set(tickers))
    assert all(r["cik"].isdigit() and len(r["cik"]) <= 10 for r in rows)


def test_an_unknown_canonical_item_is_refused(tmp_path, monkeypatch):
    (tmp_path / "mappings").mkdir()
    (tmp_path / "mappings" / "bad.csv").write_text(
        "# a comment\nlabel,canonical_item,priority\n\nTurnover,turnover,1\n", encoding="utf-8")
    monkeypatch.setattr(_mapping, "files", lambda package: tmp_path)
    with pytest.raises(ValueError, match="bad.csv: unknown canonical item 'turnover'"):
        read_mapping("bad.csv")


def test_read_mapping_skips_comments_and_blank_lines_and_strips(tmp_path, monkeypatch):
    (tmp_path / "mappings").mkdir()
    (tmp_path / "mappings" / "ok.csv").write_text(
        "# a comment\nlabel,canonical_item,priority\n\n Turnover , revenue ,1\n", encoding="utf-8")
    monkeypatch.setattr(_mapping, "files", lambda package: tmp_path)
    assert read_mapping("ok.csv") == [{"label": "Turnover", "canonical_item": "revenue",
                                       "priority": "1"}]


def test_pick_by_priority_keeps_the_lowest_rank_and_the_first_on_a_tie():
    picked = pick_by_priority([(("revenue", "2024"), 2, "b"), (("capex", "2024"), 1, "x"),
                               (("revenue", "2024"), 1, "a"), (("revenue", "2024"), 1, "c")])
    assert picked == {("revenue", "2024"): "a", ("capex", "2024"): "x"}
    assert list(picked) == [("revenue", "2024"), ("capex", "2024")]  # first-seen order
