"""Rasa's built-in Slack channel, with a configurable Slack Web API base URL.

Why a subclass: Rasa's ``SlackBot`` builds its ``slack_sdk`` client without a
``base_url``, so its replies always go to https://slack.com/api/ and tests could not
point them at a local stub. This adds only the optional ``api_base_url`` credential;
signature checks, retry handling, routing and message formatting are Rasa's, unchanged.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot as RasaSlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

from bot import log_privacy
from bot.channels.inbound import clean_text
from bot.channels.recovery import recovery_messages

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = AsyncWebClient.BASE_URL


class SlackBot(RasaSlackBot):
    """Rasa's Slack output channel, sending to ``base_url``."""

    def __init__(
        self,
        token: str,
        slack_channel: Optional[str] = None,
        thread_id: Optional[str] = None,
        proxy: Optional[str] = None,
        base_url: str = DEFAULT_API_BASE_URL,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, base_url=base_url, proxy=proxy)
        self.sent = 0  # messages sent: a turn that sent none gets the apology

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Rasa's sending, counted."""
        self.sent += 1
        await super().send_response(recipient_id, message)


class SlackInput(RasaSlackInput):
    """Rasa's Slack input channel (still named ``slack``: /webhooks/slack/webhook)."""

    api_base_url: str = DEFAULT_API_BASE_URL

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        base_url = str((credentials or {}).get("api_base_url") or DEFAULT_API_BASE_URL)
        # slack_sdk joins method names onto the base URL, which must end with "/".
        channel.api_base_url = base_url if base_url.endswith("/") else base_url + "/"
        return channel

    def get_output_channel(
        self, channel: Optional[str] = None, thread_id: Optional[str] = None
    ) -> OutputChannel:
        return SlackBot(
            self.slack_token,
            channel or self.slack_channel,
            thread_id,
            self.proxy,
            base_url=self.api_base_url,
        )

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: Optional[str],
        metadata: Optional[dict],
    ) -> Any:
        """Rasa's handling, with cleaned text and an apology instead of silence on failure.

        Rasa runs the turn as a background task whose exception nobody reads, so a failed
        turn would leave the Slack user without a reply and log a traceback.
        """
        log_privacy.hold(text)
        apology = recovery_messages(request.app, sender_id or "")[0]

        async def answer_or_apologise(message: UserMessage) -> None:
            try:
                await on_new_message(message)
            except Exception as exc:
                logger.error(
                    "Slack: handling failed for sender %s: %s",
                    message.sender_id,
                    type(exc).__name__,
                )
                await message.output_channel.send_text_message(
                    message.sender_id or "", apology["text"]
                )

        return await super().process_message(
            request, answer_or_apologise, clean_text(text), sender_id, metadata
        )
