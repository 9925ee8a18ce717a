"""Which programs a message names: 「冒認の支援」, 「INPITの中間手続」, 「PCTの話に戻るけど」.

The names and aliases come from knowledge/ (each program's ``name`` and ``aliases``), the
one list the NLU's ``program`` lookup is generated from too (scripts/generate_lookups.py).
Reading the text as well as the entities means a name still counts when the entity
extractor missed it. Longest names win, so 「INPITの中間手続」 is the 中間手続補助 and not
INPIT's filing subsidy.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from knowledge import get_knowledge_base
from knowledge.text import normalize

# Names too short or too general to stand for one program on their own.
_MIN_NAME_CHARS = 2


@lru_cache(maxsize=1)
def _name_index() -> tuple[tuple[str, str], ...]:
    """(normalised name, program id), longest first."""
    kb = get_knowledge_base()
    pairs = {
        (normalize(name), program.id)
        for program in kb.programs
        for name in (program.name, *program.aliases)
        if len(normalize(name)) >= _MIN_NAME_CHARS
    }
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def programs_named(texts: Iterable[str]) -> list[str]:
    """Program ids named in the texts, in order of first appearance, without repeats."""
    found: list[tuple[int, str]] = []
    for text in texts:
        remaining = normalize(text or "")
        for name, program_id in _name_index():
            position = remaining.find(name)
            if position < 0:
                continue
            found.append((position, program_id))
            # Blank the match out so a shorter name inside it does not count again.
            remaining = remaining[:position] + "\0" * len(name) + remaining[position + len(name) :]
    ordered = [program_id for _, program_id in sorted(found)]
    return list(dict.fromkeys(ordered))


def programs_in_message(latest_message: dict[str, Any]) -> list[str]:
    """Programs the user's latest message names: the text first, entities only without it.

    The entities come from the same alias list as the text search, but a regex entity may
    cover a shorter alias inside a longer name (「外国出願」 inside 「INPIT外国出願補助金」);
    adding it would name a second program the user never asked about.
    """
    from_text = programs_named([latest_message.get("text") or ""])
    if from_text:
        return from_text
    entities = [
        str(e.get("value"))
        for e in latest_message.get("entities") or []
        if e.get("entity") == "program" and e.get("value")
    ]
    return programs_named(entities)
