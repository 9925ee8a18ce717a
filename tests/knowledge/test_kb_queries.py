"""The query API the actions use: programs, search, facts, right types."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction

import pytest

from knowledge import KnowledgeBase

PROGRAM_IDS = [
    "foreign_filing_support",
    "pct_fee_reduction",
    "counterfeit_support",
    "defense_support",
    "squatting_support",
    "litigation_insurance",
    "inpit_filing_subsidy",
    "inpit_office_action_subsidy",
    "inpit_ip_desk",
    "overseas_ip_desk",
    "reports_manuals",
    "iippf",
    "copy_campaign",
]
FACT_IDS = [
    "payment_timing",
    "already_filed_abroad",
    "no_domestic_application",
    "deemed_large",
    "priority_period",
    "old_names",
    "pct_japanese_only",
    "pct_request_timing",
    "pct_students",
    "insurance_coverage",
    "insurance_period",
    "counterfeit_local_rights",
    "desk_hours",
    "navi_dial_charges",
    "desk_free",
    "individual_applicant",
    "overseas_hq",
    "jgrants",
    "tokyo_options",
    "university_cap",
    "cap_shared_across_rounds",
]
JPO_DESK = ("03-3581-1101", "2577")
POLITE_ENDINGS = ("です", "ます", "ません", "ください", "でした", "ました")


def is_polite(text: str) -> bool:
    """Every sentence ends in です・ます form (a closing parenthetical aside)."""
    sentences = [s for s in text.split("。") if s]
    return text.endswith("。") and all(
        re.sub(r"（[^（）]*）$", "", s).endswith(POLITE_ENDINGS) for s in sentences
    )


def test_programs_in_brochure_order(kb: KnowledgeBase) -> None:
    assert [p.id for p in kb.programs] == PROGRAM_IDS
    assert all(p.fiscal_year == 2025 for p in kb.programs)  # figures of the FY2025 brochure


def test_inpit_eligibility_details(kb: KnowledgeBase) -> None:
    target = kb.program("inpit_filing_subsidy").target
    assert "商工会議所等（地域団体商標の出願に限ります）" in target


def test_fukushima_rate_carries_its_period_caveat(kb: KnowledgeBase) -> None:
    pct = kb.program("pct_fee_reduction")
    limited = [e.key for e in pct.rates_by_class if e.time_limited]
    assert limited == ["fukushima"]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("squatting_support", "squatting_support"),
        ("冒認", "squatting_support"),
        ("抜け駆け", "squatting_support"),
        ("先取り", "squatting_support"),
        ("模倣品", "counterfeit_support"),
        ("コピー商品", "counterfeit_support"),
        ("偽物", "counterfeit_support"),
        ("パクリ", "counterfeit_support"),
        ("ﾊﾟｸﾘ", "counterfeit_support"),
        ("ぱくり", "counterfeit_support"),
        ("中小企業等外国出願支援事業", "foreign_filing_support"),
        ("ジェトロの外国出願補助金", "inpit_filing_subsidy"),
        ("ＪＥＴＲＯの外国出願補助金", "inpit_filing_subsidy"),
        ("INPIT外国出願補助金", "inpit_filing_subsidy"),
        ("中間手続補助", "inpit_office_action_subsidy"),
        ("知財戦略エキスパート", "overseas_ip_desk"),
        ("iippf", "iippf"),
        ("カワンゾちゃん", "copy_campaign"),
        ("海外知財訴訟保険事業", "litigation_insurance"),
        ("軽減・支援措置", "pct_fee_reduction"),
    ],
)
def test_program_by_id_or_alias(kb: KnowledgeBase, key: str, expected: str) -> None:
    assert kb.program(key).id == expected


@pytest.mark.parametrize("key", ["", "ラーメン", "no_such_program"])
def test_unknown_program_is_none(kb: KnowledgeBase, key: str) -> None:
    assert kb.program(key) is None


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("警告状", "defense_support"),
        ("警告状が届いた", "defense_support"),
        ("訴えられた", "defense_support"),
        ("抜け駆け出願された", "squatting_support"),
        ("商標を取られた", "squatting_support"),
        ("偽物が売られている", "counterfeit_support"),
        ("パクられた", "counterfeit_support"),
        ("コピー商品", "counterfeit_support"),
        ("拒絶理由通知の費用", "inpit_office_action_subsidy"),
        ("中間応答", "inpit_office_action_subsidy"),
        ("外国出願の補助金、大阪だとどこ？", "foreign_filing_support"),
        ("PCTの手数料", "pct_fee_reduction"),
        ("保険", "litigation_insurance"),
        ("相談したい", "inpit_ip_desk"),
        ("マニュアル", "reports_manuals"),
        ("IIPPF", "iippf"),
        ("ジェトロ", "counterfeit_support"),
    ],
)
def test_find_programs_best_first(kb: KnowledgeBase, query: str, expected_first: str) -> None:
    assert kb.find_programs(query)[0].id == expected_first


@pytest.mark.parametrize(
    "query",
    [
        "現地の代理店がうちのロゴを勝手に登録してた",  # issue 11, pattern 2
        "向こうで先に商標を取られてしまったらしい",
        "タイで、うちのブランド名が知らない会社に登録されていました",
        "台湾の取引先に社名を無断で出願されたみたいです",
    ],
)
def test_a_squatted_mark_told_with_words_in_between_is_found(kb: KnowledgeBase, query: str) -> None:
    assert kb.find_programs(query)[0].id == "squatting_support"


@pytest.mark.parametrize(
    "query",
    [
        "中国で商標を取られないためにはどうすればいいですか",  # prevention: foreign filing
        "インドネシアで商標が登録されるまで何か月かかりますか",
        "アメリカで商標登録されている商品を日本で売っても大丈夫ですか",
        "先に商標を出願しておきたい",
    ],
)
def test_a_mark_not_taken_by_anyone_is_not_squatting(kb: KnowledgeBase, query: str) -> None:
    assert "squatting_support" not in [p.id for p in kb.find_programs(query)]


def test_find_programs_lists_all_jetro_programs(kb: KnowledgeBase) -> None:
    ids = [p.id for p in kb.find_programs("JETRO")][:3]
    assert ids == ["counterfeit_support", "defense_support", "squatting_support"]


@pytest.mark.parametrize("query", ["", "天気", "🍣", "x"])
def test_find_programs_without_match(kb: KnowledgeBase, query: str) -> None:
    assert kb.find_programs(query) == []


def test_jetro_programs_share_deadline_and_contact(kb: KnowledgeBase) -> None:
    for program_id in ("counterfeit_support", "defense_support", "squatting_support"):
        program = kb.program(program_id)
        (entry,) = program.rounds
        assert entry.closing_date == date(2025, 10, 31) and entry.fiscal_year == 2025
        assert entry.budget_limited and program.rate == Fraction(2, 3)
        assert [c.phone for c in program.ask_today] == ["03-3582-5198"]
        phones = {(c.phone, c.extension) for c in program.contacts}
        assert {("03-3582-5198", None), JPO_DESK} <= phones


def test_caps_by_program(kb: KnowledgeBase) -> None:
    foreign = kb.program("foreign_filing_support").caps
    assert foreign.per_company_yen == 3_000_000
    assert foreign.per_case_yen == {
        "patent": 1_500_000,
        "utility_model": 600_000,
        "design": 600_000,
        "trademark": 600_000,
        "anti_squatting_trademark": 300_000,
    }
    assert kb.program("inpit_filing_subsidy").caps.per_case_yen == foreign.per_case_yen
    office_action = kb.program("inpit_office_action_subsidy")
    assert office_action.caps.per_procedure_yen == 500_000
    assert office_action.caps.per_company_yen is None
    assert office_action.right_types == ["patent"]
    # JETRO prints 「上限額 400万円」 without saying per company.
    assert kb.program("counterfeit_support").caps.limit_yen == 4_000_000
    assert kb.program("defense_support").caps.limit_yen == 5_000_000
    assert kb.program("squatting_support").caps.limit_yen == 5_000_000
    for program_id in ("counterfeit_support", "defense_support", "squatting_support"):
        assert kb.program(program_id).caps.per_company_yen is None


def test_insurance(kb: KnowledgeBase) -> None:
    program = kb.program("litigation_insurance")
    assert (program.rate, program.renewal_rate) == (Fraction(1, 2), Fraction(1, 3))
    assert program.insurers == [
        "損保ジャパン",
        "東京海上日動火災保険",
        "三井住友海上火災保険",
    ]
    federations = [c.organization for c in program.contacts][:3]
    assert federations == ["日本商工会議所", "全国商工会連合会", "全国中小企業団体中央会"]
    # The federations run the insurance; the 取扱代理店 are others.
    assert "（取扱代理店）" not in program.how_to_apply
    assert "取扱代理店（募集代理店）を通じて" in program.how_to_apply
    (entry,) = program.rounds
    assert (entry.opens, entry.closing_date) == (date(2025, 7, 1), date(2026, 2, 1))


def test_desks(kb: KnowledgeBase) -> None:
    desk = kb.program("inpit_ip_desk").contacts[0]
    assert desk.phone == "0570-082100" and desk.hours == "平日8:30〜17:15"
    expert = kb.program("overseas_ip_desk").contacts[0]
    assert (expert.phone, expert.extension) == ("03-3581-1101", "3823")


def test_user_facing_texts_are_polite(kb: KnowledgeBase) -> None:
    for program in kb.programs:
        texts = [program.summary, program.how_to_apply, program.availability or "。"]
        texts += program.details
        for text in texts:
            assert is_polite(text), f"{program.id}: {text}"
    for gap in kb.non_implementing:
        assert gap.note is None or is_polite(gap.note)
    for requirement in kb.eligibility.requirements:
        assert is_polite(requirement.unmet), requirement.unmet
    for fact in kb.facts:
        assert fact.answer_past is None or is_polite(fact.answer_past), fact.id


def test_squatting_points_to_prevention(kb: KnowledgeBase) -> None:
    assert "foreign_filing_support" in kb.program("squatting_support").related


def test_every_related_id_exists(kb: KnowledgeBase) -> None:
    for program in kb.programs:
        assert all(kb.program(related) for related in program.related)


@pytest.mark.parametrize("fact_id", FACT_IDS)
def test_required_facts(kb: KnowledgeBase, fact_id: str) -> None:
    fact = kb.fact(fact_id)
    assert fact is not None
    assert len(fact.question) <= 20
    assert is_polite(fact.answer), fact.answer
    assert fact.programs and all(kb.program(p) for p in fact.programs)


@pytest.mark.parametrize(
    ("fact_id", "figures"),
    [
        ("priority_period", ["12か月", "6か月"]),
        ("desk_hours", ["8:30", "17:15", "0570-082100"]),
        (
            "insurance_coverage",
            ["500万円", "1,000万円", "3,000万円", "5,000万円", "10万円"],
        ),
        ("insurance_period", ["2025年7月1日", "2026年6月30日", "2026年2月1日"]),
        ("pct_request_timing", ["2023年12月31日", "2024年1月1日"]),
        ("university_cap", ["300万円"]),
        ("individual_applicant", ["個人事業主"]),
        ("jgrants", ["jGrants"]),
        ("tokyo_options", ["東京都知的財産総合センター", "INPIT外国出願補助金"]),
    ],
)
def test_facts_contain_their_figures(kb: KnowledgeBase, fact_id: str, figures: list[str]) -> None:
    for figure in figures:
        assert figure in kb.fact(fact_id).answer


def test_unknown_fact_is_none(kb: KnowledgeBase) -> None:
    assert kb.fact("no_such_fact") is None


def test_facts_for_program(kb: KnowledgeBase) -> None:
    ids = [fact.id for fact in kb.facts_for("pct_fee_reduction")]
    assert {"pct_japanese_only", "pct_request_timing", "pct_students"} <= set(ids)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("特許", "patent"),
        ("特許権", "patent"),
        ("とっきょ", "patent"),
        ("実用新案", "utility_model"),
        ("意匠", "design"),
        ("デザイン", "design"),
        ("商標", "trademark"),
        ("ブランド", "trademark"),
        ("ﾌﾞﾗﾝﾄﾞ", "trademark"),
        ("TRADEMARK", "trademark"),
        ("冒認対策商標", "anti_squatting_trademark"),
        ("抜け駆け対策", "anti_squatting_trademark"),
        ("ラーメン", None),
    ],
)
def test_normalize_right_type(kb: KnowledgeBase, text: str, key: str | None) -> None:
    assert kb.normalize_right_type(text) == key


def test_right_type_labels(kb: KnowledgeBase) -> None:
    assert kb.right_type_label("trademark") == "商標"
    assert kb.right_type_label("anti_squatting_trademark") == "冒認対策商標"


def test_pct_class_rate_from_user_words(kb) -> None:
    pct = kb.program("pct_fee_reduction")
    assert pct.class_rate_for_text("ｽﾀｰﾄｱｯﾌﾟ").key == "small_startup"
    assert pct.class_rate_for_text("福島の中小企業").key == "fukushima"
    assert pct.class_rate_for_text("大学").key == "sme_university"
    assert pct.class_rate_for_text("個人") is None
