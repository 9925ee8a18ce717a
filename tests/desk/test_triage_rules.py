"""Triage's reading of parses, without the model: each rule on hand-made NLU parses.

The parses stand in for the model's output so each rule is tested alone; the labelled
set (test_triage_model.py) measures them together with the real model.
"""

from __future__ import annotations

from typing import Any

from desk.triage import NEEDS_PERSON_REASONS, route_parses, split_sentences
from desk.triage_input import Inquiry
from knowledge import get_knowledge_base


def parse(
    text: str,
    intent: str,
    confidence: float = 0.9,
    entities: dict[str, str] | None = None,
    faq_key: str | None = None,
    faq_confidence: float = 0.0,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
    }
    if faq_key:
        response = {"intent_response_key": faq_key, "confidence": faq_confidence}
        result["response_selector"] = {"faq": {"response": response}}
    return result


def route(text: str, *parses: dict[str, Any], prefecture: str | None = None):
    return route_parses(
        Inquiry(1, "t1", text, prefecture, None), list(parses), get_knowledge_base()
    )


def test_sign_offs_and_self_introductions_are_not_parsed() -> None:
    mail = (
        "お世話になっております。\n株式会社関刃研の長谷川です。\n"
        "中国の展示会で当社製品の模倣品を見つけました。\n"
        "株式会社関刃研 長谷川 090-0000-2815 hasegawa@example.jp"
    )
    assert split_sentences(mail) == ["中国の展示会で当社製品の模倣品を見つけました。"]


def test_a_named_program_outweighs_an_unsure_classifier() -> None:
    text = "このような場合にも防衛型侵害対策支援事業は使えますでしょうか。"
    routed = route(text, parse(text, "nlu_fallback", 0.6))
    assert routed.programs[0] == "defense_support"
    assert not routed.needs_person


def test_a_faq_answer_must_be_as_sure_as_the_faq_intent() -> None:
    # A complaint the classifier files under faq with confidence 1.0, but whose best FAQ
    # answer is a guess: it does not vote, so the program is only a guess for a person.
    text = "このチャット、何聞いても同じ答えしか返ってこないんだけど。"
    routed = route(
        text, parse(text, "faq", 1.0, faq_key="faq/individual_applicant", faq_confidence=0.27)
    )
    assert routed.needs_person
    assert routed.needs_person_reason == NEEDS_PERSON_REASONS["low_confidence"]


def test_a_right_a_country_and_a_subsidy_ask_about_the_filing_subsidy() -> None:
    text = "米国で商標を出すと1件いくらまで補助してもらえますか？"
    entities = {"right_type": "商標", "country": "米国"}
    routed = route(text, parse(text, "ask_cap", 0.99, entities), prefecture="山形県")
    kb = get_knowledge_base()
    yamagata = kb.resolve_prefecture("山形県").organization
    assert routed.programs[0] == "foreign_filing_support"
    assert routed.organization == yamagata.name and routed.phone == yamagata.phone


def test_a_subsidy_for_a_right_already_held_is_not_a_filing_question() -> None:
    text = "香港では意匠登録済みです。調査費の補助はありますか？"
    entities = {"right_type": "意匠", "country": "香港"}
    routed = route(text, parse(text, "ask_cap", 0.99, entities))
    assert "foreign_filing_support" not in routed.programs


def test_a_consultation_about_going_abroad_goes_to_the_overseas_desk() -> None:
    text = "アメリカ進出を考えてます。何から始めたらいいか誰かにアドバイスほしい"
    routed = route(text, parse(text, "ask_consultation", 0.99, {"country": "米国"}))
    assert routed.programs[0] == "overseas_ip_desk"


def test_a_domestic_matter_is_left_to_a_person() -> None:
    text = "国内の特許の審査請求料を減免してもらう方法を教えてください。"
    routed = route(text, parse(text, "ask_office_action_subsidy", 0.95))
    assert routed.needs_person
    assert routed.needs_person_reason == NEEDS_PERSON_REASONS["domestic"]


def test_sending_a_warning_letter_is_counterfeit_action_not_defence() -> None:
    text = "このメーカーに警告状を送りたいのですが、作成費用を補助していただける制度はありますか。"
    routed = route(text, parse(text, "nlu_fallback", 0.6))
    assert routed.programs[0] == "counterfeit_support"
