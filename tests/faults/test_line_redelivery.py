"""A LINE webhook delivered again to the other Rasa process is answered once: the
duplicate cache is in Redis, shared by every process."""

from __future__ import annotations

import time

import httpx

from launcher.topology import Scaled
from tests.channels import line_payloads as line
from tests.conftest import LINE_SECRET
from tests.support.stubs import RecordingStub

REPLY = "/v2/bot/message/reply"


def _post(url: str, raw: bytes) -> httpx.Response:
    headers = {"Content-Type": "application/json", "X-Line-Signature": line.sign(raw, LINE_SECRET)}
    return httpx.post(f"{url}/webhooks/line/webhook", content=raw, headers=headers, timeout=10)


def test_a_redelivered_line_event_is_answered_once(
    scaled_out: Scaled, line_stub: RecordingStub, facts: dict[str, str]
) -> None:
    bot = scaled_out.topology
    assert bot is not None
    user = "U" + line.new_id()
    event_id, token = line.new_id("01H"), line.new_id()
    first = line.body(
        line.text_event(user, "海外から警告状が届いた", event_id=event_id, replyToken=token)
    )
    again = line.body(
        line.text_event(user, "海外から警告状が届いた", event_id=event_id, replyToken=token,
                        redelivery=True)
    )  # fmt: skip

    def replies() -> list:
        return [
            r for r in line_stub.requests if r.path == REPLY and r.json()["replyToken"] == token
        ]

    # Straight to each Rasa process, as nginx may route the two deliveries.
    assert _post(bot.rasa_urls[0], first).status_code == 200
    assert _post(bot.rasa_urls[1], again).status_code == 200
    line_stub.wait_for(lambda _: replies(), timeout=60)
    # And once more through nginx, after the answer: still a duplicate.
    assert _post(bot.public_url, again).status_code == 200
    time.sleep(3)  # room for a wrong second answer to arrive
    found = replies()
    assert len(found) == 1, [r.json() for r in found]
    text = "\n".join(m.get("text", "") for m in found[0].json()["messages"])
    assert facts["defence_program"] in text
