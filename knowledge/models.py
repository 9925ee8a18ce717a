"""Typed models of the knowledge base (pydantic v1, as pinned by Rasa 3.6).

Every entry carries its fiscal year and source (a brochure section heading or
an official URL), and its dates as ISO dates, so the bot can say where a
figure comes from and whether a round is still open.
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, Field, StrictBool, StrictInt, conint, root_validator, validator

from knowledge.fields import Identifier, IsoDate, PartialDate, Phone, Rate, Url, Yen
from knowledge.prefectures import AREAS, REGIONS
from knowledge.right_types import RightType
from knowledge.text import normalize as fold

Category = Literal["権利化", "侵害対策", "リスク対策", "相談窓口", "情報提供"]
# A round's end when no date is at hand, said explicitly so nothing is assumed:
#   not_published: the sources print no end date (e.g. it differs by implementing center);
#   not_known:     a source says the round exists, but its dates are not known here.
ClosingUnknown = Literal["not_published", "not_known"]
SourceKind = Literal["official", "secondary"]
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
    short_name: str | None = None  # for the short core answer: 「ジェトロ 知的財産課」
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
    # 「上限額 400万円」 as JETRO prints it, without saying per company or per case.
    limit_yen: Yen | None = None
    note: str | None = None

    @property
    def is_empty(self) -> bool:
        return (
            self.per_company_yen is None
            and not self.per_case_yen
            and self.per_procedure_yen is None
            and self.limit_yen is None
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
    time_limited: StrictBool = False  # a measure for a limited period (福島浜通り等)


class Round(KnowledgeModel):
    """One call for applications of one fiscal year, and where its dates come from.

    ``closes`` is a date, or says explicitly why there is none (``ClosingUnknown``), so
    that no answer ever states an assumed deadline. ``source`` and ``as_of`` back every
    date of the round.
    """

    fiscal_year: FiscalYear
    title: str | None = None  # 「第2回公募」; the wording's default (「公募」) otherwise
    announced: IsoDate | None = None
    opens: IsoDate | None = None
    closes: IsoDate | ClosingUnknown
    closes_time: str | None = Field(None, regex=r"^\d{1,2}:\d{2}$")
    # application: the last day to apply; policy_start: the last policy start date covered
    closes_kind: Literal["application", "policy_start"] = "application"
    budget_limited: StrictBool = False  # 「予算がなくなり次第終了」
    source: str
    # The date the source shows; where it shows none, the year it was read in.
    as_of: PartialDate

    _fiscal_year = validator("fiscal_year", allow_reuse=True)(_check_fiscal_year)

    @root_validator(skip_on_failure=True)
    def _dates_in_order(cls, values: dict) -> dict:
        announced, opens = values.get("announced"), values.get("opens")
        closes = values.get("closes")
        if announced and opens and announced > opens:
            raise ValueError(f"announced ({announced}) is after opens ({opens})")
        if isinstance(closes, date):
            if opens and opens > closes:
                raise ValueError(f"opens ({opens}) is after closes ({closes})")
        elif values.get("closes_time"):
            raise ValueError("closes_time needs closes to be a date")
        return values

    @property
    def closing_date(self) -> date | None:
        """The published closing date, or None when there is none."""
        return self.closes if isinstance(self.closes, date) else None

    @property
    def dates(self) -> list[date]:
        """Every date this round states."""
        return [d for d in (self.announced, self.opens, self.closing_date) if d is not None]


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
    # Regular expressions for situations told with words in between (「商標を他人に取られ
    # ていた」): matched against the normalised text (knowledge/text.py), and written in
    # the same form as a situation; see knowledge/README.md.
    situation_patterns: list[str] = Field(default_factory=list)
    # Words of other schemes that look like this program but are not it (PL保険 beside
    # 海外知財訴訟費用保険): a message that says one and does not name the program is
    # not about it, whatever its situation words say.
    look_alikes: list[str] = Field(default_factory=list)
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
    rounds: list[Round] = Field(default_factory=list)
    availability: str | None = None  # programs without rounds: 「いつでも利用できます」
    # What is unknown when a fiscal year has no round in the data (default: 公募の予定).
    year_topic: str | None = None
    how_to_apply: str
    contacts: list[Contact] = Field(default_factory=list)
    # Whom to call today besides the free desks (JETRO, INPIT's grant desk …).
    ask_today: list[Contact] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    url: Url | None = None
    page_name: str | None = None  # what ``url`` is, in an answer: 「ジェトロのページ」
    fiscal_year: FiscalYear
    source: str
    related: list[Identifier] = Field(default_factory=list)

    _fiscal_year = validator("fiscal_year", allow_reuse=True)(_check_fiscal_year)

    @validator("situation_patterns", each_item=True)
    def _compiles(cls, value: str) -> str:
        # Checked in the folded form knowledge/search.py compiles and matches.
        try:
            re.compile(fold(value))
        except re.error as error:
            message = f"situation pattern {value!r} is not a regular expression: {error}"
            raise ValueError(message) from error
        return value

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

    @validator("availability", always=True)
    def _rounds_or_availability(cls, value: str | None, values: dict) -> str | None:
        rounds = values.get("rounds")
        if rounds is not None and not rounds and not value:
            raise ValueError("a program without rounds needs availability")
        if rounds and value:
            raise ValueError("availability is for programs without rounds")
        return value

    @validator("page_name", always=True)
    def _page_to_check(cls, value: str | None, values: dict) -> str | None:
        if values.get("rounds") and not (value and values.get("url")):
            raise ValueError("a program with rounds needs url and page_name (where to check)")
        return value

    def rounds_of(self, fiscal_year: int) -> list[Round]:
        """The rounds of one fiscal year, in file order."""
        return [r for r in self.rounds if r.fiscal_year == fiscal_year]

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
    see_also: Identifier | None = None  # 千葉県 → 千葉市's own organization
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
    note: str | None = None  # what else the prefecture offers (東京都知的財産総合センター)
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
    # A fact about a period: once it is over the bot says ``answer_past`` (past tense).
    # Over means after ``expires``, or after the fact's fiscal year when it is not set.
    expires: IsoDate | None = None
    answer_past: str | None = None
    # Words that, in a question about one of ``programs``, say this fact is what is asked
    # (「既に外国出願を行いましたが…助成を受けられますか」): the fact answers instead of the
    # program's overview, which would not say that the case is excluded.
    cues: list[str] = Field(default_factory=list)

    _fiscal_year = validator("fiscal_year", allow_reuse=True)(_check_fiscal_year)

    @validator("answer", "answer_past")
    def _short_answer(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.endswith("。"):
            raise ValueError("answer must end with 。")
        if _count_sentences(value) > _MAX_ANSWER_SENTENCES:
            raise ValueError(f"answer must be at most {_MAX_ANSWER_SENTENCES} sentences")
        return value

    @validator("answer_past", always=True)
    def _expiry_needs_past(cls, value: str | None, values: dict) -> str | None:
        if values.get("expires") is not None and value is None:
            raise ValueError("expires needs answer_past (what to say once it is over)")
        return value


class Source(KnowledgeModel):
    """A named document that is neither the brochure nor a URL cited directly.

    Entries cite it by ``id``. A secondary source is quoted with 「…による」, as the
    supplement asks.
    """

    id: Identifier
    title: str
    short_title: str | None = None  # for 「…による」 in a short answer
    url: Url | None = None
    published: PartialDate | None = None  # None: the source shows no date
    kind: SourceKind


class Brochure(KnowledgeModel):
    """The primary source; entries cite its sections by their heading."""

    title: str
    fiscal_year: FiscalYear
    published: PartialDate

    _fiscal_year = validator("fiscal_year", allow_reuse=True)(_check_fiscal_year)


class Requirement(KnowledgeModel):
    """One question of the eligibility check and what each answer means."""

    answer: Identifier  # the form's slot: is_sme, is_deemed_large …
    expected: StrictBool  # the answer that meets the requirement
    met: str  # the reason, when met: 「中小企業者である」
    unmet: str  # what is missing, when not met (a sentence)
    source: str

    @validator("unmet")
    def _sentence(cls, value: str) -> str:
        if not value.endswith("。"):
            raise ValueError("unmet must be a sentence ending in 。")
        return value


class EligibilityRules(KnowledgeModel):
    """The foreign-filing eligibility check: requirements and the programs that fit."""

    programs: list[Identifier] = Field(min_items=1)
    by_right_type: dict[RightType, list[Identifier]] = Field(default_factory=dict)
    requirements: list[Requirement] = Field(min_items=1)


class PriorityPeriods(KnowledgeModel):
    """Paris Convention priority periods, by right type: 特許 12 months, 商標 6 …"""

    months: dict[RightType, conint(strict=True, ge=1, le=24)]  # type: ignore[valid-type]
    source: Url
    source_note: str
    as_of: IsoDate

    @validator("months")
    def _not_empty(cls, value: dict[str, int]) -> dict[str, int]:
        if not value:
            raise ValueError("give the period of at least one right type")
        return value


__all__ = [
    "Brochure",
    "Caps",
    "Contact",
    "EligibilityRules",
    "Fact",
    "Link",
    "NonImplementingPrefecture",
    "PriorityPeriods",
    "Organization",
    "Program",
    "RateByClass",
    "Requirement",
    "Round",
    "Source",
]
