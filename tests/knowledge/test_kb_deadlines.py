"""Round status on both sides of every sourced date, and NAVI_TODAY.

Expectations come from the data and a given date, never from the real date, so the
suite passes whichever day CI runs on.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import knowledge.clock as today_module
from knowledge import KnowledgeBase, RoundState
from knowledge.deadlines import CLOSING_SOON_DAYS, round_status

TODAY = date(2026, 12, 1)
DAY = timedelta(days=1)
WITH_ROUNDS = [
    "foreign_filing_support",
    "counterfeit_support",
    "defense_support",
    "squatting_support",
    "litigation_insurance",
    "inpit_filing_subsidy",
    "inpit_office_action_subsidy",
]
STANDING = [
    "pct_fee_reduction",
    "inpit_ip_desk",
    "overseas_ip_desk",
    "reports_manuals",
    "iippf",
    "copy_campaign",
]


def dated_rounds(kb: KnowledgeBase) -> list[tuple[str, int]]:
    return [
        (program.id, index)
        for program in kb.programs
        for index, entry in enumerate(program.rounds)
        if entry.closing_date is not None
    ]


def test_every_program_is_classified(kb: KnowledgeBase) -> None:
    assert sorted(p.id for p in kb.programs) == sorted(WITH_ROUNDS + STANDING)
    for program_id in WITH_ROUNDS:
        assert kb.program(program_id).rounds, program_id
    for program_id in STANDING:
        program = kb.program(program_id)
        assert not program.rounds and program.availability, program_id


def test_closing_dates_both_sides(kb: KnowledgeBase) -> None:
    rounds = dated_rounds(kb)
    assert len(rounds) >= 6
    for program_id, index in rounds:
        entry = kb.program(program_id).rounds[index]
        closes = entry.closing_date
        on_the_day = round_status(entry, closes, kb.wording)
        assert on_the_day.state is RoundState.CLOSING_SOON and on_the_day.days_left == 0
        assert round_status(entry, closes + DAY, kb.wording).state is RoundState.CLOSED
        soon = closes - CLOSING_SOON_DAYS * DAY
        if entry.opens is None or entry.opens <= soon - DAY:
            assert round_status(entry, soon, kb.wording).state is RoundState.CLOSING_SOON
            assert round_status(entry, soon - DAY, kb.wording).state is RoundState.OPEN


def test_opening_dates_both_sides(kb: KnowledgeBase) -> None:
    for program_id, index in dated_rounds(kb):
        entry = kb.program(program_id).rounds[index]
        if entry.opens is None:
            continue
        before = round_status(entry, entry.opens - DAY, kb.wording)
        assert before.state is RoundState.NOT_YET_OPEN
        assert round_status(entry, entry.opens, kb.wording).state.is_open


def test_a_round_without_published_end_is_over_with_its_fiscal_year(kb: KnowledgeBase) -> None:
    entry = kb.program("foreign_filing_support").rounds[0]
    assert entry.closes == "not_published" and entry.closing_date is None
    year_end = kb.wording.fiscal_year_end(entry.fiscal_year)
    assert round_status(entry, year_end, kb.wording).state is RoundState.RUNNING_VARIES
    assert round_status(entry, year_end + DAY, kb.wording).state is RoundState.YEAR_OVER
    assert round_status(entry, entry.opens - DAY, kb.wording).state is RoundState.NOT_YET_OPEN


def test_rounds_with_unknown_periods_are_not_guessed(kb: KnowledgeBase) -> None:
    first, second = kb.program("inpit_filing_subsidy").rounds
    assert first.closes == "not_known" and first.announced == date(2025, 12, 1)
    assert round_status(first, TODAY, kb.wording).state is RoundState.ANNOUNCED
    assert round_status(second, TODAY, kb.wording).state is RoundState.CLOSED
    listed = kb.program("inpit_office_action_subsidy").rounds[1]
    assert (listed.fiscal_year, listed.closes) == (2026, "not_known")
    assert round_status(listed, TODAY, kb.wording).state is RoundState.LISTED
    assert round_status(listed, date(2027, 4, 1), kb.wording).state is RoundState.YEAR_OVER


def test_status_today_from_the_data(kb: KnowledgeBase) -> None:
    """On TODAY every round whose sourced closing date has passed is closed."""
    for program_id in WITH_ROUNDS:
        status = kb.status(kb.program(program_id), TODAY)
        assert status.fiscal_year == 2026
        for entry in status.rounds:
            closes = entry.round.closing_date
            if closes is not None and closes < TODAY:
                assert entry.state is RoundState.CLOSED
        assert not status.is_open and status.needs_next_steps


def test_headline_prefers_this_fiscal_year(kb: KnowledgeBase) -> None:
    office = kb.status(kb.program("inpit_office_action_subsidy"), TODAY)
    assert office.headline.round.fiscal_year == 2026
    filing = kb.status(kb.program("inpit_filing_subsidy"), TODAY)
    assert filing.headline.round.closing_date == date(2026, 3, 23)
    jetro = kb.status(kb.program("defense_support"), TODAY)
    assert jetro.headline.round.fiscal_year == 2025 and not jetro.current_year


def test_a_round_announced_later_is_not_known_yet(kb: KnowledgeBase) -> None:
    status = kb.status(kb.program("inpit_filing_subsidy"), date(2025, 11, 1))
    assert [r.round.title for r in status.rounds] == ["第2回公募"]
    assert status.rounds[0].state is RoundState.NOT_YET_OPEN


def test_open_round_is_open(kb: KnowledgeBase) -> None:
    status = kb.status(kb.program("inpit_filing_subsidy"), date(2026, 3, 10))
    assert status.is_open and not status.needs_next_steps
    assert status.headline.days_left == 13


def test_standing_services_have_no_rounds(kb: KnowledgeBase) -> None:
    for program_id in STANDING:
        status = kb.status(kb.program(program_id), TODAY)
        assert not status.has_rounds and status.headline is None


@pytest.fixture()
def fresh_today(monkeypatch: pytest.MonkeyPatch):
    today_module.pinned_today.cache_clear()
    yield monkeypatch
    today_module.pinned_today.cache_clear()


def test_navi_today_pins_the_date(fresh_today: pytest.MonkeyPatch, kb: KnowledgeBase) -> None:
    fresh_today.setenv("NAVI_TODAY", "2025-10-20")
    assert today_module.today() == date(2025, 10, 20)
    status = kb.status(kb.program("defense_support"))
    assert status.today == date(2025, 10, 20) and status.is_open


def test_navi_today_unset_is_the_real_date(fresh_today: pytest.MonkeyPatch) -> None:
    fresh_today.delenv("NAVI_TODAY", raising=False)

    class FakeDate(date):
        @classmethod
        def today(cls) -> date:
            return date(2030, 1, 2)

    fresh_today.setattr(today_module, "date", FakeDate)
    assert today_module.today() == date(2030, 1, 2)


def test_bad_navi_today_is_refused(fresh_today: pytest.MonkeyPatch) -> None:
    fresh_today.setenv("NAVI_TODAY", "1 December")
    with pytest.raises(ValueError, match="NAVI_TODAY must be an ISO date"):
        today_module.today()
