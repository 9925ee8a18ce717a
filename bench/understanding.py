"""How the bot understands questions it was never trained on, asked over REST.

Four labelled sets (evaluation/): the real questions people wrote on public pages
(tests/nlu/real_questions.yml); a second real set a helper collected blind, without
seeing the training data or the bot's checks (tests/nlu/real_questions_fresh.yml): the
first set's misses guided checks, so the second is the fairer figure; a third collected
the same way (tests/nlu/real_questions_third.yml); and the
development set a helper wrote to choose the thresholds (tests/nlu/dev_questions.yml).
Each question starts a fresh conversation on the trained model, and the reply is judged
as a user would read it.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from evaluation.real_questions import REAL_QUESTIONS, evaluate, load
from launcher import topology

log = logging.getLogger(__name__)

DEV_QUESTIONS = REAL_QUESTIONS.with_name("dev_questions.yml")
FRESH_QUESTIONS = REAL_QUESTIONS.with_name("real_questions_fresh.yml")
THIRD_QUESTIONS = REAL_QUESTIONS.with_name("real_questions_third.yml")
# The day the answers are given for (the sets' dated questions were written for it).
TODAY = "2026-12-01"


def run(model: Path) -> dict[str, Any]:
    """{"real", "fresh", "third", "dev"}: report as dicts (accuracy, asked, wrong, by kind)."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-understanding-"))
    try:
        with topology.embedded(
            workdir,
            model=model,
            credentials={"bot.channels.rest.RestInput": None},
            env={"NAVI_TODAY": TODAY},
        ) as bot:
            results = {}
            sets = (
                ("real", REAL_QUESTIONS),
                ("fresh", FRESH_QUESTIONS),
                ("third", THIRD_QUESTIONS),
                ("dev", DEV_QUESTIONS),
            )
            for name, path in sets:
                report = evaluate(bot.public_url, load(path))
                log.info("%s questions: %s", name, report.summary().splitlines()[0])
                results[name] = report.as_dict()
            return results
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
