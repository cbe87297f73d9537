"""The trained allegation classifier: a linear model over lemma n-grams of one sentence.

One-vs-rest logistic regression per category (``core.vocab.ALLEGATION_CATEGORIES``), trained
by ``scripts/build_allegation_model.py`` on ``extraction/training/allegations.<lang>.jsonl``
and the public Chicago cases 001-300. The model file (``extraction/models/``) is small,
sparse JSON, loaded once per process. Scoring a sentence is a dictionary lookup per feature
and one sum, well under a millisecond a page.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy

from core.errors import InvalidInput
from core.vocab import ALLEGATION_CATEGORIES

MODEL_DIR = Path(__file__).parent / "models"
TRAINING_DIR = Path(__file__).parent / "training"
# Words that open a negated stretch: the lemmas after them (to the next punctuation) are
# distinct features, so "did not hit" does not count as "hit".
_NEGATORS = frozenset(
    {
        "not",
        "n't",
        "never",
        "no",
        "nobody",
        "nothing",
        "deny",
        "pas",
        "jamais",
        "aucun",
        "aucune",
        "personne",
        "rien",
        "nier",
    }
)
_STOP_POS = frozenset({"PUNCT", "SPACE", "SYM", "X"})
# Function words ("at", "and", "the", "me") say nothing alone about a category; a model given
# them as unigrams learnt them from the long Chicago stretches and fired on any narrative.
# They stay in the bigrams, where "punch|me" and "at|me" still carry the act.
_FUNCTION_POS = frozenset({"ADP", "AUX", "CCONJ", "DET", "PART", "PRON"})


class _TokenLike(Protocol):
    @property
    def lemma_(self) -> str: ...
    @property
    def lower_(self) -> str: ...
    @property
    def pos_(self) -> str: ...
    @property
    def like_num(self) -> bool: ...
    @property
    def is_space(self) -> bool: ...
    @property
    def is_punct(self) -> bool: ...


def features(tokens: Iterable[_TokenLike]) -> list[str]:
    """Lemma unigrams (content words) and bigrams (all words) of one sentence, negated
    stretches marked with ``!``."""
    grams: list[str] = []
    function_words: set[int] = set()
    negated = False
    for token in tokens:
        if token.is_space:
            continue
        if token.is_punct or token.pos_ in _STOP_POS:
            negated = False
            continue
        word = "#" if token.like_num else (token.lemma_ or token.lower_).lower()
        if token.lower_ in _NEGATORS or word in _NEGATORS:
            negated = True
            grams.append(word)
            continue
        if token.pos_ in _FUNCTION_POS:
            function_words.add(len(grams))
        grams.append("!" + word if negated else word)
    bigrams = [f"{a}|{b}" for a, b in itertools.pairwise(grams)]
    unigrams = [gram for number, gram in enumerate(grams) if number not in function_words]
    return unigrams + bigrams


@dataclass(frozen=True, slots=True)
class AllegationModel:
    """Sparse weights: feature -> (category index, weight) rows, and a bias per category."""

    language: str
    categories: tuple[str, ...]
    index: dict[str, int]
    weights: numpy.ndarray  # (features + 1, categories); the last row is zero (unknown)
    bias: numpy.ndarray
    training_sha256: str

    def scores(self, grams: Sequence[str]) -> numpy.ndarray:
        """The probability of each category (``self.categories`` order) for one sentence."""
        unknown = len(self.index)
        rows = [self.index.get(gram, unknown) for gram in set(grams)]
        logits = self.bias + self.weights[rows].sum(axis=0) if rows else self.bias
        result: numpy.ndarray = 1.0 / (1.0 + numpy.exp(-logits))
        return result


def training_sha256(language: str) -> str:
    """Digest of the training sentences a model was built from (stale-model check)."""
    path = TRAINING_DIR / f"allegations.{language}.jsonl"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def model_path(language: str) -> Path:
    return MODEL_DIR / f"allegations.{language}.json"


def model_from_json(data: dict[str, object]) -> AllegationModel:
    categories = tuple(str(c) for c in data["categories"])  # type: ignore[attr-defined]
    if set(categories) - set(ALLEGATION_CATEGORIES):
        raise InvalidInput("allegation model names an unknown category")
    sparse: dict[str, dict[str, float]] = data["weights"]  # type: ignore[assignment]
    index = {gram: row for row, gram in enumerate(sorted(sparse))}
    weights = numpy.zeros((len(index) + 1, len(categories)), dtype=numpy.float32)
    for gram, row in index.items():
        for column, weight in sparse[gram].items():
            weights[row, int(column)] = weight
    return AllegationModel(
        language=str(data["language"]),
        categories=categories,
        index=index,
        weights=weights,
        bias=numpy.asarray(data["bias"], dtype=numpy.float32),
        training_sha256=str(data.get("training_sha256", "")),
    )


_LOCK = threading.Lock()
_MODELS: dict[str, AllegationModel | None] = {}


def load_model(language: str) -> AllegationModel | None:
    """The model of ``language`` (read once per process), or None when none was built."""
    with _LOCK:
        if language not in _MODELS:
            path = model_path(language)
            _MODELS[language] = (
                model_from_json(json.loads(path.read_text(encoding="utf-8")))
                if path.exists()
                else None
            )
        return _MODELS[language]
