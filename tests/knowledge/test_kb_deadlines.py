"""Deadline status on both sides of every opening and closing date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import knowledge.deadlines as deadlines
from knowledge import KnowledgeBase
from knowledge.deadlines import DeadlineState, status

TODAY = date(2026, 11, 28)
DAY = timedelta(days=1)
WINDOWED = [
    "foreign_filing_support",
    "counterfeit_support",
    "defense_support",
    "squatting_support",
    "litigation_insurance",
    "inpit_filing_subsidy",
    "inpit_office_action_subsidy",
]
NO_WINDOW = [
    "pct_fee_reduction",
    "inpit_ip_desk",
    "overseas_ip_desk",
    "reports_manuals",
    "iippf",
    "copy_campaign",
]


def test_every_program_is_classified(kb: KnowledgeBase) -> None:
    assert sorted(p.id for p in kb.programs) == sorted(WINDOWED + NO_WINDOW)


@pytest.mark.parametrize("program_id", WINDOWED)
def test_closing_date_both_sides(kb: KnowledgeBase, program_id: str) -> None:
    program = kb.program(program_id)
    closes = program.window.closes
    on_the_day = status(program, closes)
    assert on_the_day.state is DeadlineState.CLOSING_SOON
    assert on_the_day.date == closes and on_the_day.days_left == 0
    after = status(program, closes + DAY)
    assert after.state is DeadlineState.CLOSED and after.date == closes
    assert not after.is_open


@pytest.mark.parametrize("program_id", WINDOWED)
def test_closing_soon_starts_14_days_before(kb: KnowledgeBase, program_id: str) -> None:
    program = kb.program(program_id)
    closes = program.window.closes
    assert status(program, closes - 14 * DAY).state is DeadlineState.CLOSING_SOON
    assert status(program, closes - 14 * DAY).days_left == 14
    assert status(program, closes - 15 * DAY).state is DeadlineState.OPEN
    assert status(program, closes - 15 * DAY).date == closes


@pytest.mark.parametrize(
    "program_id",
    ["foreign_filing_support", "litigation_insurance", "inpit_filing_subsidy"],
)
def test_opening_date_both_sides(kb: KnowledgeBase, program_id: str) -> None:
    program = kb.program(program_id)
    opens = program.window.opens
    before = status(program, opens - DAY)
    assert before.state is DeadlineState.NOT_YET_OPEN and before.date == opens
    assert status(program, opens).is_open


@pytest.mark.parametrize("program_id", WINDOWED)
def test_every_fy2025_round_is_closed_today(kb: KnowledgeBase, program_id: str) -> None:
    program = kb.program(program_id)
    result = status(program, TODAY)
    assert program.fiscal_year == 2025
    assert result.state is DeadlineState.CLOSED
    assert result.date == program.window.closes
    assert "終了しました" in result.message_ja
    assert program.next_round in result.message_ja


@pytest.mark.parametrize("program_id", NO_WINDOW)
def test_desks_and_reports_have_no_deadline(kb: KnowledgeBase, program_id: str) -> None:
    result = status(kb.program(program_id), TODAY)
    assert result.state is DeadlineState.NO_DEADLINE and result.date is None


def test_jetro_closed_message(kb: KnowledgeBase) -> None:
    result = status(kb.program("counterfeit_support"), TODAY)
    assert result.budget_limited
    assert result.message_ja.startswith("2025年10月31日で受付を終了しました。")
    assert "https://www.jetro.go.jp/services/ip_service/" in result.message_ja


def test_jetro_closing_soon_message(kb: KnowledgeBase) -> None:
    result = status(kb.program("defense_support"), date(2025, 10, 20))
    assert result.state is DeadlineState.CLOSING_SOON
    assert "2025年10月31日まで受付中です（あと11日）" in result.message_ja
    assert "予算がなくなり次第終了" in result.message_ja


def test_fiscal_year_end_is_named_as_such(kb: KnowledgeBase) -> None:
    result = status(kb.program("foreign_filing_support"), TODAY)
    assert result.date == date(2026, 3, 31)
    assert "2025年度の公募は終了しました（年度末の2026年3月31日まで）" in result.message_ja
    open_result = status(kb.program("foreign_filing_support"), date(2025, 6, 1))
    assert open_result.state is DeadlineState.OPEN
    assert "センターごとに異なります" in open_result.message_ja


def test_today_defaults_to_the_real_date(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FakeDate(date):
        current = TODAY

        @classmethod
        def today(cls) -> date:
            return cls.current

    monkeypatch.setattr(deadlines, "date", FakeDate)
    program = kb.program("squatting_support")
    assert status(program).state is DeadlineState.CLOSED
    FakeDate.current = date(2025, 10, 1)
    assert status(program).state is DeadlineState.OPEN
