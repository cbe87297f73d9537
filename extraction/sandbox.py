"""Run a parse function in a child process with hard memory, CPU and wall-clock limits.

A 1 MB PDF can cost 2 GiB in the PDF libraries: parsing happens in a forkserver child whose
death is reported as ``ResourceLimit`` (a refusal), never as a crash of the calling worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.process import AuthenticationString  # type: ignore[attr-defined]
from typing import Any, TypeVar

import core.errors
from core.errors import AppError, ResourceLimit
from extraction.limits import Limits

T = TypeVar("T")

# Modules the forkserver imports once, so each child starts warm (~ms instead of ~1 s).
_PRELOAD = ["extraction.reader"]


class SandboxCrash(RuntimeError):
    """An unexpected exception inside the child (a bug, not bad input): re-raised as such.

    ``str()`` holds the child's traceback, for a log; ``reason`` is one line in our words for
    a person (a CLI's error line), naming only the exception's class, never its text.
    """

    code = "parser_crash"

    def __init__(self, message: str, exception: str = "an unexpected error") -> None:
        super().__init__(message)
        self.exception = exception

    @property
    def reason(self) -> str:
        return (
            f"the file could not be read: the parser stopped with {self.exception} "
            "(a fault in Casedesk or a library, not a refusal of the file)"
        )


@dataclass(frozen=True, slots=True)
class _Failure:
    """What crosses the pipe when the child raised."""

    module: str
    name: str
    message: str
    details: dict[str, Any]
    is_app_error: bool
    trace: str


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _child(
    conn: multiprocessing.connection.Connection,
    limits: Limits,
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    # Own process group, so the parent can kill Tesseract/LibreOffice started from here too.
    os.setpgid(0, 0)
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Deep structures must fail as RecursionError, not overflow the C stack.
    sys.setrecursionlimit(5000)
    try:
        result: Any = ("ok", fn(*args, **kwargs))
    except MemoryError:
        result = ("memory", None)
    except AppError as exc:
        result = ("error", _failure(exc, is_app_error=True))
    except BaseException as exc:  # noqa: BLE001 - everything else crosses the pipe as a crash
        result = ("error", _failure(exc, is_app_error=False))
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("memory", None))
    conn.close()


def _failure(exc: BaseException, *, is_app_error: bool) -> _Failure:
    details = dict(exc.details) if isinstance(exc, AppError) else {}
    message = exc.message if isinstance(exc, AppError) else str(exc)
    return _Failure(
        module=type(exc).__module__,
        name=type(exc).__name__,
        message=message,
        details=details,
        is_app_error=is_app_error,
        trace="" if is_app_error else traceback.format_exc(),
    )


# Held while a child is started: ``_children_allowed`` swaps process-wide state (``__main__``,
# the daemon flag), and callers in two threads (the CLI reads the next file while the gate
# checks the current one) would otherwise restore each other's swapped values.
_STARTING = threading.Lock()


@contextlib.contextmanager
def _children_allowed() -> Iterator[None]:
    """Let a daemonic process (a Celery prefork pool child) start the parser process.

    multiprocessing refuses children to daemonic processes so that they cannot be orphaned;
    this parent always joins or kills its child before returning, so the guard does not apply.
    Celery's billiard also leaves its own authkey type behind, which the standard library
    refuses to pickle for a new process: it is replaced by the same key as plain bytes.
    """
    current = multiprocessing.current_process()
    config = current._config  # type: ignore[attr-defined]
    if type(config.get("authkey")) is not AuthenticationString:
        config["authkey"] = AuthenticationString(bytes(config["authkey"]))
    was_daemon = config.get("daemon")
    if was_daemon:
        config["daemon"] = False
    # The child would otherwise re-import the program's __main__ (for `casedesk`, the whole
    # command with Presidio: about a second per document); what it runs lives in importable
    # modules, so it is started with a bare __main__ instead.
    main_module = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main_module is not None:
            sys.modules["__main__"] = main_module
        if was_daemon:
            config["daemon"] = was_daemon


def run_isolated(
    fn: Callable[..., T],
    *args: Any,
    limits: Limits = Limits(),  # noqa: B008 - a frozen value, safe as a default
    what: str = "the document",
    **kwargs: Any,
) -> T:
    """Call ``fn(*args, **kwargs)`` in a limited child process and return its result.

    ``fn`` must be importable by name and its arguments and result picklable. ``AppError``
    raised in the child is raised here with the same class, code and message; the child's
    death (memory, CPU, a signal) or a wall-clock overrun becomes ``ResourceLimit``.
    """
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    with _STARTING, _children_allowed():
        process = ctx.Process(  # type: ignore[attr-defined]
            target=_child, args=(sender, limits, fn, args, kwargs), daemon=True
        )
        process.start()
    sender.close()
    deadline = time.monotonic() + limits.wall_seconds
    try:
        message = _receive(receiver, process, deadline, limits, what)
    finally:
        receiver.close()
        _kill_group(process)
        process.join(5)
    status, payload = message
    if status == "ok":
        return payload  # type: ignore[no-any-return]
    if status == "memory":
        raise ResourceLimit(f"{what} exceeded the memory limit while parsing", limit="memory")
    assert isinstance(payload, _Failure)
    raise _rebuild(payload)


def _receive(
    receiver: multiprocessing.connection.Connection,
    process: Any,
    deadline: float,
    limits: Limits,
    what: str,
) -> tuple[str, Any]:
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ResourceLimit(
                f"{what} exceeded the time limit ({limits.wall_seconds:g} s) while parsing",
                limit="time",
            )
        if receiver.poll(min(remaining, 0.5)):
            try:
                received: tuple[str, Any] = receiver.recv()
            except (EOFError, OSError):
                break  # the child died before (or while) sending
            return received
        if not process.is_alive() and not receiver.poll(0):
            break
    process.join(5)
    code = process.exitcode
    if code is not None and code < 0 and -code == signal.SIGXCPU:
        raise ResourceLimit(
            f"{what} exceeded the CPU time limit ({limits.cpu_seconds} s) while parsing",
            limit="cpu",
        )
    cause = _describe_exit(code)
    raise ResourceLimit(
        f"{what} exceeded the memory limit while parsing (the parser process died: {cause})",
        limit="memory",
    )


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def _kill_group(process: Any) -> None:
    pid = process.pid
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        # Already gone (or never became a group leader): fall back to the child alone.
        if process.is_alive():
            process.kill()


def _rebuild(failure: _Failure) -> BaseException:
    if failure.is_app_error:
        cls = getattr(core.errors, failure.name, None)
        if isinstance(cls, type) and issubclass(cls, AppError):
            return cls(failure.message, **failure.details)
        return _generic_app_error(failure)
    return SandboxCrash(
        f"{failure.module}.{failure.name} in the parser process\n{failure.trace}", failure.name
    )


def _generic_app_error(failure: _Failure) -> AppError:
    # An AppError subclass defined outside core.errors: keep its message; the code is generic.
    error = AppError(failure.message, **failure.details)
    error.details.setdefault("original", f"{failure.module}.{failure.name}")
    return error
