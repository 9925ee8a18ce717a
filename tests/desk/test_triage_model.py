"""Batch triage with the trained model: the CLI on the labelled set, and the HTTP endpoint.

Accuracy as the issue defines it: the top program is among ``expected_programs``, or, when
that list is empty, triage says a person must handle it. The floor is the issue's target,
0.9 (`python -m desk.triage_eval` lists the misses). The rules in desk/triage.py were
tuned while reading this set's misses; tests/desk/inquiries_fresh.jsonl, written after
them by someone who saw neither, measures them honestly.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from desk.triage_eval import load_labelled
from knowledge import get_knowledge_base
from tests.desk.desk_server import API_TOKEN, DeskServer
from tests.support.stack import ROOT

LABELLED = Path(__file__).with_name("inquiries_labelled.jsonl")
ACCURACY_FLOOR = 0.9
# Written after the rules, by a helper who saw neither them nor the training data, and
# never tuned on: 0.738 when it was written (0.613 with the rules before). The floor
# sits just below, so that a change that generalises worse fails.
FRESH = Path(__file__).with_name("inquiries_fresh.jsonl")
FRESH_FLOOR = 0.72
# A second blind set (2026-12-02), written the same way by another helper and measured
# before any change was made with it in view: 0.775. Same role, same margin.
FRESH2 = Path(__file__).with_name("inquiries_fresh2.jsonl")
FRESH2_FLOOR = 0.75


@pytest.fixture(scope="module")
def model() -> Path:
    models = ROOT / "models"
    if not any(models.glob("*.tar.gz")):
        pytest.fail("no trained model in models/: run `make train`")
    return models


def route_with_cli(path: Path, out: Path) -> dict[str, dict[str, str]]:
    """`python -m desk.triage` as a desk officer runs it; the rows by id."""
    result = subprocess.run(
        [sys.executable, "-m", "desk.triage", str(path), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "件/秒" in result.stderr and "%|" not in result.stderr  # no progress bar in a pipe
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def accuracy(path: Path, rows: dict[str, dict[str, str]]) -> float:
    labelled = load_labelled(path)
    assert set(rows) == {r["id"] for r in labelled}
    correct = 0
    for item in labelled:
        row = rows[item["id"]]
        top = row["programs"].split(";")[0] if row["programs"] else None
        expected = item["expected_programs"]
        correct += (row["needs_person"] == "true") if not expected else top in expected
    return correct / len(labelled)


def test_cli_routes_the_labelled_set(model: Path, tmp_path: Path) -> None:
    rows = route_with_cli(LABELLED, tmp_path / "routed.csv")
    assert accuracy(LABELLED, rows) >= ACCURACY_FLOOR
    kb = get_knowledge_base()
    osaka = kb.resolve_prefecture("大阪府").organization
    routed_to_osaka = [r for r in rows.values() if r["organization"] == osaka.name]
    assert routed_to_osaka and all(r["phone"] == osaka.phone for r in routed_to_osaka)


@pytest.mark.parametrize(("path", "floor"), [(FRESH, FRESH_FLOOR), (FRESH2, FRESH2_FLOOR)])
def test_cli_routes_inquiries_written_after_the_rules(
    model: Path, tmp_path: Path, path: Path, floor: float
) -> None:
    rows = route_with_cli(path, tmp_path / "routed.csv")
    assert accuracy(path, rows) >= floor


def test_http_endpoint_reads_shift_jis_and_keeps_good_rows(model: Path, tmp_path: Path) -> None:
    env = {"DESK_DB_URL": f"sqlite:///{tmp_path / 'desk.db'}"}
    server = DeskServer(env, tmp_path / "desk.log")
    try:
        body = (
            "id,本文,都道府県\n"
            "m1,中国の会社から警告状が届きました。回答期限は来週です。,\n"
            "m2,,\n"
            "m3,外国出願の補助金を使って商標を出願したいです。,大阪府\n"
        ).encode("cp932")
        refused = httpx.post(f"{server.url}/api/triage", content=body, timeout=30,
                             headers={"Content-Type": "text/csv"})  # fmt: skip
        assert refused.status_code == 401
        reply = httpx.post(
            f"{server.url}/api/triage",
            content=body,
            headers={"Content-Type": "text/csv", "Authorization": f"Bearer {API_TOKEN}"},
            timeout=300,
        )
        assert reply.status_code == 200, reply.text
        results = {r["id"]: r for r in reply.json()["results"]}
        kb = get_knowledge_base()
        defense = kb.program("defense_support")
        assert results["m1"]["programs"][0] == "defense_support"
        assert results["m1"]["phone"] == defense.contacts[0].phone
        assert (results["m1"]["urgency"], results["m1"]["urgency_reason"]) == ("high", "警告状")
        assert results["m2"]["error"] == "本文（text）が空です。" and results["m2"]["line"] == 3
        osaka = kb.resolve_prefecture("大阪府").organization
        assert results["m3"]["programs"][0] == "foreign_filing_support"
        assert (results["m3"]["organization"], results["m3"]["phone"]) == (osaka.name, osaka.phone)
        bad = httpx.post(
            f"{server.url}/api/triage",
            content=b"",
            headers={"Content-Type": "text/csv", "Authorization": f"Bearer {API_TOKEN}"},
            timeout=30,
        )
        assert bad.status_code == 400 and "空です" in bad.json()["error"]
    finally:
        server.stop()
