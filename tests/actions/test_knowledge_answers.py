"""Answers as of a given day: sourced dates only, fiscal-year labels, short, what to do now.

Each test pins the day (NAVI_TODAY, as the servers read it) and derives what it expects
from the data, so the suite gives the same result whichever day CI runs on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

import pytest

import knowledge.clock as clock
from actions import formatting
from actions.intent_map import FOLLOWUP_ASPECTS, INTENT_TO_PROGRAM
from actions.program_actions import ActionAnswerFaq, ActionAnswerFollowup, ActionAnswerProgram
from actions.routing_actions import ActionRoutePrefecture
from knowledge import KnowledgeBase, RoundState
from knowledge.loader import written_dates
from tests.actions.conftest import make_tracker, run_action, texts

TODAY = date(2026, 12, 1)
# Days spread over the data's rounds: FY2025 open and closing, FY2026 round 2 open, today.
DAYS = [
    date(2025, 5, 1),
    date(2025, 10, 25),
    date(2026, 1, 15),
    date(2026, 3, 10),
    date(2026, 7, 1),
    TODAY,
]
NOT_IMPLEMENTED = ["東京都", "長崎県", "大分県", "沖縄県"]
JETRO = ["counterfeit_support", "defense_support", "squatting_support"]


@pytest.fixture()
def on_day(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[date], None]]:
    """Pin the bot's date as the servers do it: NAVI_TODAY, read once."""

    def pin(day: date) -> None:
        monkeypatch.setenv("NAVI_TODAY", day.isoformat())
        clock.pinned_today.cache_clear()

    pin(TODAY)
    yield pin
    clock.pinned_today.cache_clear()


def backed_dates(kb: KnowledgeBase) -> set[date]:
    """Dates a source stands behind: rounds, facts (with source and as_of), sources."""
    backed = {d for program in kb.programs for entry in program.rounds for d in entry.dates}
    for fact in kb.facts:
        backed |= set(written_dates(fact.answer + (fact.answer_past or "")))
    for source in kb.sources:
        backed |= set(written_dates(source.title))
    return backed


def every_answer(kb: KnowledgeBase, day: date) -> list[str]:
    """What the bot can say about programs, prefectures and facts on ``day``."""
    out: list[str] = []
    for program in kb.programs:
        reply = formatting.program_reply(program, kb, day)
        out += [reply.core, reply.details or "", formatting.repeat_reminder(program, kb, day)]
        out += [formatting.aspect_answer(program, a, kb, day) for a in FOLLOWUP_ASPECTS.values()]
    for area in [org.prefecture for org in kb.organizations] + NOT_IMPLEMENTED:
        match = kb.resolve_prefecture(area)
        out.append(formatting.organization_answer(match, kb, day))
        gap = formatting.gap_reply(match, kb, day)
        if gap is not None:
            out += gap.bubbles()
    out += [formatting.fact_answer(fact, kb, day) for fact in kb.facts]
    return out


@pytest.mark.parametrize("day", DAYS)
def test_no_answer_states_a_date_that_no_source_backs(kb, day: date) -> None:
    backed = backed_dates(kb)
    for text in every_answer(kb, day):
        for stated in written_dates(text):
            assert stated in backed, f"{stated} is backed by no source: {text[:80]}"
        assert "2026年3月31日" not in text  # the assumed fiscal-year end of old


@pytest.mark.parametrize("day", DAYS)
def test_every_closed_round_names_its_fiscal_year(kb, day: date) -> None:
    for program in kb.programs:
        status = kb.status(program, day)
        reply = formatting.program_reply(program, kb, day)
        for entry in status.rounds:
            sentence = formatting.round_sentence(kb, entry, full=True)
            assert kb.fiscal_year_label(entry.round.fiscal_year) in sentence
            if entry.state.is_over:
                assert entry is status.headline or sentence in (reply.details or ""), sentence
        if status.headline is not None:
            label = kb.fiscal_year_label(status.headline.round.fiscal_year)
            assert label in reply.core, program.id


@pytest.mark.parametrize("day", DAYS)
def test_closed_answers_end_with_what_to_do_today(kb, day: date) -> None:
    desks = [desk.contacts[0].phone for desk in kb.free_desks()]
    assert desks[0] == "0570-082100"
    for program in kb.programs:
        status = kb.status(program, day)
        if not status.needs_next_steps:
            continue
        last = formatting.program_reply(program, kb, day).core.splitlines()[-1]
        for phone in desks + [c.phone for c in program.ask_today]:
            assert phone in last, (program.id, last)
        if program.id in JETRO:
            assert "03-3582-5198" in last


@pytest.mark.parametrize("day", DAYS)
def test_the_core_fits_a_phone_screen(kb, day: date) -> None:
    for program in kb.programs:
        core = formatting.program_reply(program, kb, day).core
        assert len(core) <= formatting.CORE_MAX_CHARS, (program.id, len(core), core)
    for area in NOT_IMPLEMENTED:
        gap = formatting.gap_reply(kb.resolve_prefecture(area), kb, day)
        assert len(gap.core) <= formatting.CORE_MAX_CHARS, (area, len(gap.core))


def test_the_url_is_said_once(kb) -> None:
    for program in kb.programs:
        if program.url:
            text = "\n".join(formatting.program_reply(program, kb, TODAY).bubbles())
            assert text.count(program.url) == 1, program.id


def test_inpit_answer_names_fy2026_and_what_is_known(kb, on_day) -> None:
    reply = texts(run_action(ActionAnswerProgram(), make_tracker("ask_inpit_subsidy"))[0])
    program = kb.program("inpit_filing_subsidy")
    first, second = program.rounds
    label = kb.fiscal_year_label(2026)
    assert label == "令和8年度"
    assert f"{label}の第2回公募は、2026年3月2日から2026年3月23日まで受け付けました" in reply
    assert f"{label}の第1回公募は、2025年12月1日に公表されました" in reply
    assert "翻訳会社のガイド記事による" in reply  # a secondary source says so
    for fact_id in ("jgrants", "university_cap", "cap_shared_across_rounds"):
        assert kb.fact(fact_id).answer in reply
    assert "03-3581-1101（内線3855）" in reply and "0570-082100" in reply


def test_foreign_filing_deadline_claims_no_assumed_date(kb, on_day) -> None:
    tracker = make_tracker("ask_deadline", slots={"program": "foreign_filing_support"})
    reply = texts(run_action(ActionAnswerFollowup(), tracker)[0])
    assert "2026年3月31日" not in reply and "年度末" not in reply
    assert "令和7年度の公募は終了しています" in reply
    assert "締切日は公表資料に記載がありませんでした" in reply
    assert "令和8年度の実施状況" in reply and "特許庁のページと所在地の実施機関" in reply
    assert "0570-082100" in reply


def test_the_day_moves_the_answer(kb, on_day) -> None:
    """The same question on two days: open with its deadline, then closed and labelled."""
    on_day(date(2025, 10, 20))
    before = texts(run_action(ActionAnswerProgram(), make_tracker("ask_defense_support"))[0])
    assert "2025年10月31日まで受け付けています（あと11日）" in before
    assert "予算がなくなり次第終了します" in before
    on_day(date(2027, 5, 1))
    after = texts(run_action(ActionAnswerProgram(), make_tracker("ask_defense_support"))[0])
    assert "令和7年度の公募は、2025年10月31日で受付を終了しました" in after
    assert "令和9年度の公募の予定は、こちらではまだ確認できていません" in after


def test_insurance_period_is_past(kb, on_day) -> None:
    tracker = make_tracker("faq", faq_key="faq/insurance_period")
    reply = texts(run_action(ActionAnswerFaq(), tracker)[0])
    assert "2026年6月30日まででした" in reply and "終了しました" in reply
    program = texts(run_action(ActionAnswerProgram(), make_tracker("ask_litigation_insurance"))[0])
    assert "令和7年度の掛金補助は、2026年2月1日始期分までで終了しました" in program


def test_jetro_caps_are_not_per_company(kb, on_day) -> None:
    reply = texts(run_action(ActionAnswerProgram(), make_tracker("ask_counterfeit_support"))[0])
    assert "上限額：400万円" in reply and "1企業あたり" not in reply


def test_fukushima_rate_has_its_caveat(kb, on_day) -> None:
    reply = texts(run_action(ActionAnswerProgram(), make_tracker("ask_pct_fee_reduction"))[0])
    assert "福島浜通り等の中小企業の1/4は、期間を限った措置です" in reply


# --- the conversation: short on request, no repetition, no contradiction -----------------


def bot_events(messages: list[dict]) -> list[dict]:
    return [{"event": "bot", "text": m.get("text")} for m in messages]


def test_a_program_answer_is_two_bubbles_with_buttons_on_the_last(kb, on_day) -> None:
    messages, _ = run_action(ActionAnswerProgram(), make_tracker("ask_defense_support"))
    assert len(messages) == 2
    assert len(messages[0]["text"]) <= formatting.CORE_MAX_CHARS
    assert messages[-1]["buttons"] and not messages[0].get("buttons")


def test_short_on_request_sends_only_the_core(kb, on_day) -> None:
    events = [
        {"event": "user", "text": "スマホなので短く教えてください"},
        {"event": "bot", "text": "どのようなご相談でしょうか？"},
        {"event": "user", "text": "海外から警告状が届いた"},
    ]
    tracker = make_tracker("ask_defense_support", text="海外から警告状が届いた", events=events)
    messages, _ = run_action(ActionAnswerProgram(), tracker)
    # The core only, then the note that this urgent case was recorded for the desk.
    assert [m["text"] for m in messages[1:]] == [kb.wording.say("handoff.urgent_recorded")]
    core = messages[0]["text"]
    assert len(core) <= formatting.CORE_MAX_CHARS and "防衛型侵害対策支援事業" in core
    assert "0570-082100" in core and "03-3582-5198" in core
    # The note took over the core's buttons, so they are shown once, last.
    titles = [b["title"] for b in messages[-1]["buttons"]]
    assert "対象経費は？" in titles and "申請方法は？" in titles
    assert not messages[0].get("buttons")


def test_asking_again_gets_a_reminder_not_the_same_text(kb, on_day) -> None:
    first, _ = run_action(ActionAnswerProgram(), make_tracker("ask_defense_support"))
    events = [{"event": "user", "text": "海外から警告状が届いた"}, *bot_events(first)]
    events.append({"event": "user", "text": "海外から警告状が届いた"})
    # The first turn recorded the urgent case already (handoff_requested), as in a real chat.
    tracker = make_tracker(
        "ask_defense_support",
        text="海外から警告状が届いた",
        events=events,
        slots={"handoff_requested": True},
    )
    again, _ = run_action(ActionAnswerProgram(), tracker)
    assert len(again) == 1 and again[0]["text"] not in texts(first)
    assert "先ほどご案内したとおりです" in again[0]["text"]
    assert len(again[0]["text"]) < 150 and again[0]["buttons"]


def test_nagasaki_gets_what_it_can_use_without_contradiction(kb, on_day) -> None:
    text = "長崎です。海外に特許を出したい"
    entities = [{"entity": "prefecture", "value": "長崎"}]
    tracker = make_tracker("ask_foreign_filing_subsidy", text=text, entities=entities)
    messages, events = run_action(ActionAnswerProgram(), tracker)
    reply = texts(messages)
    first = reply.splitlines()[0]
    inpit = kb.program("inpit_filing_subsidy")
    assert first.startswith("長崎県では令和7年度の海外出願支援事業が実施されず")
    assert f"【{inpit.name}】" in first
    assert "【海外出願支援事業】が当てはまります" not in reply
    assert {"event": "slot", "name": "program", "value": inpit.id} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]
    # The prefecture form then routes in the same turn: it must not say it all again.
    same_turn = [{"event": "user", "text": text}, *bot_events(messages)]
    routed = make_tracker(
        "ask_foreign_filing_subsidy",
        text=text,
        entities=entities,
        slots={"prefecture": "長崎県"},
        events=same_turn,
    )
    again, _ = run_action(ActionRoutePrefecture(), routed)
    assert again == []


@pytest.mark.parametrize("prefecture", NOT_IMPLEMENTED)
def test_prefectures_without_the_program_lead_with_inpit(kb, on_day, prefecture: str) -> None:
    tracker = make_tracker(
        "inform_prefecture",
        text=f"{prefecture}です",
        entities=[{"entity": "prefecture", "value": prefecture}],
    )
    reply = texts(run_action(ActionRoutePrefecture(), tracker)[0])
    first = reply.splitlines()[0]
    assert first.startswith(f"{prefecture}では令和7年度の海外出願支援事業が実施されず")
    assert "INPIT外国出願補助金" in first
    if prefecture == "東京都":
        assert "東京都知的財産総合センター" in reply


def test_prefecture_answer_names_the_year_of_its_list(kb, on_day) -> None:
    reply = texts(run_action(ActionRoutePrefecture(), make_tracker("inform", text="大阪です",
                  entities=[{"entity": "prefecture", "value": "大阪"}]))[0])  # fmt: skip
    assert (
        "大阪府の海外出願支援事業の窓口（令和7年度の実施機関）は、（公財）大阪産業局です" in reply
    )
    assert "令和8年度の実施状況や公募の時期は、こちらではまだ確認できていません" in reply
    on_day(date(2025, 6, 1))
    same_year = formatting.organization_answer(kb.resolve_prefecture("大阪"), kb)
    assert "公募の回数・期間はセンターごとに異なります" in same_year


def test_chiba_prefecture_also_names_chiba_city(kb, on_day) -> None:
    reply = formatting.organization_answer(kb.resolve_prefecture("千葉県"), kb)
    city = kb.organization("chiba_city")
    assert "（公財）千葉県産業振興センター" in reply
    assert f"千葉市には、{city.name}（{city.phone}）という独自の実施機関もあります" in reply


@pytest.mark.parametrize("intent", sorted(INTENT_TO_PROGRAM))
def test_every_answer_of_today_has_a_status_or_availability(kb, on_day, intent: str) -> None:
    program = kb.program(INTENT_TO_PROGRAM[intent])
    reply = texts(run_action(ActionAnswerProgram(), make_tracker(intent))[0])
    status = kb.status(program)
    if status.headline is None:
        assert program.availability in reply
    else:
        assert status.headline.state is not RoundState.OPEN  # nothing is open on TODAY
        assert formatting.round_sentence(kb, status.headline) in reply


def test_eligibility_requirements_come_from_the_data(kb, data_copy_kb) -> None:
    from actions.eligibility import EligibilityAnswers, evaluate

    answers = EligibilityAnswers(True, False, True, False, "patent")
    assert evaluate(answers, kb.eligibility).missing == [kb.eligibility.requirements[3].unmet]
    assert not evaluate(answers, data_copy_kb.eligibility).missing  # requirement removed
    fits = evaluate(EligibilityAnswers(True, False, True, True, "patent"), kb.eligibility).fits
    assert fits == [*kb.eligibility.programs, *kb.eligibility.by_right_type["patent"]]


@pytest.fixture()
def data_copy_kb(tmp_path) -> KnowledgeBase:
    """A knowledge base whose eligibility check no longer asks about the timing."""
    import shutil

    from knowledge.loader import DATA_DIR

    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    path = target / "eligibility.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"  - answer: files_after_selection\n(    .*\n)+", "", text)
    path.write_text(text, encoding="utf-8")
    return KnowledgeBase.load(target)
