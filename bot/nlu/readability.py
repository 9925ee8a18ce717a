"""Is a message something the NLU can read at all? Shared by the NLU guard and the actions.

No Rasa imports here, so the action server can use it without loading the NLU stack.
"""

from __future__ import annotations

import unicodedata

MAX_MESSAGE_CHARS = 1000  # a long keigo e-mail is ~300 characters
# What the NLU looks at: still above MAX_MESSAGE_CHARS, so a cut message stays "too long",
# and far below SudachiPy's 49,149-byte limit (3 bytes per kana or kanji).
NLU_MAX_CHARS = 2 * MAX_MESSAGE_CHARS
# What a channel passes on and the tracker stores: bounded, and enough to say "too long".
CHANNEL_MAX_CHARS = 2 * MAX_MESSAGE_CHARS


def is_too_long(text: str) -> bool:
    """Longer than any single question; DIET would guess on it with false confidence."""
    return len(text.strip()) > MAX_MESSAGE_CHARS


def is_unreadable(text: str) -> bool:
    """Empty, only symbols or emoji, or too long to be one question."""
    stripped = text.strip()
    if not stripped or is_too_long(stripped):
        return True
    return not any(unicodedata.category(c)[0] in "LN" for c in stripped)
