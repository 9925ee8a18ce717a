"""Read what the bot answered from its reply, and judge it against what was expected.

A reply is judged by what a user would see: the program named in 【】 at the top, the
FAQ's question, the prefecture's organization, the out-of-scope or handoff wording. Three
outcomes: **correct**; **asked** (the bot asked back: the likely topics, "which of two",
the menu) which costs the user a click but misleads nobody; **wrong** (it answered
confidently with something else). A wrong answer is worse than a question back.

An **unsure** reply (the likely topics as buttons, plus the general IP desk for questions
outside the programs) is a question back, except for an out-of-scope question, for which
naming the desk is the right answer. ``strict=True`` never counts it as correct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable, Optional

from knowledge import KnowledgeBase

_BRACKETED = re.compile(r"【([^】]+)】")


class Outcome(str, Enum):
    CORRECT = "correct"
    ASKED = "asked"
    WRONG = "wrong"


@dataclass(frozen=True)
class Reading:
    """What a reply is, as a user would read it."""

    kind: str  # program | several | faq | route | out_of_scope | handoff | estimate |
    #            eligibility | priority | chitchat | asked | unsure | other
    programs: tuple[str, ...] = ()
    fact: Optional[str] = None
    prefecture: Optional[str] = None
    aspect_only: bool = False
    text: str = ""


@dataclass
class Expectation:
    """One test question's label (tests/nlu/real_questions.yml's ``expect``/``also``)."""

    expect: str
    also: list[str] = field(default_factory=list)

    def options(self) -> list[str]:
        return [self.expect, *self.also]


_MARKERS: tuple[tuple[str, str], ...] = (
    ("こんにちは。海外知財支援ナビです", "chitchat"),
    ("どういたしまして", "chitchat"),
    ("ご利用ありがとうございました", "chitchat"),
    ("自動応答のチャットボット", "chitchat"),
    ("このチャットボットの対象外です", "out_of_scope"),
    ("担当の窓口におつなぎします", "handoff"),
    ("専門の相談員にお尋ねください", "handoff"),
    ("優先権を主張して外国に出願できる期限", "priority"),
    ("日本で最初に出願した日を教えてください", "priority"),
    ("権利の種類を選んでください", "estimate"),
    ("費用の総額", "estimate"),
    ("補助額の試算", "estimate"),
    ("御社は中小企業者", "eligibility"),
    ("自信がありません", "unsure"),
    ("どちらかが当てはまりそうです", "asked"),
    ("相手は、海外の企業ですか", "asked"),
    ("読み取れませんでした", "asked"),
    ("次のようなご相談にお答えできます", "asked"),
    ("どの支援策についてのご質問か", "asked"),
    ("どのようなご相談でしょうか", "asked"),
    ("次のどのご質問に近いか", "asked"),
)


def read_reply(messages: Iterable[dict[str, Any]], kb: KnowledgeBase) -> Reading:
    """Classify the bot's messages for one user turn."""
    texts = [str(m.get("text") or "") for m in messages if str(m.get("text") or "").strip()]
    text = "\n".join(texts)
    first = texts[0] if texts else ""
    for marker, kind in _MARKERS:  # what the reply opens with decides what it is
        if marker in first:
            return Reading(kind, text=text)
    for org in kb.organizations:
        if "窓口（" in text and org.name in text:
            return Reading("route", prefecture=org.prefecture, text=text)
    names = _BRACKETED.findall(first)
    if "つの支援策が関係します" in first:
        names = [n for t in texts[1:] for n in _BRACKETED.findall(t)[:1]]
        programs = tuple(p.id for p in map(kb.program, names) if p is not None)
        return Reading("several", programs=programs, text=text)
    for name in names[:1]:
        program = kb.program(name)
        if program is not None:
            aspect_only = first.lstrip().startswith(f"【{program.name}】\n")
            # Programs that open a later bubble are named too (「【海外展開知財支援窓口】も
            # ご利用いただけます」 after the INPIT desk).
            also = [_leading_program(t, kb) for t in texts[1:]]
            programs = (program.id, *(p for p in also if p and p != program.id))
            return Reading("program", programs=programs, aspect_only=aspect_only, text=text)
        fact = next((f for f in kb.facts if f.question == name), None)
        if fact is not None:
            return Reading("faq", fact=fact.id, text=text)
    # 「長崎県では…【INPIT外国出願補助金】をご案内します」: a program named inside the lead
    for name in _BRACKETED.findall(text)[:1]:
        program = kb.program(name)
        if program is not None:
            return Reading("program", programs=(program.id,), text=text)
    return Reading("other", text=text)


def _leading_program(bubble: str, kb: KnowledgeBase) -> Optional[str]:
    match = _BRACKETED.match(bubble.lstrip())
    program = kb.program(match.group(1)) if match else None
    return program.id if program is not None else None


def _matches(option: str, reading: Reading) -> bool:
    kind, _, rest = option.partition(":")
    if kind == "program":
        return reading.kind in ("program", "several") and rest in reading.programs
    if kind == "programs":
        wanted = set(rest.split("+"))
        return reading.kind == "several" and wanted <= set(reading.programs)
    if kind == "aspect":
        program, _, _aspect = rest.partition(":")
        return reading.kind in ("program", "several") and program in reading.programs
    if kind == "faq":
        if rest == "priority_period" and reading.kind == "priority":
            # The deadline answer states the same 12/6-month rule, and offers to work out
            # the user's own date: the FAQ's content and more.
            return True
        return reading.kind == "faq" and reading.fact == rest
    if kind == "route":
        return reading.kind == "route" and reading.prefecture == rest
    if kind == "out_of_scope" and reading.kind == "unsure":
        # Unsure replies say what the bot covers and give the general IP desk for the
        # rest: exactly the answer an out-of-scope question needs.
        return True
    if kind == "asked":
        return reading.kind in ("asked", "unsure")
    return reading.kind == kind


def judge(expectation: Expectation, reading: Reading, strict: bool = False) -> Outcome:
    """correct, asked back, or wrong."""
    if strict and reading.kind == "unsure":
        return Outcome.ASKED
    if any(_matches(option, reading) for option in expectation.options()):
        return Outcome.CORRECT
    if reading.kind in ("asked", "unsure"):
        return Outcome.ASKED
    return Outcome.WRONG
