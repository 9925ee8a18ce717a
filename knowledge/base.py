"""The query API the action server uses: one object, loaded once.

Actions stay thin: each reads a slot, calls one method here and formats the
result, so every figure the bot says comes from the YAML files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from knowledge.clock import today as current_day
from knowledge.deadlines import ProgramStatus, program_status
from knowledge.loader import KnowledgeData, load_data
from knowledge.models import (
    Brochure,
    EligibilityRules,
    Fact,
    NonImplementingPrefecture,
    Organization,
    PriorityPeriods,
    Program,
    Source,
)
from knowledge.prefectures import match_area
from knowledge.right_types import normalize_right_type, right_type_label
from knowledge.search import find_programs, index_programs
from knowledge.text import normalize
from knowledge.wording import Wording


@dataclass(frozen=True)
class PrefectureMatch:
    """Where a company in a prefecture applies for 海外出願支援事業.

    ``found`` is False for names that are not a prefecture (never an
    exception). ``implemented`` is False for prefectures that do not run the
    program this fiscal year; ``alternatives`` then lists what to offer
    instead, ``note`` what else the prefecture offers, and ``fiscal_year`` the
    year the list is about. ``prefecture`` is the official name (大阪府), or 千葉市
    for the city's own organization; ``see_also`` is another organization to name
    (千葉県 → 千葉市's).
    """

    found: bool
    query: str
    prefecture: str | None = None
    organization: Organization | None = None
    implemented: bool = False
    alternatives: list[Program] = field(default_factory=list)
    note: str | None = None
    fiscal_year: int | None = None
    see_also: Organization | None = None


class KnowledgeBase:
    """Validated programs, organizations and facts, with lookups by meaning."""

    def __init__(self, data: KnowledgeData) -> None:
        self.data_dir: Path = data.data_dir
        self.programs: list[Program] = list(data.programs)
        self.organizations: list[Organization] = list(data.organizations)
        self.non_implementing: list[NonImplementingPrefecture] = list(data.non_implementing)
        self.facts: list[Fact] = list(data.facts)
        self.sources: list[Source] = list(data.sources)
        # load_data raises when any of these is missing or invalid
        assert data.wording and data.eligibility and data.brochure and data.priority
        self.wording: Wording = data.wording
        self.brochure: Brochure = data.brochure
        self.eligibility: EligibilityRules = data.eligibility
        self.priority: PriorityPeriods = data.priority
        self.free_desk_ids: list[str] = list(data.free_desks)
        self._sources_by_id = {source.id: source for source in self.sources}
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
                fiscal_year=organization.fiscal_year,
                see_also=self.organization(organization.see_also or ""),
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
            fiscal_year=gap.fiscal_year if gap else None,
        )

    def organization(self, organization_id: str) -> Organization | None:
        """An implementing organization by id (osaka, chiba_city …)."""
        return next((o for o in self.organizations if o.id == organization_id), None)

    def source(self, source_id: str) -> Source | None:
        """A registered source (press release, secondary guide) by id."""
        return self._sources_by_id.get(source_id)

    def status(self, program: Program, today: date | None = None) -> ProgramStatus:
        """Where each round of ``program`` stands today (NAVI_TODAY or the real date)."""
        return program_status(program, self.wording, today)

    def today(self) -> date:
        """The date answers are given for: NAVI_TODAY when set, else the real date."""
        return current_day()

    def current_fiscal_year(self, today: date | None = None) -> int:
        """The fiscal year of ``today`` (2026-12-01 → 2026)."""
        return self.wording.fiscal_year_of(today or current_day())

    def fiscal_year_label(self, fiscal_year: int) -> str:
        """2026 → 令和8年度."""
        return self.wording.fiscal_year_label(fiscal_year)

    def free_desks(self) -> list[Program]:
        """The free consultation desks every closed-round answer points to."""
        return [p for p in map(self.program, self.free_desk_ids) if p is not None]

    def facts_for_year(self, program_id: str, fiscal_year: int) -> list[Fact]:
        """FAQ answers about one program that are about one fiscal year."""
        return [f for f in self.facts_for(program_id) if f.fiscal_year == fiscal_year]

    def fact_text(self, fact: Fact, today: date | None = None) -> str:
        """A fact's answer on ``today``: past tense once its period is over.

        Over means after ``expires``, or after the fact's fiscal year when it has none.
        """
        day = today or current_day()
        if fact.expires is not None:
            over = day > fact.expires
        else:
            over = self.current_fiscal_year(day) > fact.fiscal_year
        return fact.answer_past if over and fact.answer_past else fact.answer

    def fact(self, fact_id: str) -> Fact | None:
        """A FAQ answer by id (priority_period …)."""
        return self._facts_by_id.get(fact_id)

    def fact_cued(self, program_ids: list[str], text: str) -> Fact | None:
        """The fact about one of these programs whose cue the text contains, if any."""
        folded = normalize(text)
        for fact in self.facts:
            if set(fact.programs) & set(program_ids) and any(
                normalize(cue) in folded for cue in fact.cues
            ):
                return fact
        return None

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
