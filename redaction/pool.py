"""Recognising windows of pages in several processes that share the loaded language models.

The models take seconds and hundreds of megabytes to load; processes forked after loading
share them copy-on-write and start at once. The recognizers are the CPU-bound part of
redaction (about two thirds of a text page's time), and windows are independent, so on two
cores a big document is recognised in about half the time. Fork is used on purpose: spawn
would reload the models in every process.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Iterable, Iterator
from types import TracebackType

from extraction.nlp import LazyModels, Pipelines
from redaction.analyzer import Analyzer
from redaction.text_analysis import Window, WindowFindings, recognise_window

# The loaded models, set in the parent before forking; the children inherit them.
_MODELS: tuple[Pipelines, Analyzer] | None = None


def _recognise(window: Window) -> WindowFindings:
    if _MODELS is None:  # pragma: no cover - only if the pool was not forked from a loader
        raise RuntimeError("the recognition pool's models were not loaded before forking")
    return recognise_window(window, *_MODELS)


def usable_cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class RecognitionPool:
    """``processes`` forked workers mapping ``recognise_window`` over windows, in order."""

    def __init__(self, pipelines: Pipelines, analyzer: Analyzer, processes: int) -> None:
        global _MODELS
        _MODELS = (pipelines, analyzer)
        self.processes = processes
        self._pipelines = pipelines
        self._pool = self._fork()

    def _fork(self) -> multiprocessing.pool.Pool:
        return multiprocessing.get_context("fork").Pool(self.processes)

    def map(self, windows: Iterable[Window]) -> Iterator[WindowFindings]:
        """Results in the order of ``windows``. A language first met here (the French model is
        loaded on first use) is loaded once, here, and the workers are forked again to share
        it, rather than each worker loading its own copy."""
        pending = list(windows)
        models = self._pipelines.by_language
        loaded = models.loaded() if isinstance(models, LazyModels) else tuple(models)
        missing = {w.language for w in pending if w.language in models} - set(loaded)
        if missing:
            for language in sorted(missing):
                models[language]
            self._pool.close()
            self._pool.join()
            self._pool = self._fork()
        return self._pool.imap(_recognise, pending, chunksize=1)

    def close(self) -> None:
        self._pool.close()
        self._pool.join()

    def __enter__(self) -> RecognitionPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self._pool.terminate()
            self._pool.join()
