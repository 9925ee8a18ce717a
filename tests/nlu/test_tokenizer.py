"""SudachiTokenizer: offsets on the original text, normalised lemmas, odd input."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.sudachi_tokenizer import SudachiTokenizer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory: pytest.TempPathFactory) -> SudachiTokenizer:
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    config = {
        **SudachiTokenizer.get_default_config(),
        "user_words": str(ROOT / "bot/nlu/user_words.txt"),
    }
    context = ExecutionContext(GraphSchema({}), "test")
    return SudachiTokenizer.create(config, storage, Resource("tokenizer"), context)


def tokens(tokenizer: SudachiTokenizer, text: str) -> list:
    return tokenizer.tokenize(Message(data={"text": text}), "text")


def test_offsets_point_into_the_original_mixed_width_text(tokenizer: SudachiTokenizer) -> None:
    text = "ｶﾞｲｺｸ出願のＰＣＴ手数料、ﾒｰﾙで申込み"
    result = tokens(tokenizer, text)
    assert result, "no tokens"
    for token in result:
        assert text[token.start : token.end] == token.text
    surfaces = [t.text for t in result]
    assert "ｶﾞｲｺｸ" in surfaces and "ＰＣＴ" in surfaces and "ﾒｰﾙ" in surfaces


@pytest.mark.parametrize(
    ("text", "lemma"),
    [("申込み", "申し込み"), ("〆切", "締め切り"), ("ﾒｰﾙ", "メール")],
)
def test_lemmas_are_sudachi_normalized_forms(
    tokenizer: SudachiTokenizer, text: str, lemma: str
) -> None:
    assert [t.lemma for t in tokens(tokenizer, text)] == [lemma]


def test_warning_letter_lemmas(tokenizer: SudachiTokenizer) -> None:
    lemmas = [t.lemma for t in tokens(tokenizer, "警告状が届いた")]
    assert ("警告状" in lemmas or lemmas[:2] == ["警告", "状"]) and "届く" in lemmas


def test_pos_is_recorded_and_symbols_and_spaces_dropped(tokenizer: SudachiTokenizer) -> None:
    result = tokens(tokenizer, "模倣品　対策、！？ 😀")
    assert all(t.data["pos"] for t in result)
    assert [t.text for t in result] == ["模倣品", "対策"]


def test_user_dictionary_keeps_programme_words_whole(tokenizer: SudachiTokenizer) -> None:
    assert next(t.text for t in tokens(tokenizer, "冒認商標の件")) == "冒認商標"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "😀😀😀", "🙇‍♂️", "あ" * 2000, "<img src=x onerror=alert(1)>", "\x00\x01", "①㈱ｶﾞｶﾞ"],
)
def test_odd_input_does_not_fail(tokenizer: SudachiTokenizer, text: str) -> None:
    result = tokens(tokenizer, text)
    for token in result:
        assert text[token.start : token.end] == token.text


def test_only_japanese_is_supported() -> None:
    assert SudachiTokenizer.supported_languages() == ["ja"]


def test_user_word_list_is_part_of_the_fingerprint(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("冒認商標\n", encoding="utf-8")
    before = SudachiTokenizer.fingerprint_addon({"user_words": str(words)})
    words.write_text("冒認商標\n模倣品対策\n", encoding="utf-8")
    assert SudachiTokenizer.fingerprint_addon({"user_words": str(words)}) != before
