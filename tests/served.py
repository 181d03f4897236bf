"""The app served by a real gunicorn on 127.0.0.1, and a plain HTTP client for its JSON API.

For tests that need what the test client cannot give: several processes writing at once,
requests that really overlap, and workers that die.
"""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+) ")
# What a browser sees when the worker holding its request dies: it tries again.
DROPPED = (ConnectionError, http.client.HTTPException)


@dataclass(frozen=True)
class Reply:
    """A status and a decoded JSON body (None when the body is empty)."""

    status: int
    body: Any


class Api:
    """Calls to the JSON API with one student's bearer token, one connection per call."""

    def __init__(self, port: int, token: str = "", timeout: float = 30) -> None:
        self.port, self.token, self.timeout = port, token, timeout

    def call(self, method: str, path: str, body: Any = None) -> Reply:
        """Send one request and read the whole reply; the connection is closed either way."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, "/api/v1" + path, body=data, headers=headers)
            reply = connection.getresponse()
            raw = reply.read()
            return Reply(reply.status, json.loads(raw) if raw else None)
        finally:
            connection.close()


class Gunicorn:
    """gunicorn on a free port of 127.0.0.1 serving create_app(), stopped by its pid file.

    The port is 0, chosen by the kernel and read back from the log, so two servers never race
    for one. No control socket: nothing is left behind in the home directory.
    """

    def __init__(self, folder: Path, env: dict[str, str], *options: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.pidfile = folder / "gunicorn.pid"
        self.logfile = folder / "gunicorn.log"
        self.port = 0
        self._log = self.logfile.open("w")
        try:
            self.process = self._spawn(env, options)
        except BaseException:
            self._log.close()
            raise

    def _spawn(self, env: dict[str, str], options: tuple[str, ...]) -> subprocess.Popen[bytes]:
        """Start the master; it writes its pid file, and its log and the app's into the log."""
        return subprocess.Popen(
            [
                GUNICORN,
                "--bind",
                "127.0.0.1:0",
                "--pid",
                str(self.pidfile),
                "--no-control-socket",
                "--graceful-timeout",
                "5",
                "--log-level",
                "info",
                *options,
                "quizapp:create_app()",
            ],
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def start(self, workers: int, within: float = 30) -> None:
        """Wait until the server answers and all its workers are up."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log()}"
            found = LISTENING.search(self.log())
            if found and len(self.worker_pids()) == workers and self._answers(int(found[1])):
                self.port = int(found[1])
                return
            time.sleep(0.1)
        raise AssertionError(f"gunicorn did not start within {within} s:\n{self.log()}")

    def _answers(self, port: int) -> bool:
        """True when the OpenAPI document comes back with a 200."""
        try:
            return Api(port, timeout=5).call("GET", "/openapi.json").status == 200
        except OSError:
            return False

    def master_pid(self) -> int:
        """The master's pid, from its pid file."""
        return int(self.pidfile.read_text())

    def worker_pids(self) -> set[int]:
        """The workers: the master's children, as /proc lists them."""
        try:
            tasks = Path(f"/proc/{self.master_pid()}/task").glob("*/children")
            return {int(pid) for task in tasks for pid in task.read_text().split()}
        except (OSError, ValueError):
            return set()

    def log(self) -> str:
        """What gunicorn and the app wrote so far."""
        return self.logfile.read_text(errors="replace")

    def stop(self) -> None:
        """SIGTERM the master by its pid file and wait for it (SIGKILL after 15 s)."""
        try:
            os.kill(self.master_pid(), signal.SIGTERM)
        except (OSError, ValueError):
            self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        finally:
            self._log.close()
