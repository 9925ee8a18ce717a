"""A situation's program is not answered when knowledge/ says it does not fit the message."""

from __future__ import annotations

import pytest

from actions.program_actions import ActionAnswerProgram
from knowledge.right_types import rights_named
from tests.actions.conftest import make_tracker, run_action, slot_set, texts

OUT_OF_SCOPE = "このチャットボットの対象外です"


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("ask_litigation_insurance", "海外向けのPL保険にも入った方がいいでしょうか"),
        ("ask_litigation_insurance", "輸出するなら貿易保険は必要ですか"),
        ("ask_squatting_support", "中国でドメインを先に取られてしまいました"),
        ("ask_office_action_subsidy", "審査請求の費用が中小企業なら減免されると聞きました"),
    ],
)
def test_another_schemes_word_is_out_of_scope(intent: str, text: str, kb) -> None:
    messages, events = run_action(ActionAnswerProgram(), make_tracker(intent, text=text))
    reply = texts(messages)
    assert OUT_OF_SCOPE in reply.splitlines()[0]
    assert "0570-082100" in reply
    assert not [e for e in events if e.get("name") == "program"]


def test_a_named_program_is_answered_despite_a_look_alike(kb) -> None:
    text = "訴訟保険とPL保険の違いを教えてください"
    messages, _ = run_action(
        ActionAnswerProgram(), make_tracker("ask_litigation_insurance", text=text)
    )
    assert f"【{kb.program('litigation_insurance').name}】" in texts(messages).splitlines()[0]


def test_a_patent_taken_abroad_is_not_a_squatted_trademark(kb) -> None:
    text = "委託先が無断で当社の技術を現地で特許出願していました"
    messages, events = run_action(
        ActionAnswerProgram(), make_tracker("ask_squatting_support", text=text)
    )
    reply = texts(messages)
    desk = kb.program("overseas_ip_desk")
    first = reply.splitlines()[0]
    assert "商標が対象のため、特許には使えません" in first
    assert f"【{desk.name}】" in first
    assert "【冒認" not in reply
    assert slot_set(events, "program") == desk.id


def test_a_squatted_brand_with_a_patent_beside_it_is_still_squatting(kb) -> None:
    text = "中国で特許庁に相談したら、うちのロゴが先に商標登録されていました"
    messages, _ = run_action(
        ActionAnswerProgram(), make_tracker("ask_squatting_support", text=text)
    )
    assert f"【{kb.program('squatting_support').name}】" in texts(messages).splitlines()[0]


@pytest.mark.parametrize(
    ("text", "rights"),
    [
        ("特許庁に相談したい", set()),
        ("特許事務所で発明を出願", {"patent"}),
        ("ロゴとデザインを真似された", {"trademark", "design"}),
    ],
)
def test_rights_named_skips_institutions(text: str, rights: set[str]) -> None:
    assert rights_named(text) == rights


def test_a_patent_to_be_filed_before_harm_gets_the_filing_subsidy(kb) -> None:
    text = "今後中国に進出する予定です。事前に中国で特許を取っておきたい"
    messages, _ = run_action(
        ActionAnswerProgram(), make_tracker("ask_squatting_support", text=text)
    )
    first = texts(messages).splitlines()[0]
    assert f"【{kb.program('foreign_filing_support').name}】" in first
