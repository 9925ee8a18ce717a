"""Send messages through LINE's reply and push APIs over plain HTTP.

line-bot-sdk v3 needs pydantic v2, which Rasa 3.6 cannot use, so this is a small httpx
client instead. One client is reused for every call (connection pooling); the base URL
is configurable so tests can point it at a local stub.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Optional

import httpx

from bot.channels.line_format import Message, batches

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://api.line.me"
REPLY_PATH = "/v2/bot/message/reply"
PUSH_PATH = "/v2/bot/message/push"


class LineApi:
    """LINE's messaging endpoints, with the reply-then-push fallback."""

    def __init__(
        self,
        access_token: str,
        base_url: str = DEFAULT_API_BASE_URL,
        timeout: float = 10,
    ) -> None:
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._client: Optional[httpx.AsyncClient] = None

    @property
    def client(self) -> httpx.AsyncClient:
        """Created on first use, inside the server's event loop."""
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self._base_url, headers=self._headers, timeout=self._timeout
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _post(
        self, path: str, body: dict[str, Any], headers: Optional[dict[str, str]] = None
    ) -> Optional[httpx.Response]:
        try:
            return await self.client.post(path, json=body, headers=headers)
        except httpx.HTTPError as error:
            logger.warning("LINE %s failed: %s", path, type(error).__name__)
            return None

    async def reply(self, reply_token: str, messages: list[Message]) -> bool:
        """True if LINE took the reply; a used or expired token gives 400."""
        response = await self._post(REPLY_PATH, {"replyToken": reply_token, "messages": messages})
        if response is not None and response.is_success:
            return True
        _log_failure(REPLY_PATH, response)
        return False

    async def push(self, to: str, messages: list[Message]) -> bool:
        """Push, retried once on a 5xx or network error without sending twice.

        The same X-Line-Retry-Key makes LINE run the request at most once; 409 means an
        earlier attempt was accepted.
        """
        headers = {"X-Line-Retry-Key": str(uuid.uuid4())}
        body = {"to": to, "messages": messages}
        for _ in range(2):
            response = await self._post(PUSH_PATH, body, headers)
            if response is not None and (response.is_success or response.status_code == 409):
                return True
            if response is not None and response.status_code < 500:
                break
        _log_failure(PUSH_PATH, response)
        return False

    async def send(self, to: str, messages: list[Message], reply_token: Optional[str]) -> bool:
        """Reply with the first 5 messages, push the rest; push if the reply fails."""
        delivered = True
        for index, batch in enumerate(batches(messages)):
            if index == 0 and reply_token and await self.reply(reply_token, batch):
                continue
            delivered = await self.push(to, batch) and delivered
        return delivered


def _log_failure(path: str, response: Optional[httpx.Response]) -> None:
    """Status and LINE's error summary only: never the messages or the user id."""
    if response is None:
        return
    try:
        body = response.json()
    except ValueError:
        body = None
    detail = str(body.get("message", ""))[:200] if isinstance(body, dict) else ""
    logger.warning("LINE %s answered %s %s", path, response.status_code, detail)
