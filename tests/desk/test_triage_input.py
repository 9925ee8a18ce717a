"""Inquiry files: encodings, missing columns, empty or huge files, bad rows with line numbers."""

from __future__ import annotations

import json

import pytest

from desk.triage_input import InputFileError, parse_inquiries, read_inquiries

CSV = (
    "id,本文,都道府県,会社名\n"
    "A1,警告状が届きました,大阪府,ミドリ工業\n"
    "A2,,,\n"
    "A3,外国出願の補助金について,,\n"
)


def test_utf8_csv_with_japanese_headers() -> None:
    batch = parse_inquiries(CSV.encode("utf-8-sig"), "in.csv")
    assert [(i.id, i.line, i.prefecture, i.company) for i in batch.inquiries] == [
        ("A1", 2, "大阪府", "ミドリ工業"),
        ("A3", 4, None, None),
    ]
    assert [(e.line, e.id, e.message) for e in batch.errors] == [
        (3, "A2", "本文（text）が空です。")
    ]
    assert batch.encoding == "utf-8"


def test_shift_jis_from_excel_is_detected() -> None:
    batch = parse_inquiries(CSV.encode("cp932"), "in.csv")
    assert batch.encoding == "shift_jis"
    assert batch.inquiries[0].text == "警告状が届きました"


def test_undecodable_bytes_name_the_line() -> None:
    raw = "id,text\n1,外国出願\n".encode() + b"2,\xff\xfe\xfa\x80\x80\n"
    with pytest.raises(InputFileError, match="3 行目の文字コード"):
        parse_inquiries(raw, "in.csv")


def test_missing_text_column_lists_the_columns_found() -> None:
    with pytest.raises(InputFileError, match="見つかった列：id、subject"):
        parse_inquiries("id,subject\n1,補助金\n".encode(), "in.csv")


def test_empty_and_huge_files(tmp_path, monkeypatch) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputFileError, match="空です"):
        read_inquiries(empty)
    big = tmp_path / "big.csv"
    big.write_text("text\n" + "警告状が届いた\n" * 200, encoding="utf-8")
    monkeypatch.setenv("DESK_TRIAGE_MAX_BYTES", "1000")
    with pytest.raises(InputFileError, match="上限の 0 MB を超えています|上限"):
        read_inquiries(big)
    monkeypatch.delenv("DESK_TRIAGE_MAX_BYTES")
    monkeypatch.setenv("DESK_TRIAGE_MAX_ROWS", "100")
    with pytest.raises(InputFileError, match="200 件あり、上限の 100 件"):
        read_inquiries(big)


def test_jsonl_bad_lines_do_not_lose_good_ones() -> None:
    lines = [
        json.dumps({"id": "q1", "text": "模倣品が出回っています", "prefecture": "福岡県"}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"id": "q4", "text": 42}),
        "",
        json.dumps({"id": "q6", "text": "人と話したい"}, ensure_ascii=False),
    ]
    batch = parse_inquiries("\n".join(lines).encode("utf-8"), "in.jsonl")
    assert [(i.id, i.line) for i in batch.inquiries] == [("q1", 1), ("q6", 6)]
    assert [e.line for e in batch.errors] == [2, 3, 4]
    assert "JSONとして読めません" in batch.errors[0].message


def test_a_row_with_extra_cells_is_reported() -> None:
    batch = parse_inquiries("id,text\n1,a,b\n2,警告状\n".encode(), "in.csv")
    assert [e.line for e in batch.errors] == [2] and batch.inquiries[0].id == "2"
