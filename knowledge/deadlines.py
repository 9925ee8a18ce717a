"""Where each round of a program stands on a given day.

The bot must never offer a closed round as open, nor state a deadline no source
gives, so every answer about dates goes through :func:`program_status`. It compares
each round's sourced dates with today (``knowledge.today``: the real date, or
NAVI_TODAY). A round without a published end is over once its fiscal year is over;
that end is used for the state only and never said as a date.

The words are in ``data/wording.yml``; this module only classifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from knowledge.clock import today as current_day
from knowledge.models import Program, Round
from knowledge.wording import Wording

CLOSING_SOON_DAYS = 14


class RoundState(str, Enum):
    """Where today falls for one round."""

    NOT_YET_OPEN = "not_yet_open"  # opens on a known later date
    OPEN = "open"
    CLOSING_SOON = "closing_soon"  # closes within CLOSING_SOON_DAYS days
    RUNNING_VARIES = "running_varies"  # under way; periods differ by center, none published
    OPENED_END_NOT_KNOWN = "opened_end_not_known"  # opened; its end is not known here
    ANNOUNCED = "announced"  # announced; its period is not known here
    LISTED = "listed"  # known to exist; its period is not known here
    CLOSED = "closed"  # after its published closing date
    YEAR_OVER = "year_over"  # no published end, and its fiscal year is over

    @property
    def is_open(self) -> bool:
        return self in (RoundState.OPEN, RoundState.CLOSING_SOON)

    @property
    def is_over(self) -> bool:
        return self in (RoundState.CLOSED, RoundState.YEAR_OVER)

    @property
    def is_uncertain(self) -> bool:
        """Not known to be open or over: the user must check the page."""
        return self in (
            RoundState.RUNNING_VARIES,
            RoundState.OPENED_END_NOT_KNOWN,
            RoundState.ANNOUNCED,
            RoundState.LISTED,
        )


@dataclass(frozen=True)
class RoundStatus:
    """One round and its state on the day asked."""

    round: Round
    state: RoundState
    days_left: int | None = None  # days to the closing date (0 on the day), when open


@dataclass(frozen=True)
class ProgramStatus:
    """Every round of a program on one day, and which one an answer leads with."""

    program: Program
    today: date
    fiscal_year: int  # the fiscal year ``today`` falls in
    rounds: list[RoundStatus]

    @property
    def has_rounds(self) -> bool:
        return bool(self.rounds)

    @property
    def is_open(self) -> bool:
        return any(r.state.is_open for r in self.rounds)

    @property
    def current_year(self) -> list[RoundStatus]:
        """Rounds of today's fiscal year."""
        return [r for r in self.rounds if r.round.fiscal_year == self.fiscal_year]

    @property
    def headline(self) -> RoundStatus | None:
        """The round the short answer talks about.

        Rounds of today's fiscal year (or later) come before older ones. Among them, an
        open round first (the earliest to close), then one about to open, then the
        latest that is over; a round whose period is not known here comes last.
        """
        if not self.rounds:
            return None
        recent = [r for r in self.rounds if r.round.fiscal_year >= self.fiscal_year]
        candidates = recent or self.rounds
        open_rounds = [r for r in candidates if r.state.is_open]
        if open_rounds:
            return min(open_rounds, key=lambda r: r.days_left or 0)
        upcoming = [r for r in candidates if r.state is RoundState.NOT_YET_OPEN]
        if upcoming:
            return min(upcoming, key=lambda r: r.round.opens or self.today)
        over = [r for r in candidates if r.state.is_over]
        if over:
            return max(over, key=_recency)
        return max(candidates, key=_recency)

    @property
    def needs_next_steps(self) -> bool:
        """No round is open or about to open: say what the user can do today."""
        return self.has_rounds and not any(
            r.state.is_open or r.state is RoundState.NOT_YET_OPEN for r in self.rounds
        )


def _recency(status: RoundStatus) -> tuple[int, date]:
    entry = status.round
    latest = max(entry.dates, default=date.min)
    return (entry.fiscal_year, latest)


def round_status(entry: Round, today: date, wording: Wording) -> RoundStatus:
    """The state of one round on ``today``."""
    closes = entry.closing_date
    if closes is not None:
        if today > closes:
            return RoundStatus(entry, RoundState.CLOSED)
        if entry.opens is not None and today < entry.opens:
            return RoundStatus(entry, RoundState.NOT_YET_OPEN)
        days_left = (closes - today).days
        state = RoundState.CLOSING_SOON if days_left <= CLOSING_SOON_DAYS else RoundState.OPEN
        return RoundStatus(entry, state, days_left)
    if today > wording.fiscal_year_end(entry.fiscal_year):
        return RoundStatus(entry, RoundState.YEAR_OVER)
    if entry.opens is not None:
        if today < entry.opens:
            return RoundStatus(entry, RoundState.NOT_YET_OPEN)
        if entry.closes == "not_published":
            return RoundStatus(entry, RoundState.RUNNING_VARIES)
        return RoundStatus(entry, RoundState.OPENED_END_NOT_KNOWN)
    if entry.announced is not None and today >= entry.announced:
        return RoundStatus(entry, RoundState.ANNOUNCED)
    return RoundStatus(entry, RoundState.LISTED)


def program_status(program: Program, wording: Wording, today: date | None = None) -> ProgramStatus:
    """Every round of ``program`` on ``today`` (default: knowledge.today()).

    A round announced after ``today`` is left out: nobody knew of it yet.
    """
    day = today or current_day()
    known = [r for r in program.rounds if r.announced is None or r.announced <= day]
    return ProgramStatus(
        program=program,
        today=day,
        fiscal_year=wording.fiscal_year_of(day),
        rounds=[round_status(entry, day, wording) for entry in known],
    )
