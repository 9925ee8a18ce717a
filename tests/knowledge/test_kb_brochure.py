"""The knowledge base against the brochure text: every printed figure is stored.

Sections of the brochure are located by markers (short phrases that open a
program's part of the page); a phone number, 万円 amount or fraction belongs
to the program(s) of the nearest marker before it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from fractions import Fraction

import pytest

from knowledge import KnowledgeBase
from knowledge.fields import is_url
from knowledge.prefectures import AREAS

# Marker phrase → programs whose text follows it in the brochure.
MARKERS: list[tuple[str, tuple[str, ...]]] = [
    ("特許庁 総務部 国際協力課海外展開支援室", ("foreign_filing_support",)),  # cover
    ("外国出願費用の負担を軽減したい", ("foreign_filing_support",)),
    ("日本の特許庁に対し、日本語で PCT国際出願", ("pct_fee_reduction",)),
    ("模倣品対策支援事業\n\n●侵害対策", ("counterfeit_support",)),
    ("冒認商標無効・取消係争支援事業\n\n補助率", ("squatting_support",)),
    ("防衛型侵害対策支援事業\n\n補助率", ("defense_support",)),
    ("海外企業から警告、訴訟など係争に", ("defense_support",)),
    ("もしもの知財リスクに備えたい", ("litigation_insurance",)),
    ("〈出願手続補助〉", ("inpit_filing_subsidy",)),
    ("〈中間手続補助(特許のみ)〉", ("inpit_office_action_subsidy",)),
    (
        "1/2\n\n外国特許庁への出願料",
        ("inpit_filing_subsidy", "inpit_office_action_subsidy"),
    ),
    ("▶中小企業等の経営課題の解決", ("inpit_ip_desk",)),
    ("▶企業での豊富な知財経験", ("overseas_ip_desk",)),
    ("☎0570-082100", ("inpit_ip_desk",)),
    ("模倣対策マニュアル、知的財産権侵害判例・事例集等", ("reports_manuals",)),
]
TABLE_START = "局 都道府県"
TABLE_END = "コピー商品撲滅キャンペーンイメージキャラクター"

PHONE = re.compile(
    r"(0570-\d{6}|0\d{1,4}-\d{1,4}-\d{4})" r"(?:\s*\(\s*内線\s*(\d+)\s*\)|\s+内線\s*(\d+))?"
)
AMOUNT = re.compile(r"(\d[\d,]*)\s*万円")
FRACTION = re.compile(r"(?<![\d/])([1-9])\s*[/━]\s*([1-9])(?![\d/])")
URL = re.compile(r"https?://\S+")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def squeeze(text: str) -> str:
    """NFKC and no whitespace at all, to compare text across broken lines."""
    return "".join(nfkc(text).split())


@pytest.fixture(scope="module")
def text(brochure: str) -> str:
    return nfkc(brochure)


@pytest.fixture(scope="module")
def table_span(text: str) -> tuple[int, int]:
    start, end = text.index(TABLE_START), text.index(TABLE_END)
    assert start < end
    return start, end


@pytest.fixture(scope="module")
def markers(text: str) -> list[tuple[int, tuple[str, ...]]]:
    found = []
    for phrase, program_ids in MARKERS:
        position = text.find(nfkc(phrase))
        assert position >= 0, f"marker not found in the brochure: {phrase!r}"
        found.append((position, program_ids))
    return sorted(found)


def owners(markers: list[tuple[int, tuple[str, ...]]], position: int) -> tuple[str, ...]:
    before = [ids for start, ids in markers if start <= position]
    assert before, f"no program marker before position {position}"
    return before[-1]


def outside_table(text: str, table_span: tuple[int, int], pattern: re.Pattern):
    start, end = table_span
    for match in pattern.finditer(text):
        if not start <= match.start() < end:
            yield match


# --- phone numbers ---------------------------------------------------------


def table_rows(text: str, table_span: tuple[int, int]) -> dict[str, tuple[str, str]]:
    """Area → (phone, squeezed row text) for the implementing-organization table."""
    start, end = table_span
    table = text[start:end]
    rows: dict[str, tuple[str, str]] = {}
    previous = 0
    for match in PHONE.finditer(table):
        row = squeeze(table[previous : match.start()])
        previous = match.end()
        body = re.search(r"\((?:公財|一社)\)", row)
        assert body, f"no organization in row {row!r}"
        head = row[: body.start()]
        areas = [area for area in AREAS if head.endswith(area)]
        assert len(areas) == 1, f"cannot tell the prefecture of row {row!r}"
        rows[areas[0]] = (match.group(1), row)
    return rows


def test_every_table_phone_is_its_organizations(
    kb: KnowledgeBase, text: str, table_span: tuple[int, int]
) -> None:
    rows = table_rows(text, table_span)
    assert len(rows) == 44 == len(kb.organizations)
    by_area = {org.prefecture: org for org in kb.organizations}
    assert set(rows) == set(by_area)
    for area, (phone, row) in rows.items():
        org = by_area[area]
        assert org.phone == phone, area
        printed = squeeze(area + org.name + (org.department or "") + org.address)
        assert row.endswith(printed), f"{org.id}: {printed!r} not in {row!r}"


def test_every_other_phone_is_a_contact_of_its_program(
    kb: KnowledgeBase, text: str, table_span, markers
) -> None:
    seen = 0
    for match in outside_table(text, table_span, PHONE):
        phone, extension = match.group(1), match.group(2) or match.group(3)
        program_ids = owners(markers, match.start())
        for program_id in program_ids:
            contacts = kb.program(program_id).contacts
            assert any(
                c.phone == phone and c.extension == extension for c in contacts
            ), f"{phone} 内線{extension} is not a contact of {program_id}"
        seen += 1
    assert seen >= 14


def test_every_stored_phone_is_printed(kb: KnowledgeBase, text: str) -> None:
    printed = {match.group(1) for match in PHONE.finditer(text)}
    stored = {org.phone for org in kb.organizations}
    stored |= {c.phone for p in kb.programs for c in p.contacts}
    assert stored <= printed


def test_every_printed_extension_is_stored(kb: KnowledgeBase, text: str) -> None:
    printed = {
        (m.group(1), m.group(2) or m.group(3))
        for m in PHONE.finditer(text)
        if m.group(2) or m.group(3)
    }
    stored = {(c.phone, c.extension) for p in kb.programs for c in p.contacts}
    assert printed <= stored
    assert {ext for _, ext in printed} == {"2577", "2105", "2643", "3855", "3823"}


# --- 万円 amounts and fractions ----------------------------------------------


def cap_values(kb: KnowledgeBase, program_id: str) -> set[int]:
    caps = kb.program(program_id).caps
    values = set(caps.per_case_yen.values())
    values |= {v for v in (caps.per_company_yen, caps.per_procedure_yen, caps.limit_yen) if v}
    return values


def test_every_amount_is_a_cap_of_its_program(
    kb: KnowledgeBase, text: str, table_span, markers
) -> None:
    found: dict[str, set[int]] = {}
    for match in outside_table(text, table_span, AMOUNT):
        yen = int(match.group(1).replace(",", "")) * 10_000
        for program_id in owners(markers, match.start()):
            assert yen in cap_values(kb, program_id), f"{yen} not a cap of {program_id}"
            found.setdefault(program_id, set()).add(yen)
    # And the other way round: no stored cap that the brochure does not print.
    for program in kb.programs:
        assert cap_values(kb, program.id) <= found.get(program.id, set()), program.id
    assert sum(len(v) for v in found.values()) >= 12


def stored_rates(kb: KnowledgeBase, program_id: str) -> set[Fraction]:
    program = kb.program(program_id)
    rates = {entry.rate for entry in program.rates_by_class}
    return rates | {r for r in (program.rate, program.renewal_rate) if r is not None}


def test_every_fraction_is_a_rate_of_its_program(
    kb: KnowledgeBase, text: str, table_span, markers
) -> None:
    without_urls = URL.sub(lambda m: " " * len(m.group()), text)
    found: dict[str, set[Fraction]] = {}
    for match in outside_table(without_urls, table_span, FRACTION):
        rate = Fraction(int(match.group(1)), int(match.group(2)))
        for program_id in owners(markers, match.start()):
            assert rate in stored_rates(kb, program_id), f"{rate} not on {program_id}"
            found.setdefault(program_id, set()).add(rate)
    for program in kb.programs:
        assert stored_rates(kb, program.id) <= found.get(program.id, set()), program.id
    assert found["pct_fee_reduction"] == {
        Fraction(1, 2),
        Fraction(1, 3),
        Fraction(1, 4),
    }
    assert found["litigation_insurance"] == {Fraction(1, 2), Fraction(1, 3)}


def test_pct_rates_belong_to_the_right_applicant_classes(kb: KnowledgeBase) -> None:
    program = kb.program("pct_fee_reduction")
    assert program.rate_for_class("sme_university") == Fraction(1, 2)
    assert program.rate_for_class("small_startup") == Fraction(1, 3)
    assert program.rate_for_class("fukushima") == Fraction(1, 4)
    labels = [entry.applicant_class for entry in program.rates_by_class]
    assert labels == [
        "中小企業・大学",
        "小規模企業・中小スタートアップ企業",
        "福島浜通り等の中小企業",
    ]


# --- dates -----------------------------------------------------------------


def ymd(match: re.Match) -> date:
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def test_jetro_deadline_matches_the_brochure(kb: KnowledgeBase, brochure: str) -> None:
    flat = squeeze(brochure)
    match = re.search(r"各支援の応募受付は(\d{4})年(\d{1,2})月(\d{1,2})日まで", flat)
    assert match and "(予算がなくなり次第終了)" in flat[match.end() : match.end() + 20]
    for program_id in ("counterfeit_support", "defense_support", "squatting_support"):
        (entry,) = kb.program(program_id).rounds
        assert entry.closing_date == ymd(match) and entry.fiscal_year == 2025
        assert entry.budget_limited and squeeze(entry.source) in flat


def test_insurance_round_matches_the_brochure(kb: KnowledgeBase, brochure: str) -> None:
    flat = squeeze(brochure)
    start = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日始期分\(7月1日付け加入分\)より開始", flat)
    end = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日始期分まで又は予算がなくなり次第終了", flat)
    (entry,) = kb.program("litigation_insurance").rounds
    assert start and end
    assert (entry.opens, entry.closing_date) == (ymd(start), ymd(end))
    assert entry.budget_limited and entry.closes_kind == "policy_start"


def test_foreign_filing_round_has_no_assumed_end(kb: KnowledgeBase, brochure: str) -> None:
    """The brochure prints 「2025年4月以降順次」 and no end date: none is stored."""
    assert "2025年4月以降順次" in brochure
    assert "公募回数・期間については、裏表紙の各センターにお問い合わせください" in brochure
    (entry,) = kb.program("foreign_filing_support").rounds
    assert entry.opens == date(2025, 4, 1) and entry.closes == "not_published"


def test_inpit_rounds_match_the_supplement(kb: KnowledgeBase, supplement: str) -> None:
    """The 2026-03-02 → 03-23 round is 令和8年度 (FY2026) round 2, not FY2025's."""
    ran = re.search(
        r"second round of 出願手続補助 ran (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})", supplement
    )
    announced = re.search(
        r"first FY2026 round of 出願手続補助 was announced on (\d{4}-\d{2}-\d{2})", supplement
    )
    assert ran and announced and "INPIT FY2026 (令和8年度)" in supplement
    first, second = kb.program("inpit_filing_subsidy").rounds
    assert (second.fiscal_year, second.title) == (2026, "第2回公募")
    assert second.opens == date.fromisoformat(ran.group(1))
    assert second.closing_date == date.fromisoformat(ran.group(2))
    assert (first.fiscal_year, first.title, first.closes) == (2026, "第1回公募", "not_known")
    assert first.announced == date.fromisoformat(announced.group(1))
    assert kb.source(first.source).kind == "secondary"
    assert kb.source(first.source).url in supplement


def test_office_action_rounds_match_the_supplement(kb: KnowledgeBase, supplement: str) -> None:
    match = re.search(
        r"FY2025 中間手続補助 accepted applications from (\S+) to (\S+) (\d+:\d+)", supplement
    )
    assert match and "【令和８年度】INPIT外国出願補助金（中間手続補助）" in supplement
    past, listed = kb.program("inpit_office_action_subsidy").rounds
    assert (past.opens, past.closing_date) == (
        date.fromisoformat(match.group(1)),
        date.fromisoformat(match.group(2)),
    )
    assert past.closes_time == match.group(3)
    assert (listed.fiscal_year, listed.closes) == (2026, "not_known")
    assert "【令和８年度】INPIT外国出願補助金（中間手続補助）" in kb.source(listed.source).title


def test_fy2026_inpit_facts_cite_the_press_release(kb: KnowledgeBase, supplement: str) -> None:
    assert "INPIT press release of 2026-03-02" in supplement
    for fact_id in ("jgrants", "university_cap", "cap_shared_across_rounds"):
        fact = kb.fact(fact_id)
        source = kb.source(fact.source)
        assert source is not None and source.published == "2026-03-02", fact_id
        assert (fact.fiscal_year, fact.as_of) == (2026, date(2026, 3, 2))


# --- non-implementing prefectures, sources and URLs ---------------------------


def test_non_implementing_prefectures_match_the_brochure(kb: KnowledgeBase, brochure: str) -> None:
    match = re.search(r"令和7年度については、(.+?)では実施していません", brochure)
    assert match
    printed = set(match.group(1).split("、"))
    assert printed == {"東京都", "長崎県", "大分県", "沖縄県"}
    assert {gap.prefecture for gap in kb.non_implementing} == printed


def test_every_heading_source_is_in_the_brochure(kb: KnowledgeBase, brochure: str) -> None:
    flat = squeeze(brochure)
    entries = [*kb.programs, *kb.organizations, *kb.non_implementing, *kb.facts]
    entries += [entry for program in kb.programs for entry in program.rounds]
    entries += kb.eligibility.requirements
    for entry in entries:
        if not is_url(entry.source) and kb.source(entry.source) is None:
            assert squeeze(entry.source) in flat, entry.source


def test_every_program_url_is_printed_in_a_source(
    kb: KnowledgeBase, brochure: str, supplement: str
) -> None:
    printed = squeeze(brochure) + squeeze(supplement)
    urls = [p.url for p in kb.programs if p.url]
    urls += [link.url for p in kb.programs for link in p.links]
    urls += [s.url for s in kb.sources if s.url]
    for url in urls:
        assert squeeze(url) in printed, url


# Sources the supplement names without a URL (see facts.yml source_note).
UNPRINTED_FACT_SOURCES = {"https://www.wipo.int/treaties/en/ip/paris/"}


def test_every_fact_url_is_printed_in_a_source(
    kb: KnowledgeBase, brochure: str, supplement: str
) -> None:
    printed = squeeze(brochure) + squeeze(supplement)
    for fact in kb.facts:
        if is_url(fact.source) and fact.source not in UNPRINTED_FACT_SOURCES:
            assert squeeze(fact.source) in printed, fact.id


def test_picture_captions_are_not_stored(kb: KnowledgeBase) -> None:
    # 「Original Copy 本物 偽物 ¥250,000 ¥25,000」 is a picture caption, not a figure.
    for program in kb.programs:
        assert not {250_000, 25_000} & cap_values(kb, program.id)
