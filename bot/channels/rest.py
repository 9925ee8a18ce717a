"""The REST channel for the web widget and desk tools: Rasa's, with the checks it lacks.

Why a subclass of Rasa's ``RestInput``:

* **One conversation per channel.** The tracker store is keyed by sender id alone, so a
  REST caller who knew a LINE user's id could write into that user's conversation. REST
  senders must have the widget's random form (``web-`` and 32 hex digits); anything else
  gets a clear 400.
* **Bad requests get clear errors**: not JSON, no sender, a message that is not a string.
* **Every turn gets a reply.** If handling fails, or produced nothing, the user gets the
  bot's apology (``utter_recover`` from the domain) instead of an empty list.
* **No user text in logs.** Rasa's handler logs the message text when handling fails;
  this one logs the sender id and the error type.
* Text is cleaned and bounded (``bot/channels/inbound.py``) before Rasa sees it.

The webhook stays at ``/webhooks/rest/webhook`` (the channel is still named ``rest``).
"""

from __future__ import annotations

import logging
import re
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import log_privacy
from bot.channels.inbound import clean_text
from bot.channels.recovery import recovery_messages

logger = logging.getLogger(__name__)

DEFAULT_SENDER_PATTERN = r"web-[0-9a-f]{32}"


class RestInput(RasaRestInput):
    """Rasa's REST channel with sender, body and reply checks."""

    sender_pattern: re.Pattern[str] = re.compile(DEFAULT_SENDER_PATTERN)

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> InputChannel:
        channel = cls()
        pattern = (credentials or {}).get("sender_pattern")
        if pattern:
            channel.sender_pattern = re.compile(str(pattern))
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("navi_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, error = _json_body(request)
            if error:
                return _bad_request(*error)
            sender = body.get("sender")
            if not isinstance(sender, str) or not self.sender_pattern.fullmatch(sender):
                return _bad_request(
                    "invalid_sender",
                    "sender must be the widget's conversation id (web- and 32 hex digits). "
                    "sender には web- で始まる会話ID（16進数32桁）を指定してください。",
                )
            message = body.get("message", "")
            if not isinstance(message, str):
                return _bad_request(
                    "invalid_message",
                    "message must be a string. message には文字列を指定してください。",
                )
            log_privacy.hold(message)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        clean_text(message),
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata=None,
                    )
                )
            except CancelledError:
                logger.error("REST: handling timed out for sender %s", sender)
            except Exception as exc:
                logger.error("REST: handling failed for sender %s: %s", sender, type(exc).__name__)
            messages = collector.messages or recovery_messages(request.app, sender)
            return response.json(messages)

        return webhook


def _json_body(request: Request) -> tuple[dict[str, Any], Optional[tuple[str, str]]]:
    try:
        body = request.json
    except Exception:
        body = None
    if not isinstance(body, dict):
        return {}, (
            "invalid_json",
            'The body must be a JSON object {"sender": ..., "message": ...}. '
            "本文は JSON オブジェクトで送ってください。",
        )
    return body, None


def _bad_request(code: str, message: str) -> HTTPResponse:
    return response.json({"error": code, "message": message}, status=400)
