"""The channel's last resort when a turn produced no reply: the bot's own apology.

The wording is the domain's ``utter_recover`` (the same response the turn guard policy
sends), so every channel apologises in the same words.
"""

from __future__ import annotations

from typing import Any

RECOVER_RESPONSE = "utter_recover"
# Used only when the domain cannot be read (no model loaded yet).
FALLBACK_TEXT = (
    "申し訳ありません。ただいまお答えできませんでした。"
    "お手数ですが、少し時間をおいてもう一度お送りください。"
)


def recovery_messages(app: Any, recipient_id: str) -> list[dict[str, Any]]:
    """One message in Rasa's REST output format, with the response's buttons."""
    response = _domain_response(app)
    message: dict[str, Any] = {
        "recipient_id": recipient_id,
        "text": response.get("text") or FALLBACK_TEXT,
    }
    if response.get("buttons"):
        message["buttons"] = response["buttons"]
    return [message]


def _domain_response(app: Any) -> dict[str, Any]:
    try:
        domain = app.ctx.agent.domain
        variants = domain.responses.get(RECOVER_RESPONSE) or []
        return dict(variants[0]) if variants else {}
    except Exception:
        return {}
