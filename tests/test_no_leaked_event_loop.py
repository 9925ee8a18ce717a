"""No test module leaves an asyncio loop running in the main thread.

A Playwright sync session that outlives its module keeps a loop running; every later
``asyncio.run`` (the NLU tests) and tests/web's own Playwright then fail with errors that
point away from the cause. This file sorts after every test directory but tests/web, so it
names the leak where it happens.
"""

from __future__ import annotations

import asyncio


def test_no_asyncio_loop_is_left_running() -> None:
    assert asyncio._get_running_loop() is None, "a module left Playwright (or a loop) running"
