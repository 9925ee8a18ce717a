"""Prefecture routing, the subsidy estimate, the eligibility check, clarify and handoff."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import formatting
from actions.amounts import parse_yen
from actions.conversation_actions import (
    ActionClarify,
    ActionHandoff,
    ActionOutOfScope,
    ActionShowMenu,
)
from actions.eligibility import EligibilityAnswers, evaluate
from actions.routing_actions import ActionRoutePrefecture, ValidatePrefectureForm
from actions.task_actions import ActionEligibilityResult, ActionEstimateSubsidy
from bot.nlu.readability import is_unreadable
from desk.tickets import list_tickets
from tests.actions.conftest import make_tracker, run_action, texts

NOT_IMPLEMENTED = ["東京都", "長崎県", "大分県", "沖縄県"]


def route(value: str) -> str:
    tracker = make_tracker(
        "inform_prefecture",
        text=f"{value}です",
        entities=[{"entity": "prefecture", "value": value}],
    )
    return texts(run_action(ActionRoutePrefecture(), tracker)[0])


def test_every_implementing_organization_is_reachable_with_its_phone(kb) -> None:
    for org in kb.organizations:
        reply = route(org.prefecture)
        assert org.name in reply and org.phone in reply and org.address in reply


@pytest.mark.parametrize("prefecture", NOT_IMPLEMENTED)
def test_non_implementing_prefectures_offer_inpit(kb, prefecture: str) -> None:
    reply = route(prefecture.rstrip("都県"))
    inpit = kb.program("inpit_filing_subsidy")
    first = reply.splitlines()[0]
    assert first.startswith(prefecture) and "海外出願支援事業が実施され" in first
    assert f"【{inpit.name}】" in first  # leads with what the prefecture can use
    assert inpit.contacts[0].phone in reply


def test_chiba_city_and_chiba_prefecture_differ(kb) -> None:
    city = route("千葉市")
    prefecture = route("千葉県")
    assert "千葉市産業振興財団" in city and "043-201-9504" in city
    assert "千葉県産業振興センター" in prefecture and "047-426-9200" in prefecture


@pytest.mark.parametrize("typed", ["おおさか", "オオサカ", "大阪", "大阪府"])
def test_prefecture_spellings(typed: str) -> None:
    assert "06-6748-1054" in route(typed)


def test_unknown_prefecture_is_asked_again_politely() -> None:
    reply = route("アトランティス")
    assert "都道府県名がわかりませんでした" in reply


def test_form_validation_normalises_kana() -> None:
    tracker = make_tracker(
        "inform_prefecture",
        text="ふくおか",
        entities=[{"entity": "prefecture", "value": "ふくおか"}],
    )
    result = ValidatePrefectureForm().validate_prefecture(
        "ふくおか", CollectingDispatcher(), tracker, {}
    )
    assert result == {"prefecture": "福岡県"}


@pytest.mark.parametrize(
    ("right_type", "amount", "expected"),
    [("商標", "100万円", 500_000), ("特許", "400万円", 1_500_000), ("意匠", "50万", 250_000)],
)
def test_estimate_shows_arithmetic_and_caps(kb, right_type, amount, expected) -> None:
    tracker = make_tracker("inform", slots={"right_type": right_type, "amount": amount})
    reply = texts(run_action(ActionEstimateSubsidy(), tracker)[0])
    assert f"補助額の目安は{formatting.yen(expected)}です" in reply
    assert "1/2" in reply and "上限" in reply


@pytest.mark.parametrize(
    ("text", "yen"),
    [
        ("100万円", 1_000_000),
        ("150万", 1_500_000),
        ("3,000,000円", 3_000_000),
        ("１億２０００万円", 120_000_000),
        ("50万円くらい", 500_000),
        ("未定", None),
        (None, None),
    ],
)
def test_parse_yen(text, yen) -> None:
    assert parse_yen(text) == yen


def test_eligibility_fits_and_says_why(kb) -> None:
    slots = {
        "is_sme": True,
        "is_deemed_large": False,
        "has_domestic_filing": True,
        "files_after_selection": True,
        "right_type": "特許",
    }
    reply = texts(run_action(ActionEligibilityResult(), make_tracker("inform", slots=slots))[0])
    assert kb.program("foreign_filing_support").name in reply
    assert kb.program("pct_fee_reduction").name in reply
    assert "理由" in reply and "150万円" in formatting.yen(1_500_000) and "150万円" in reply


@pytest.mark.parametrize(
    ("answers", "missing"),
    [
        (EligibilityAnswers(False, False, True, True, "patent"), "中小企業者等が対象"),
        (EligibilityAnswers(True, True, True, True, "patent"), "みなし大企業"),
        (EligibilityAnswers(True, False, False, True, "trademark"), "基礎出願"),
        (EligibilityAnswers(True, False, True, False, "design"), "すでに外国へ出願"),
    ],
)
def test_eligibility_says_what_is_missing(answers, missing) -> None:
    verdict = evaluate(answers)
    assert not verdict.fits and any(missing in m for m in verdict.missing)


def test_clarify_offers_likely_topics_then_hands_over(kb, desk_db) -> None:
    tracker = make_tracker(
        "nlu_fallback",
        text="あれってどうなった",
        ranking=[
            ("nlu_fallback", 0.5),
            ("ask_defense_support", 0.3),
            ("ask_counterfeit_support", 0.2),
        ],
    )
    messages, events = run_action(ActionClarify(), tracker)
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[:2] == ["警告状・訴訟への対応", "海外の模倣品対策"]
    second = make_tracker(
        "nlu_fallback",
        text="うーん",
        events=[
            {"event": "user", "text": "あれってどうなった"},
            {"event": "action", "name": "action_clarify"},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "うーん"},
        ],
    )
    reply = texts(run_action(ActionClarify(), second)[0])
    assert "0570-082100" in reply
    (ticket,) = list_tickets()
    assert ticket.reason == "not_understood" and ticket.sender_id == "test-user"
    assert "うーん" in [turn.text for turn in ticket.transcript]


def test_handoff_gives_desks_phones_and_hours_and_records_it(kb, desk_db) -> None:
    reply = texts(
        run_action(ActionHandoff(), make_tracker("request_human", text="人と話したい"))[0]
    )
    desk = kb.program("inpit_ip_desk").contacts[0]
    assert desk.phone in reply and desk.hours in reply
    assert "内線3823" in reply
    (ticket,) = list_tickets()
    assert ticket.reason == "user_request" and ticket.channel == "rest"


def test_out_of_scope_routes_to_the_inpit_desk() -> None:
    reply = texts(run_action(ActionOutOfScope(), make_tracker("out_of_scope", text="天気は？"))[0])
    assert "対象外" in reply and "0570-082100" in reply


def test_menu_has_buttons_with_intent_payloads() -> None:
    messages, _ = run_action(ActionShowMenu(), make_tracker("ask_capabilities"))
    assert all(b["payload"].startswith("/") for b in messages[0]["buttons"])


@pytest.mark.parametrize(
    ("text", "unreadable"),
    [("", True), ("😀😀", True), ("あ" * 5000, True), ("<img src=x>", False), ("補助金", False)],
)
def test_unreadable_input(text: str, unreadable: bool) -> None:
    assert is_unreadable(text) is unreadable


def test_a_failing_action_apologises_with_the_desk_number(monkeypatch) -> None:
    from actions import program_actions

    def broken():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(program_actions, "get_knowledge_base", broken)
    reply = texts(run_action(program_actions.ActionAnswerProgram(), make_tracker("ask_iippf"))[0])
    assert "申し訳ありません" in reply and "0570-082100" in reply


@pytest.mark.parametrize("form", ["ValidateEstimateForm", "ValidateEligibilityForm"])
def test_forms_normalise_the_right_type(form: str) -> None:
    from actions import task_actions

    validator = getattr(task_actions, form)()
    tracker = make_tracker("inform", text="デザイン")
    assert validator.validate_right_type("デザイン", CollectingDispatcher(), tracker, {}) == {
        "right_type": "意匠"
    }
    dispatcher = CollectingDispatcher()
    assert validator.validate_right_type("魚", dispatcher, tracker, {}) == {"right_type": None}
    assert "選んでください" in dispatcher.messages[0]["text"]


def test_bare_prefecture_outside_a_form_is_routed() -> None:
    from actions.routing_actions import ActionHandleInform

    tracker = make_tracker(
        "inform", text="おおさか", entities=[{"entity": "prefecture", "value": "おおさか"}]
    )
    assert "06-6748-1054" in texts(run_action(ActionHandleInform(), tracker)[0])
    other = texts(run_action(ActionHandleInform(), make_tracker("inform", text="商標です"))[0])
    assert "どのようなご相談" in other
