"""Deadline status of a program's application window, as of a given day.

The bot must never offer a closed round as open, so every answer about a
deadline goes through :func:`status`, which compares the window's ISO dates
with today (injected by tests, the real date otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from knowledge.models import Program

CLOSING_SOON_DAYS = 14


class DeadlineState(str, Enum):
    """Where today falls relative to the application window."""

    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSING_SOON = "closing_soon"  # closes within CLOSING_SOON_DAYS days
    CLOSED = "closed"
    NO_DEADLINE = "no_deadline"  # desks, reports, standing measures


@dataclass(frozen=True)
class DeadlineStatus:
    """The state, the date it refers to, and what to tell the user."""

    state: DeadlineState
    date: date | None  # opening date if not yet open, else closing date
    budget_limited: bool
    days_left: int | None  # days until closing (0 on the closing day)
    note: str  # the window's note, e.g. 「2025年4月以降順次、…」
    next_round: str | None  # where to look for the next round
    fiscal_year: int
    closes_is_fiscal_year_end: bool = False  # no closing date printed

    @property
    def is_open(self) -> bool:
        return self.state in (DeadlineState.OPEN, DeadlineState.CLOSING_SOON)

    @property
    def message_ja(self) -> str:
        """One or two Japanese sentences for the answer's deadline line."""
        when = format_date_ja(self.date) if self.date else ""
        budget = "予算がなくなり次第終了します。" if self.budget_limited else ""
        if self.state is DeadlineState.NOT_YET_OPEN:
            return f"{when}から受付が始まる予定です。{budget}"
        if self.closes_is_fiscal_year_end and self.state is not DeadlineState.CLOSED:
            return self.note  # the window note explains the per-round dates
        if self.state is DeadlineState.CLOSING_SOON:
            return (
                f"締切が近づいています。{when}まで受付中です"
                f"（あと{self.days_left}日）。{budget}"
            )
        if self.state is DeadlineState.OPEN:
            if self.date is None:
                return f"受付中です。{budget}"
            return f"{when}まで受付中です。{budget}"
        if self.state is DeadlineState.CLOSED:
            follow = self.next_round or ""
            if self.closes_is_fiscal_year_end:
                return (
                    f"{self.fiscal_year}年度の公募は終了しました"
                    f"（年度末の{when}まで）。{follow}"
                )
            return f"{when}で受付を終了しました。{follow}"
        return self.note


def format_date_ja(value: date) -> str:
    """2025-10-31 → 2025年10月31日."""
    return f"{value.year}年{value.month}月{value.day}日"


def status(program: Program, today: date | None = None) -> DeadlineStatus:
    """Deadline status of ``program`` on ``today`` (default: the real date)."""
    today = today or date.today()
    window = program.window

    def result(state: DeadlineState, when: date | None) -> DeadlineStatus:
        days_left = (window.closes - today).days if window.closes else None
        return DeadlineStatus(
            state=state,
            date=when,
            budget_limited=window.budget_limited,
            days_left=days_left if days_left is not None and days_left >= 0 else None,
            note=window.note,
            next_round=program.next_round,
            fiscal_year=program.fiscal_year,
            closes_is_fiscal_year_end=window.closes_is_fiscal_year_end,
        )

    if not window.has_dates:
        return result(DeadlineState.NO_DEADLINE, None)
    if window.opens is not None and today < window.opens:
        return result(DeadlineState.NOT_YET_OPEN, window.opens)
    if window.closes is None:
        return result(DeadlineState.OPEN, None)
    days_left = (window.closes - today).days
    if days_left < 0:
        return result(DeadlineState.CLOSED, window.closes)
    if days_left <= CLOSING_SOON_DAYS:
        return result(DeadlineState.CLOSING_SOON, window.closes)
    return result(DeadlineState.OPEN, window.closes)
