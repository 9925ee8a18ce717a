"""Pretrained word vectors from ja_ginza, looked up on our Sudachi tokens.

Why not Rasa's SpacyNLP + SpacyFeaturizer: they need spaCy's own tokens, and a full
ja_ginza pipeline runs its parser and NER on every message (bench/: 1.8× the parse time).
Only the vectors are wanted. ja_ginza ships them (20,000 rows × 300, 480,000 words mapped
onto the rows); training copies them into the model as a compact table, so loading the
model needs neither spaCy nor the ja_ginza package.

Each token is looked up by its Sudachi normalized form (the tokenizer's lemma), then its
surface; a compound the table lacks (警告状) is split into Sudachi's short units and their
vectors are averaged.
"""

from __future__ import annotations

import json
import logging
import pickle
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import MEAN_POOLING, POOLING

logger = logging.getLogger(__name__)

_VECTORS_FILE = "vectors.npy"
_LOOKUP_FILE = "lookup.pkl"


def _ginza_vocab_dir() -> Path:
    import ja_ginza

    base = Path(ja_ginza.__file__).parent
    return next(base.glob("ja_ginza-*/vocab"))


def build_table() -> tuple[np.ndarray, dict[str, int]]:
    """(vectors, word → row) from the installed ja_ginza package (training only)."""
    from spacy.strings import hash_string
    from spacy.vectors import Vectors

    vocab = _ginza_vocab_dir()
    vectors = Vectors().from_disk(str(vocab))
    strings = json.loads((vocab / "strings.json").read_text(encoding="utf-8"))
    key2row = vectors.key2row
    lookup = {s: int(key2row[h]) for s in strings if (h := hash_string(s)) in key2row}
    return np.asarray(vectors.data, dtype=np.float16), lookup


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class GinzaVectorsFeaturizer(DenseFeaturizer, GraphComponent):
    """Dense token and sentence features from ja_ginza's word vectors."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def required_packages() -> List[str]:
        return ["ja_ginza", "sudachipy"]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), POOLING: MEAN_POOLING}

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """Nothing to check beyond Rasa's pooling option."""

    def __init__(
        self,
        config: Dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
        table: Optional[tuple[np.ndarray, dict[str, int]]] = None,
    ) -> None:
        super().__init__(name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._vectors: Optional[np.ndarray] = None
        self._lookup: dict[str, int] = {}
        if table is not None:
            self._set_table(*table)
        self._splitter: Any = None
        self._lock = threading.Lock()

    def _set_table(self, vectors: np.ndarray, lookup: dict[str, int]) -> None:
        self._vectors = vectors.astype(np.float32)
        self._lookup = lookup
        self._dimension = int(vectors.shape[1])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GinzaVectorsFeaturizer:
        return cls(config, execution_context.node_name, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Copy ja_ginza's vectors into the model as a compact table."""
        vectors, lookup = build_table()
        with self._model_storage.write_to(self._resource) as directory:
            np.save(Path(directory) / _VECTORS_FILE, vectors)
            with (Path(directory) / _LOOKUP_FILE).open("wb") as handle:
                pickle.dump(lookup, handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._set_table(vectors, lookup)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GinzaVectorsFeaturizer:
        """Read the table that training stored with the model."""
        with model_storage.read_from(resource) as directory:
            vectors = np.load(Path(directory) / _VECTORS_FILE)
            with (Path(directory) / _LOOKUP_FILE).open("rb") as handle:
                lookup = pickle.load(handle)  # our own file, written by train()
        return cls(config, execution_context.node_name, model_storage, resource, (vectors, lookup))

    def _row(self, word: str) -> Optional[int]:
        return self._lookup.get(word) if word else None

    def _split(self, text: str) -> list[str]:
        """Short units (Sudachi mode A) of a compound, as normalized forms."""
        with self._lock:
            if self._splitter is None:
                from sudachipy import Dictionary, SplitMode

                self._splitter = Dictionary(dict="core").create(SplitMode.A)
            try:
                return [m.normalized_form() for m in self._splitter.tokenize(text)]
            except Exception:  # odd input: no vector rather than a failed turn
                return []

    def _token_vector(self, token: Any) -> np.ndarray:
        assert self._vectors is not None
        for word in (token.lemma, token.text):
            row = self._row(word)
            if row is not None:
                return self._vectors[row]
        rows = [r for part in self._split(token.text) if (r := self._row(part)) is not None]
        if rows:
            return self._vectors[rows].mean(axis=0)
        return np.zeros(self._dimension, dtype=np.float32)

    def _featurize(self, message: Message, attribute: str) -> None:
        tokens = message.get(TOKENS_NAMES[attribute])
        if not tokens or self._vectors is None:
            return
        sequence = np.stack([self._token_vector(t) for t in tokens])
        sentence = self.aggregate_sequence_features(sequence, self._config[POOLING])
        self.add_features_to_message(sequence, sentence, attribute, message)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
                self._featurize(message, attribute)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
