"""Everything restarts (nginx, Rasa, actions, PostgreSQL, Redis): conversations resume
from PostgreSQL with their slots and their open form."""

from __future__ import annotations

from launcher.topology import Scaled
from tests.faults.widget_client import WidgetClient

CONVERSATIONS = 6


def test_conversations_resume_with_their_slots_after_a_full_restart(
    scaled_out: Scaled, facts: dict[str, str]
) -> None:
    bot = scaled_out.topology
    assert bot is not None
    client = WidgetClient(bot.public_url, "127.0.2.1")
    try:
        for n in range(CONVERSATIONS):
            first = client.send(f"restart-program-{n}", "海外から警告状が届いた")
            assert facts["defence_program"] in first.text
            asked = client.send(f"restart-form-{n}", "外国出願の補助金")
            assert asked.status == 200 and asked.messages
    finally:
        client.close()

    scaled_out.stop()
    bot = scaled_out.start()

    client = WidgetClient(bot.public_url, "127.0.2.1")
    lost = []
    try:
        for n in range(CONVERSATIONS):
            follow_up = client.send(f"restart-program-{n}", "締切は？")
            if facts["defence_program"] not in follow_up.text:
                lost.append(f"program slot of conversation {n}: {follow_up.text[:80]}")
            routed = client.send(f"restart-form-{n}", "大阪です")
            if facts["osaka_phone"] not in routed.text:
                lost.append(f"form of conversation {n}: {routed.text[:80]}")
    finally:
        client.close()
    assert not lost, lost
