"""The query API the action server uses: one object, loaded once.

Actions stay thin: each reads a slot, calls one method here and formats the
result, so every figure the bot says comes from the YAML files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from knowledge.loader import KnowledgeData, load_data
from knowledge.models import Fact, NonImplementingPrefecture, Organization, Program
from knowledge.prefectures import match_area
from knowledge.right_types import normalize_right_type, right_type_label
from knowledge.search import find_programs, index_programs
from knowledge.text import normalize


@dataclass(frozen=True)
class PrefectureMatch:
    """Where a company in a prefecture applies for 海外出願支援事業.

    ``found`` is False for names that are not a prefecture (never an
    exception). ``implemented`` is False for prefectures that do not run the
    program this fiscal year; ``alternatives`` then lists what to offer
    instead and ``note`` says so in Japanese. ``prefecture`` is the official
    name (大阪府), or 千葉市 for the city's own organization.
    """

    found: bool
    query: str
    prefecture: str | None = None
    organization: Organization | None = None
    implemented: bool = False
    alternatives: list[Program] = field(default_factory=list)
    note: str | None = None


class KnowledgeBase:
    """Validated programs, organizations and facts, with lookups by meaning."""

    def __init__(self, data: KnowledgeData) -> None:
        self.data_dir: Path = data.data_dir
        self.programs: list[Program] = list(data.programs)
        self.organizations: list[Organization] = list(data.organizations)
        self.non_implementing: list[NonImplementingPrefecture] = list(data.non_implementing)
        self.facts: list[Fact] = list(data.facts)
        self._programs_by_key: dict[str, Program] = {}
        for program in self.programs:
            for name in (program.id, program.name, *program.aliases):
                self._programs_by_key.setdefault(normalize(name), program)
        self._search_index = index_programs(self.programs)
        self._orgs_by_area = {org.prefecture: org for org in self.organizations}
        self._gaps_by_area = {gap.prefecture: gap for gap in self.non_implementing}
        self._facts_by_id = {fact.id: fact for fact in self.facts}

    @classmethod
    def load(cls, path: Path | str | None = None) -> KnowledgeBase:
        """Load and validate a data directory (default: knowledge/data)."""
        return cls(load_data(path))

    def program(self, key: str) -> Program | None:
        """A program by id, official name or alias (width/case/kana-insensitive)."""
        return self._programs_by_key.get(normalize(key))

    def find_programs(self, query: str) -> list[Program]:
        """Programs for a situation keyword (「警告状」, 「パクリ」), best first."""
        return find_programs(self._search_index, query)

    def resolve_prefecture(self, query: str) -> PrefectureMatch:
        """Route a prefecture name (大阪, おおさか, 千葉市 …) to its organization."""
        area = match_area(query)
        if area is None:
            return PrefectureMatch(found=False, query=query)
        organization = self._orgs_by_area.get(area.name)
        if organization is not None:
            return PrefectureMatch(
                found=True,
                query=query,
                prefecture=area.name,
                organization=organization,
                implemented=True,
            )
        gap = self._gaps_by_area.get(area.name)
        alternatives = [
            program
            for program_id in (gap.alternatives if gap else [])
            if (program := self.program(program_id)) is not None
        ]
        return PrefectureMatch(
            found=True,
            query=query,
            prefecture=area.name,
            implemented=False,
            alternatives=alternatives,
            note=gap.note if gap else None,
        )

    def organization(self, organization_id: str) -> Organization | None:
        """An implementing organization by id (osaka, chiba_city …)."""
        return next((o for o in self.organizations if o.id == organization_id), None)

    def fact(self, fact_id: str) -> Fact | None:
        """A FAQ answer by id (priority_period …)."""
        return self._facts_by_id.get(fact_id)

    def facts_for(self, program_id: str) -> list[Fact]:
        """FAQ answers about one program, in file order."""
        return [fact for fact in self.facts if program_id in fact.programs]

    @staticmethod
    def right_type_label(key: str) -> str:
        """Japanese label for a right-type key: trademark → 商標."""
        return right_type_label(key)

    @staticmethod
    def normalize_right_type(text: str) -> str | None:
        """Right-type key for what a user typed: ブランド → trademark."""
        return normalize_right_type(text)


@lru_cache(maxsize=1)
def get_knowledge_base() -> KnowledgeBase:
    """The default knowledge base, loaded and validated on first use only."""
    return KnowledgeBase.load()
