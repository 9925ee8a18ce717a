"""SudachiPy tokenizer for Rasa 3.x (Japanese has no spaces, so Rasa's built-ins fail)."""

from __future__ import annotations

import json
import logging
import threading
import unicodedata
from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import rasa_patches
from bot.nlu import user_dictionary
from bot.nlu.text_normalization import normalize

logger = logging.getLogger(__name__)

# The Rasa server imports this module when it loads the model: the one place our code
# runs inside it, so the measured message-path fix is installed here.
rasa_patches.apply()

_DROPPED_POS = {"空白", "補助記号"}
_USER_DIC_FILE = "user.dic"


def _is_symbol_only(text: str) -> bool:
    """True for runs of punctuation, symbols (emoji) and spaces."""
    return all(unicodedata.category(c)[0] in "PSZC" for c in text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class SudachiTokenizer(Tokenizer):
    """Splits Japanese text with SudachiPy; lemmas are Sudachi's normalized forms.

    Each instance owns its dictionary and tokenizer (Sudachi tokenizers are not
    thread-safe), guarded by a lock in case Rasa calls it from several threads.
    """

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        """Only Japanese."""
        return ["ja"]

    @staticmethod
    def required_packages() -> List[str]:
        """SudachiPy and its core dictionary."""
        return ["sudachipy", "sudachidict_core"]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The four keys every Rasa tokenizer needs, plus Sudachi's settings."""
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
            # A = short units, C = long units (compound nouns kept whole).
            "split_mode": "C",
            # Plain word list (word<TAB>reading), compiled into a user dictionary.
            "user_words": None,
        }

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """Editing the user word list must retrain the model."""
        path = config.get("user_words")
        if not path:
            return None
        return user_dictionary.fingerprint(Path(path))

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        user_dic: Optional[Path] = None,
    ) -> None:
        """Open one Sudachi dictionary for this component instance."""
        super().__init__(config)
        from sudachipy import Dictionary, SplitMode

        mode = str(config.get("split_mode", "C")).upper()
        if mode not in {"A", "B", "C"}:
            raise ValueError(f"SudachiTokenizer: split_mode must be A, B or C, not {mode!r}")
        self._model_storage = model_storage
        self._resource = resource
        sudachi_config = {"userDict": [str(user_dic)]} if user_dic else {}
        self._dictionary = Dictionary(config=json.dumps(sudachi_config), dict="core")
        self._tokenizer = self._dictionary.create(getattr(SplitMode, mode))
        self._lock = threading.Lock()
        self._user_dic = user_dic

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SudachiTokenizer:
        """Compile the user word list into model storage, then open it."""
        words = config.get("user_words")
        user_dic = None
        if words:
            with model_storage.write_to(resource) as directory:
                user_dic = user_dictionary.compile_user_dictionary(
                    Path(words), Path(directory) / _USER_DIC_FILE
                )
            with model_storage.read_from(resource) as directory:
                user_dic = Path(directory) / _USER_DIC_FILE
        return cls(config, model_storage, resource, user_dic)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SudachiTokenizer:
        """Open the user dictionary that training stored with the model."""
        user_dic = None
        if config.get("user_words"):
            try:
                with model_storage.read_from(resource) as directory:
                    candidate = Path(directory) / _USER_DIC_FILE
                    user_dic = candidate if candidate.exists() else None
            except ValueError:
                logger.warning("SudachiTokenizer: no stored user dictionary; using none.")
        return cls(config, model_storage, resource, user_dic)

    def train(self, training_data: TrainingData) -> Resource:
        """The user dictionary was already written to storage in create()."""
        return self._resource

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        """Tokenise NFKC text, reporting offsets and surfaces on the original text."""
        original = message.get(attribute) or ""
        normalized = normalize(original)
        if not normalized.text.strip():
            return []
        try:
            with self._lock:
                morphemes = [
                    (m.begin(), m.end(), m.normalized_form(), m.part_of_speech()[0])
                    for m in self._tokenizer.tokenize(normalized.text)
                ]
        except Exception as exc:
            # No tokens: the input guard then treats the message as unreadable. The error
            # type only, never the text (users' messages stay out of the logs).
            logger.error("SudachiTokenizer: tokenization failed: %s", type(exc).__name__)
            return []
        tokens: List[Token] = []
        for begin, end, lemma, pos in morphemes:
            start, stop = normalized.original_span(begin, end)
            surface = original[start:stop]
            if pos in _DROPPED_POS or not surface.strip() or _is_symbol_only(surface):
                continue
            tokens.append(Token(surface, start, stop, data={"pos": pos}, lemma=lemma))
        return self._apply_token_pattern(tokens)
