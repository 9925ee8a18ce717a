"""What users could not get answered, and volumes, read from Rasa's SQL tracker store.

Reading the tracker store (its ``events`` table) means the message path gets no extra
writes. Texts are masked before they are shown, like ticket transcripts.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import MetaData, Table, create_engine, inspect, select
from sqlalchemy.engine import Engine

from actions.intent_map import INTENT_TO_PROGRAM
from desk.masking import mask_personal_data

JST = ZoneInfo("Asia/Tokyo")
CLARIFY, HANDOFF, FALLBACK = "action_clarify", "action_handoff", "nlu_fallback"
OUTCOME_LABELS = {"clarify": "確認質問", "fallback": "理解できず", "handoff": "担当者へ"}
_SIMILARITY = 0.5  # character-bigram Dice coefficient from which two questions are one group
_PUNCT = re.compile(r"[\s、。，．,.!?！？「」『』（）()・…〜~ー-]+")


@dataclass
class QuestionGroup:
    """Similar questions: the most common wording, how often, and how they ended."""

    text: str
    count: int
    outcomes: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    _grams: frozenset[str] = frozenset()


@dataclass
class Volumes:
    per_day: list[tuple[str, int]]
    per_channel: list[tuple[str, int]]
    per_program: list[tuple[str, int]]


@dataclass
class Insights:
    groups: list[QuestionGroup]
    volumes: Volumes
    available: bool = True


@lru_cache(maxsize=4)
def tracker_engine(url: str) -> Engine:
    """One read-only-use engine per tracker store URL, for the desk process's life."""
    return create_engine(url, future=True)


def load_insights(url: str | None, days: int = 30, now: datetime | None = None) -> Insights:
    """Insights of the last ``days`` days; ``available`` is False without a tracker store."""
    empty = Insights([], Volumes([], [], []), available=False)
    if not url:
        return empty
    engine = tracker_engine(url)
    with engine.connect() as connection:
        if "events" not in inspect(connection).get_table_names():
            return empty
        events = Table("events", MetaData(), autoload_with=connection)
        since = (now or datetime.now(timezone.utc)) - timedelta(days=days)
        query = (
            select(
                events.c.sender_id,
                events.c.type_name,
                events.c.timestamp,
                events.c.intent_name,
                events.c.action_name,
                events.c.data,
            )
            .where(events.c.timestamp >= since.timestamp())
            .where(events.c.type_name.in_(("user", "action")))
            .order_by(events.c.sender_id, events.c.id)
        )
        rows = connection.execute(query).all()
    return Insights(group_questions(unanswered(rows)), volumes(rows, days, now))


def unanswered(rows: list[Any]) -> list[tuple[str, str]]:
    """(text, outcome) for user turns that the bot met with clarify, fallback or handoff."""
    found: list[tuple[str, str]] = []
    pending: tuple[str, str | None] | None = None  # (text, intent) waiting for its action
    for row in rows:
        if row.type_name == "user":
            data = _data(row.data)
            text = str(data.get("text") or "")
            pending = (text, row.intent_name)
            if row.intent_name == FALLBACK and _is_question(text):
                found.append((text, "fallback"))
                pending = None
        elif row.type_name == "action" and pending and row.action_name != "action_listen":
            text, intent = pending
            pending = None
            if intent in ("request_human", FALLBACK) or not _is_question(text):
                continue
            if row.action_name == CLARIFY:
                found.append((text, "clarify"))
            elif row.action_name == HANDOFF:
                found.append((text, "handoff"))
    return found


def group_questions(items: list[tuple[str, str]], limit: int = 50) -> list[QuestionGroup]:
    """Greedy grouping by character-bigram overlap; most frequent group first.

    Hand-written: the texts are short Japanese phrases and a few thousand at most, so a
    bigram Dice coefficient (「締め切りはいつ？」 ≈ 「締切はいつですか」) is enough and needs
    no model; the NLU's own features are not exposed.
    """
    groups: list[QuestionGroup] = []
    wordings: list[Counter[str]] = []
    for text, outcome in items:
        masked = mask_personal_data(text.strip())
        grams = _bigrams(masked)
        index = next(
            (i for i, g in enumerate(groups) if _dice(grams, g._grams) >= _SIMILARITY), None
        )
        if index is None:
            groups.append(QuestionGroup(masked, 0, _grams=grams))
            wordings.append(Counter())
            index = len(groups) - 1
        group = groups[index]
        group.count += 1
        group.outcomes[outcome] += 1
        wordings[index][masked] += 1
        if masked not in group.examples and len(group.examples) < 3:
            group.examples.append(masked)
    for group, counter in zip(groups, wordings, strict=False):
        group.text = counter.most_common(1)[0][0]
    return sorted(groups, key=lambda g: (-g.count, g.text))[:limit]


def volumes(rows: list[Any], days: int, now: datetime | None = None) -> Volumes:
    """User messages per day (JST, every day of the window), channel and program."""
    today = (now or datetime.now(timezone.utc)).astimezone(JST).date()
    per_day: Counter[str] = Counter()
    per_channel: Counter[str] = Counter()
    per_program: Counter[str] = Counter()
    for row in rows:
        if row.type_name != "user":
            continue
        day = datetime.fromtimestamp(row.timestamp, tz=timezone.utc).astimezone(JST).date()
        per_day[day.isoformat()] += 1
        per_channel[str(_data(row.data).get("input_channel") or "unknown")] += 1
        program = INTENT_TO_PROGRAM.get(row.intent_name or "")
        if program:
            per_program[program] += 1
    window = [(today - timedelta(days=n)).isoformat() for n in range(days - 1, -1, -1)]
    return Volumes(
        per_day=[(d, per_day.get(d, 0)) for d in window],
        per_channel=per_channel.most_common(),
        per_program=per_program.most_common(),
    )


def _data(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _is_question(text: str) -> bool:
    """Typed text, not a button payload (/intent) and not empty."""
    return bool(text.strip()) and not text.startswith("/")


def _bigrams(text: str) -> frozenset[str]:
    folded = _PUNCT.sub("", unicodedata.normalize("NFKC", text).lower())
    if len(folded) < 2:
        return frozenset({folded})
    return frozenset(folded[i : i + 2] for i in range(len(folded) - 1))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))
