"""Read LINE webhook deliveries: signature, JSON, and what each event asks of the bot.

Pure helpers, kept apart from the Sanic and HTTP code so they are unit-tested directly.
Event format: https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Optional

from bot.channels.line_format import UNSUPPORTED_TEXT

# Adding the account as a friend (or to a group) greets the user: the bot's greeting
# rule answers with the welcome and the menu, so the menu comes from the bot itself.
WELCOME_PAYLOAD = "/greet"


class WebhookFormatError(ValueError):
    """The body is signed but is not a LINE webhook; the sender gets a 400."""


def signature_is_valid(body: bytes, signature: Optional[str], secret: str) -> bool:
    """X-Line-Signature is Base64(HMAC-SHA256(raw body, channel secret))."""
    if not signature or not secret:
        return False
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    expected = base64.b64encode(digest)
    return hmac.compare_digest(expected, signature.encode("utf-8"))


def parse_events(body: bytes) -> list[dict[str, Any]]:
    """The ``events`` list of a webhook body; an empty list is LINE's connection check."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WebhookFormatError("request body is not valid UTF-8 JSON") from error
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise WebhookFormatError("expected a JSON object with an 'events' list")
    return [event for event in data["events"] if isinstance(event, dict)]


@dataclass(frozen=True)
class Job:
    """One event's work: a message for the bot, or a fixed polite text."""

    conversation_id: str
    reply_token: Optional[str]
    user_message: Optional[str] = None
    fixed_text: Optional[str] = None
    event_id: Optional[str] = None


def conversation_id(source: Any) -> Optional[str]:
    """A group or room is one conversation; otherwise the user is."""
    if not isinstance(source, dict):
        return None
    for key in ("groupId", "roomId", "userId"):
        if isinstance(source.get(key), str) and source[key]:
            return source[key]
    return None


def _user_message(event: dict[str, Any]) -> Optional[str]:
    """What the user said: typed text, a quick reply's Rasa payload, or a greeting."""
    kind = event.get("type")
    if kind == "message" and (event.get("message") or {}).get("type") == "text":
        return str(event["message"].get("text") or "")
    if kind == "postback":
        return str((event.get("postback") or {}).get("data") or "") or None
    if kind in ("follow", "join"):
        return WELCOME_PAYLOAD
    return None


def job_for(event: dict[str, Any]) -> Optional[Job]:
    """The work an event needs, or None (unfollow, leave, standby mode, unknown types)."""
    if event.get("mode", "active") != "active":
        return None  # another module has the chat; LINE expects no answer from us
    conversation = conversation_id(event.get("source"))
    if conversation is None:
        return None
    reply_token = event.get("replyToken") or None
    common = {
        "conversation_id": conversation,
        "reply_token": reply_token,
        "event_id": event.get("webhookEventId") or None,
    }
    message = _user_message(event)
    if message is not None:
        return Job(user_message=message, **common)
    if event.get("type") == "message" and reply_token:
        return Job(fixed_text=UNSUPPORTED_TEXT, **common)
    return None


class RecentIds:
    """A bounded LRU set of webhook event ids, to drop LINE's duplicate deliveries."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._ids: OrderedDict[str, None] = OrderedDict()

    def seen_before(self, event_id: Optional[str]) -> bool:
        """Record ``event_id``; True if it was already recorded. No id: never a dup."""
        if not event_id:
            return False
        if event_id in self._ids:
            self._ids.move_to_end(event_id)
            return True
        self._ids[event_id] = None
        if len(self._ids) > self.capacity:
            self._ids.popitem(last=False)
        return False
