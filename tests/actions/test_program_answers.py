"""Program answers: the figures, deadline and phone numbers come from knowledge/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from actions import formatting, program_actions
from actions.intent_map import INTENT_TO_PROGRAM
from actions.program_actions import ActionAnswerFaq, ActionAnswerFollowup, ActionAnswerProgram
from knowledge import KnowledgeBase
from tests.actions.conftest import make_tracker, run_action, texts


@pytest.mark.parametrize("intent", sorted(INTENT_TO_PROGRAM))
def test_every_situation_names_its_program_with_all_phone_numbers(kb, intent: str) -> None:
    program = kb.program(INTENT_TO_PROGRAM[intent])
    messages, events = run_action(ActionAnswerProgram(), make_tracker(intent))
    reply = texts(messages)
    assert reply.splitlines()[0].count(program.name) == 1, "first line names the program"
    for contact in program.contacts:
        assert contact.phone in reply
        if contact.extension:
            assert f"内線{contact.extension}" in reply
    assert {"event": "slot", "name": "program", "value": program.id} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


def test_warning_letter_answer_has_rate_cap_closed_deadline_and_jetro_phone(kb) -> None:
    reply = texts(run_action(ActionAnswerProgram(), make_tracker("ask_defense_support"))[0])
    program = kb.program("defense_support")
    assert "防衛型侵害対策支援事業" in reply.splitlines()[0]
    assert f"補助率：{formatting.fraction(program.rate)}" in reply
    assert formatting.yen(program.caps.limit_yen) in reply
    assert "2025年10月31日で受付を終了しました" in reply
    assert "03-3582-5198" in reply


def test_squatting_answer_also_offers_anti_squatting_trademark_prevention(kb) -> None:
    messages, _ = run_action(ActionAnswerProgram(), make_tracker("ask_squatting_support"))
    reply = texts(messages)
    assert "冒認商標無効・取消係争支援事業" in reply
    cap = kb.program("foreign_filing_support").caps.per_case_yen["anti_squatting_trademark"]
    assert "冒認対策商標" in reply and formatting.yen(cap) in reply


def test_office_action_answer_is_inpit(kb) -> None:
    reply = texts(run_action(ActionAnswerProgram(), make_tracker("ask_office_action_subsidy"))[0])
    program = kb.program("inpit_office_action_subsidy")
    assert program.name in reply
    assert formatting.yen(program.caps.per_procedure_yen) in reply


@pytest.mark.parametrize(
    ("intent", "expected"),
    [
        ("ask_rate", lambda p: f"補助率：{formatting.fraction(p.rate)}"),
        ("ask_cap", lambda p: formatting.yen(p.caps.limit_yen)),
        ("ask_deadline", lambda p: "受付を終了しました"),
        ("ask_contact", lambda p: p.contacts[0].phone),
        ("ask_requirements", lambda p: p.requirements[0]),
        ("ask_how_to_apply", lambda p: p.how_to_apply),
    ],
)
def test_followups_answer_for_the_program_under_discussion(kb, intent, expected) -> None:
    program = kb.program("counterfeit_support")
    tracker = make_tracker(intent, slots={"program": program.id})
    reply = texts(run_action(ActionAnswerFollowup(), tracker)[0])
    assert reply.startswith(f"【{program.name}】")
    assert expected(program) in reply


def test_followup_without_a_program_asks_which_one() -> None:
    messages, _ = run_action(ActionAnswerFollowup(), make_tracker("ask_rate"))
    assert "どの支援策" in texts(messages)
    assert messages[0]["buttons"]


def test_covered_costs_lists_what_is_and_is_not_covered(kb) -> None:
    program = kb.program("foreign_filing_support")
    tracker = make_tracker("ask_covered_costs", slots={"program": program.id})
    reply = texts(run_action(ActionAnswerFollowup(), tracker)[0])
    for cost in program.covered_costs:
        assert cost in reply
    if program.not_covered:
        assert "対象外" in reply


def test_faq_answer_comes_from_the_fact(kb) -> None:
    fact = kb.fact("priority_period")
    tracker = make_tracker("faq", faq_key="faq/priority_period")
    reply = texts(run_action(ActionAnswerFaq(), tracker)[0])
    assert fact.answer in reply and fact.source in reply
    assert "12か月" in reply or "12ヶ月" in reply or "12カ月" in reply


def test_deadline_is_stated_as_of_the_day(kb) -> None:
    program = kb.program("defense_support")
    before = formatting.status_text(program, kb, date(2025, 10, 1))
    after = formatting.status_text(program, kb, date(2025, 11, 1))
    assert "受付を終了" not in before and "2025年10月31日まで受け付けています" in before
    assert "令和7年度の公募は、2025年10月31日で受付を終了しました" in after


def test_a_yaml_edit_shows_up_in_the_answer(tmp_path: Path, monkeypatch) -> None:
    """Correcting one YAML line changes what the bot says, with no code change."""
    source = Path(__file__).resolve().parents[2] / "knowledge" / "data"
    target = tmp_path / "data"
    target.mkdir()
    for file in source.glob("*.yml"):
        text = file.read_text(encoding="utf-8")
        if file.name == "programs.yml":
            assert text.count("03-3582-5198") == 1, "JETRO's number is defined once"
            text = text.replace("03-3582-5198", "03-3582-9999")
        (target / file.name).write_text(text, encoding="utf-8")
    assert yaml.safe_load((target / "programs.yml").read_text(encoding="utf-8"))
    edited = KnowledgeBase.load(target)
    monkeypatch.setattr(program_actions, "get_knowledge_base", lambda: edited)
    reply = texts(run_action(ActionAnswerProgram(), make_tracker("ask_counterfeit_support"))[0])
    assert "03-3582-9999" in reply and "03-3582-5198" not in reply


def test_pct_answer_states_the_rate_for_the_named_applicant_class(kb) -> None:
    tracker = make_tracker(
        "ask_pct_fee_reduction",
        text="スタートアップですがPCTの手数料は安くなりますか",
        entities=[{"entity": "applicant_class", "value": "スタートアップ"}],
    )
    first_line = texts(run_action(ActionAnswerProgram(), tracker)[0]).splitlines()[0]
    assert "小規模企業・中小スタートアップ企業に当たる場合、手数料は1/3になります" in first_line


def _far_faq_tracker(text: str) -> object:
    """The classifier said faq, but the nearest FAQ is far (a story, or outside scope)."""
    tracker = make_tracker("faq", text=text)
    tracker.latest_message["response_selector"] = {
        "faq": {
            "response": {"intent_response_key": "faq/deemed_large", "confidence": 0.13},
            "ranking": [
                {"intent_response_key": "faq/deemed_large", "confidence": 0.13},
                {"intent_response_key": "faq/trademark_priority", "confidence": 0.08},
            ],
        }
    }
    return tracker


def test_a_far_faq_is_not_offered_alone_the_general_desk_is_named(kb) -> None:
    text = "ネットショップに知的財産の侵害だという書面が書留で届きました。どうすればいいですか"
    messages, _ = run_action(ActionAnswerFaq(), _far_faq_tracker(text))
    reply = texts(messages)
    desk = kb.program("inpit_ip_desk")
    assert "自信がありません" in reply and desk.contacts[0].phone in reply
    assert kb.fact("deemed_large").answer not in reply
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert kb.fact("deemed_large").question in titles


def test_a_far_faq_offers_the_program_the_story_describes_first(kb) -> None:
    text = "アメリカの会社から警告状が届きました。どうしたらいいでしょうか"
    messages, _ = run_action(ActionAnswerFaq(), _far_faq_tracker(text))
    first = messages[0]["buttons"][0]
    assert first["payload"] == "/ask_defense_support"


@pytest.mark.parametrize(
    ("intent", "text", "fact_id"),
    [
        (
            "ask_foreign_filing_subsidy",
            "既に外国出願（特許・商標）を行いましたが、助成を受けることはできますか",
            "already_filed_abroad",
        ),
        (
            "ask_inpit_subsidy",
            "日本ではまだ出願していないのですが、INPITの補助金は使えますか",
            "no_domestic_application",
        ),
        (
            "ask_counterfeit_support",
            "海外で商品を真似されています。現地で出願はまだしていません",
            "counterfeit_local_rights",
        ),
    ],
)
def test_a_question_that_states_a_facts_condition_gets_that_fact(
    kb, intent: str, text: str, fact_id: str
) -> None:
    messages, events = run_action(ActionAnswerProgram(), make_tracker(intent, text=text))
    reply = texts(messages)
    fact = kb.fact(fact_id)
    assert reply.startswith(f"【{fact.question}】") and fact.answer in reply
    assert any(e.get("name") == "program" for e in events)


def test_a_japanese_base_application_is_not_read_as_already_filed_abroad(kb) -> None:
    text = "日本に出願済みの特許を、外国にも出願したいのですが補助はありますか"
    reply = texts(
        run_action(ActionAnswerProgram(), make_tracker("ask_foreign_filing_subsidy", text=text))[0]
    )
    assert reply.splitlines()[0].startswith("【海外出願支援事業】")
    assert kb.fact("already_filed_abroad").answer not in reply
