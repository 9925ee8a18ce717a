"""Subsidy arithmetic at and around the caps."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from knowledge import KnowledgeBase
from knowledge.subsidy import estimate_subsidy, yen_ja

MAN = 10_000
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("program_id", "cost", "right_type", "expected", "capped_by"),
    [
        ("foreign_filing_support", 100 * MAN, "trademark", 50 * MAN, None),
        ("foreign_filing_support", 400 * MAN, "patent", 150 * MAN, "per_case"),
        ("foreign_filing_support", 300 * MAN, "patent", 150 * MAN, None),
        ("foreign_filing_support", 120 * MAN, "商標", 60 * MAN, None),
        ("foreign_filing_support", 200 * MAN, "ブランド", 60 * MAN, "per_case"),
        ("foreign_filing_support", 200 * MAN, "意匠", 60 * MAN, "per_case"),
        ("foreign_filing_support", 200 * MAN, "実用新案", 60 * MAN, "per_case"),
        ("foreign_filing_support", 80 * MAN, "冒認対策商標", 30 * MAN, "per_case"),
        ("inpit_filing_subsidy", 400 * MAN, "特許", 150 * MAN, "per_case"),
        ("inpit_office_action_subsidy", 200 * MAN, "patent", 50 * MAN, "per_procedure"),
        ("inpit_office_action_subsidy", 60 * MAN, "patent", 30 * MAN, None),
        ("counterfeit_support", 900 * MAN, "trademark", 400 * MAN, "limit"),
        ("counterfeit_support", 300 * MAN, "trademark", 200 * MAN, None),
        ("defense_support", 600 * MAN, "patent", 400 * MAN, None),
        ("defense_support", 900 * MAN, "patent", 500 * MAN, "limit"),
        ("squatting_support", 900 * MAN, "trademark", 500 * MAN, "limit"),
    ],
)
def test_subsidy(
    kb: KnowledgeBase,
    program_id: str,
    cost: int,
    right_type: str,
    expected: int,
    capped_by: str | None,
) -> None:
    estimate = estimate_subsidy(kb.program(program_id), cost, right_type)
    assert estimate.subsidy == expected
    assert estimate.capped_by == capped_by
    assert estimate.steps[-1].amount_yen == expected
    assert estimate.self_pay_yen == cost - expected


def test_steps_show_rate_then_caps(kb: KnowledgeBase) -> None:
    estimate = estimate_subsidy(kb.program("foreign_filing_support"), 400 * MAN, "特許")
    assert estimate.rate == Fraction(1, 2) and estimate.right_type == "patent"
    assert [(s.label_ja, s.amount_yen) for s in estimate.steps] == [
        ("費用400万円 × 補助率1/2", 200 * MAN),
        ("1案件あたりの上限（特許）150万円を適用", 150 * MAN),
        ("1企業あたりの上限300万円以内", 150 * MAN),
    ]


def test_per_company_cap_counts_what_was_already_received(kb: KnowledgeBase) -> None:
    program = kb.program("foreign_filing_support")
    estimate = estimate_subsidy(program, 400 * MAN, "patent", already_received_yen=200 * MAN)
    assert estimate.subsidy == 100 * MAN and estimate.capped_by == "per_company"
    assert "受給済み200万円を差し引いた残り100万円" in estimate.steps[-1].label_ja
    assert estimate_subsidy(program, 400 * MAN, "patent", 300 * MAN).subsidy == 0


def test_rounds_down_to_the_yen(kb: KnowledgeBase) -> None:
    estimate = estimate_subsidy(kb.program("counterfeit_support"), 100, "patent")
    assert estimate.subsidy == 66


@pytest.mark.parametrize(
    ("program_id", "right_type"),
    [
        ("litigation_insurance", "patent"),  # a premium rate, no caps
        ("pct_fee_reduction", "patent"),  # a fee reduction, not a subsidy
        ("inpit_ip_desk", "patent"),
        ("inpit_office_action_subsidy", "trademark"),  # patents only
        ("squatting_support", "patent"),  # trademarks only
        ("foreign_filing_support", "ラーメン"),  # not a right type
    ],
)
def test_refusals_are_explained_in_japanese(
    kb: KnowledgeBase, program_id: str, right_type: str
) -> None:
    with pytest.raises(ValueError) as error:
        estimate_subsidy(kb.program(program_id), 100 * MAN, right_type)
    assert JAPANESE.search(str(error.value)) and str(error.value).endswith("。")


@pytest.mark.parametrize("cost", [-1, True, 1.5])
def test_bad_amounts_are_refused(kb: KnowledgeBase, cost: object) -> None:
    with pytest.raises(ValueError, match="0以上の整数"):
        estimate_subsidy(kb.program("foreign_filing_support"), cost, "patent")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (3_000_000, "300万円"),
        (1_234_567, "1,234,567円"),
        (0, "0円"),
        (100_000_000, "1億円"),
        (120_000_000, "1億2,000万円"),
        (12_345_670_000, "123億4,567万円"),
        (150_000_000, "1億5,000万円"),
    ],
)
def test_the_one_yen_formatter_writes_oku(amount: int, text: str) -> None:
    from actions import formatting
    from knowledge import yen

    assert yen(amount) == yen_ja(amount) == formatting.yen(amount) == text
