"""Typed models of the knowledge base (pydantic v1, as pinned by Rasa 3.6).

Every entry carries its fiscal year and source (a brochure section heading or
an official URL), and its dates as ISO dates, so the bot can say where a
figure comes from and whether a round is still open.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, Field, StrictBool, StrictInt, root_validator, validator

from knowledge.fields import Identifier, IsoDate, Phone, Rate, Url, Yen
from knowledge.prefectures import AREAS, REGIONS
from knowledge.right_types import RightType
from knowledge.text import normalize as fold

Category = Literal["権利化", "侵害対策", "リスク対策", "相談窓口", "情報提供"]
ApplicantClassKey = Literal["sme_university", "small_startup", "fukushima"]
FiscalYear = StrictInt  # "2025" or 2025.0 in YAML are typos, not years

_MAX_QUESTION_CHARS = 20  # a fact's question doubles as a button label
_MAX_ANSWER_SENTENCES = 4


class KnowledgeModel(BaseModel):
    """Base: unknown keys are errors (catches typos), values are immutable."""

    class Config:
        extra = "forbid"
        allow_mutation = False
        anystr_strip_whitespace = True
        min_anystr_length = 1


def _check_fiscal_year(value: int) -> int:
    if not 2000 <= value <= 2100:
        raise ValueError(f"fiscal_year must be a year such as 2025, got {value!r}")
    return value


def _check_area(value: str) -> str:
    if value not in AREAS:
        raise ValueError(f"unknown prefecture {value!r} (write e.g. 大阪府)")
    return value


def _check_region(value: str, values: dict) -> str:
    if value not in REGIONS:
        raise ValueError(f"region must be one of {', '.join(REGIONS)}")
    area = AREAS.get(values.get("prefecture", ""))
    if area is not None and area.region != value:
        raise ValueError(f"{area.name} is in region {area.region}, not {value}")
    return value


def _count_sentences(text: str) -> int:
    return text.count("。")


class Contact(KnowledgeModel):
    """Whom to call about one aspect of a program."""

    purpose: str  # 「制度全般について」, 「補助金申請先」 …
    organization: str
    department: str | None = None
    phone: Phone
    extension: str | None = Field(None, regex=r"^\d+$")
    url: Url | None = None
    hours: str | None = None


class Caps(KnowledgeModel):
    """Upper limits in yen; absent keys mean that limit does not exist."""

    per_company_yen: Yen | None = None
    per_case_yen: dict[RightType, Yen] = Field(default_factory=dict)
    per_procedure_yen: Yen | None = None
    note: str | None = None

    @property
    def is_empty(self) -> bool:
        return (
            self.per_company_yen is None
            and not self.per_case_yen
            and self.per_procedure_yen is None
        )


class RateByClass(KnowledgeModel):
    """A rate that depends on the applicant class (PCT fee reductions).

    For the PCT measure the rate is the share of the fee still paid:
    1/2 means the fee is reduced to half.
    """

    applicant_class: str  # Japanese label, e.g. 「中小企業・大学」
    key: ApplicantClassKey
    rate: Rate
    keywords: list[str] = Field(default_factory=list)  # what users type: スタートアップ …


class Window(KnowledgeModel):
    """The application window of one round; no dates means no deadline."""

    opens: IsoDate | None = None
    closes: IsoDate | None = None
    budget_limited: StrictBool = False  # 「予算がなくなり次第終了」
    # True when no closing date is printed and the fiscal year end stands in.
    closes_is_fiscal_year_end: StrictBool = False
    note: str

    @root_validator(skip_on_failure=True)
    def _opens_before_closes(cls, values: dict) -> dict:
        opens, closes = values.get("opens"), values.get("closes")
        if opens and closes and opens > closes:
            raise ValueError(f"opens ({opens}) is after closes ({closes})")
        if values.get("closes_is_fiscal_year_end") and not (
            closes and (closes.month, closes.day) == (3, 31)
        ):
            raise ValueError("closes_is_fiscal_year_end needs closes on March 31")
        return values

    @property
    def has_dates(self) -> bool:
        return self.opens is not None or self.closes is not None


class Link(KnowledgeModel):
    """A titled official page (reports, manuals, videos)."""

    title: str
    url: Url


class Program(KnowledgeModel):
    """One support program, desk or information service in the brochure."""

    id: Identifier
    name: str
    aliases: list[str] = Field(default_factory=list)
    situations: list[str] = Field(default_factory=list)
    category: Category
    operator: str
    summary: str
    target: str
    requirements: list[str] = Field(default_factory=list)
    right_types: list[RightType] = Field(default_factory=list)
    rate: Rate | None = None
    renewal_rate: Rate | None = None
    rates_by_class: list[RateByClass] = Field(default_factory=list)
    caps: Caps = Field(default_factory=Caps)
    covered_costs: list[str] = Field(default_factory=list)
    not_covered: list[str] = Field(default_factory=list)
    insurers: list[str] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)  # further one-line facts
    window: Window
    next_round: str | None = None
    how_to_apply: str
    contacts: list[Contact] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    url: Url | None = None
    fiscal_year: FiscalYear
    source: str
    related: list[Identifier] = Field(default_factory=list)

    _fiscal_year = validator("fiscal_year", allow_reuse=True)(_check_fiscal_year)

    @validator("summary")
    def _one_sentence(cls, value: str) -> str:
        if not value.endswith("。") or _count_sentences(value) != 1:
            raise ValueError("summary must be exactly one sentence ending in 。")
        return value

    @validator("renewal_rate")
    def _renewal_needs_rate(cls, value: Fraction | None, values: dict) -> Fraction | None:
        if value is not None and values.get("rate") is None:
            raise ValueError("renewal_rate is set but rate is missing")
        return value

    @validator("caps")
    def _caps_match_rate_and_rights(cls, value: Caps, values: dict) -> Caps:
        if not value.is_empty and values.get("rate") is None:
            raise ValueError("caps are set but rate is missing")
        stray = set(value.per_case_yen) - set(values.get("right_types") or ())
        if stray:
            raise ValueError(f"per_case_yen has {sorted(stray)}, which right_types does not list")
        return value

    @validator("next_round", always=True)
    def _next_round_when_closing(cls, value: str | None, values: dict) -> str | None:
        window: Window | None = values.get("window")
        if window is not None and window.closes is not None and not value:
            raise ValueError("next_round is required when window.closes is set")
        return value

    @validator("related", each_item=True)
    def _not_self(cls, value: str, values: dict) -> str:
        if value == values.get("id"):
            raise ValueError("related must not list the program itself")
        return value

    def class_rate_for_text(self, text: str) -> RateByClass | None:
        """The applicant class a user's words name; the most specific (lowest rate) wins.

        「福島の中小企業」 names both 中小企業 and 福島: the Fukushima rate applies.
        """
        folded = fold(text)
        matches = [
            entry
            for entry in self.rates_by_class
            if any(fold(keyword) in folded for keyword in entry.keywords)
        ]
        return min(matches, key=lambda entry: entry.rate, default=None)

    def rate_for_class(self, key: str) -> Fraction | None:
        """The rate for an applicant class key (sme_university …), if any."""
        for entry in self.rates_by_class:
            if entry.key == key:
                return entry.rate
        return None


class Organization(KnowledgeModel):
    """A prefectural (or 千葉市) implementing organization of 海外出願支援事業."""

    id: Identifier
    prefecture: str  # 大阪府, or 千葉市 for the city's own organization
    region: str
    name: str
    department: str | None = None
    address: str
    phone: Phone
    fiscal_year: FiscalYear
    source: str
    as_of: IsoDate

    _fiscal_year = validator("fiscal_year", allow_reuse=True)(_check_fiscal_year)

    _area = validator("prefecture", allow_reuse=True)(_check_area)
    _region = validator("region", allow_reuse=True)(_check_region)


class NonImplementingPrefecture(KnowledgeModel):
    """A prefecture that does not run 海外出願支援事業 this fiscal year."""

    prefecture: str
    region: str
    alternatives: list[Identifier] = Field(min_items=1)
    note: str
    fiscal_year: FiscalYear
    source: str
    as_of: IsoDate

    _fiscal_year = validator("fiscal_year", allow_reuse=True)(_check_fiscal_year)
    _area = validator("prefecture", allow_reuse=True)(_check_area)
    _region = validator("region", allow_reuse=True)(_check_region)


class Fact(KnowledgeModel):
    """A sourced answer to a frequent question (FAQ)."""

    id: Identifier
    question: str = Field(max_length=_MAX_QUESTION_CHARS)
    answer: str
    programs: list[Identifier] = Field(default_factory=list)
    source: str
    source_note: str | None = None  # names the document when the URL is broader
    as_of: IsoDate
    fiscal_year: FiscalYear

    _fiscal_year = validator("fiscal_year", allow_reuse=True)(_check_fiscal_year)

    @validator("answer")
    def _short_answer(cls, value: str) -> str:
        if not value.endswith("。"):
            raise ValueError("answer must end with 。")
        if _count_sentences(value) > _MAX_ANSWER_SENTENCES:
            raise ValueError(f"answer must be at most {_MAX_ANSWER_SENTENCES} sentences")
        return value


__all__ = [
    "Caps",
    "Contact",
    "Fact",
    "Link",
    "NonImplementingPrefecture",
    "Organization",
    "Program",
    "RateByClass",
    "Window",
]
