"""The sandbox: results and AppErrors cross the boundary intact; death and overruns are refusals."""

from __future__ import annotations

import time

import pytest

from core.errors import AppError, EncryptedPdf, ResourceLimit, ZipBomb
from extraction.limits import Limits
from extraction.sandbox import SandboxCrash, run_isolated


def _echo(value: str) -> str:
    return value.upper()


def _raise_app_error(kind: str) -> None:
    if kind == "encrypted":
        raise EncryptedPdf("encrypted PDF: a password is needed")
    raise ZipBomb("a DOCX part inflates to 1074 MB", part="word/document.xml")


def _allocate(megabytes: int) -> int:
    blob = bytearray(megabytes * 1024 * 1024)
    return len(blob)


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _bug() -> None:
    raise KeyError("not an AppError")


def test_result_crosses_the_boundary() -> None:
    assert run_isolated(_echo, "abc") == "ABC"


@pytest.mark.parametrize(
    ("kind", "error", "message"),
    [
        pytest.param("encrypted", EncryptedPdf, "encrypted PDF: a password is needed", id="pdf"),
        pytest.param("zip", ZipBomb, "a DOCX part inflates to 1074 MB", id="zip"),
    ],
)
def test_app_error_keeps_class_code_and_message(
    kind: str, error: type[AppError], message: str
) -> None:
    with pytest.raises(error) as info:
        run_isolated(_raise_app_error, kind)
    assert info.value.code == error.code
    assert info.value.message == message


def test_memory_overrun_is_a_resource_limit() -> None:
    limits = Limits(memory_bytes=300 * 1024 * 1024)
    with pytest.raises(ResourceLimit, match="memory limit"):
        run_isolated(_allocate, 600, limits=limits)


def test_wall_clock_overrun_is_a_resource_limit() -> None:
    started = time.monotonic()
    with pytest.raises(ResourceLimit, match="time limit"):
        run_isolated(_sleep, 30, limits=Limits(wall_seconds=1.0))
    assert time.monotonic() - started < 10


def test_unexpected_exception_is_a_crash_not_an_app_error() -> None:
    with pytest.raises(SandboxCrash, match="KeyError"):
        run_isolated(_bug)
