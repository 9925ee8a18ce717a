"""Issue 11's patterns over REST, with the key facts a user would read.

Each test is a pattern the issue saw fail (its own example sentences, which are not in
the training data): the reply must name the right program and carry its figure or phone
number from knowledge/.
"""

from __future__ import annotations

from typing import Any

import pytest

from knowledge import get_knowledge_base
from tests.support.stack import Stack


def _text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(m.get("text") or "") for m in messages)


def _rate(program: Any) -> str:
    return f"{program.rate.numerator}/{program.rate.denominator}"


@pytest.fixture(scope="module")
def kb():
    return get_knowledge_base()


def test_1_program_and_aspect_in_one_sentence(bot: Stack, kb) -> None:
    squatting = kb.program("squatting_support")
    reply = bot.rest_text("p1-rate", "冒認商標の支援って補助率いくつ？")
    assert f"【{squatting.name}】" in reply and _rate(squatting) in reply
    defense = kb.program("defense_support")
    reply = bot.rest_text("p1-phone", "防衛型の問い合わせ先の電話番号を教えて")
    assert f"【{defense.name}】" in reply and defense.contacts[0].phone in reply


def test_1_a_prefecture_and_a_phone_question(bot: Stack, kb) -> None:
    org = kb.resolve_prefecture("大阪").organization
    assert org.phone in bot.rest_text("p1-osaka", "大阪の窓口の電話番号を教えてください")


def test_2_a_squatted_logo_told_as_a_story(bot: Stack, kb) -> None:
    reply = bot.rest_text("p2-logo", "現地の代理店がうちのロゴを勝手に登録してた")
    assert f"【{kb.program('squatting_support').name}】" in reply


@pytest.mark.parametrize(
    ("text", "program_id"),
    [
        # words between the mark and what happened to it (knowledge: situation_patterns)
        ("国内で有名にしたブランドをいざ海外展開しようとしたら、タイですでに他人に商標登録されていました",
         "squatting_support"),
        ("何年も育ててきた屋号なのに、台湾で知らない会社に商標を押さえられていたんです",
         "squatting_support"),
        # a dispute placed abroad (SituationDoubt answers it)
        ("ドイツで販売を始めたら、現地企業が持っている特許を侵害しているとして訴えられました",
         "defense_support"),
    ],
)  # fmt: skip
def test_2_a_dispute_told_as_a_story_names_the_program_and_jetro(
    bot: Stack, kb, text: str, program_id: str
) -> None:
    reply = bot.rest_text(f"p2-story-{program_id}-{len(text)}", text)
    program = kb.program(program_id)
    assert f"【{program.name}】" in reply
    assert program.ask_today[0].phone in reply  # ジェトロ 知的財産課


def test_3_protecting_a_brand_before_trouble(bot: Stack, kb) -> None:
    reply = bot.rest_text("p3-brand", "輸出を始める前に現地で商標を押さえておきたい")
    assert f"【{kb.program('foreign_filing_support').name}】" in reply


def test_5_an_ip_question_outside_the_programs_routes_to_the_desk(bot: Stack) -> None:
    reply = bot.rest_text("p5-oos", "弁理士に頼むと費用はいくらくらいですか")
    assert "0570-082100" in reply


def test_6_a_loose_follow_up(bot: Stack, kb) -> None:
    bot.rest("p6-loose", "海外で偽物が売られていて困っています")
    reply = bot.rest_text("p6-loose", "で、いくらぐらい出るの？")
    counterfeit = kb.program("counterfeit_support")
    assert f"【{counterfeit.name}】" in reply and "上限" in reply


def test_7_a_city_instead_of_a_prefecture(bot: Stack, kb) -> None:
    bot.rest("p7-city", "外国出願の補助金を使いたい")
    reply = bot.rest_text("p7-city", "浜松の工場です")
    assert kb.resolve_prefecture("静岡県").organization.phone in reply


@pytest.mark.parametrize(
    ("text", "prefecture"),
    [
        ("北九州の会社なんやけど、海外出願の補助の窓口どこね？", "福岡県"),
        ("北九州市の会社です。海外出願の補助の窓口はどこですか", "福岡県"),
        ("横浜の会社です。外国出願の補助はどこに申し込めばいいですか", "神奈川県"),
    ],
)
def test_7_a_city_and_the_desk_question_in_one_message(
    bot: Stack, kb, text: str, prefecture: str
) -> None:
    org = kb.resolve_prefecture(prefecture).organization
    reply = bot.rest_text(f"p7-{text[:4]}", text)
    assert org.name in reply and org.phone in reply


def test_7_asking_for_a_person_in_own_words(bot: Stack) -> None:
    assert "0570-082100" in bot.rest_text("p7-person", "直接だれかに電話で聞けませんか")


def test_8_going_back_to_an_earlier_program(bot: Stack, kb) -> None:
    bot.rest("p8-back", "外国出願の補助金を使いたい")
    bot.rest("p8-back", "海外から警告状が届いた")
    reply = bot.rest_text("p8-back", "さっきの外国出願の方の上限は？")
    assert f"【{kb.program('foreign_filing_support').name}】" in reply and "300万円" in reply


def test_9_after_routing_the_address_is_the_centers(bot: Stack, kb) -> None:
    bot.rest("p9-addr", "外国出願の補助金を使いたい")
    bot.rest("p9-addr", "愛知です")
    org = kb.resolve_prefecture("愛知").organization
    assert org.address in bot.rest_text("p9-addr", "住所は？")
    assert org.phone in bot.rest_text("p9-addr", "電話番号は？")


def test_9_a_typed_button_title_after_routing_is_that_button(bot: Stack, kb) -> None:
    """「申請方法は？」 is offered as a button under the center; typed, it read as faq."""
    bot.rest("p9-typed", "外国出願の補助金")
    offered = bot.rest("p9-typed", "大阪です")
    assert "申請方法は？" in [b["title"] for m in offered for b in m.get("buttons") or []]
    reply = bot.rest_text("p9-typed", "申請方法は？")
    assert "自信がありません" not in reply
    assert kb.resolve_prefecture("大阪").organization.phone in reply


def test_10_two_questions_in_one_message(bot: Stack, kb) -> None:
    reply = bot.rest_text(
        "p10-two", "中国で商標を勝手に出願されて、模倣品も出回っている。どちらの支援が使える？"
    )
    assert kb.program("squatting_support").name in reply
    assert kb.program("counterfeit_support").name in reply


def test_11_a_date_in_the_question(bot: Stack) -> None:
    reply = bot.rest_text("p11-date", "日本の特許出願は去年の5月です。間に合いますか")
    assert "2026年5月で期限を過ぎています" in reply


def test_12_the_insurance_premium_does_not_start_the_filing_estimate(bot: Stack, kb) -> None:
    reply = bot.rest_text("p12-premium", "掛金の補助はいくらですか")
    assert f"【{kb.program('litigation_insurance').name}】" in reply
    assert "権利の種類" not in reply


def test_a_coverage_question_is_about_the_program_under_discussion(bot: Stack, kb) -> None:
    """「…は対象になりますか」 is never out of scope: in context it gets that program's
    covered and excluded costs; in a fresh conversation, the question which program."""
    program = kb.program("foreign_filing_support")
    bot.rest_text("cov-context", "外国出願の補助金について教えてください")
    reply = bot.rest_text("cov-context", "審査請求料や年金なども対象になりますか")
    assert "対象外です" not in reply
    assert f"【{program.name}】" in reply and program.covered_costs[0] in reply
    assert program.not_covered[0] in reply
    fresh = bot.rest_text("cov-fresh", "弁理士に払う維持年金の手数料も対象ですか")
    assert "対象外です" not in fresh and kb.wording.say("lead.which_program") in fresh


def test_a_topic_change_inside_a_form_is_answered(bot: Stack, kb) -> None:
    """「やっぱり…の話です」 and 「いや、…の話です」 were read as stop or deny: the form
    ended or asked again, and the new topic was lost."""
    squatting = kb.program("squatting_support")
    bot.rest_text("topic-estimate", "補助額の試算をしたい")
    reply = bot.rest_text("topic-estimate", "やっぱり冒認の話です")
    assert f"【{squatting.name}】" in reply and _rate(squatting) in reply
    counterfeit = kb.program("counterfeit_support")
    bot.rest_text("topic-prefecture", "外国出願の補助金を使いたい")
    reply = bot.rest_text("topic-prefecture", "いや、やっぱり模倣品の話です")
    assert f"【{counterfeit.name}】" in reply and counterfeit.contacts[0].phone in reply


def test_a_claim_with_no_place_is_asked_where_then_answered(bot: Stack, kb) -> None:
    """「知らない企業から警告書が送られてきた」 names no place: most such letters on public
    pages were between Japanese companies. The bot asks, then answers either way."""
    defense = kb.program("defense_support")
    sender = "claim-where"
    reply = bot.rest(sender, "知らない企業から、いきなり警告書が送られてきた")
    assert "相手は、海外の企業ですか" in reply[0]["text"] and "0570-082100" in reply[0]["text"]
    payloads = [b["payload"] for b in reply[-1]["buttons"]]
    assert payloads == ["/ask_defense_support", "/out_of_scope"]
    abroad = bot.rest_text(sender, payloads[0])
    assert f"【{defense.name}】" in abroad and defense.contacts[0].phone in abroad
    home = bot.rest_text("claim-home", "知らない企業から、いきなり警告書が送られてきた")
    home = bot.rest_text("claim-home", "/out_of_scope")
    assert "対象外です" in home and "0570-082100" in home
    bot.rest_text("claim-typed", "警告状が届いた")
    typed = bot.rest_text("claim-typed", "アメリカの会社です")  # read as inform, with a country
    assert f"【{defense.name}】" in typed and defense.contacts[0].phone in typed
    direct = bot.rest_text("claim-china", "中国の会社から警告状が届きました")
    assert f"【{defense.name}】" in direct.splitlines()[0]


def test_other_schemes_and_rights_are_not_the_program(bot: Stack, kb) -> None:
    """PL保険 is not 訴訟保険, and a patent taken abroad is not a squatted trademark."""
    pl = bot.rest_text("fit-pl", "海外向けのPL保険にも入った方がいいでしょうか")
    assert "対象外です" in pl and kb.program("litigation_insurance").name not in pl
    desk = kb.program("overseas_ip_desk")
    patent = bot.rest_text("fit-patent", "委託先が無断で当社の技術を現地で特許出願していました")
    assert f"【{desk.name}】" in patent and desk.contacts[0].phone in patent
    prevent = bot.rest_text("fit-prevent", "中国で商標を抜け駆け登録されないためには？")
    assert f"【{kb.program('foreign_filing_support').name}】" in prevent.splitlines()[0]
