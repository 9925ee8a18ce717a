"""A long conversation starts a new session and keeps its context (bot/rasa_patches.py, 5).

Rasa rebuilds the session on every turn, so a turn got slower as the conversation grew.
After MAX_SESSION_TURNS user turns outside a form a new session begins, with the slots
carried over: the user notices nothing, and the program under discussion stays. The
latency itself is measured by the benchmark (bench/soak.py, long_conversation).
"""

from __future__ import annotations

import json
import sqlite3

from bot.rasa_patches import MAX_SESSION_TURNS
from knowledge import get_knowledge_base
from tests.support.stack import Stack, web_sender


def session_starts(bot: Stack, sender: str) -> int:
    with sqlite3.connect(bot.workdir / "tracker.db") as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'session_started'",
            (web_sender(sender),),
        ).fetchall()
    return len([json.loads(data) for (data,) in rows])


def test_a_long_conversation_gets_a_new_session_and_keeps_the_program(bot: Stack) -> None:
    defence = get_knowledge_base().program("defense_support")
    sender = "long-conversation"
    assert f"【{defence.name}】" in bot.rest_text(sender, "海外から警告状が届いた")
    for _ in range(MAX_SESSION_TURNS + 2):
        assert bot.rest(sender, "ありがとうございます"), "every turn gets a reply"
    assert session_starts(bot, sender) == 2
    # The new session carried the program over: the follow-up is about 防衛型.
    reply = bot.rest_text(sender, "締切は？")
    assert f"【{defence.name}】" in reply
    assert "2025年10月31日" in reply
