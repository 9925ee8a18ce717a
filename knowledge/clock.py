"""Today's date for every answer, with one override for tests and demonstrations.

The bot reads the real date on every call (it runs for months; a date cached at start
would go stale). ``NAVI_TODAY=2026-12-01`` pins it instead: read once, on first use, so
the end-to-end tests can start the servers on a given day and CI on a later day still
sees the answers of that day. Unset, it is ignored.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache

ENV_VAR = "NAVI_TODAY"


@lru_cache(maxsize=1)
def pinned_today() -> date | None:
    """The date in NAVI_TODAY, or None when it is unset or empty."""
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(
            f"{ENV_VAR} must be an ISO date such as 2026-12-01, got {value!r}"
        ) from error


def today() -> date:
    """NAVI_TODAY when set, else the real date (read on every call)."""
    return pinned_today() or date.today()
