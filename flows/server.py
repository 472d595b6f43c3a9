"""Starting, probing and stopping a local Prefect server (scheduling needs a real one).

Used by ``make serve`` and by the tests. The server runs in its own process
group so that stopping it leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from geomap.errors import ServerUnreachable

STARTUP_TIMEOUT = 120.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def api_healthy(api_url: str, timeout: float = 1.0) -> bool:
    """Whether a Prefect API answers its health check at ``api_url`` (".../api")."""
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=timeout) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def stop_group(process: subprocess.Popen[bytes], *, timeout: float = 20.0) -> None:
    """SIGTERM a process and its group, then SIGKILL whatever is left after ``timeout``."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


class PrefectServer:
    """A real ``prefect server start`` on 127.0.0.1, on SQLite under ``home`` or on ``database_url``.

    It serves Prefect's UI (shipped in the Prefect package, so it needs no network) at
    :attr:`ui_url`: each flow run's log links to its page there ("View at ...")."""

    def __init__(
        self, home: Path, *, port: int | None = None, database_url: str | None = None, log: Path | None = None
    ) -> None:
        self.home = home
        self.port = port or free_port()
        self.database_url = database_url
        self.log = log or home / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.ui_url}/api"

    def env(self) -> dict[str, str]:
        """The environment a client of this server needs."""
        env = dict(os.environ)
        env.update(
            {
                "PREFECT_HOME": str(self.home),
                "PREFECT_API_URL": self.api_url,
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            }
        )
        return env

    def start(self) -> PrefectServer:
        self.home.mkdir(parents=True, exist_ok=True)
        env = self.env()
        env.pop("PREFECT_API_URL")
        if self.database_url:
            env["PREFECT_API_DATABASE_CONNECTION_URL"] = self.database_url
        prefect = Path(sys.executable).with_name("prefect")
        command = [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerUnreachable(f"the Prefect server exited at start: {self._last_words()} (log: {self.log})")
            if api_healthy(self.api_url, timeout=1.0):
                return self
            time.sleep(0.3)
        self.stop()
        raise ServerUnreachable(f"the Prefect server did not answer within {STARTUP_TIMEOUT:.0f} s; see {self.log}")

    def _last_words(self) -> str:
        """The end of the server's log, where Prefect says why it stopped."""
        lines = [line.strip() for line in self.log.read_text(errors="replace").splitlines() if line.strip()]
        return " ".join(lines[-2:])[-300:] or "no output"

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)
            self.process = None

    def __enter__(self) -> PrefectServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
