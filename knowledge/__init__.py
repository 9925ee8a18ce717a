"""海外知財支援ナビ knowledge base: validated YAML data and its query API.

The single source of truth for every rate, cap, date, phone number, address
and URL the bot says. No Rasa imports here: actions and tests use it as a
plain Python package.
"""

from knowledge.base import KnowledgeBase, PrefectureMatch, get_knowledge_base
from knowledge.loader import KnowledgeError, Problem
from knowledge.models import (
    Caps,
    Contact,
    Fact,
    Link,
    NonImplementingPrefecture,
    Organization,
    Program,
    RateByClass,
    Window,
)

__all__ = [
    "Caps",
    "Contact",
    "Fact",
    "KnowledgeBase",
    "KnowledgeError",
    "Link",
    "NonImplementingPrefecture",
    "Organization",
    "PrefectureMatch",
    "Problem",
    "Program",
    "RateByClass",
    "Window",
    "get_knowledge_base",
]
