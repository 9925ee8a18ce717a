"""Tokenizer for pipeline (b): no Japanese word segmentation, only script-agnostic chunks.

Japanese has no spaces and Rasa's WhitespaceTokenizer refuses "ja", so (b) needs a tokenizer
of its own. One token per character would make CountVectorsFeaturizer's char_wb n-grams
degenerate to single characters (char_wb never crosses a token boundary). One token for the
whole message keeps n-grams such as 補助 and 出願 but also glues 「、」「？」 into them, so
this splits only at whitespace and punctuation/symbols. Lemmas are the NFKC form (ＰＣＴ→PCT),
as in the project's tokenizer: normalisation is not segmentation, so (b) stays a fair test
of "character n-grams instead of a Japanese tokenizer".
"""

from __future__ import annotations

import unicodedata
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message


def _is_separator(char: str) -> bool:
    """Whitespace, punctuation and symbols (emoji included) end a chunk."""
    return unicodedata.category(char)[0] in "PSZC"


def chunks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of non-separator characters."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for index, char in enumerate(text):
        if _is_separator(char):
            if start is not None:
                spans.append((start, index))
                start = None
        elif start is None:
            start = index
    if start is not None:
        spans.append((start, len(text)))
    return spans


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class CharChunkTokenizer(Tokenizer):
    """Splits at whitespace and punctuation only; char n-gram featurizers do the rest."""

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        """Any language: it knows no words."""
        return None

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The four keys every Rasa tokenizer needs."""
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CharChunkTokenizer:
        """No state to build."""
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        """One token per chunk, lemma = NFKC form of the chunk."""
        text = message.get(attribute) or ""
        tokens = [
            Token(text[start:end], start, end, lemma=unicodedata.normalize("NFKC", text[start:end]))
            for start, end in chunks(text)
        ]
        return self._apply_token_pattern(tokens)
