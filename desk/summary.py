"""The two-line Japanese summary on each ticket: a template filled from slots and messages."""

from __future__ import annotations

from knowledge import get_knowledge_base

REASON_LABELS = {
    "user_request": "担当者との会話を希望",
    "not_understood": "ボットが2回続けて理解できず",
    "urgent": "緊急の案件",
}
CHANNEL_LABELS = {
    "rest": "Web",
    "socketio": "Webチャット",
    "line": "LINE",
    "slack": "Slack",
    "triage": "メール・フォーム",
}
_QUOTE_CHARS = 40


def program_names(program_ids: list[str]) -> list[str]:
    """Official program names from knowledge/, for ids that exist."""
    kb = get_knowledge_base()
    names = []
    for program_id in program_ids:
        program = kb.program(program_id)
        if program is not None:
            names.append(program.name)
    return names


def channel_label(channel: str) -> str:
    return CHANNEL_LABELS.get(channel, channel or "不明")


def summarize(
    *,
    reason: str,
    channel: str,
    programs: list[str],
    prefecture: str | None,
    right_type: str | None,
    country: str | None,
    urgency_reason: str | None,
    user_messages: list[str],
) -> str:
    """Line 1: who needs what (urgency, programs, prefecture/right/country).

    Line 2: why it came to the desk, from which channel, and the user's latest words.
    ``user_messages`` must already be masked.
    """
    topic = "・".join(program_names(programs)) or "制度未特定"
    details = [d for d in (prefecture, _right_label(right_type), country) if d]
    first = ("【至急：" + urgency_reason + "】" if urgency_reason else "") + f"{topic}について"
    if details:
        first += "（" + "、".join(details) + "）"
    first += "のご相談。"
    label, said = _quoted(reason, user_messages)
    second = f"{REASON_LABELS.get(reason, reason)}（{channel_label(channel)}）。"
    if said:
        quote = said if len(said) <= _QUOTE_CHARS else said[: _QUOTE_CHARS - 1] + "…"
        second += f"{label}：「{quote}」"
    return first + "\n" + second


def _quoted(reason: str, user_messages: list[str]) -> tuple[str, str]:
    """Which words to quote: what the bot did not understand, else the first question
    typed (「人と話したい」 itself says nothing about the case)."""
    typed = [m for m in user_messages if m.strip() and not m.startswith("［ボタン］")]
    if not typed:
        return "", ""
    if reason == "not_understood" or len(typed) == 1:
        return "最後の発言", typed[-1]
    return "最初の相談", typed[0]


def _right_label(right_type: str | None) -> str | None:
    if not right_type:
        return None
    kb = get_knowledge_base()
    key = kb.normalize_right_type(right_type) or right_type
    try:
        return kb.right_type_label(key)
    except (KeyError, ValueError):
        return right_type
