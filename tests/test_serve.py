"""`make serve` (the last step of `make run`) starts a real app server on 127.0.0.1, and
FLASK_DEBUG=1 keeps Flask's development server with its reloader.

Each server is started in a session of its own and stopped by that session's process group,
so make, the server and its workers all end with the test.
"""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _make_serve(tmp_path: Path, **extra: str) -> Iterator[tuple[int, Path]]:
    """`make serve` on a free port with an empty SQLite database; (port, log file)."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "SECRET_KEY": "test-serve",
        "QUIZAPP_INSTANCE": str(tmp_path / "instance"),
        "PORT": str(port),
        **extra,
    }
    if "FLASK_DEBUG" not in extra:
        env.pop("FLASK_DEBUG", None)  # the developer's own setting would pick the other server
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"VENV={ROOT / '.venv'}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield port, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _health(port: int, log: Path, seconds: float = 60) -> urllib.request.addinfourl:
    """The first answer of /healthz, waiting for the server to start."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"make serve did not answer within {seconds} s:\n{log.read_text()}")
            time.sleep(0.2)


def test_make_serve_starts_granian_on_localhost(tmp_path: Path) -> None:
    with _make_serve(tmp_path) as (port, log):
        reply = _health(port, log)
        assert reply.status == 200
        assert reply.headers["Server"] == "granian"
    text = log.read_text()
    assert f"serving on http://127.0.0.1:{port}/" in text
    assert "development server" not in text


def test_flask_debug_keeps_the_reloader(tmp_path: Path) -> None:
    with _make_serve(tmp_path, FLASK_DEBUG="1") as (port, log):
        reply = _health(port, log)
        assert reply.status == 200
        assert reply.headers["Server"].startswith("Werkzeug/")
        # The reloader runs the app in a child process and says so.
        deadline = time.monotonic() + 10
        while "Restarting with" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "Restarting with" in log.read_text()
