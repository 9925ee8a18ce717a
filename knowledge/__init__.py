"""海外知財支援ナビ knowledge base: validated YAML data and its query API.

The single source of truth for every rate, cap, date, phone number, address
and URL the bot says, and for the Japanese wording around them. No Rasa imports
here: actions and tests use it as a plain Python package.
"""

from knowledge.base import KnowledgeBase, PrefectureMatch, get_knowledge_base
from knowledge.clock import today
from knowledge.deadlines import ProgramStatus, RoundState, RoundStatus
from knowledge.loader import KnowledgeError, Problem
from knowledge.models import (
    Brochure,
    Caps,
    Contact,
    EligibilityRules,
    Fact,
    Link,
    NonImplementingPrefecture,
    Organization,
    Program,
    RateByClass,
    Requirement,
    Round,
    Source,
)
from knowledge.money import yen
from knowledge.wording import Wording

__all__ = [
    "Brochure",
    "Caps",
    "Contact",
    "EligibilityRules",
    "Fact",
    "KnowledgeBase",
    "KnowledgeError",
    "Link",
    "NonImplementingPrefecture",
    "Organization",
    "PrefectureMatch",
    "Problem",
    "Program",
    "ProgramStatus",
    "RateByClass",
    "Requirement",
    "Round",
    "RoundState",
    "RoundStatus",
    "Source",
    "Wording",
    "get_knowledge_base",
    "today",
    "yen",
]
