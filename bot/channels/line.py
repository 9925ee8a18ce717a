"""LINE Messaging API channel: a Rasa input channel at /webhooks/line/webhook.

LINE wants a quick 200 and may deliver an event twice, so a request is checked, its
events are queued, and LINE gets its answer at once; each event is then answered in
the background through Rasa's normal message handling. The wording is the bot's
(shared by every channel); line_format only reshapes it for LINE.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from typing import Any, Awaitable, Callable, Coroutine, Optional

from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    UserMessage,
)
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import log_privacy
from bot.channels.inbound import clean_text
from bot.channels.line_api import DEFAULT_API_BASE_URL, LineApi
from bot.channels.line_duplicates import duplicate_filter
from bot.channels.line_events import (
    Job,
    WebhookFormatError,
    job_for,
    parse_events,
    signature_is_valid,
)
from bot.channels.line_format import (
    FAILURE_TEXT,
    Message,
    text_message,
    to_line_messages,
)

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

# LINE documents reply tokens as usable for about a minute; past this we push instead
# of spending a call on a reply that will fail.
REPLY_TOKEN_TTL_SECONDS = 50.0


class LineInput(InputChannel):
    """Receives LINE webhooks and answers with the reply API (push as a fallback)."""

    @classmethod
    def name(cls) -> str:
        return "line"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        secret = str(credentials.get("channel_secret") or "")
        token = str(credentials.get("access_token") or "")
        if not secret or not token:
            # An empty secret would accept requests signed with an empty key.
            raise InvalidConfigException(
                "The LINE channel needs channel_secret and access_token "
                "(LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN)."
            )
        base_url = str(credentials.get("api_base_url") or DEFAULT_API_BASE_URL)
        return cls(secret, token, base_url)

    def __init__(
        self,
        channel_secret: str,
        access_token: str,
        api_base_url: str = DEFAULT_API_BASE_URL,
    ) -> None:
        self.channel_secret = channel_secret
        self.api = LineApi(access_token, api_base_url)
        self._recent = duplicate_filter()
        self._tasks: set[asyncio.Task] = set()
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._waiting: defaultdict[str, int] = defaultdict(int)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        line_webhook = Blueprint("line_webhook", __name__)

        @line_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @line_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Line-Signature")
            status, body = self.accept(request.body, signature, on_new_message)
            return response.json(body, status=status)

        @line_webhook.listener("before_server_stop")
        async def finish(*_: Any) -> None:
            await self.drain(timeout=10)
            await self.api.aclose()

        return line_webhook

    def accept(
        self, body: bytes, signature: Optional[str], on_new_message: OnNewMessage
    ) -> tuple[int, dict[str, str]]:
        """Check one delivery and queue its events; returns LINE's immediate answer.

        Must run inside the event loop (it starts background tasks).
        """
        if not signature_is_valid(body, signature, self.channel_secret):
            logger.warning("LINE webhook rejected: missing or invalid X-Line-Signature.")
            return 401, {"error": "missing or invalid X-Line-Signature"}
        try:
            events = parse_events(body)
        except WebhookFormatError as error:
            return 400, {"error": str(error)}
        received = time.monotonic()
        for event in events:
            if self._recent.seen_before(event.get("webhookEventId")):
                logger.debug("LINE: duplicate delivery dropped.")
                continue
            job = job_for(event)
            if job is not None:
                self._spawn(self._handle(job, on_new_message, received))
        return 200, {}

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Keep a reference so the task is not garbage-collected mid-flight."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout: Optional[float] = None) -> None:
        """Wait for queued events (tests; a clean shutdown)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

    async def _handle(self, job: Job, on_new_message: OnNewMessage, received: float) -> None:
        """Answer one event; one conversation's events are answered in arrival order."""
        key = job.conversation_id
        self._waiting[key] += 1
        try:
            async with self._locks[key]:
                await self._answer(job, on_new_message, received)
        except Exception as exc:
            logger.error("LINE: failed to answer an event for %s: %s", key, type(exc).__name__)
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._locks[key]

    async def _answer(self, job: Job, on_new_message: OnNewMessage, received: float) -> None:
        if job.fixed_text is not None:
            # Unsupported content: a courtesy answer, only where a reply is free.
            token = _usable_token(job, received)
            if token:
                await self.api.reply(token, [text_message(job.fixed_text)])
            return
        messages = await self._bot_answer(job, on_new_message)
        if messages:
            token = _usable_token(job, received)
            await self.api.send(job.conversation_id, messages, token)

    async def _bot_answer(self, job: Job, on_new_message: OnNewMessage) -> list[Message]:
        """The bot's answer, through the same Rasa pipeline as every other channel."""
        log_privacy.hold(job.user_message)
        collector = CollectingOutputChannel()
        message = UserMessage(
            clean_text(job.user_message),
            collector,
            job.conversation_id,
            input_channel=self.name(),
            message_id=job.event_id,
        )
        try:
            await on_new_message(message)
        except Exception as exc:
            # The sender and the error type only: a traceback may quote the user's text.
            logger.error(
                "LINE: the bot failed to handle a message for %s: %s",
                job.conversation_id,
                type(exc).__name__,
            )
            return [text_message(FAILURE_TEXT)]
        messages = to_line_messages(collector.messages, rateable=_rateable(job.user_message))
        return messages or [text_message(FAILURE_TEXT)]


def _rateable(user_message: Optional[str]) -> bool:
    """An answer gets 👍/👎, except the greeting and the thanks for a rating."""
    return not (user_message or "").startswith(("/greet", "/feedback"))


def _usable_token(job: Job, received: float) -> Optional[str]:
    """The reply token while it is still fresh; afterwards only push can answer."""
    if time.monotonic() - received < REPLY_TOKEN_TTL_SECONDS:
        return job.reply_token
    return None
