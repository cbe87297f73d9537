"""DOCX -> PDF with LibreOffice: one headless process per call, or a persistent unoserver.

Both run LibreOffice as a separate program with its own profile folder and a wall-clock limit;
a missing program is ToolMissing, anything else that goes wrong is ConversionFailed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import xmlrpc.client
from pathlib import Path
from types import TracebackType

from core.errors import ConversionFailed, ToolMissing

SOFFICE = "soffice"
# unoserver's server needs Debian's python3-uno, which only the system interpreter can import.
SYSTEM_PYTHON = "/usr/bin/python3"
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
            reason = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ConversionFailed(
                f"LibreOffice could not convert the letter: {reason[0]}",
                returncode=process.returncode,
            )
        return _check_pdf(target.read_bytes())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
    ) -> None:
        self.python = python
        self.timeout = timeout
        self.start_timeout = start_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._workdir: tempfile.TemporaryDirectory[str] | None = None
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
        command = [
            self.python,
            "-m",
            "unoserver.server",
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
        if self._process is None or self._process.poll() is not None:
            self.close()
            self.start()
        try:
            result = self._proxy(self.timeout).convert(
                None, xmlrpc.client.Binary(docx_bytes), None, "pdf"
            )
        except (OSError, xmlrpc.client.Error) as exc:
            # A hung or dead LibreOffice: kill it so the next letter starts a fresh one.
            self.close()
            reason = "it timed out" if isinstance(exc, TimeoutError) else "it failed or stopped"
            raise ConversionFailed(f"unoserver could not convert the letter: {reason}") from exc
        data = result.data if isinstance(result, xmlrpc.client.Binary) else result
        if not isinstance(data, bytes):
            raise ConversionFailed("unoserver returned no PDF")
        return _check_pdf(data)

    def close(self) -> None:
        """Stop the server (and its LibreOffice) and remove its profile folder."""
        if self._process is not None:
            if self._process.poll() is None:
                _kill_group(self._process)
            self._process = None
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

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
