"""Turn knowledge/ records into chat replies, so every answer has the same shape.

Shape (DESIGN.md principle 4), sized for a phone: a short core first (the program and
whether it fits, rate and cap, the status today, whom to call, at most about
``CORE_MAX_CHARS`` characters), then the details in a second bubble (covered costs, how
to apply, the source, once). Every Japanese word comes from knowledge/data/wording.yml
and every fact from the other data files; this module only arranges them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, Iterable

from actions.eligibility import Verdict
from knowledge import KnowledgeBase, PrefectureMatch
from knowledge.deadlines import ProgramStatus, RoundState, RoundStatus
from knowledge.fields import is_url
from knowledge.models import Contact, Fact, Program, RateByClass, Round
from knowledge.money import yen
from knowledge.subsidy import SubsidyEstimate

__all__ = [
    "CORE_MAX_CHARS",
    "ProgramReply",
    "aspect_answer",
    "contact_lines",
    "eligibility_answer",
    "estimate_answer",
    "fact_answer",
    "fraction",
    "gap_reply",
    "organization_answer",
    "program_reply",
    "repeat_reminder",
    "round_sentence",
    "squatting_prevention",
    "status_text",
    "wants_short",
    "yen",
]

CORE_MAX_CHARS = 250  # one phone screen
RIGHT_TYPE_ORDER = ("patent", "utility_model", "design", "trademark", "anti_squatting_trademark")


@dataclass(frozen=True)
class ProgramReply:
    """A program answer: the core (one phone screen) and the details (second bubble)."""

    core: str
    details: str | None

    def bubbles(self, short: bool = False) -> list[str]:
        """The messages to send; only the core when the user asked for short answers."""
        if short or not self.details:
            return [self.core]
        return [self.core, self.details]


# --- small pieces -----------------------------------------------------------------


def fraction(value: Fraction) -> str:
    """1/2 as the brochure writes it."""
    return f"{value.numerator}/{value.denominator}"


def _say(kb: KnowledgeBase, key: str, **fields: Any) -> str:
    return kb.wording.say(key, **fields)


def _join(kb: KnowledgeBase, items: Iterable[str]) -> str:
    return _say(kb, "label.list_separator").join(items)


def _date(kb: KnowledgeBase, value: date | None, time: str | None = None) -> str:
    return kb.wording.date_ja(value, time) if value else ""


def _fy(kb: KnowledgeBase, fiscal_year: int) -> str:
    return kb.fiscal_year_label(fiscal_year)


def _section(kb: KnowledgeBase, title_key: str, lines: list[str]) -> list[str]:
    """A ■ heading with its lines; one plain line goes on the heading's line."""
    if not lines:
        return []
    title = _say(kb, title_key)
    if len(lines) == 1 and not lines[0].startswith("・"):
        return [f"■{title}：{lines[0]}"]
    return [f"■{title}", *lines]


def _phone(kb: KnowledgeBase, contact: Contact) -> str:
    extension = _say(kb, "label.extension", extension=contact.extension)
    return contact.phone + (extension if contact.extension else "")


def contact_lines(contacts: Iterable[Contact], kb: KnowledgeBase | None = None) -> list[str]:
    """One line per desk: purpose, organization, department, phone and extension."""
    from knowledge import get_knowledge_base

    kb = kb or get_knowledge_base()
    lines: list[str] = []
    for contact in contacts:
        who = " ".join(p for p in (contact.organization, contact.department) if p)
        purpose = f"{contact.purpose}：" if contact.purpose else ""
        hours = _say(kb, "label.hours", hours=contact.hours) if contact.hours else ""
        lines.append(f"・{purpose}{who} TEL {_phone(kb, contact)}{hours}")
    return lines


def _short_contacts(kb: KnowledgeBase, contacts: Iterable[Contact]) -> str:
    """「ジェトロ 知的財産課 03-3582-5198」 …, for the core."""
    items = []
    for contact in contacts:
        who = contact.short_name or contact.organization
        items.append(_say(kb, "label.contact_short", who=who, phone=_phone(kb, contact)))
    return _join(kb, dict.fromkeys(items))


def _free_desk_contacts(kb: KnowledgeBase) -> list[Contact]:
    return [desk.contacts[0] for desk in kb.free_desks() if desk.contacts]


def _source_display(kb: KnowledgeBase, source: str, *, short: bool = False) -> str:
    """A URL as is, a registered document by its title, a heading as the brochure's section."""
    if is_url(source):
        return source
    registered = kb.source(source)
    if registered is not None:
        title = (registered.short_title if short else None) or registered.title
        if registered.url and not short:
            return _say(kb, "label.registered_source_url", title=title, url=registered.url)
        return _say(kb, "label.registered_source", title=title)
    return _say(kb, "label.brochure", title=kb.brochure.title, section=source)


def _according(kb: KnowledgeBase, entry: Round, *, short: bool) -> str:
    """「（…による）」 for a secondary source, as the supplement asks; nothing otherwise."""
    registered = kb.source(entry.source)
    if registered is None or registered.kind != "secondary":
        return ""
    return _say(kb, "label.according_to", source=_source_display(kb, entry.source, short=True))


def _source_line(kb: KnowledgeBase, program: Program) -> str:
    """The program's page (source and where to check for news), said once per reply."""
    if program.url:
        return _say(kb, "label.source_and_updates", url=program.url)
    return _say(kb, "label.source", source=_source_display(kb, program.source))


# --- figures ------------------------------------------------------------------------


def _rate_title(kb: KnowledgeBase, program: Program) -> str:
    """PCT reduces fees (軽減後の手数料); the others subsidise costs (補助率)."""
    return _say(kb, "label.class_rate" if program.rates_by_class else "label.rate")


def _rate_text(kb: KnowledgeBase, program: Program) -> str | None:
    if program.rates_by_class:
        return _join(
            kb,
            (f"{entry.applicant_class}{fraction(entry.rate)}" for entry in program.rates_by_class),
        )
    if program.rate is None:
        return None
    text = fraction(program.rate)
    if program.renewal_rate is not None:
        text += _say(kb, "label.renewal", rate=fraction(program.renewal_rate))
    return text


def _rate_lines(kb: KnowledgeBase, program: Program) -> list[str]:
    if program.rates_by_class:
        lines = [f"・{e.applicant_class}：{fraction(e.rate)}" for e in program.rates_by_class]
        return lines + _time_limited_notes(kb, program)
    text = _rate_text(kb, program)
    return [text] if text else []


def _time_limited_notes(kb: KnowledgeBase, program: Program) -> list[str]:
    return [
        _say(kb, "rate.time_limited", applicant_class=e.applicant_class, rate=fraction(e.rate))
        for e in program.rates_by_class
        if e.time_limited
    ]


def _case_groups(kb: KnowledgeBase, program: Program) -> list[tuple[int, list[str]]]:
    groups: dict[int, list[str]] = {}
    for key in RIGHT_TYPE_ORDER:
        if key in program.caps.per_case_yen:
            groups.setdefault(program.caps.per_case_yen[key], []).append(kb.right_type_label(key))
    return list(groups.items())


def _core_cap(kb: KnowledgeBase, program: Program) -> str | None:
    """The cap that matters most, in a few characters: 1企業あたり300万円（特許は…）."""
    caps = program.caps
    if caps.limit_yen is not None:
        return yen(caps.limit_yen)
    text = None
    if caps.per_company_yen is not None:
        text = _say(kb, "label.per_company") + yen(caps.per_company_yen)
    elif caps.per_procedure_yen is not None:
        text = _say(kb, "label.per_procedure") + yen(caps.per_procedure_yen)
    if text is None:
        groups = _case_groups(kb, program)
        if groups:  # no overall cap: name the first per-case one
            amount, labels = groups[0]
            hint = _say(kb, "label.case_cap_hint", right="・".join(labels), amount=yen(amount))
            text = hint.strip("（）")
    return text


def _cap_lines(kb: KnowledgeBase, program: Program) -> list[str]:
    """Every cap: per company, per case (equal amounts grouped), per procedure."""
    caps = program.caps
    lines: list[str] = []
    if caps.limit_yen is not None:
        lines.append(_say(kb, "label.cap_line_limit", amount=yen(caps.limit_yen)))
    if caps.per_company_yen is not None:
        lines.append(_say(kb, "label.cap_line_company", amount=yen(caps.per_company_yen)))
    groups = _case_groups(kb, program)
    if groups:
        parts = [
            f"{labels[0]} {yen(amount)}"
            if len(labels) == 1
            else f"{'・'.join(labels)} {_say(kb, 'label.each', amount=yen(amount))}"
            for amount, labels in groups
        ]
        lines.append(_say(kb, "label.cap_line_case", parts=_join(kb, parts)))
    if caps.per_procedure_yen is not None:
        lines.append(_say(kb, "label.cap_line_procedure", amount=yen(caps.per_procedure_yen)))
    if caps.note:
        lines.append(f"※{caps.note}")
    return lines


def _core_figures(kb: KnowledgeBase, program: Program) -> str | None:
    rate, cap = _rate_text(kb, program), _core_cap(kb, program)
    title = _rate_title(kb, program)
    if rate and cap:
        return _say(kb, "core.figures", rate_title=title, rate=rate, cap=cap)
    if rate:
        return _say(kb, "core.rate_only", rate_title=title, rate=rate)
    if cap:
        return _say(kb, "core.cap_only", cap=cap)
    return None


# --- rounds and the status today ---------------------------------------------------------


def round_sentence(kb: KnowledgeBase, status: RoundStatus, *, full: bool = False) -> str:
    """One round on the day asked, in the right tense; ``full`` adds the notes."""
    entry = status.round
    fields = {
        "fy": _fy(kb, entry.fiscal_year),
        "title": entry.title or _say(kb, "label.round_title"),
        "according": _according(kb, entry, short=not full),
    }
    closes = _date(kb, entry.closing_date, entry.closes_time)
    opens = _date(kb, entry.opens)
    state = status.state
    notes: list[str] = []
    if state is RoundState.OPEN:
        text = _say(kb, "round.open", closes=closes, **fields)
        if entry.budget_limited:
            notes.append(_say(kb, "round.budget_limited"))
    elif state is RoundState.CLOSING_SOON:
        text = _say(kb, "round.closing_soon", closes=closes, days=status.days_left, **fields)
        if entry.budget_limited:
            notes.append(_say(kb, "round.budget_limited"))
    elif state is RoundState.NOT_YET_OPEN:
        text = _say(kb, "round.not_yet_open", opens=opens, **fields)
    elif state is RoundState.RUNNING_VARIES:
        text = _say(kb, "round.running_varies", **fields)
        notes.append(_say(kb, "round.varies_note"))
    elif state is RoundState.OPENED_END_NOT_KNOWN:
        text = _say(kb, "round.opened_end_not_known", opens=opens, **fields)
    elif state is RoundState.ANNOUNCED:
        text = _say(kb, "round.announced", announced=_date(kb, entry.announced), **fields)
    elif state is RoundState.LISTED:
        text = _say(kb, "round.listed", **fields)
    elif state is RoundState.CLOSED:
        if entry.closes_kind == "policy_start":
            text = _say(kb, "round.closed_policy_start", closes=closes, **fields)
        elif entry.opens is not None:
            text = _say(kb, "round.closed_range", opens=opens, closes=closes, **fields)
        else:
            text = _say(kb, "round.closed", closes=closes, **fields)
    else:  # YEAR_OVER
        text = _say(kb, "round.year_over", **fields)
        if entry.closes == "not_published":
            notes.append(_say(kb, "round.varies_note_past"))
    if full or state is RoundState.CLOSING_SOON:
        text += "".join(notes)
    return text


def _page(kb: KnowledgeBase, program: Program) -> str:
    """Where to check for the next round, by name (the URL is said once, in the details)."""
    return program.page_name or ""


def _status_sentences(kb: KnowledgeBase, status: ProgramStatus, *, full: bool) -> list[str]:
    """The status today: the headline round, then what is (not) known of this year.

    The short form names the page to check only where the user needs it now (this
    year unknown, or a round whose period is not known); the details say it always.
    """
    program = status.program
    if not status.has_rounds:
        return [program.availability] if program.availability else []
    headline = status.headline
    assert headline is not None
    sentences = [round_sentence(kb, headline, full=full)]
    if full:
        others = [r for r in status.rounds if r is not headline]
        others.sort(key=lambda r: r.round.fiscal_year, reverse=True)
        sentences += [round_sentence(kb, r, full=True) for r in others]
    page = _page(kb, program)
    if headline.round.fiscal_year < status.fiscal_year:
        topic = program.year_topic or _say(kb, "label.year_topic")
        sentences.append(
            _say(kb, "year.unknown", fy=_fy(kb, status.fiscal_year), topic=topic, page=page)
        )
    elif status.needs_next_steps and (full or headline.state.is_uncertain):
        sentences.append(_say(kb, "year.more_to_check", page=page))
    return sentences


def status_text(program: Program, kb: KnowledgeBase, today: date | None = None) -> str:
    """Every round of ``program`` as of today, and what is known of today's fiscal year."""
    return "".join(_status_sentences(kb, kb.status(program, today), full=True))


def _whom_to_call(kb: KnowledgeBase, status: ProgramStatus) -> str | None:
    """What the user can do today when nothing is open; whom to call otherwise."""
    program = status.program
    if status.needs_next_steps:
        desks = _short_contacts(kb, _free_desk_contacts(kb))
        if program.ask_today:
            contacts = _short_contacts(kb, program.ask_today)
            return _say(kb, "core.next_steps", desks=desks, contacts=contacts)
        return _say(kb, "core.next_steps_desks", desks=desks)
    contacts = program.ask_today or program.contacts
    if not contacts:
        return None
    return _say(kb, "core.contacts", contacts=_short_contacts(kb, contacts))


# --- program answers -----------------------------------------------------------------------


def default_lead(kb: KnowledgeBase, program: Program) -> str:
    """「ご相談の内容には【…】が当てはまります。」 for subsidies, 「【…】をご案内します。」 else."""
    fits = program.rate is not None or bool(program.rates_by_class)
    return _say(kb, "lead.fits" if fits else "lead.info", name=program.name)


def class_rate_lead(kb: KnowledgeBase, entry: RateByClass) -> str:
    """「小規模企業・中小スタートアップ企業に当たる場合、手数料は1/3になります。」"""
    return _say(
        kb, "lead.class_rate", applicant_class=entry.applicant_class, rate=fraction(entry.rate)
    )


def program_reply(
    program: Program,
    kb: KnowledgeBase,
    today: date | None = None,
    *,
    lead: str | None = None,
    short: bool = False,
    details_first: list[str] | None = None,
) -> ProgramReply:
    """The answer for one program as of ``today`` (default: knowledge.today()).

    ``short``: the user asked for short answers; the caller sends the core only and
    offers the details behind buttons. ``details_first``: lines that open the details
    bubble (a prefecture's note).
    """
    status = kb.status(program, today)
    has_figures = program.rate is not None or bool(program.rates_by_class)
    core = [lead or default_lead(kb, program)]
    if not has_figures:
        core.append(program.summary)
    figures = _core_figures(kb, program)
    if figures:
        core.append(figures)
    core.append("".join(_status_sentences(kb, status, full=False)))
    whom = _whom_to_call(kb, status)
    if whom:
        core.append(whom)

    details: list[str] = list(details_first or [])
    if has_figures:
        details.append(program.summary)
    details += _section(kb, "label.operator", [program.operator])
    others = [r for r in status.rounds if r is not status.headline]
    if others:
        others.sort(key=lambda r: r.round.fiscal_year, reverse=True)
        lines = [f"・{round_sentence(kb, r, full=True)}" for r in others]
        details += _section(kb, "label.other_rounds", lines)
    elif (
        status.headline is not None
        and status.headline.state is RoundState.YEAR_OVER
        and status.headline.round.closes == "not_published"
    ):  # the core said it is over; the details say why no date was given
        details.append(_say(kb, "round.varies_note_past"))
    year_facts = kb.facts_for_year(program.id, status.fiscal_year)
    if year_facts:
        label = _say(kb, "label.year_facts", fy=_fy(kb, status.fiscal_year))
        details += [f"■{label}", *(f"・{kb.fact_text(f, status.today)}" for f in year_facts)]
    details += _time_limited_notes(kb, program)
    if program.caps.per_case_yen or program.caps.note:
        details += _section(kb, "label.cap", _cap_lines(kb, program))
    details += _section(kb, "label.covered_costs", [f"・{c}" for c in program.covered_costs])
    details += _section(kb, "label.not_covered", [f"・{c}" for c in program.not_covered])
    details += _section(kb, "label.how_to_apply", [program.how_to_apply])
    details += _section(kb, "label.contact", contact_lines(program.contacts, kb))
    links = [f"・{link.title}：{link.url}" for link in program.links if link.url != program.url]
    details += _section(kb, "label.links", links)
    head = status.headline
    if (
        status.needs_next_steps
        and head is not None
        and not head.state.is_uncertain
        and head.round.fiscal_year >= status.fiscal_year
    ):
        details.append(_say(kb, "year.more_to_check", page=_page(kb, program)))
    details.append(_source_line(kb, program))
    return ProgramReply("\n".join(p for p in core if p), "\n".join(p for p in details if p))


def repeat_reminder(program: Program, kb: KnowledgeBase, today: date | None = None) -> str:
    """Asked again: a line with the status today instead of the same long answer."""
    status = kb.status(program, today)
    parts = [_say(kb, "lead.repeat", name=program.name)]
    parts += _status_sentences(kb, status, full=False)[:1]
    parts.append(_say(kb, "lead.repeat_more"))
    return "".join(parts)


def aspect_answer(
    program: Program, aspect: str, kb: KnowledgeBase, today: date | None = None
) -> str:
    """A follow-up answer (補助率は？ 締切は？ …) about the program under discussion."""
    head = f"【{program.name}】"
    if aspect == "rate":
        body = _section(kb, "label.class_rate" if program.rates_by_class else "label.rate",
                        _rate_lines(kb, program)) or [_say(kb, "aspect.no_rate")]  # fmt: skip
    elif aspect == "cap":
        body = _section(kb, "label.cap", _cap_lines(kb, program)) or [_say(kb, "aspect.no_cap")]
    elif aspect == "deadline":
        status = kb.status(program, today)
        body = _section(kb, "label.status", ["".join(_status_sentences(kb, status, full=True))])
        whom = _whom_to_call(kb, status) if status.needs_next_steps else None
        if whom:
            body.append(whom)
    elif aspect == "contact":
        body = _section(kb, "label.contact", contact_lines(program.contacts, kb)) or [
            _say(kb, "aspect.ask_contact")
        ]
    elif aspect == "requirements":
        lines = [f"・{r}" for r in program.requirements]
        body = _section(kb, "label.target", [program.target]) + _section(
            kb, "label.requirements", lines
        )
    elif aspect == "how_to_apply":
        body = _section(kb, "label.how_to_apply", [program.how_to_apply])
    elif aspect == "covered_costs":
        body = _section(kb, "label.covered_costs", [f"・{c}" for c in program.covered_costs])
        body += _section(kb, "label.not_covered", [f"・{c}" for c in program.not_covered])
        if not body:
            body = [_say(kb, "aspect.no_costs")]
    else:
        raise ValueError(f"unknown aspect {aspect!r}")
    return "\n".join([head, *body, _source_line(kb, program)])


# --- prefecture routing -------------------------------------------------------------------


def organization_answer(
    match: PrefectureMatch, kb: KnowledgeBase, today: date | None = None
) -> str:
    """The implementing organization for a prefecture, with the year it is listed for."""
    current = kb.current_fiscal_year(today)
    fiscal_year = match.fiscal_year or current
    if match.implemented and match.organization is not None:
        org = match.organization
        name = f"{org.name} {org.department}" if org.department else org.name
        lines = [
            _say(
                kb,
                "route.organization",
                prefecture=match.prefecture,
                fy=_fy(kb, fiscal_year),
                name=name,
            ),  # fmt: skip
            f"■{_say(kb, 'label.address')}：{org.address}",
            f"■{_say(kb, 'label.phone')}：{org.phone}",
        ]
        if fiscal_year < current:
            lines.append(_say(kb, "route.later_year", fy=_fy(kb, current)))
        else:
            lines.append(_say(kb, "route.same_year"))
        if match.see_also is not None:
            other = match.see_also
            lines.append(
                _say(
                    kb, "route.see_also", area=other.prefecture, name=other.name, phone=other.phone
                )  # fmt: skip
            )
        return "\n".join(lines)
    return _gap_sentence(match, kb, today)


def _gap_sentence(match: PrefectureMatch, kb: KnowledgeBase, today: date | None) -> str:
    current = kb.current_fiscal_year(today)
    fiscal_year = match.fiscal_year or current
    key = "route.gap_past" if fiscal_year < current else "route.gap_current"
    return _say(kb, key, prefecture=match.prefecture, fy=_fy(kb, fiscal_year))


def gap_reply(
    match: PrefectureMatch, kb: KnowledgeBase, today: date | None = None, *, short: bool = False
) -> ProgramReply | None:
    """A prefecture without 海外出願支援事業: lead with what it can use, then why.

    「長崎です。海外に特許を出したい」 must not begin with a program that 長崎県 does
    not run; the alternative comes first.
    """
    if match.implemented or not match.alternatives:
        return None
    alternative = match.alternatives[0]
    current = kb.current_fiscal_year(today)
    fiscal_year = match.fiscal_year or current
    key = "lead.gap_past" if fiscal_year < current else "lead.gap_current"
    lead = _say(
        kb, key, prefecture=match.prefecture, fy=_fy(kb, fiscal_year), name=alternative.name
    )
    first = [match.note] if match.note else []
    return program_reply(alternative, kb, today, lead=lead, short=short, details_first=first)


# --- other answers ----------------------------------------------------------------------


def squatting_prevention(kb: KnowledgeBase) -> str | None:
    """Prevention advice: 冒認対策商標 under the foreign filing subsidies."""
    programs = [p for p in kb.programs if "anti_squatting_trademark" in p.caps.per_case_yen]
    if not programs:
        return None
    cap = programs[0].caps.per_case_yen["anti_squatting_trademark"]
    names = "・".join(p.name for p in programs)
    return _say(kb, "prevention.squatting", names=names, amount=yen(cap))


def estimate_answer(estimate: SubsidyEstimate, program: Program, kb: KnowledgeBase) -> str:
    """The subsidy estimate with its steps: cost × rate, then each cap."""
    right = kb.right_type_label(estimate.right_type)
    lines = [
        _say(kb, "label.estimate_title", name=program.name),
        _say(kb, "label.estimate_case", right=right, cost=yen(estimate.cost_yen)),
    ]
    lines += [
        _say(kb, "label.step", label=step.label_ja, amount=yen(step.amount_yen))
        for step in estimate.steps
    ]
    lines.append(_say(kb, "estimate.result", amount=yen(estimate.subsidy)))
    lines.append(_say(kb, "estimate.note"))
    return "\n".join(lines)


def eligibility_answer(verdict: Verdict, kb: KnowledgeBase, right_type: str | None) -> str:
    """The eligibility check's result: what fits and why, or what is missing."""
    if verdict.missing:
        lines = [_say(kb, "eligibility.unmet"), *(f"・{m}" for m in verdict.missing)]
        desks = _free_desk_contacts(kb)
        if desks:
            lines.append(_say(kb, "eligibility.ask_desk"))
            lines += contact_lines(desks[:1], kb)
        return "\n".join(lines)
    lines = [_say(kb, "eligibility.fits")]
    for program_id in verdict.fits:
        program = kb.program(program_id)
        if program is not None:
            lines.append(
                _say(kb, "label.eligibility_fit", name=program.name, operator=program.operator)
            )
    lines.append(_say(kb, "eligibility.reasons", reasons=_join(kb, verdict.reasons)))
    first = kb.program(verdict.fits[0]) if verdict.fits else None
    cap = first.caps.per_case_yen.get(right_type) if first and right_type else None
    if cap:
        right = kb.right_type_label(right_type or "")
        lines.append(_say(kb, "eligibility.case_cap", right=right, amount=yen(cap)))
    lines.append(_say(kb, "eligibility.next"))
    return "\n".join(lines)


def fact_answer(fact: Fact, kb: KnowledgeBase, today: date | None = None) -> str:
    """A FAQ answer, in the past tense once its period is over, with its source."""
    source = _source_display(kb, fact.source)
    answer = kb.fact_text(fact, today)
    return "\n".join([f"【{fact.question}】", answer, _say(kb, "label.source", source=source)])


def wants_short(texts: Iterable[str], kb: KnowledgeBase) -> bool:
    """True when the user asked for short answers (「スマホなので短く」) in any message."""
    markers = kb.wording.brevity_markers
    return any(marker in text for text in texts for marker in markers)
