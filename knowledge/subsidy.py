"""Subsidy arithmetic: rate, then the per-case cap, then the per-company cap.

The bot shows the steps, not just the result, so a user can see which cap
applied. Amounts are whole yen, rounded down (円未満切り捨て). The step labels and
refusals are worded in data/wording.yml.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from knowledge.models import Program
from knowledge.money import yen
from knowledge.right_types import LABELS, normalize_right_type
from knowledge.wording import Wording


@dataclass(frozen=True)
class Step:
    """One line of the calculation, in Japanese, with the amount after it."""

    label_ja: str
    amount_yen: int


@dataclass(frozen=True)
class SubsidyEstimate:
    """The estimated subsidy and how it was reached."""

    program_id: str
    cost_yen: int
    right_type: str
    rate: Fraction
    subsidy: int
    steps: list[Step] = field(default_factory=list)
    capped_by: str | None = None  # per_case, per_procedure, per_company, limit or None

    @property
    def self_pay_yen(self) -> int:
        """What the company still pays itself."""
        return self.cost_yen - self.subsidy


def yen_ja(amount: int) -> str:
    """The project's one yen formatter (knowledge.money.yen), kept under its old name."""
    return yen(amount)


def _default_wording() -> Wording:
    from knowledge.base import get_knowledge_base  # late: base does not need this module

    return get_knowledge_base().wording


def _check_amount(value: int, what: str, wording: Wording) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(wording.say("estimate.error_amount", what=what))


def estimate_subsidy(
    program: Program,
    cost_yen: int,
    right_type: str,
    already_received_yen: int = 0,
    wording: Wording | None = None,
) -> SubsidyEstimate:
    """Estimate the subsidy for one case (or one procedure) of ``program``.

    ``right_type`` is a key (trademark) or what a user typed (商標, ブランド).
    ``already_received_yen`` is what the company already received this fiscal
    year, which the per-company cap is reduced by. Raises ValueError with a
    Japanese message when the program has no rate or caps, or does not cover
    the right type.
    """
    say = (wording or _default_wording()).say
    _check_amount(cost_yen, say("label.estimate_cost"), wording or _default_wording())
    _check_amount(
        already_received_yen, say("label.estimate_received"), wording or _default_wording()
    )
    rate, caps = program.rate, program.caps
    if rate is None or caps.is_empty:
        raise ValueError(say("estimate.error_no_rate", name=program.name))
    key = normalize_right_type(right_type)
    if key is None:
        raise ValueError(say("estimate.error_right_type", text=right_type))
    label = LABELS[key]
    covered = set(caps.per_case_yen) or set(program.right_types)
    if covered and key not in covered:
        names = "・".join(LABELS[k] for k in LABELS if k in covered)
        raise ValueError(
            say("estimate.error_not_covered", name=program.name, right=label, covered=names)
        )

    amount = math.floor(cost_yen * rate)
    steps = [Step(say("label.step_rate", cost=yen(cost_yen), rate=str(rate)), amount)]
    capped_by: str | None = None

    def apply(limit: int, kind: str, label_ja: str) -> None:
        nonlocal amount, capped_by
        if amount > limit:
            amount = limit
            capped_by = kind
            steps.append(Step(say("label.step_applied", label=label_ja), amount))
        else:
            steps.append(Step(say("label.step_within", label=label_ja), amount))

    if key in caps.per_case_yen:
        limit = caps.per_case_yen[key]
        apply(limit, "per_case", say("label.step_cap_per_case", right=label, amount=yen(limit)))
    if caps.per_procedure_yen is not None:
        limit = caps.per_procedure_yen
        apply(limit, "per_procedure", say("label.step_cap_per_procedure", amount=yen(limit)))
    if caps.limit_yen is not None:
        apply(caps.limit_yen, "limit", say("label.step_cap_limit", amount=yen(caps.limit_yen)))
    if caps.per_company_yen is not None:
        remaining = max(0, caps.per_company_yen - already_received_yen)
        text = say("label.step_cap_per_company", amount=yen(caps.per_company_yen))
        if already_received_yen:
            text = say(
                "label.step_cap_remaining",
                label=text,
                received=yen(already_received_yen),
                remaining=yen(remaining),
            )
        apply(remaining, "per_company", text)

    return SubsidyEstimate(
        program_id=program.id,
        cost_yen=cost_yen,
        right_type=key,
        rate=rate,
        subsidy=amount,
        steps=steps,
        capped_by=capped_by,
    )
