"""Situation keyword search: from everyday words to the programs that fit.

Users describe what happened (「警告状が届いた」, 「ぱくられた」) rather than
naming a program. Each program lists its aliases and situation keywords; a
query scores a program when a keyword appears in the query or the query in a
keyword, with names and aliases weighing more than situations and a plain
mention in the program's text weighing least.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.models import Program
from knowledge.text import normalize

_EXACT_NAME = 100  # the query is the program's id, name or an alias
_NAME_IN_QUERY = 60  # an alias appears inside the query (「抜け駆け出願された」)
_QUERY_IN_NAME = 30  # the query is part of a name (「ジェトロ」 in an alias)
_EXACT_SITUATION = 50
_SITUATION_IN_QUERY = 40
_QUERY_IN_SITUATION = 20
_TEXT = 5  # the query appears in the summary, target, costs or requirements
_MIN_PARTIAL = 2  # shorter keys only match exactly


@dataclass(frozen=True)
class _Indexed:
    program: Program
    names: tuple[str, ...]
    situations: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    text: str


def index_programs(programs: list[Program]) -> list[_Indexed]:
    """Precompute the normalised keys of every program."""
    indexed = []
    for program in programs:
        names = (program.id, program.name, *program.aliases)
        text = " ".join(
            [
                program.summary,
                program.target,
                *program.requirements,
                *program.covered_costs,
                *program.details,
            ]
        )
        indexed.append(
            _Indexed(
                program=program,
                names=tuple(normalize(name) for name in names),
                situations=tuple(normalize(word) for word in program.situations),
                # Written like a situation, so folded the same way (katakana to hiragana):
                # escapes must be lower-case ones (\d, \s), which folding leaves alone.
                patterns=tuple(re.compile(normalize(p)) for p in program.situation_patterns),
                text=normalize(text),
            )
        )
    return indexed


def _best(keys: tuple[str, ...], query: str, weights: tuple[int, int, int]) -> tuple[int, int]:
    """Best (score, specificity) of ``keys`` against ``query``.

    ``weights`` are for an exact match, a key inside the query, and the query
    inside a key.
    """
    exact, key_in_query, query_in_key = weights
    best = (0, 0)
    for key in keys:
        if key == query:
            match = (exact, len(key))
        elif len(key) >= _MIN_PARTIAL and key in query:
            match = (key_in_query, len(key))  # a longer key is more specific
        elif len(query) >= _MIN_PARTIAL and query in key:
            match = (query_in_key, 0)  # a fragment says nothing about which
        else:
            continue
        best = max(best, match)
    return best


def _score(entry: _Indexed, query: str) -> tuple[int, int]:
    """Score and the length of the longest matching key (tie-breaker).

    The best name match and the best situation match add up; several weak
    matches do not outweigh one exact match.
    """
    name_score, name_length = _best(
        entry.names, query, (_EXACT_NAME, _NAME_IN_QUERY, _QUERY_IN_NAME)
    )
    situation_score, situation_length = _best(
        entry.situations,
        query,
        (_EXACT_SITUATION, _SITUATION_IN_QUERY, _QUERY_IN_SITUATION),
    )
    for pattern in entry.patterns:
        found = pattern.search(query)
        if found:  # a told situation weighs like a situation phrase inside the query
            situation_score, situation_length = max(
                (situation_score, situation_length), (_SITUATION_IN_QUERY, len(found.group()))
            )
    score = name_score + situation_score
    if score == 0 and len(query) >= _MIN_PARTIAL and query in entry.text:
        score = _TEXT
    return score, max(name_length, situation_length)


def find_programs(indexed: list[_Indexed], query: str) -> list[Program]:
    """Programs matching ``query``, best first; ties keep brochure order."""
    key = normalize(query)
    if not key:
        return []
    ranked = []
    for position, entry in enumerate(indexed):
        score, longest = _score(entry, key)
        if score > 0:
            ranked.append((-score, -longest, position, entry.program))
    ranked.sort(key=lambda item: item[:3])
    return [item[3] for item in ranked]
