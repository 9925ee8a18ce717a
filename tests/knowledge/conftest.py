"""Shared fixtures: the knowledge base, and the brochure and supplement texts.

The brochure cross-checks read the brochure itself (../shared/seed/ beside the
repository), so they fail when the YAML data drifts from it. A clone without
../shared/ has no brochure: those tests skip with a one-line reason, and every
other test still runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from knowledge.loader import DATA_DIR

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
BROCHURE = SHARED / "seed" / "000_2db1f152d7791ce8.txt"
SUPPLEMENT = SHARED / "facts" / "supplement.md"


def _read(path: Path) -> str:
    if not path.is_file():
        pytest.skip(f"no {path.name} in ../shared/ beside the repository: cross-check skipped")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def brochure() -> str:
    """The brochure text exactly as extracted from the PDF (skips when absent)."""
    return _read(BROCHURE)


@pytest.fixture(scope="session")
def supplement() -> str:
    """../shared/facts/supplement.md (skips when absent)."""
    return _read(SUPPLEMENT)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of knowledge/data for tests that break or edit it."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
