"""A matter in Japan is outside the overseas programs: the bot says so and routes to the
general IP desk instead of naming a program that would not pay."""

from __future__ import annotations

from actions.program_actions import ActionAnswerProgram
from actions.scope import domestic_case
from tests.actions.conftest import make_tracker, run_action, texts

COUNTRY = [{"entity": "country", "value": "中国"}]


def test_a_right_wanted_in_japan_only_is_not_a_foreign_filing() -> None:
    text = "日本で特許を取りたいけど、費用がかかり、困っています"
    assert domestic_case(["foreign_filing_support"], text, [])
    assert domestic_case(["inpit_filing_subsidy"], text, [])


def test_a_japanese_filing_taken_abroad_is_a_foreign_filing() -> None:
    for text, entities in (
        ("日本で出願した特許を海外にも出したい", []),
        ("日本で取った商標を中国でも取りたい", COUNTRY),
        ("国内で出願済みの発明をPCTで出したい", []),
    ):
        assert not domestic_case(["foreign_filing_support"], text, entities), text


def test_an_import_stop_with_no_country_is_japanese_customs() -> None:
    text = "自社製品のロゴとそっくりのロゴがついた商品は、輸入差止できますか"
    assert domestic_case(["counterfeit_support"], text, [])
    assert not domestic_case(["counterfeit_support"], "中国の税関で輸入差止できますか", COUNTRY)


def test_customs_with_no_country_is_japanese_customs() -> None:
    at_home = ("偽ブランド品は税関で止めてもらえるのですか", "仕入れた商品が差し止められてしまった")
    for text in at_home:
        assert domestic_case(["counterfeit_support"], text, []), text
    assert not domestic_case(["counterfeit_support"], "海外の税関に模倣品の差止を申し立てたい", [])


def test_other_programs_are_never_domestic() -> None:
    assert not domestic_case(["litigation_insurance"], "日本で保険に入りたい", [])
    assert not domestic_case([], "日本で特許を取りたい", [])


def test_the_reply_routes_to_the_general_desk_not_the_subsidy(kb) -> None:
    text = "日本で特許を取りたいけど、費用がかかり、困っています"
    messages, _ = run_action(
        ActionAnswerProgram(), make_tracker("ask_foreign_filing_subsidy", text=text)
    )
    reply = texts(messages)
    assert kb.program("foreign_filing_support").name not in reply
    assert "0570-082100" in reply


def test_a_named_filing_subsidy_is_answered_though_japan_is_mentioned() -> None:
    text = "日本ではまだ出願していないのですが、INPITの補助金は使えますか"
    reply = texts(
        run_action(ActionAnswerProgram(), make_tracker("ask_inpit_subsidy", text=text))[0]
    )
    assert "対象外です" not in reply and "日本に未出願でも使えますか" in reply
