"""The eligibility check's verdict: pure logic, so it is tested without Rasa."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class EligibilityAnswers:
    """What the user told the form."""

    is_sme: bool | None
    is_deemed_large: bool | None
    has_domestic_filing: bool | None
    files_after_selection: bool | None
    right_type: str | None  # knowledge key: patent, trademark, …


@dataclass
class Verdict:
    """Programs that fit, with the reasons, and what is missing for the rest."""

    fits: list[str] = field(default_factory=list)  # program ids
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def evaluate(answers: EligibilityAnswers) -> Verdict:
    """Apply the brochure's requirements for the foreign filing subsidies."""
    verdict = Verdict()
    if answers.is_sme is False:
        verdict.missing.append(
            "海外出願支援事業・INPIT外国出願補助金・ジェトロの各支援は中小企業者等が対象です。"
        )
    if answers.is_deemed_large:
        verdict.missing.append(
            "みなし大企業（大企業の子会社など）は、海外出願支援事業やジェトロの支援の対象外です。"
        )
    if answers.has_domestic_filing is False:
        verdict.missing.append(
            "応募の時点で日本の特許庁への出願（基礎出願）が必要です。"
            "まず国内出願を済ませてください（日本を指定したPCT・ハーグ出願も含みます）。"
        )
    if answers.files_after_selection is False:
        verdict.missing.append(
            "採択（交付決定）の前にすでに外国へ出願した案件は補助の対象になりません。"
        )
    if verdict.missing:
        return verdict
    verdict.fits = ["foreign_filing_support", "inpit_filing_subsidy"]
    verdict.reasons = [
        "中小企業者で、みなし大企業に当たらない",
        "日本の特許庁に基礎出願がある",
        "外国出願を採択後に行う予定",
    ]
    if answers.right_type == "patent":
        verdict.fits.append("pct_fee_reduction")
    return verdict
