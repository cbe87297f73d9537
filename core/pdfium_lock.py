"""One PDFium call at a time in a process.

PDFium is not thread-safe (pypdfium2's documentation: never use it from two threads at once),
and the API serves page images, word lists, box contexts and term searches from several
threads at once: two renders at the same moment crash the whole process (seen: a segmentation
fault when the review page loaded its thumbnails while it read a box's context). Every entry
point that opens a PDF with pypdfium2 holds this lock until it has closed it; the lock is
re-entrant, so one such function may call another.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

PDFIUM_LOCK = threading.RLock()


def pdfium_serialised(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` holding the process's PDFium lock (it must not return a live
    pypdfium2 object: everything it opened is closed when it returns)."""

    @functools.wraps(function)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        with PDFIUM_LOCK:
            return function(*args, **kwargs)

    return locked
