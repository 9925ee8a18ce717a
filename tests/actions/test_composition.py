"""Issue 11's patterns at the action level: program + aspect, several programs, going
back, prefecture follow-ups, dates, the insurance estimate, and two likely programs."""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterator

import pytest
from rasa_sdk.events import FollowupAction

from actions.conversation_actions import ActionClarify
from actions.priority_actions import ActionPriorityDeadline
from actions.program_actions import ActionAnswerFollowup, ActionAnswerProgram
from actions.task_actions import ActionStartEstimate
from knowledge import clock
from tests.actions.conftest import make_tracker, run_action, texts


@pytest.fixture()
def on_day(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[date], None]]:
    def pin(day: date) -> None:
        monkeypatch.setenv("NAVI_TODAY", day.isoformat())
        clock.pinned_today.cache_clear()

    pin(date(2026, 12, 1))
    yield pin
    clock.pinned_today.cache_clear()


def _rate_text(kb, program_id: str) -> str:
    program = kb.program(program_id)
    return f"{program.rate.numerator}/{program.rate.denominator}"


def test_an_aspect_question_naming_a_program_answers_for_it(kb) -> None:
    tracker = make_tracker("ask_rate", text="冒認商標の支援って補助率いくつ？")
    reply = texts(run_action(ActionAnswerFollowup(), tracker)[0])
    assert "【冒認商標無効・取消係争支援事業】" in reply
    assert _rate_text(kb, "squatting_support") in reply


def test_a_program_question_carrying_an_aspect_answers_the_aspect(kb) -> None:
    tracker = make_tracker("ask_defense_support", text="防衛型の問い合わせ先の電話番号を教えて")
    reply = texts(run_action(ActionAnswerProgram(), tracker)[0])
    assert reply.startswith("【防衛型侵害対策支援事業】")
    assert kb.program("defense_support").contacts[0].phone in reply
    assert "■補助率" not in reply  # only the asked aspect, not the whole answer


def test_a_named_earlier_program_wins_over_the_last_one(kb) -> None:
    tracker = make_tracker(
        "ask_cap", text="さっきの外国出願の方の上限は？", slots={"program": "defense_support"}
    )
    reply = texts(run_action(ActionAnswerFollowup(), tracker)[0])
    assert "【海外出願支援事業】" in reply and "300万円" in reply
    assert "防衛型" not in reply


def test_going_back_to_pct_gives_the_pct_contacts(kb) -> None:
    tracker = make_tracker(
        "ask_contact",
        text="PCTの話に戻るけど、問い合わせ先は？",
        slots={"program": "litigation_insurance"},
    )
    reply = texts(run_action(ActionAnswerFollowup(), tracker)[0])
    pct = kb.program("pct_fee_reduction")
    assert f"【{pct.name}】" in reply and pct.contacts[0].phone in reply


def test_two_situations_in_one_message_name_both_programs() -> None:
    tracker = make_tracker(
        "ask_squatting_support",
        text="中国で商標を勝手に出願されて、模倣品も出回っている。どちらの支援が使える？",
    )
    reply = texts(run_action(ActionAnswerProgram(), tracker)[0])
    assert "冒認商標無効・取消係争支援事業" in reply and "模倣品対策支援事業" in reply


def test_after_routing_the_address_is_the_centers(kb) -> None:
    tracker = make_tracker(
        "ask_contact",
        text="住所は？",
        slots={"program": "foreign_filing_support", "prefecture": "愛知県"},
    )
    reply = texts(run_action(ActionAnswerFollowup(), tracker)[0])
    org = kb.resolve_prefecture("愛知県").organization
    assert org.address in reply and org.phone in reply


def test_a_prefecture_and_a_phone_question_in_one_message(kb) -> None:
    tracker = make_tracker(
        "ask_contact",
        text="大阪の窓口の電話番号は？",
        entities=[{"entity": "prefecture", "value": "大阪"}],
    )
    reply = texts(run_action(ActionAnswerFollowup(), tracker)[0])
    assert kb.resolve_prefecture("大阪").organization.phone in reply


def test_a_city_and_a_desk_question_give_the_prefectures_center(kb) -> None:
    """「北九州の会社ですが」 names 福岡県 the way 「福岡の会社ですが」 does."""
    tracker = make_tracker(
        "ask_contact", text="北九州の会社なんやけど、海外出願の補助の窓口どこね？"
    )
    reply = texts(run_action(ActionAnswerFollowup(), tracker)[0])
    org = kb.resolve_prefecture("福岡県").organization
    assert org.name in reply and org.phone in reply
    assert "03-3581-1101" not in reply


def test_the_priority_deadline_is_worked_out_against_today(kb, on_day) -> None:
    tracker = make_tracker(
        "ask_priority_deadline",
        text="日本の特許出願は去年の5月です。間に合いますか",
        entities=[{"entity": "right_type", "value": "特許"}],
    )
    reply = texts(run_action(ActionPriorityDeadline(), tracker)[0])
    assert "2025年5月" in reply and "2026年5月で期限を過ぎています" in reply
    assert "12か月" in reply and "0570-082100" in reply


def test_a_priority_deadline_still_open_counts_the_days(kb, on_day) -> None:
    tracker = make_tracker("ask_priority_deadline", text="2026年6月10日に商標出願しました")
    reply = texts(run_action(ActionPriorityDeadline(), tracker)[0])
    assert "2026年12月10日まで、あと9日です" in reply  # 商標: 6 months
    assert "2027年6月10日まで" in reply  # 特許: 12 months


def test_the_insurance_premium_question_does_not_start_the_filing_estimate(kb) -> None:
    tracker = make_tracker("ask_subsidy_estimate", text="掛金の補助はいくらですか")
    messages, events = run_action(ActionStartEstimate(), tracker)
    assert "【海外知財訴訟費用保険】" in texts(messages)
    assert FollowupAction("action_listen") in events


def test_a_filing_estimate_still_starts_the_form(kb) -> None:
    tracker = make_tracker(
        "ask_subsidy_estimate", text="商標の外国出願で費用100万円、補助はいくら？"
    )
    messages, events = run_action(ActionStartEstimate(), tracker)
    assert messages == [] and events == []


def test_the_price_of_filing_itself_is_not_an_estimate(kb) -> None:
    """「いくらかかる？」 with no word of a subsidy: the bot cannot quote a filing's price,
    so it names the free desk and offers the estimate instead of asking for a cost."""
    text = "海外で特許を取るにはいくらぐらいかかりますか?"
    tracker = make_tracker("ask_subsidy_estimate", text=text)
    messages, events = run_action(ActionStartEstimate(), tracker)
    reply = texts(messages)
    assert "対象外" in reply and "0570-082100" in reply
    program = kb.program("foreign_filing_support")
    assert f"【{program.name}】で{program.rate}の補助" in reply
    assert messages[-1]["buttons"][0]["payload"] == "/ask_subsidy_estimate"
    assert FollowupAction("action_listen") in events


def test_the_estimate_button_and_subsidy_words_start_the_form(kb) -> None:
    for text in ("/ask_subsidy_estimate", "外国出願でいくら補助が出ますか", "いくらもらえる？"):
        messages, events = run_action(
            ActionStartEstimate(), make_tracker("ask_subsidy_estimate", text=text)
        )
        assert messages == [] and events == [], text


def test_two_likely_programs_are_both_named_with_what_each_is_for(kb) -> None:
    tracker = make_tracker(
        "nlu_fallback",
        text="商標をパクられた",
        ranking=[
            ("nlu_fallback", 0.4),
            ("ask_squatting_support", 0.35),
            ("ask_counterfeit_support", 0.33),
        ],
    )
    messages, _ = run_action(ActionClarify(), tracker)
    reply = texts(messages)
    for program_id in ("squatting_support", "counterfeit_support"):
        program = kb.program(program_id)
        assert f"【{program.name}】" in reply and program.summary in reply
    assert [b["title"] for b in messages[0]["buttons"]][:2] == [
        "商標の抜け駆け出願",
        "海外の模倣品対策",
    ]


def test_an_unsure_turn_offers_first_the_fact_whose_condition_the_text_states(kb) -> None:
    tracker = make_tracker(
        "nlu_fallback",
        text="既に外国出願を行いましたが、助成を受けることができますか。",
        ranking=[
            ("nlu_fallback", 0.6),
            ("faq", 0.49),
            ("ask_capabilities", 0.13),
            ("ask_foreign_filing_subsidy", 0.09),
        ],
    )
    messages, _ = run_action(ActionClarify(), tracker)
    buttons = messages[0]["buttons"]
    assert buttons[0]["title"] == kb.fact("already_filed_abroad").question
    payloads = [b["payload"] for b in buttons]
    assert len(payloads) == len(set(payloads)), "no button twice"
    assert kb.program("inpit_ip_desk").contacts[0].phone in texts(messages)


def test_a_warning_letter_that_arrived_becomes_an_urgent_ticket(kb) -> None:
    from desk.tickets import list_tickets

    tracker = make_tracker("ask_defense_support", text="アメリカの会社から警告状が届きました")
    messages, events = run_action(ActionAnswerProgram(), tracker)
    assert "相談窓口の記録にも残しました" in texts(messages)
    (ticket,) = list_tickets()
    assert ticket.urgency == "high" and ticket.reason == "urgent"


def test_a_warning_letter_not_yet_received_is_not_urgent(kb) -> None:
    from desk.tickets import list_tickets

    tracker = make_tracker("ask_defense_support", text="警告状が来たらどうすればいいですか")
    messages, _ = run_action(ActionAnswerProgram(), tracker)
    assert "記録にも残しました" not in texts(messages)
    assert list_tickets() == []
