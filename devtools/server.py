"""`streamlit run` on a loopback port, and the Chromium that drives it: one launcher for tests/e2e/ and bench/.

    with StreamlitServer("app.py") as server:
        server.wait_healthy()
        ...  # server.url, server.pid

Chromium is found at $CHROMIUM, /usr/bin/chromium or on PATH (Playwright cannot download browsers
here); CHROMIUM_ARGS are the flags every test and benchmark launches it with.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What the server prints is kept to say why it failed; only the end of it is shown.
OUTPUT_SHOWN = 4000


def find_chromium() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(script: str | Path, port: int, launcher: tuple[str, ...], extra_args: tuple[str, ...] = ()) -> list[str]:
    """The command line of a headless server on 127.0.0.1:`port`, no file watcher, no usage statistics."""
    return [
        sys.executable,
        *launcher,
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra_args,
    ]


class StreamlitServer:
    """`streamlit run <script>` on 127.0.0.1:<port>, started at construction, stopped by close().

    `launcher` replaces `-m streamlit run` (e.g. with bench/_timed_streamlit.py, which logs each run).
    The server's output goes to `log` (appended) if given, else to a temporary file that an early
    exit quotes.
    """

    def __init__(
        self,
        script: str | Path = "app.py",
        port: int | None = None,
        env: dict[str, str] | None = None,
        extra_args: tuple[str, ...] = (),
        cwd: Path = ROOT,
        log: Path | None = None,
        launcher: tuple[str, ...] = ("-m", "streamlit", "run"),
    ):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log, "ab") if log else tempfile.TemporaryFile()  # noqa: SIM115  (closed in close())
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            streamlit_command(script, self.port, launcher, extra_args),
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:  # noqa: S310  (http, loopback)
                return response.status == 200
        except OSError:
            return False

    def output(self) -> str:
        """The end of what the server printed so far."""
        try:
            fd = self._log.fileno()
            size = os.fstat(fd).st_size
            return os.pread(fd, OUTPUT_SHOWN, max(0, size - OUTPUT_SHOWN)).decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def wait_healthy(self, timeout: float = 60, poll: float = 0.02) -> float:
        """Block until /_stcore/health answers 200; return the seconds since the process started."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit ({self.url}) exited early with code {self.process.returncode}:\n{self.output()}")
            if self.healthy():
                return time.perf_counter() - self.started
            time.sleep(poll)
        self.close()
        raise RuntimeError(f"streamlit ({self.url}) did not become healthy in {timeout:.0f} s")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if not self._log.closed:
            self._log.close()

    def __enter__(self) -> StreamlitServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
