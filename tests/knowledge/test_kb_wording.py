"""The wording catalog, fiscal-year labels, and dates that carry their source."""

from __future__ import annotations

import ast
from datetime import date

import pytest

from knowledge import KnowledgeBase
from knowledge.fields import is_url
from knowledge.loader import DATA_DIR, written_dates
from knowledge.wording import TEMPLATES


@pytest.mark.parametrize(
    ("fiscal_year", "label"),
    [(2019, "令和元年度"), (2020, "令和2年度"), (2025, "令和7年度"), (2026, "令和8年度")],
)
def test_fiscal_year_labels_come_from_the_era(
    kb: KnowledgeBase, fiscal_year: int, label: str
) -> None:
    assert kb.fiscal_year_label(fiscal_year) == label


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [(date(2026, 3, 31), 2025), (date(2026, 4, 1), 2026), (date(2026, 12, 1), 2026)],
)
def test_fiscal_year_starts_in_april(kb: KnowledgeBase, day: date, fiscal_year: int) -> None:
    assert kb.current_fiscal_year(day) == fiscal_year


def test_every_template_the_code_uses_is_in_the_file(kb: KnowledgeBase) -> None:
    for key in TEMPLATES:
        assert kb.wording.say(key, **{f: "x" for f in TEMPLATES[key]})


def _string_literals(path) -> list[str]:
    """String constants of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def test_no_fiscal_year_label_is_typed_into_code() -> None:
    """令和N年度 is made from the era in wording.yml, never written in Python."""
    root = DATA_DIR.parents[1]
    for folder in ("knowledge", "actions"):
        for path in (root / folder).glob("*.py"):
            for literal in _string_literals(path):
                assert "令和" not in literal and "年度" not in literal, (path.name, literal)


def test_every_round_date_carries_source_and_as_of(kb: KnowledgeBase) -> None:
    for program in kb.programs:
        for entry in program.rounds:
            assert entry.source and entry.as_of, program.id
            assert is_url(entry.source) or kb.source(entry.source) or entry.source
    for fact in kb.facts:
        assert fact.source and fact.as_of, fact.id
    for org in kb.organizations:
        assert org.source and org.as_of, org.id


def test_no_assumed_fiscal_year_end_is_stored(kb: KnowledgeBase) -> None:
    """No source gives 2026-03-31 as a deadline: it is in no round and no text."""
    for program in kb.programs:
        for entry in program.rounds:
            assert date(2026, 3, 31) not in entry.dates, program.id
    text = (DATA_DIR / "programs.yml").read_text(encoding="utf-8")
    assert "2026-03-31" not in text and "2026年3月31日" not in text


def test_secondary_sources_are_marked(kb: KnowledgeBase) -> None:
    kinds = {source.id: source.kind for source in kb.sources}
    assert kinds["inpit_press_2026_03_02"] == "official"
    assert kinds["acima_inpit_guide"] == kinds["joseikin_insight_2025"] == "secondary"


def test_a_period_fact_is_said_in_the_past_once_over(kb: KnowledgeBase) -> None:
    fact = kb.fact("insurance_period")
    assert kb.fact_text(fact, date(2025, 9, 1)) == fact.answer
    past = kb.fact_text(fact, date(2026, 7, 1))
    assert past == fact.answer_past and "でした" in past
    assert set(written_dates(past)) <= set(written_dates(fact.answer))


def test_a_fiscal_year_fact_is_said_in_the_past_the_next_year(kb: KnowledgeBase) -> None:
    fact = kb.fact("tokyo_options")
    assert kb.fact_text(fact, date(2026, 3, 1)) == fact.answer
    assert kb.fact_text(fact, date(2026, 12, 1)) == fact.answer_past
    assert "実施されませんでした" in fact.answer_past


def test_fact_texts_name_their_own_fiscal_year(kb: KnowledgeBase) -> None:
    for fact in kb.facts:
        for text in filter(None, (fact.answer, fact.answer_past)):
            if "令和" in text:
                assert kb.fiscal_year_label(fact.fiscal_year) in text, fact.id
