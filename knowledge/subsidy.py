"""Subsidy arithmetic: rate, then the per-case cap, then the per-company cap.

The bot shows the steps, not just the result, so a user can see which cap
applied. Amounts are whole yen, rounded down (円未満切り捨て).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from knowledge.models import Program
from knowledge.right_types import LABELS, normalize_right_type


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
    capped_by: str | None = None  # "per_case", "per_procedure", "per_company" or None

    @property
    def self_pay_yen(self) -> int:
        """What the company still pays itself."""
        return self.cost_yen - self.subsidy


def yen_ja(amount: int) -> str:
    """3000000 → 300万円; 1234567 → 1,234,567円 (as the brochure writes caps)."""
    if amount and amount % 10_000 == 0:
        return f"{amount // 10_000:,}万円"
    return f"{amount:,}円"


def _check_amount(value: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what}は0以上の整数（円）で指定してください。")


def estimate_subsidy(
    program: Program,
    cost_yen: int,
    right_type: str,
    already_received_yen: int = 0,
) -> SubsidyEstimate:
    """Estimate the subsidy for one case (or one procedure) of ``program``.

    ``right_type`` is a key (trademark) or what a user typed (商標, ブランド).
    ``already_received_yen`` is what the company already received this fiscal
    year, which the per-company cap is reduced by. Raises ValueError with a
    Japanese message when the program has no rate or caps, or does not cover
    the right type.
    """
    _check_amount(cost_yen, "費用")
    _check_amount(already_received_yen, "受給済みの補助額")
    rate, caps = program.rate, program.caps
    if rate is None or caps.is_empty:
        raise ValueError(
            f"{program.name}には補助率と上限額の定めがないため、補助額を計算できません。"
        )
    key = normalize_right_type(right_type)
    if key is None:
        raise ValueError(
            f"「{right_type}」は権利の種類として認識できません。特許・実用新案・意匠・商標のいずれかでご指定ください。"
        )
    label = LABELS[key]
    covered = set(caps.per_case_yen) or set(program.right_types)
    if covered and key not in covered:
        names = "・".join(LABELS[k] for k in LABELS if k in covered)
        raise ValueError(f"{program.name}では{label}は補助の対象外です（対象：{names}）。")

    amount = math.floor(cost_yen * rate)
    steps = [Step(f"費用{yen_ja(cost_yen)} × 補助率{rate}", amount)]
    capped_by: str | None = None

    def apply(limit: int, kind: str, label_ja: str) -> None:
        nonlocal amount, capped_by
        if amount > limit:
            amount = limit
            capped_by = kind
            steps.append(Step(f"{label_ja}を適用", amount))
        else:
            steps.append(Step(f"{label_ja}以内", amount))

    if key in caps.per_case_yen:
        limit = caps.per_case_yen[key]
        apply(limit, "per_case", f"1案件あたりの上限（{label}）{yen_ja(limit)}")
    if caps.per_procedure_yen is not None:
        limit = caps.per_procedure_yen
        apply(limit, "per_procedure", f"1手続あたりの上限{yen_ja(limit)}")
    if caps.per_company_yen is not None:
        remaining = max(0, caps.per_company_yen - already_received_yen)
        text = f"1企業あたりの上限{yen_ja(caps.per_company_yen)}"
        if already_received_yen:
            text += (
                f"（受給済み{yen_ja(already_received_yen)}を差し引いた" f"残り{yen_ja(remaining)}）"
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
