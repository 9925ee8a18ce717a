"""What every channel does to a user's text before Rasa sees it.

Control characters are removed (PostgreSQL cannot store NUL, and they carry no meaning in
a question) and the text is cut to a bounded length, so that one huge message can neither
exhaust the NLU nor bloat the conversation that the tracker store keeps and sends to the
action server on every turn. The cut text is still longer than any question, so the bot
answers "too long" (bot/nlu/readability.py).
"""

from __future__ import annotations

import re

from bot.nlu.readability import CHANNEL_MAX_CHARS

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(text: object) -> str:
    """The user's text, safe to store and to parse: no controls, bounded length."""
    if not isinstance(text, str):
        return ""
    return _CONTROL.sub("", text[: CHANNEL_MAX_CHARS * 2])[:CHANNEL_MAX_CHARS]
