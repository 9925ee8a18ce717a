"""The scaled topology (deploy/: nginx, two Rasa processes, PostgreSQL, Redis), once per session.

`make test` installs nginx, PostgreSQL and Redis (make scaled-deps). Each test leaves the
topology running with every process up, so the order of the tests does not matter.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import get_knowledge_base
from launcher.services import postgres_bin
from launcher.topology import Scaled, scaled
from tests.conftest import LINE_SECRET, LINE_TOKEN
from tests.support.stubs import RecordingStub


def _missing() -> list[str]:
    missing = [tool for tool in ("nginx", "redis-server") if shutil.which(tool) is None]
    return missing + ([] if postgres_bin() else ["postgresql"])


@pytest.fixture(scope="session")
def scaled_out(line_stub: RecordingStub) -> Iterator[Scaled]:
    missing = _missing()
    assert not missing, f"{', '.join(missing)} not installed: run `make scaled-deps`"
    workdir = Path(tempfile.mkdtemp(prefix="navi-faults-"))
    env = {
        "LINE_CHANNEL_SECRET": LINE_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
        "LINE_API_BASE_URL": line_stub.url,
    }
    with scaled(workdir, processes=2, env=env) as controller:
        yield controller
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def facts() -> dict[str, str]:
    """Stable facts from knowledge/ that answers must contain, whatever the wording."""
    kb = get_knowledge_base()
    defence = kb.program("defense_support")
    osaka = kb.resolve_prefecture("大阪").organization
    assert defence is not None and osaka is not None
    return {
        "defence_program": f"【{defence.name}】",
        "defence_phone": defence.contacts[0].phone,
        "osaka_office": osaka.name,
        "osaka_phone": osaka.phone,
    }
