"""Turn the bot's answers into LINE message objects, within LINE's documented limits.

Pure functions, so the limits are unit-tested without a server. The answers themselves
come from the bot unchanged (DESIGN.md, principle 5); only their shape changes here.
LINE counts lengths in UTF-16 code units, so an emoji counts twice.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any, Iterable

logger = logging.getLogger(__name__)

MAX_TEXT = 5000
MAX_MESSAGES_PER_CALL = 5
MAX_QUICK_REPLY_ITEMS = 13
MAX_LABEL = 20
MAX_POSTBACK_DATA = 300
MAX_DISPLAY_TEXT = 300
ELLIPSIS = "…"

UNSUPPORTED_TEXT = (
    "申し訳ありません。スタンプや画像などにはお答えできません。文字でご質問ください。"
)
FAILURE_TEXT = (
    "申し訳ありません。ただいま回答をお送りできませんでした。"
    "しばらくしてから、もう一度お試しください。"
)
CHOOSE_TEXT = "次の中からお選びください。"

Message = dict[str, Any]


def utf16_len(text: str) -> int:
    """Length as LINE counts it: characters outside the BMP take two code units."""
    return len(text.encode("utf-16-le")) // 2


def _continues_previous(char: str) -> bool:
    """True for characters that must not start a piece (they modify the one before)."""
    code = ord(char)
    return (
        unicodedata.combining(char) != 0
        or char == "\u200d"  # zero-width joiner inside emoji sequences
        or 0xFE00 <= code <= 0xFE0F  # variation selectors (e.g. emoji presentation)
        or 0x1F3FB <= code <= 0x1F3FF  # skin-tone modifiers
        or 0xE0100 <= code <= 0xE01EF  # ideographic variation selectors
    )


def fit(text: str, limit: int) -> int:
    """Index of the longest prefix within ``limit`` UTF-16 units, cut between characters.

    Python strings hold code points, so a surrogate pair is never split; the cut also
    moves back so an emoji sequence or a combining mark stays with its base character.
    """
    units = 0
    index = len(text)
    for position, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            index = position
            break
    else:
        return len(text)
    cut = index
    while cut > 0 and (_continues_previous(text[cut]) or text[cut - 1] == "\u200d"):
        cut -= 1
    return cut if cut > 0 else index


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split a long answer into pieces LINE accepts, preferably at a line or 。 end."""
    pieces: list[str] = []
    rest = text
    while utf16_len(rest) > limit:
        hard = max(fit(rest, limit), 1)
        head = rest[:hard]
        cut = head.rfind("\n") + 1 or head.rfind("。") + 1
        if cut <= hard // 2:
            cut = hard
        pieces.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:].lstrip("\n")
    pieces.append(rest)
    return [piece for piece in pieces if piece.strip()]


def truncate(text: str, limit: int) -> str:
    """Shorten to ``limit`` UTF-16 units, marking the cut with an ellipsis."""
    text = " ".join(text.split())
    if utf16_len(text) <= limit:
        return text
    return text[: fit(text, limit - 1)].rstrip() + ELLIPSIS


def quick_reply_items(buttons: Iterable[dict[str, Any]]) -> list[Message]:
    """Rasa buttons as LINE postback quick replies (at most 13, deduplicated).

    The payload goes into ``data`` whole: a cut payload would be a different intent,
    so a button whose payload is over 300 units is dropped instead.
    """
    items: list[Message] = []
    seen: set[str] = set()
    for button in buttons:
        title = str(button.get("title") or "").strip()
        payload = str(button.get("payload") or title).strip()
        if not title or payload in seen:
            continue
        if utf16_len(payload) > MAX_POSTBACK_DATA:
            logger.warning("A button's payload is too long for LINE; button left out.")
            continue
        seen.add(payload)
        action = {
            "type": "postback",
            "label": truncate(title, MAX_LABEL),
            "data": payload,
            "displayText": truncate(title, MAX_DISPLAY_TEXT),
        }
        items.append({"type": "action", "action": action})
        if len(items) == MAX_QUICK_REPLY_ITEMS:
            break
    return items


def text_message(text: str) -> Message:
    return {"type": "text", "text": text}


def _image_message(url: str) -> Message:
    """LINE shows only HTTPS images; anything else is sent as its address."""
    if url.startswith("https://"):
        return {"type": "image", "originalContentUrl": url, "previewImageUrl": url}
    return text_message(url)


def pack_texts(messages: list[Message], limit: int = MAX_TEXT) -> list[Message]:
    """Join neighbouring texts into fewer bubbles, so an answer needs fewer API calls."""
    packed: list[Message] = []
    for message in messages:
        last = packed[-1] if packed else None
        if (
            last is not None
            and last["type"] == message["type"] == "text"
            and utf16_len(last["text"]) + 2 + utf16_len(message["text"]) <= limit
        ):
            packed[-1] = text_message(last["text"] + "\n\n" + message["text"])
        else:
            packed.append(message)
    return packed


# 👍/👎 on an answer (support desk feedback), sent through Rasa like any button.
FEEDBACK_BUTTONS = (
    {"title": "👍 役に立った", "payload": '/feedback{"rating":"up"}'},
    {"title": "👎 役に立たなかった", "payload": '/feedback{"rating":"down"}'},
)


def to_line_messages(
    bot_messages: Iterable[dict[str, Any]], rateable: bool = False
) -> list[Message]:
    """The bot's messages for one turn as LINE messages.

    Rasa splits a text at blank lines; when that makes more than 5 bubbles, they are
    joined again so the answer fits in one reply. The buttons of the turn become quick
    replies on the last message, the only place LINE shows them; ``rateable`` adds 👍/👎.
    """
    messages: list[Message] = []
    buttons: list[dict[str, Any]] = []
    for bot_message in bot_messages:
        text = str(bot_message.get("text") or "").strip()
        messages += [text_message(piece) for piece in split_text(text)]
        if bot_message.get("image"):
            messages.append(_image_message(str(bot_message["image"])))
        if bot_message.get("attachment"):
            messages += map(text_message, split_text(str(bot_message["attachment"])))
        buttons += bot_message.get("buttons") or []
    if len(messages) > MAX_MESSAGES_PER_CALL:
        messages = pack_texts(messages)
    if rateable and messages:
        buttons += FEEDBACK_BUTTONS  # after the bot's own, which keep priority within 13
    items = quick_reply_items(buttons)
    if items:
        if not messages:
            messages.append(text_message(CHOOSE_TEXT))
        messages[-1] = {**messages[-1], "quickReply": {"items": items}}
    return messages


def batches(messages: list[Message], size: int = MAX_MESSAGES_PER_CALL) -> list[list[Message]]:
    """LINE takes at most 5 messages per reply or push call."""
    return [messages[i : i + size] for i in range(0, len(messages), size)]
