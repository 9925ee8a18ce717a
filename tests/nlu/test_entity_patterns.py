"""The right_type regexes extract what a user names, and not look-alike words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _right_type_matches(text: str) -> list[str]:
    data = yaml.safe_load((ROOT / "bot/data/lookups/right_types.yml").read_text("utf-8"))
    (block,) = (item for item in data["nlu"] if item.get("regex") == "right_type")
    patterns = [line[2:] for line in block["examples"].splitlines() if line.startswith("- ")]
    # RegexEntityExtractor matches each pattern case-insensitively without word boundaries.
    return [m.group(0) for p in patterns for m in re.finditer(p, text, re.IGNORECASE)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("いしょうを出願したい", ["いしょう"]),
        ("意匠と商標です", ["意匠", "商標"]),
        ("発明を守りたい", ["発明"]),
        ("特許庁に聞きました", []),
        ("たいしょうしゃは", []),
        ("対象経費はどれですか", []),
        ("学生が発明者の場合は？", []),
    ],
)
def test_right_type_pattern(text: str, expected: list[str]) -> None:
    assert sorted(_right_type_matches(text)) == sorted(expected)
