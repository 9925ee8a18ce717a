"""LINE webhook bodies in the documented format, signed like the LINE Platform does.

https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any

DESTINATION = "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"


def _event(kind: str, user_id: str, **fields: Any) -> dict[str, Any]:
    source = fields.pop("source", None) or {"type": "user", "userId": user_id}
    event: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": source,
        "webhookEventId": fields.pop("event_id", None) or new_id("01H"),
        "deliveryContext": {"isRedelivery": fields.pop("redelivery", False)},
    }
    event.update(fields)
    return event


def new_id(prefix: str = "") -> str:
    return prefix + uuid.uuid4().hex.upper()[: 26 - len(prefix)]


def text_event(user_id: str, text: str, **fields: Any) -> dict[str, Any]:
    fields.setdefault("replyToken", new_id())
    message = {
        "id": str(uuid.uuid4().int)[:18],
        "type": "text",
        "text": text,
        "quoteToken": new_id("q"),
    }
    return _event("message", user_id, message=message, **fields)


def sticker_event(user_id: str, **fields: Any) -> dict[str, Any]:
    fields.setdefault("replyToken", new_id())
    message = {
        "id": str(uuid.uuid4().int)[:18],
        "type": "sticker",
        "packageId": "446",
        "stickerId": "1988",
        "stickerResourceType": "STATIC",
    }
    return _event("message", user_id, message=message, **fields)


def postback_event(user_id: str, data: str, **fields: Any) -> dict[str, Any]:
    fields.setdefault("replyToken", new_id())
    return _event("postback", user_id, postback={"data": data}, **fields)


def follow_event(user_id: str, **fields: Any) -> dict[str, Any]:
    fields.setdefault("replyToken", new_id())
    return _event("follow", user_id, follow={"isUnblocked": False}, **fields)


def unfollow_event(user_id: str, **fields: Any) -> dict[str, Any]:
    return _event("unfollow", user_id, **fields)


def body(*events: dict[str, Any]) -> bytes:
    """The raw request body, exactly as signed and sent."""
    payload = {"destination": DESTINATION, "events": list(events)}
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def sign(raw: bytes, secret: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), raw, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")
