"""Post high-urgency tickets to the desk's Slack channel through the Slack Web API client.

``DESK_SLACK_BOT_TOKEN`` enables it (no token: nothing is sent, silently);
``DESK_SLACK_CHANNEL`` names the channel and ``DESK_SLACK_API_BASE_URL`` points the
client elsewhere (tests use a local stub). Posting runs on one background thread so a slow
Slack never delays the user's reply.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from desk.summary import channel_label
from desk.tickets import Ticket
from desk.urgency import HIGH

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def notify_if_urgent(ticket: Ticket) -> Future[bool] | None:
    """Queue a Slack post for a high-urgency ticket; None when nothing is to be sent."""
    if ticket.urgency != HIGH or not os.environ.get("DESK_SLACK_BOT_TOKEN"):
        return None
    return _pool().submit(post_ticket, ticket)


def post_ticket(ticket: Ticket) -> bool:
    """Post now; True on success. Errors are logged by type only (no message text)."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    token = os.environ.get("DESK_SLACK_BOT_TOKEN", "")
    channel = os.environ.get("DESK_SLACK_CHANNEL", "#desk")
    base = os.environ.get("DESK_SLACK_API_BASE_URL", "").strip()
    client = WebClient(token=token, base_url=_slash(base)) if base else WebClient(token=token)
    text = ticket_text(ticket)
    try:
        client.chat_postMessage(channel=channel, text=text, unfurl_links=False)
    except (SlackApiError, OSError) as error:
        kind = type(error).__name__
        logger.warning("Slack notification for ticket %s failed: %s", ticket.id, kind)
        return False
    return True


def ticket_text(ticket: Ticket) -> str:
    """What the desk sees in Slack: the summary and where to open the ticket.

    The summary is built from masked text, so no personal data leaves for Slack.
    """
    desk_url = os.environ.get("DESK_PUBLIC_URL", "").rstrip("/")
    link = f"\n{desk_url}/tickets/{ticket.id}" if desk_url else f"\nチケット番号：{ticket.id}"
    return f"【緊急】新しいチケット（{channel_label(ticket.channel)}）\n{ticket.summary}{link}"


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="desk-slack")
        return _executor
