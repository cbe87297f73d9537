"""DOCX -> PDF with LibreOffice: one headless process per call, or a persistent unoserver.

Both run LibreOffice as a separate program with its own profile folder and a wall-clock limit;
a missing program is ToolMissing, anything else that goes wrong is ConversionFailed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import xmlrpc.client
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from core.errors import ConversionFailed, ToolMissing

log = logging.getLogger(__name__)

SOFFICE = "soffice"
# unoserver's server needs Debian's python3-uno, which only the system interpreter can import.
SYSTEM_PYTHON = "/usr/bin/python3"
# `make install` puts unoserver in .uno-venv: the system Python, which imports python3-uno.
DEFAULT_UNO_PYTHON = Path(".uno-venv/bin/python")
_PDF_MAGIC = b"%PDF-"


def find_soffice() -> str:
    """The path of ``soffice`` on PATH; ToolMissing with the fix when it is absent."""
    path = shutil.which(SOFFICE)
    if path is None:
        raise ToolMissing(
            "LibreOffice (soffice) is not installed or not on PATH: install it "
            "(Debian: apt-get install libreoffice-writer-nogui) to convert letters to PDF",
            tool=SOFFICE,
        )
    return path


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    # soffice is a wrapper script that starts oosplash and soffice.bin: kill the whole group,
    # or a hung soffice.bin outlives the timeout and keeps its profile locked.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _check_pdf(data: bytes) -> bytes:
    if not data.startswith(_PDF_MAGIC):
        raise ConversionFailed("LibreOffice produced no PDF")
    return data


def render_pdf(docx_bytes: bytes, *, timeout: float = 60) -> bytes:
    """Convert DOCX bytes to PDF bytes with a fresh headless LibreOffice (about 1.3 s)."""
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="casedesk-pdf-") as work:
        folder = Path(work)
        source = folder / "letter.docx"
        source.write_bytes(docx_bytes)
        out_dir = folder / "out"
        out_dir.mkdir()
        # A profile per call: two soffice processes sharing one profile hand the job to each
        # other (or wait on its lock), so concurrent conversions would interfere.
        profile = (folder / "profile").as_uri()
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "HOME": work},
        )
        try:
            _stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ConversionFailed(
                f"LibreOffice did not finish within {timeout:g} s", timeout=timeout
            ) from None
        target = out_dir / "letter.pdf"
        # soffice exits 0 even when it could not convert: the output file is the evidence.
        if process.returncode != 0 or not target.exists():
            # soffice's own text (warnings, temporary paths) goes to the log, not to a person.
            log.warning(
                "soffice exited %s without a PDF: %s",
                process.returncode,
                " | ".join(stderr.decode("utf-8", "replace").strip().splitlines()[-3:]),
            )
            raise ConversionFailed(
                "LibreOffice could not convert the letter: it reported an error and wrote no "
                "PDF (the DOCX may be damaged)",
                returncode=process.returncode,
            )
        return _check_pdf(target.read_bytes())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True, slots=True)
class UnoClient:
    """``render_pdf`` of a running ``UnoConverter``, by its port alone: picklable, so a limited
    child process (the CLI's document reader) can convert through the server the parent
    started once for the run, instead of starting LibreOffice for each DOCX."""

    port: int
    timeout: float

    def __call__(self, docx_bytes: bytes) -> bytes:
        """DOCX bytes to PDF bytes; ConversionFailed when the server fails, hangs or is gone."""
        proxy = xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self.port}",
            transport=_TimeoutTransport(self.timeout),
            allow_none=True,
        )
        try:
            result = proxy.convert(None, xmlrpc.client.Binary(docx_bytes), None, "pdf")
        except (OSError, xmlrpc.client.Error) as exc:
            reason = "it timed out" if isinstance(exc, TimeoutError) else "it failed or stopped"
            raise ConversionFailed(f"unoserver could not convert the document: {reason}") from exc
        data = result.data if isinstance(result, xmlrpc.client.Binary) else result
        if not isinstance(data, bytes):
            raise ConversionFailed("unoserver returned no PDF")
        return _check_pdf(data)


class UnoConverter:
    """A persistent LibreOffice behind unoserver (about 150 ms a letter instead of 1.3 s).

    Starts ``python3 -m unoserver.server`` with the system interpreter, its own profile folder and
    loopback ports; ``render_pdf`` talks XML-RPC to it, so the project's venv needs no uno.
    Use as a context manager, or call ``start``/``close``; one per worker process.
    """

    def __init__(
        self,
        *,
        python: str = SYSTEM_PYTHON,
        timeout: float = 60,
        start_timeout: float = 60,
        run_dir: Path | None = None,
        memory_bytes: int | None = None,
    ) -> None:
        self.python = python
        self.timeout = timeout
        self.start_timeout = start_timeout
        # An address-space limit for the server and the LibreOffice it starts (inherited), for
        # untrusted documents: the same limit a one-shot conversion has in its parser process.
        self.memory_bytes = memory_bytes
        # Where the running server is recorded (a pid file), so that one left by a killed
        # owner is found and stopped by ``stop_stale_converters`` at the next start.
        self.run_dir = run_dir
        self._process: subprocess.Popen[bytes] | None = None
        self._workdir: tempfile.TemporaryDirectory[str] | None = None
        self._pid_file: Path | None = None
        self._port = 0

    @staticmethod
    def available(python: str = SYSTEM_PYTHON) -> bool:
        """Whether soffice is on PATH and ``python`` can import uno and unoserver."""
        if shutil.which(SOFFICE) is None or not Path(python).exists():
            return False
        probe = subprocess.run(
            [python, "-c", "import uno, unoserver.server"],
            capture_output=True,
            timeout=30,
            check=False,
        )
        return probe.returncode == 0

    def start(self) -> None:
        """Start the server and wait until it answers; ToolMissing or ConversionFailed if not."""
        if self._process is not None:
            return
        find_soffice()
        if not self.available(self.python):
            raise ToolMissing(
                f"unoserver is not importable by {self.python} (it needs Debian's python3-uno "
                "and `pip install unoserver` for that interpreter)",
                tool="unoserver",
            )
        self._workdir = tempfile.TemporaryDirectory(prefix="casedesk-uno-")
        profile = Path(self._workdir.name) / "profile"
        self._port = _free_port()
        launch = ["-m", "unoserver.server"]
        if self.memory_bytes is not None:
            limit = int(self.memory_bytes)
            launch = [
                "-c",
                "import resource, runpy, sys; "
                f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
                "runpy.run_module('unoserver.server', run_name='__main__', alter_sys=True)",
            ]
        command = [
            self.python,
            *launch,
            "--interface",
            "127.0.0.1",
            "--port",
            str(self._port),
            "--uno-port",
            str(_free_port()),
            # unoserver turns this path into a file URI itself.
            "--user-installation",
            str(profile),
            # The server kills a LibreOffice that hangs on one document, then exits: the next
            # render_pdf call starts a fresh one.
            "--conversion-timeout",
            str(max(1, int(self.timeout))),
        ]
        self._process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        if self.run_dir is not None:
            self._pid_file = _write_pid_file(self.run_dir, self._process.pid, profile)
        self._wait_ready()

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        transport = _TimeoutTransport(timeout)
        return xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self._port}", transport=transport, allow_none=True
        )

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                self.close()
                raise ConversionFailed("unoserver exited during start-up")
            try:
                self._proxy(5).info()
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.2)
                continue
            return
        self.close()
        raise ConversionFailed(f"unoserver did not start within {self.start_timeout:g} s")

    def render_pdf(self, docx_bytes: bytes) -> bytes:
        """Convert DOCX bytes to PDF bytes; on a timeout the server is restarted next time."""
        try:
            return self.client()(docx_bytes)
        except ConversionFailed as exc:
            if exc.__cause__ is not None:
                # A hung or dead LibreOffice: kill it so the next letter starts a fresh one.
                self.close()
            raise

    def client(self) -> UnoClient:
        """The running server's picklable ``render_pdf`` (started, or started again if it
        stopped: the server exits after killing a LibreOffice that hung)."""
        if self._process is None or self._process.poll() is not None:
            self.close()
            self.start()
        return UnoClient(self._port, self.timeout)

    def close(self) -> None:
        """Stop the server and its LibreOffice (SIGTERM to their group, then SIGKILL after a
        grace period) and remove its profile folder and pid file."""
        if self._process is not None:
            profile = Path(self._workdir.name) / "profile" if self._workdir else None
            _stop_group(self._process.pid, profile)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(STOP_GRACE_SECONDS)
            self._process = None
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None
        if self._pid_file is not None:
            self._pid_file.unlink(missing_ok=True)
            self._pid_file = None

    def __enter__(self) -> UnoConverter:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class _TimeoutTransport(xmlrpc.client.Transport):
    """xmlrpc's transport has no timeout of its own; a hung LibreOffice must not hang us."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: str | tuple[str, dict[str, str]]) -> object:  # type: ignore[override]
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


# --- process records: stop what a killed owner left running ----------------------------------

STOP_GRACE_SECONDS = 5.0
_PID_FILE_PREFIX = "unoserver-"


def _start_time(pid: int) -> int | None:
    """The process's start time (clock ticks since boot, /proc/PID/stat field 22): with the
    pid it names one process for good, as a recycled pid starts later."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return int(fields[19]) if len(fields) > 19 and fields[19].isdigit() else None


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _processes_using(profile: Path) -> list[int]:
    """Pids whose command line names ``profile`` (unoserver and the LibreOffice it started).
    The profile folder is a fresh random path, so no unrelated process can match."""
    marker = str(profile).encode()
    found = []
    for entry in Path("/proc").iterdir():
        pid = int(entry.name) if entry.name.isdigit() else 0
        if pid > 1 and pid != os.getpid() and marker in _cmdline(pid):
            found.append(pid)
    return found


def _signal_groups(pids: list[int], signum: int) -> None:
    """``signum`` to each pid and its process group (never our own group, never pid <= 1)."""
    own_group = os.getpgid(0)
    for pid in pids:
        if pid <= 1 or pid == os.getpid():
            continue
        with contextlib.suppress(ProcessLookupError, PermissionError):
            group = os.getpgid(pid)
            if group > 1 and group != own_group:
                os.killpg(group, signum)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signum)


def _stop_group(
    leader: int | None, profile: Path | None, grace: float = STOP_GRACE_SECONDS
) -> None:
    """SIGTERM to the server's process group and to every process using its profile; SIGKILL
    to what is still there after ``grace`` seconds."""

    def targets() -> list[int]:
        using = _processes_using(profile) if profile else []
        return [*([leader] if leader is not None and _alive(leader) else []), *using]

    _signal_groups(targets(), signal.SIGTERM)
    deadline = time.monotonic() + grace
    while targets() and time.monotonic() < deadline:
        time.sleep(0.1)
    _signal_groups(targets(), signal.SIGKILL)


def _alive(pid: int) -> bool:
    if pid <= 1:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError):
        return stat.read_text(errors="replace").rsplit(")", 1)[-1].split()[0] != "Z"
    return True


def _write_pid_file(run_dir: Path, pid: int, profile: Path) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    record = {
        "host": socket.gethostname(),
        "owner": os.getpid(),
        "owner_start": _start_time(os.getpid()),
        "pid": pid,
        "start": _start_time(pid),
        "profile": str(profile),
    }
    path = run_dir / f"{_PID_FILE_PREFIX}{record['host']}-{pid}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    tmp.replace(path)
    return path


def _is_our_profile(profile: Path) -> bool:
    """A profile folder as ``UnoConverter.start`` makes them (a record is never trusted to
    name anything else to search for or delete)."""
    return (
        profile.is_absolute()
        and profile.name == "profile"
        and profile.parent.name.startswith("casedesk-uno-")
        and len(profile.parent.name) > len("casedesk-uno-")
    )


def _owner_alive(record: dict[str, object]) -> bool:
    owner = record.get("owner")
    if not isinstance(owner, int):
        return False
    return _alive(owner) and _start_time(owner) == record.get("owner_start")


def stop_stale_converters(run_dir: Path) -> int:
    """Stop the unoserver/LibreOffice processes recorded in ``run_dir`` on this host whose
    owner process is gone (killed, or exited without closing them); returns how many.

    A recorded pid is signalled only while it still has its recorded start time and names its
    profile folder, so a pid since reused by another program is never touched.
    """
    if not run_dir.is_dir():
        return 0
    host = socket.gethostname()
    stopped = 0
    for path in sorted(run_dir.glob(f"{_PID_FILE_PREFIX}*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(record, dict) or record.get("host") != host or _owner_alive(record):
            continue
        profile = Path(str(record.get("profile", "")))
        if _is_our_profile(profile):
            pid = record.get("pid")
            same_process = (
                isinstance(pid, int)
                and _start_time(pid) == record.get("start")
                and str(profile).encode() in _cmdline(pid)
            )
            if same_process or _processes_using(profile):
                _stop_group(pid if same_process and isinstance(pid, int) else None, profile)
                stopped += 1
            shutil.rmtree(profile.parent, ignore_errors=True)
        path.unlink(missing_ok=True)
    return stopped
