"""Rasa's built-in Slack channel, with a configurable Slack Web API base URL.

Why a subclass: Rasa's ``SlackBot`` builds its ``slack_sdk`` client without a
``base_url``, so its replies always go to https://slack.com/api/ and tests could not
point them at a local stub. This adds only the optional ``api_base_url`` credential;
signature checks, retry handling, routing and message formatting are Rasa's, unchanged.
"""

from __future__ import annotations

from typing import Any, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.core.channels.slack import SlackBot as RasaSlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from slack_sdk.web.async_client import AsyncWebClient

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
