"""Loading: broken data fails naming file, entry and field; one-line edits work."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from knowledge import KnowledgeBase, KnowledgeError, get_knowledge_base
from knowledge.__main__ import main
from knowledge.subsidy import estimate_subsidy

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PACKAGE = Path(__file__).resolve().parents[2] / "knowledge"


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace the first ``count`` occurrences of ``old``, which must exist."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def load_error(data_dir: Path) -> str:
    with pytest.raises(KnowledgeError) as error:
        KnowledgeBase.load(data_dir)
    return str(error.value)


def test_broken_fixture_names_file_entry_and_field(data_copy: Path) -> None:
    shutil.copy(FIXTURES / "broken_programs.yml", data_copy / "programs.yml")
    message = load_error(data_copy)
    assert "programs.yml: entry 'broken_program' (line 4): field 'rate':" in message
    assert "field 'caps.per_case_yen.trademark':" in message
    assert "yen must be a plain integer" in message


@pytest.mark.parametrize(
    ("file", "old", "new", "entry", "field"),
    [
        (
            "programs.yml",
            "trademark: 600000",
            "trademark: 60万円",
            "'foreign_filing_support'",
            "caps.per_case_yen.trademark",
        ),
        ("programs.yml", 'rate: "2/3"', "rate: 0.66", "'counterfeit_support'", "rate"),
        ("programs.yml", 'rate: "2/3"', 'rate: "3/2"', "'counterfeit_support'", "rate"),
        (
            "programs.yml",
            "closes: 2026-02-01",
            "closes: 2026/02/01",
            "'litigation_insurance'",
            "rounds[0].closes",
        ),
        (
            "programs.yml",
            "        closes_kind: policy_start",
            "        closes_knd: policy_start",
            "'litigation_insurance'",
            "rounds[0].closes_knd",
        ),
        (
            "programs.yml",
            "        closes: not_published",
            "        closes: unpublished",
            "'foreign_filing_support'",
            "rounds[0].closes",
        ),
        (
            "programs.yml",
            "        source: acima_inpit_guide\n        as_of: 2025-12-03",
            "        source: acima_inpit_guide",
            "'inpit_filing_subsidy'",
            "rounds[0].as_of",
        ),
        (
            "programs.yml",
            "        source: acima_inpit_guide",
            "        source: acima_guide",
            "'inpit_filing_subsidy'",
            "rounds[0].source",
        ),
        (
            "programs.yml",
            "    page_name: ジェトロのページ\n    fiscal_year: 2025\n    source: 防衛型",
            "    fiscal_year: 2025\n    source: 防衛型",
            "'defense_support'",
            "page_name",
        ),
        (
            "programs.yml",
            "    how_to_apply: INPITの公募期間中に",
            "    how_to_apply: 2026年3月31日まで、INPITの公募期間中に",
            "'inpit_filing_subsidy'",
            "how_to_apply",
        ),
        (
            "facts.yml",
            "    expires: 2026-06-30\n",
            "    expires: 2026-06-30\n    answer_past: null\n",
            "'insurance_period'",
            "answer_past",
        ),
        (
            "organizations.yml",
            "    see_also: chiba_city",
            "    see_also: chiba_town",
            "'chiba'",
            "see_also",
        ),
        (
            "programs.yml",
            "    how_to_apply: 願書又は",
            "    how_to_aply: 願書又は",
            "'pct_fee_reduction'",
            "how_to_apply",
        ),
        (
            "programs.yml",
            'extension: "3823"',
            'extension: "内線3823"',
            "'overseas_ip_desk'",
            "contacts[0].extension",
        ),
        (
            "programs.yml",
            "related: [litigation_insurance, counterfeit_support]",
            "related: [litigation_insurence, counterfeit_support]",
            "'defense_support'",
            "related[0]",
        ),
        (
            "programs.yml",
            "      - 防衛型\n",
            "      - 防衛型\n      - パクリ\n",
            "'defense_support'",
            "aliases[3]",
        ),
        (
            "programs.yml",
            "opens: 2025-07-01\n        closes: 2026-02-01",
            "opens: 2026-07-01\n        closes: 2026-02-01",
            "'litigation_insurance'",
            "rounds[0]",
        ),
        (
            "programs.yml",
            "fiscal_year: 2025\n    source: 防衛型",
            'fiscal_year: "2025"\n    source: 防衛型',
            "'defense_support'",
            "fiscal_year",
        ),
        (
            "programs.yml",
            "費用の2/3を助成します。\n    target: 中小企業者等（みなし大企業を除く）\n"
            "    requirements:\n      - 取り消そうとする",
            "費用の2/3を助成します。詳しくはお問い合わせください。\n"
            "    target: 中小企業者等（みなし大企業を除く）\n"
            "    requirements:\n      - 取り消そうとする",
            "'squatting_support'",
            "summary",
        ),
        (
            "programs.yml",
            '- "(勝手に|無断で)',
            '- "((勝手に|無断で)',
            "'squatting_support'",
            "situation_patterns[1]",
        ),
        (
            "organizations.yml",
            '"06-6748-1054"',
            '"06-6748-105"',
            "'osaka' (line",
            "phone",
        ),
        (
            "organizations.yml",
            "prefecture: 大阪府",
            "prefecture: 大坂府",
            "'osaka' (line",
            "prefecture",
        ),
        (
            "organizations.yml",
            "prefecture: 新潟県\n    region: 関東",
            "prefecture: 新潟県\n    region: 中部",
            "'niigata' (line",
            "region",
        ),
        (
            "facts.yml",
            "question: 相談窓口の受付時間は",
            "question: INPIT知財総合支援窓口の受付時間は何時から何時までですか",
            "'desk_hours' (line",
            "question",
        ),
        (
            "facts.yml",
            "programs: [pct_fee_reduction]",
            "programs: [pct_fee_reductions]",
            "'pct_japanese_only'",
            "programs[0]",
        ),
    ],
)
def test_broken_line_names_file_entry_and_field(
    data_copy: Path, file: str, old: str, new: str, entry: str, field: str
) -> None:
    edit(data_copy / file, old, new)
    message = load_error(data_copy)
    assert f"{file}: entry {entry}" in message
    assert f"field '{field}'" in message


def test_assumed_fiscal_year_end_in_text_is_refused(data_copy: Path) -> None:
    """The old bug: 2026-03-31 typed into prose as if a source gave it."""
    edit(
        data_copy / "programs.yml",
        "公募の回数・期間はセンターごとに異なります。外国出願は",
        "締切は年度末の2026年3月31日です。外国出願は",
    )
    message = load_error(data_copy)
    assert "'foreign_filing_support'" in message and "2026-03-31 is written in the text" in message


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ("  lead.also: ", "  lead.alsoo: ", "'lead.alsoo'", "unknown template key"),
        ("  lead.also: ", "  lead.alsoo: ", "'lead.also'", "missing template"),
        ("を終了しました{according}。", "を終了しました{acording}。", "'round.closed'", "acording"),
        (
            '  round.listed: "{fy}の{title}があります',
            '  round.listed: "{fy}の{title}がある',
            "'round.listed'",
            "です・ます",
        ),
    ],
)
def test_broken_wording_names_the_key(
    data_copy: Path, old: str, new: str, key: str, problem: str
) -> None:
    edit(data_copy / "wording.yml", old, new)
    message = load_error(data_copy)
    assert f"wording.yml: entry {key}" in message and problem in message


def test_eligibility_rules_name_known_programs(data_copy: Path) -> None:
    edit(data_copy / "eligibility.yml", "patent: [pct_fee_reduction]", "patent: [pct_fee]")
    assert "unknown program id 'pct_fee'" in load_error(data_copy)


def test_impossible_date_names_the_line(data_copy: Path) -> None:
    edit(data_copy / "programs.yml", "closes: 2026-02-01", "closes: 2026-02-30")
    message = load_error(data_copy)
    assert "programs.yml" in message and "invalid date '2026-02-30'" in message
    assert "at line " in message


def test_syntax_error_names_the_line(data_copy: Path) -> None:
    edit(data_copy / "facts.yml", "  - id: desk_hours", "  - id: desk_hours\n   oops: [")
    message = load_error(data_copy)
    assert "facts.yml" in message and "YAML error at line " in message


def test_missing_prefecture_is_reported(data_copy: Path) -> None:
    path = data_copy / "organizations.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: nara")
    end = text.index("  - id: wakayama")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    message = load_error(data_copy)
    assert "organizations.yml: entry (missing): field 'prefecture': 奈良県" in message


def test_all_problems_are_reported_at_once(data_copy: Path) -> None:
    edit(data_copy / "programs.yml", "trademark: 600000", "trademark: 60万円", count=2)
    edit(data_copy / "organizations.yml", '"06-6748-1054"', '"06-6748"')
    error = pytest.raises(KnowledgeError, KnowledgeBase.load, data_copy).value
    assert len(error.problems) == 3


def test_one_yaml_line_changes_the_answer(data_copy: Path) -> None:
    edit(data_copy / "organizations.yml", '"06-6748-1054"', '"06-6748-9999"')
    edit(data_copy / "programs.yml", "trademark: 600000", "trademark: 700000")
    kb = KnowledgeBase.load(data_copy)
    assert kb.resolve_prefecture("大阪").organization.phone == "06-6748-9999"
    program = kb.program("foreign_filing_support")
    assert estimate_subsidy(program, 2_000_000, "trademark").subsidy == 700_000


def test_shared_contact_is_edited_once(data_copy: Path) -> None:
    edit(data_copy / "programs.yml", 'extension: "2577"', 'extension: "2578"')
    kb = KnowledgeBase.load(data_copy)
    extensions = {
        c.extension
        for p in kb.programs
        for c in p.contacts
        if c.department == "総務部 国際協力課 海外展開支援室"
    }
    assert extensions == {"2578"}


def test_default_knowledge_base_is_cached() -> None:
    assert get_knowledge_base() is get_knowledge_base()


def test_check_command_prints_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--today", "2026-11-28"]) == 0
    out = capsys.readouterr().out
    assert "programs:      13" in out and "organizations: 44" in out
    assert "counterfeit_support" in out and "closed" in out
    assert "実施機関: organizations 44" in out


def test_check_command_fails_on_broken_data(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(FIXTURES / "broken_programs.yml", data_copy / "programs.yml")
    assert main(["check", "--data", str(data_copy)]) == 1
    assert "broken_program" in capsys.readouterr().err


def test_knowledge_imports_no_rasa() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.split(".")[0].startswith("rasa"), f"{path.name}: {name}"
                assert name.split(".")[0] not in {
                    "actions",
                    "bot",
                }, f"{path.name}: {name}"
