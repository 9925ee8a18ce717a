"""The eligibility check's verdict: pure logic, so it is tested without Rasa.

The requirements, their wording and the programs that fit are data
(knowledge/data/eligibility.yml); this module only compares the answers with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from knowledge import EligibilityRules, get_knowledge_base


@dataclass
class EligibilityAnswers:
    """What the user told the form (None: not answered)."""

    is_sme: bool | None
    is_deemed_large: bool | None
    has_domestic_filing: bool | None
    files_after_selection: bool | None
    right_type: str | None  # knowledge key: patent, trademark, …

    def value(self, answer: str) -> bool | None:
        """The answer to one requirement's question, by its slot name."""
        return getattr(self, answer)

    @classmethod
    def questions(cls) -> list[str]:
        """The yes/no questions (every field but the right type)."""
        return [f.name for f in fields(cls) if f.name != "right_type"]


@dataclass
class Verdict:
    """Programs that fit, with the reasons, and what is missing for the rest."""

    fits: list[str] = field(default_factory=list)  # program ids
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def evaluate(answers: EligibilityAnswers, rules: EligibilityRules | None = None) -> Verdict:
    """Apply the requirements of the foreign filing subsidies to the answers.

    A requirement is missing only when it was answered the other way; an unanswered
    question does not count against the user.
    """
    rules = rules or get_knowledge_base().eligibility
    verdict = Verdict()
    for requirement in rules.requirements:
        value = answers.value(requirement.answer)
        if value is not None and bool(value) != requirement.expected:
            verdict.missing.append(requirement.unmet)
    if verdict.missing:
        return verdict
    verdict.fits = list(rules.programs)
    if answers.right_type:
        verdict.fits += rules.by_right_type.get(answers.right_type, [])
    verdict.reasons = [requirement.met for requirement in rules.requirements]
    return verdict
