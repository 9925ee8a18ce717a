"""Whether the program a situation points to fits what the message is about.

Situation words are broad: 「保険」 finds 海外知財訴訟費用保険 in 「海外PL保険に入るべき？」,
and 「無断で…特許出願」 finds 冒認商標 in a patent taken abroad. Answering with the program
would be a confident wrong answer. Two facts in knowledge/ say when it does not fit: the
program's ``look_alikes`` (other schemes' words) and its ``right_types``.
"""

from __future__ import annotations

from typing import Optional

from actions.scope import says_any
from knowledge.models import Program
from knowledge.right_types import rights_named

# A right the program does not cover, about abroad: the desk that advises on anything
# abroad, free of charge.
ADVICE_DESK = "overseas_ip_desk"
# Covered when the program covers trademarks (the anti-squatting filing is a trademark).
_TRADEMARKS = {"trademark", "anti_squatting_trademark"}


def looks_alike(program: Program, text: str) -> bool:
    """The message says another scheme's word that resembles this program."""
    return says_any(text, tuple(program.look_alikes))


def rights_outside(program: Program, text: str) -> Optional[set[str]]:
    """The right types the message names, when the program covers none of them."""
    if not program.right_types:
        return None
    named = rights_named(text)
    covered = set(program.right_types)
    if covered & _TRADEMARKS:
        covered |= _TRADEMARKS
    if not named or named & covered:
        return None
    return named
