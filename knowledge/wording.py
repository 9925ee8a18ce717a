"""The one place for the bot's Japanese about programs, deadlines and eligibility.

``data/wording.yml`` holds every sentence and label as a template with named fields
(``{name}``, ``{closes}`` …); code fills them and never writes Japanese itself, so the
next fiscal year, or a better phrasing, is a YAML edit. A YAML catalog rather than
gettext: there is one language, maintainers already edit YAML here, and
``string.Formatter`` does the substitution.

``TEMPLATES`` below is the schema: the keys the code uses and the fields each may
use. Loading checks the file against it, so a misspelt key or field fails
``python -m knowledge check`` instead of a user's answer.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

_F = frozenset
PROGRAM = _F({"name"})
ROUND = _F({"fy", "title", "according"})

# key → fields the template may use. Keys under "label." are phrases; the others are
# sentences (each ends in 。 and is polite).
TEMPLATES: dict[str, frozenset[str]] = {
    # --- labels ---
    "label.round_title": _F(),
    "label.rate": _F(),
    "label.class_rate": _F(),
    "label.cap": _F(),
    "label.per_company": _F(),
    "label.per_case": _F(),
    "label.per_procedure": _F(),
    "label.each": _F({"amount"}),
    "label.renewal": _F({"rate"}),
    "label.status": _F(),
    "label.other_rounds": _F(),
    "label.links": _F(),
    "label.covered_costs": _F(),
    "label.not_covered": _F(),
    "label.how_to_apply": _F(),
    "label.contact": _F(),
    "label.requirements": _F(),
    "label.target": _F(),
    "label.operator": _F(),
    "label.address": _F(),
    "label.phone": _F(),
    "label.year_facts": _F({"fy"}),
    "label.source": _F({"source"}),
    "label.source_and_updates": _F({"url"}),
    "label.brochure": _F({"title", "section"}),
    "label.registered_source": _F({"title"}),
    "label.registered_source_url": _F({"title", "url"}),
    "label.according_to": _F({"source"}),
    "label.extension": _F({"extension"}),
    "label.hours": _F({"hours"}),
    "label.contact_short": _F({"who", "phone"}),
    "label.list_separator": _F(),
    "label.date": _F({"year", "month", "day"}),
    "label.date_time": _F({"date", "time"}),
    "label.fiscal_year": _F({"era", "year"}),
    "label.era_first_year": _F(),
    "label.estimate_cost": _F(),
    "label.estimate_received": _F(),
    "label.cap_line_company": _F({"amount"}),
    "label.cap_line_limit": _F({"amount"}),
    "label.cap_line_procedure": _F({"amount"}),
    "label.cap_line_case": _F({"parts"}),
    "label.step": _F({"label", "amount"}),
    "label.step_rate": _F({"cost", "rate"}),
    "label.step_cap_per_case": _F({"right", "amount"}),
    "label.step_cap_per_procedure": _F({"amount"}),
    "label.step_cap_per_company": _F({"amount"}),
    "label.step_cap_limit": _F({"amount"}),
    "label.step_cap_remaining": _F({"label", "received", "remaining"}),
    "label.step_applied": _F({"label"}),
    "label.step_within": _F({"label"}),
    "label.estimate_title": _F({"name"}),
    "label.estimate_case": _F({"right", "cost"}),
    "label.eligibility_fit": _F({"name", "operator"}),
    "label.case_cap_hint": _F({"right", "amount"}),
    "label.year_topic": _F(),
    "label.contact_list": _F({"items"}),
    # --- leads ---
    "lead.fits": PROGRAM,
    "handoff.urgent_recorded": _F(),
    "lead.info": PROGRAM,
    "lead.also": PROGRAM,
    "lead.class_rate": _F({"applicant_class", "rate"}),
    "lead.gap_past": _F({"prefecture", "fy", "name"}),
    "lead.gap_current": _F({"prefecture", "fy", "name"}),
    "lead.repeat": PROGRAM,
    "lead.repeat_more": _F(),
    "lead.several": _F({"count"}),
    "lead.which_of": _F(),
    "lead.which_program": _F(),
    "lead.which_faq": _F(),
    "lead.rights_outside": _F({"program", "covered", "asked", "name"}),
    "ask.claim_place": _F({"name", "desk"}),
    "label.claim_abroad": _F(),
    "label.claim_home": _F(),
    "route.city": _F({"city", "prefecture"}),
    # --- priority periods (actions/priority_actions.py) ---
    "label.priority_period": _F({"rights", "months"}),
    "priority.lead": _F({"filed", "source_note"}),
    "priority.passed": _F({"rights", "months", "deadline"}),
    "priority.open": _F({"rights", "months", "deadline", "days"}),
    "priority.open_month": _F({"rights", "months", "deadline"}),
    "priority.this_month": _F({"rights", "months", "deadline"}),
    "priority.after": _F({"phone"}),
    "priority.ask_date": _F({"periods"}),
    # --- figures in the core ---
    "core.figures": _F({"rate_title", "rate", "cap"}),
    "core.rate_only": _F({"rate_title", "rate"}),
    "core.cap_only": _F({"cap"}),
    "core.contacts": _F({"contacts"}),
    "core.next_steps": _F({"desks", "contacts"}),
    "core.next_steps_desks": _F({"desks"}),
    "rate.time_limited": _F({"applicant_class", "rate"}),
    # --- rounds, as of today ---
    "round.open": _F({*ROUND, "closes"}),
    "round.closing_soon": _F({*ROUND, "closes", "days"}),
    "round.not_yet_open": _F({*ROUND, "opens"}),
    "round.running_varies": ROUND,
    "round.opened_end_not_known": _F({*ROUND, "opens"}),
    "round.announced": _F({*ROUND, "announced"}),
    "round.listed": ROUND,
    "round.closed": _F({*ROUND, "closes"}),
    "round.closed_range": _F({*ROUND, "opens", "closes"}),
    "round.closed_policy_start": _F({*ROUND, "closes"}),
    "round.year_over": ROUND,
    "round.varies_note": _F(),
    "round.varies_note_past": _F(),
    "round.budget_limited": _F(),
    "year.unknown": _F({"fy", "topic", "page"}),
    "year.more_to_check": _F({"page"}),
    # --- follow-ups without data ---
    "aspect.no_rate": _F(),
    "aspect.no_cap": _F(),
    "aspect.no_costs": _F(),
    "aspect.ask_contact": _F(),
    # --- prefecture routing ---
    "route.organization": _F({"prefecture", "fy", "name"}),
    "route.same_year": _F(),
    "route.later_year": _F({"fy"}),
    "route.see_also": _F({"area", "name", "phone"}),
    "route.gap_past": _F({"prefecture", "fy"}),
    "route.gap_current": _F({"prefecture", "fy"}),
    # --- squatting prevention ---
    "prevention.squatting": _F({"names", "amount"}),
    "lead.prevention": PROGRAM,
    # --- subsidy estimate ---
    "estimate.result": _F({"amount"}),
    "estimate.note": _F(),
    "estimate.error_no_rate": PROGRAM,
    "estimate.error_right_type": _F({"text"}),
    "estimate.error_not_covered": _F({"name", "right", "covered"}),
    "estimate.error_amount": _F({"what"}),
    "estimate.ask_amount_again": _F(),
    "estimate.cost_not_quoted": _F(),
    "estimate.subsidy_hint": _F({"name", "rate"}),
    # --- eligibility check ---
    "eligibility.unmet": _F(),
    "eligibility.ask_desk": _F(),
    "eligibility.fits": _F(),
    "eligibility.reasons": _F({"reasons"}),
    "eligibility.case_cap": _F({"right", "amount"}),
    "eligibility.next": _F(),
}

_POLITE_ENDINGS = ("です", "ます", "ません", "ください", "でした", "ました", "します")
_TRAILING_ASIDE = re.compile(r"（[^（）]*）$")
# Fields that fill in an aside (「（…による）」), not the end of a sentence.
_TRAILING_ASIDE_FIELD = re.compile(r"\{according\}$")


class WordingError(ValueError):
    """A template key or field that does not fit ``TEMPLATES``."""


@dataclass(frozen=True)
class Era:
    """The Japanese era for fiscal-year labels (令和: 2019 is year 1)."""

    name: str
    first_year: int


class Wording:
    """Validated templates, the era, the fiscal-year start and the brevity markers."""

    def __init__(
        self,
        templates: dict[str, str],
        era: Era,
        fiscal_year_start_month: int,
        brevity_markers: list[str],
    ) -> None:
        self._templates = templates
        self.era = era
        self.fiscal_year_start_month = fiscal_year_start_month
        self.brevity_markers = tuple(brevity_markers)

    def say(self, key: str, **fields: Any) -> str:
        """The template ``key`` filled with ``fields``."""
        return self._templates[key].format(**fields)

    # --- fiscal years ---------------------------------------------------------

    def fiscal_year_of(self, day: date) -> int:
        """The fiscal year ``day`` falls in (FY2026 runs April 2026 to March 2027)."""
        return day.year if day.month >= self.fiscal_year_start_month else day.year - 1

    def fiscal_year_end(self, fiscal_year: int) -> date:
        """The last day of a fiscal year; used to tell whether its rounds are over.

        Never said to a user: no source gives it as a deadline.
        """
        return date(fiscal_year + 1, self.fiscal_year_start_month, 1) - timedelta(days=1)

    def fiscal_year_label(self, fiscal_year: int) -> str:
        """2025 → 令和7年度, 2019 → 令和元年度."""
        number = fiscal_year - self.era.first_year + 1
        if number < 1:
            raise ValueError(f"fiscal year {fiscal_year} is before the era {self.era.name}")
        year = self.say("label.era_first_year") if number == 1 else str(number)
        return self.say("label.fiscal_year", era=self.era.name, year=year)

    def date_ja(self, value: date, time: str | None = None) -> str:
        """2025-10-31 → 2025年10月31日 (with 17時 when a time is given)."""
        text = self.say("label.date", year=value.year, month=value.month, day=value.day)
        if time:
            hour, minute = time.split(":")
            clock = f"{int(hour)}時" if minute == "00" else f"{int(hour)}時{minute}分"
            text = self.say("label.date_time", date=text, time=clock)
        return text


def template_problems(templates: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, message) for every template that does not fit the schema."""
    problems: list[tuple[str, str]] = []
    for key in sorted(set(TEMPLATES) - set(templates)):
        problems.append((key, "missing template"))
    for key, text in templates.items():
        if key not in TEMPLATES:
            problems.append((key, "unknown template key"))
            continue
        if not isinstance(text, str) or not text.strip():
            problems.append((key, "must be a non-empty string"))
            continue
        try:
            fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        except ValueError as error:
            problems.append((key, f"bad template: {error}"))
            continue
        unknown = fields - TEMPLATES[key]
        if unknown:
            allowed = ", ".join(sorted(TEMPLATES[key])) or "none"
            problems.append((key, f"unknown field(s) {sorted(unknown)}; allowed: {allowed}"))
        if not key.startswith("label.") and not is_polite_sentences(text):
            problems.append((key, "sentences must end in 。 in です・ます form"))
    return problems


def is_polite_sentences(text: str) -> bool:
    """Every sentence ends in です・ます form, ignoring a closing aside （…）."""
    if not text.endswith("。"):
        return False
    for sentence in filter(None, text.split("。")):
        sentence = _TRAILING_ASIDE_FIELD.sub("", sentence.strip())
        sentence = _TRAILING_ASIDE.sub("", sentence)
        if sentence.endswith("}"):
            continue  # ends with a filled-in sentence, checked where it is written
        if not sentence.endswith(_POLITE_ENDINGS):
            return False
    return True
