"""Reading inquiry files (CSV or JSON Lines) for batch triage, with errors per line.

Excel saves CSV as Shift_JIS (cp932) on Japanese Windows, so a file that is not UTF-8 is
read as cp932. The two are tried in that order rather than guessed by a detector: a
short Japanese text can look like several encodings, while a strict UTF-8 decode either
succeeds or fails.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES_DEFAULT = 20 * 1024 * 1024
MAX_ROWS_DEFAULT = 20_000
MAX_TEXT_CHARS = 10_000
# Accepted column names: what desks export from mail and form tools.
TEXT_COLUMNS = ("text", "本文", "内容", "問い合わせ内容", "お問い合わせ内容", "message", "body")
PREFECTURE_COLUMNS = ("prefecture", "都道府県", "所在地")
COMPANY_COLUMNS = ("company", "会社名", "企業名", "事業者名")
ID_COLUMNS = ("id", "ID", "番号", "受付番号")


class InputFileError(ValueError):
    """The whole file cannot be read; the message is polite Japanese for the desk."""


@dataclass
class Inquiry:
    """One inquiry and the line it starts on (for messages and the output's order)."""

    line: int
    id: str
    text: str
    prefecture: str | None = None
    company: str | None = None


@dataclass
class RowError:
    line: int
    id: str
    message: str


@dataclass
class InputBatch:
    inquiries: list[Inquiry] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    encoding: str = "utf-8"


def read_inquiries(path: Path) -> InputBatch:
    """Read a .csv or .jsonl file; bad rows become errors, good rows are all kept."""
    if not path.exists():
        raise InputFileError(f"{path} が見つかりません。ファイル名をご確認ください。")
    max_bytes = int(os.environ.get("DESK_TRIAGE_MAX_BYTES", MAX_BYTES_DEFAULT))
    size = path.stat().st_size
    if size > max_bytes:
        mib, limit = size / 1_048_576, max_bytes / 1_048_576
        raise InputFileError(
            f"{path.name} は {mib:.1f} MB あり、上限の {limit:.0f} MB を超えています。"
            "ファイルを分けてお試しください。"
        )
    return parse_inquiries(path.read_bytes(), path.name)


def parse_inquiries(raw: bytes, name: str = "input") -> InputBatch:
    """The same as read_inquiries, for bytes already in memory (the HTTP endpoint)."""
    text, encoding = decode(raw, name)
    if not text.strip():
        raise InputFileError(f"{name} は空です。お問い合わせを1件以上入れてください。")
    kind = "jsonl" if name.lower().endswith((".jsonl", ".json", ".ndjson")) else "csv"
    batch = _read_jsonl(text) if kind == "jsonl" else _read_csv(text, name)
    batch.encoding = encoding
    max_rows = int(os.environ.get("DESK_TRIAGE_MAX_ROWS", MAX_ROWS_DEFAULT))
    if len(batch.inquiries) + len(batch.errors) > max_rows:
        raise InputFileError(
            f"{name} には {len(batch.inquiries) + len(batch.errors):,} 件あり、上限の"
            f" {max_rows:,} 件を超えています。ファイルを分けてお試しください。"
        )
    return batch


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else cp932 (Shift_JIS from Excel), else an error."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return raw.decode("cp932"), "shift_jis"
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            raise InputFileError(
                f"{name} の {line} 行目の文字コードを読み取れません。UTF-8 か Shift_JIS"
                "（Excelの「CSV」）で保存し直してください。"
            ) from None


def _read_csv(text: str, name: str) -> InputBatch:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = headers
    text_column = _pick(headers, TEXT_COLUMNS)
    if text_column is None:
        found = "、".join(headers) or "（なし）"
        raise InputFileError(
            f"{name} の1行目に本文の列（text または 本文）がありません。" f"見つかった列：{found}"
        )
    pref_column = _pick(headers, PREFECTURE_COLUMNS)
    company_column = _pick(headers, COMPANY_COLUMNS)
    id_column = _pick(headers, ID_COLUMNS)
    batch = InputBatch()
    for row in reader:
        line = reader.line_num  # the row's last physical line; quoted newlines count
        row_id = _cell(row, id_column) or str(line)
        if None in row:
            batch.errors.append(RowError(line, row_id, "列の数が見出しより多くなっています。"))
            continue
        _add(batch, line, row_id, _cell(row, text_column), _cell(row, pref_column),
             _cell(row, company_column))  # fmt: skip
    return batch


def _read_jsonl(text: str) -> InputBatch:
    batch = InputBatch()
    for number, raw_line in enumerate(text.splitlines(), start=1):
        if not raw_line.strip():
            continue
        try:
            item = json.loads(raw_line)
        except json.JSONDecodeError as error:
            message = f"JSONとして読めません（{error.colno}文字目付近）。"
            batch.errors.append(RowError(number, str(number), message))
            continue
        if not isinstance(item, dict):
            batch.errors.append(
                RowError(number, str(number), "1行に1つのJSONオブジェクトが必要です。")
            )
            continue
        row_id = str(item.get("id") or number)
        text_value = next((item[k] for k in TEXT_COLUMNS if k in item), None)
        if text_value is not None and not isinstance(text_value, str):
            batch.errors.append(RowError(number, row_id, "本文（text）は文字列にしてください。"))
            continue
        _add(batch, number, row_id, text_value, _str(item, PREFECTURE_COLUMNS),
             _str(item, COMPANY_COLUMNS))  # fmt: skip
    return batch


def _add(
    batch: InputBatch,
    line: int,
    row_id: str,
    text: str | None,
    prefecture: str | None,
    company: str | None,
) -> None:
    text = (text or "").strip()
    if not text:
        batch.errors.append(RowError(line, row_id, "本文（text）が空です。"))
    elif len(text) > MAX_TEXT_CHARS:
        message = f"本文が {len(text):,} 文字あり、上限の {MAX_TEXT_CHARS:,} 文字を超えています。"
        batch.errors.append(RowError(line, row_id, message))
    else:
        batch.inquiries.append(Inquiry(line, row_id, text, prefecture or None, company or None))


def _pick(headers: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.lower(): h for h in headers}
    return next((lowered[n.lower()] for n in names if n.lower() in lowered), None)


def _cell(row: dict[str, str | None], column: str | None) -> str | None:
    if column is None:
        return None
    value = row.get(column)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _str(item: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = item.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
