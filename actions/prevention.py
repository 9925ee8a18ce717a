"""Before any harm: 「中国に進出する前に、ブランドを真似されないか心配です」.

The squatting (冒認) and counterfeit programs pay for action after the harm. A message
that worries about what may happen and says nothing has happened yet asks how to protect
the brand first: filing abroad, which 海外出願支援事業 pays for. Answering with the
after-harm program would be a wrong answer. The cues are few and stable, so they are
listed rather than learned; any sign that something has happened keeps the situation.
"""

from __future__ import annotations

from knowledge.text import normalize

AFTER_HARM_PROGRAMS = ("squatting_support", "counterfeit_support")
PREVENTION_PROGRAM = "foreign_filing_support"
# Said in so many words that the harm is to be prevented (「抜け駆け登録されないために」):
# the user asks how to prevent it even when naming the after-harm program.
_AVOID_CUES = (
    "防ぎたい",
    "防ぐには",
    "防ぐため",
    "防止",
    "予防",
    "されないよう",
    "されないため",
    "取られないよう",
    "取られないため",
    "とられないよう",
    "とられないため",
    "避けたい",
    "避けるため",
    "避けるには",
)
_BEFORE_CUES = (
    *_AVOID_CUES,
    "心配",
    "不安",
    "前に",
    "しようとして",
    "今後",
    "これから",
    "予定",
    "検討",
    "にあたり",
    "備え",
)
_HAPPENED_CUES = (
    "された",
    "されて",
    "されま",
    "取られた",
    "取られて",
    "とられた",
    "とられて",
    "使われ",
    "出回って",
    "売られ",
    "見つけ",
    "発見",
    "届いた",
    "届きました",
    "来た",
    "来ました",
    "被害",
)


_BEFORE = tuple(normalize(cue) for cue in _BEFORE_CUES)
_AVOID = tuple(normalize(cue) for cue in _AVOID_CUES)
_HAPPENED = tuple(normalize(cue) for cue in _HAPPENED_CUES)


def before_harm(text: str, cues: tuple[str, ...] = _BEFORE) -> bool:
    """The message worries about the future and says nothing has happened yet."""
    folded = normalize(text or "")
    if not any(cue in folded for cue in cues):
        return False
    return not any(cue in folded for cue in _HAPPENED)


def prevention_instead(program_ids: list[str], named: list[str], text: str) -> bool:
    """Answer with the filing subsidy instead of the one after-harm program guessed.

    Only when the program came from the situation: a program the user names is answered,
    unless the message asks how to avoid what that program is for (「抜け駆け登録されない
    ために」).
    """
    if len(program_ids) != 1 or program_ids[0] not in AFTER_HARM_PROGRAMS:
        return False
    if program_ids[0] in named:
        return before_harm(text, _AVOID)
    return before_harm(text)
