"""Over REST, on a given day: fiscal-year labels, no assumed deadlines, what to do today.

The real Rasa server and action server, started with NAVI_TODAY so the answers are
those of 2026-12-01 whichever day CI runs on; expectations come from knowledge/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from knowledge import get_knowledge_base
from tests.support.stack import Stack, running_bot

TODAY = date(2026, 12, 1)
SENTENCE_END = re.compile(r"(?<=。)")
PAST_ROUND = re.compile(r"受付を終了しました|受け付けました|終了しています|終了しました")


@pytest.fixture(scope="module")
def bot_today() -> Iterator[Stack]:
    with running_bot(env={"NAVI_TODAY": TODAY.isoformat()}) as stack:
        yield stack


def sentences(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in SENTENCE_END.split(line) if s]


def assert_closed_rounds_name_their_year(text: str) -> None:
    for sentence in sentences(text):
        if PAST_ROUND.search(sentence) and "令和" not in sentence:
            # a closed-round sentence must say which fiscal year it was about
            raise AssertionError(f"no fiscal year in: {sentence}")


def test_inpit_answer_names_fy2026_and_what_is_known(bot_today: Stack) -> None:
    kb = get_knowledge_base()
    program = kb.program("inpit_filing_subsidy")
    label = kb.fiscal_year_label(kb.current_fiscal_year(TODAY))
    text = bot_today.rest_text("kt-inpit", "INPIT外国出願補助金について教えて")
    assert program.name in text.splitlines()[0]
    assert label == "令和8年度"
    assert f"{label}の第2回公募は、2026年3月2日から2026年3月23日まで受け付けました" in text
    assert f"{label}の第1回公募は、2025年12月1日に公表されました" in text
    assert "jGrants" in text and "大学等には1事業者あたりの上限（300万円）がありません" in text
    assert "03-3581-1101（内線3855）" in text and "0570-082100" in text
    assert_closed_rounds_name_their_year(text)


def test_foreign_filing_deadline_no_longer_claims_march_31(bot_today: Stack) -> None:
    asked = bot_today.rest_text("kt-deadline-1", "海外出願支援事業の締切は？")
    assert "2026年3月31日" not in asked and "年度末" not in asked
    bot_today.rest("kt-deadline-2", "海外出願支援事業について教えて")
    text = bot_today.rest_text("kt-deadline-2", "締切は？")
    assert "【海外出願支援事業】" in text
    assert "2026年3月31日" not in text and "年度末" not in text
    assert "令和7年度の公募は終了しています" in text
    assert "令和8年度の実施状況" in text and "0570-082100" in text
    assert_closed_rounds_name_their_year(text)


@pytest.mark.parametrize(
    ("message", "program_id"),
    [
        ("海外から警告状が届いた", "defense_support"),
        ("海外で偽物が売られていて困っています", "counterfeit_support"),
        ("中国で商標を抜け駆け出願された", "squatting_support"),
        ("海外知財訴訟費用保険について教えて", "litigation_insurance"),
        ("外国の拒絶理由通知への対応費用の補助はありますか", "inpit_office_action_subsidy"),
    ],
)
def test_closed_rounds_name_their_year_and_what_to_do_today(
    bot_today: Stack, message: str, program_id: str
) -> None:
    kb = get_knowledge_base()
    program = kb.program(program_id)
    messages = bot_today.rest(f"kt-closed-{program_id}", message)
    core = messages[0]["text"]
    assert program.name in core.splitlines()[0]
    assert len(core) <= 250
    text = "\n".join(m.get("text", "") for m in messages)
    assert_closed_rounds_name_their_year(text)
    last = core.splitlines()[-1]  # the core ends with what the user can do today
    for phone in ["0570-082100", "03-3581-1101（内線3823）"] + [c.phone for c in program.ask_today]:
        assert phone in last, last
    assert text.count(program.url) == 1


def test_warning_letter_gives_jetro_and_the_free_desks(bot_today: Stack) -> None:
    core = bot_today.rest("kt-jetro", "海外から警告状が届いた")[0]["text"]
    assert "令和7年度の公募は、2025年10月31日で受付を終了しました" in core
    assert "令和8年度の公募の予定は、こちらではまだ確認できていません" in core
    assert "03-3582-5198" in core and "0570-082100" in core


def test_nagasaki_is_not_told_a_program_it_cannot_use(bot_today: Stack) -> None:
    text = bot_today.rest_text("kt-nagasaki", "長崎です。海外に特許を出したい")
    first = text.splitlines()[0]
    assert first.startswith("長崎県では令和7年度の海外出願支援事業が実施されず")
    assert "INPIT外国出願補助金" in first
    assert "【海外出願支援事業】が当てはまります" not in text
    assert text.count(first) == 1  # said once, though two actions ran


def test_prefecture_answer_names_the_year_of_its_list(bot_today: Stack) -> None:
    bot_today.rest("kt-osaka", "外国出願の補助金を使いたい")
    text = bot_today.rest_text("kt-osaka", "大阪です")
    assert "（令和7年度の実施機関）" in text and "06-6748-1054" in text
    assert "令和8年度の実施状況や公募の時期は、こちらではまだ確認できていません" in text


def test_short_on_request_and_no_repetition(bot_today: Stack) -> None:
    sender = "kt-short"
    bot_today.rest(sender, "スマホなので短くお願いします")
    short = bot_today.rest(sender, "海外から警告状が届いた")
    # The core only, then the note that the urgent case was recorded for the desk.
    note = get_knowledge_base().wording.say("handoff.urgent_recorded")
    assert [m["text"] for m in short[1:]] == [note] and len(short[0]["text"]) <= 250
    assert "防衛型侵害対策支援事業" in short[0]["text"]
    # The note takes over the core's buttons, so the widget shows them once.
    assert {b["title"] for b in short[-1]["buttons"]} >= {"対象経費は？", "申請方法は？"}
    assert not short[0].get("buttons")
    again = bot_today.rest(sender, "海外から警告状が届いた")
    assert len(again) == 1 and "先ほどご案内したとおりです" in again[0]["text"]
    assert len(again[0]["text"]) < len(short[0]["text"])
