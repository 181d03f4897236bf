"""make bench: seed the data, serve it with gunicorn, load it with wrk, record the figures.

Every figure is measured twice, and each app endpoint is set beside a bare Flask endpoint
doing the same database work in the same run, reported as a ratio. Servers listen on
127.0.0.1 only and are stopped by their pid files, pass or fail; wrk runs are bounded.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench.seed import seed

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "PERFORMANCE.md"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
WRK_SECONDS = int(os.environ.get("BENCH_SECONDS", 10))
WRK_ARGS = ["-t2", "-c50", f"-d{WRK_SECONDS}s", "--latency", "--timeout", "5s"]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A gunicorn (2 sync workers) on 127.0.0.1, stopped by its pid file."""

    def __init__(self, name: str, target: str, env: dict[str, str]) -> None:
        self.name, self.port = name, free_port()
        self.pidfile = DATA / f"{name}.pid"
        self.log = open(DATA / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "-w",
                "2",
                "-k",
                "sync",
                "-b",
                f"127.0.0.1:{self.port}",
                "--pid",
                str(self.pidfile),
                "--log-level",
                "warning",
                target,
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    @property
    def url(self) -> str:
        """Where it listens."""
        return f"http://127.0.0.1:{self.port}"

    def wait(self, path: str) -> None:
        """Wait (up to 30 s) for the server to answer path."""
        for _ in range(300):
            try:
                with urllib.request.urlopen(self.url + path, timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start; see {self.log.name}")

    def stop(self) -> None:
        """Stop the master by its pid, then wait for it."""
        try:
            pid = int(self.pidfile.read_text())
            os.kill(pid, signal.SIGTERM)
        except (OSError, ValueError):
            self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def wrk(url: str, headers: dict[str, str] | None = None) -> dict[str, float]:
    """One bounded wrk run: requests per second, latency percentiles, errors."""
    args = ["wrk", *WRK_ARGS]
    for key, value in (headers or {}).items():
        args += ["-H", f"{key}: {value}"]
    out = subprocess.run(
        [*args, url], capture_output=True, text=True, check=True, timeout=WRK_SECONDS + 30
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: _ms(re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)) for p in ("50", "99")}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), "
        r"timeout (\d+)",
        out,
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
    return {"rps": rps, "p50_ms": latency["50"], "p99_ms": latency["99"], "errors": errors}


def _ms(text: str) -> float:
    """A wrk duration ("812.00us", "3.21ms", "1.02s") in milliseconds."""
    value, unit = float(re.match(r"[\d.]+", text).group()), re.sub(r"[\d.]+", "", text)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def measure(name: str, url: str, headers: dict[str, str] | None = None) -> dict[str, object]:
    """Two runs of one scenario."""
    runs = [wrk(url, headers) for _ in range(2)]
    print(f"  {name}: " + ", ".join(f"{r['rps']:.0f} req/s" for r in runs), flush=True)
    return {
        "name": name,
        "url": url.split("127.0.0.1")[1].split("/", 1)[1],
        "runs": runs,
        "rps": sum(r["rps"] for r in runs) / 2,
    }


def leaderboard_suite() -> dict[str, object]:
    """The leaderboard at 100,000 students and 1,000,000 finished attempts."""
    DATA.mkdir(parents=True, exist_ok=True)
    database = DATA / "leaderboard.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "bench",
        "QUIZAPP_INSTANCE": str(DATA / "instance"),
        "BENCH_DATABASE": str(database),
    }
    started = time.monotonic()
    info = seed(database, env)
    seeded = time.monotonic() - started
    print(
        f"Seeded {info['students']:,} students and {info['attempts']:,} attempts in {seeded:.0f} s",
        flush=True,
    )
    app = Server("app", "quizapp:create_app()", env)
    baseline = Server("baseline", "bench.baseline:app", env)
    try:
        app.wait("/healthz")
        baseline.wait("/hello")
        slug, board = info["slug"], info["board"]
        token = {"Authorization": f"Bearer {info['viewer_token']}"}
        base = measure(
            "Bare Flask: one indexed top-50 query (baseline)", f"{baseline.url}/top50/{board}"
        )
        scenarios = [
            measure("Quiz board page, HTML", f"{app.url}/leaderboards/quizzes/{slug}"),
            measure("Quiz board, JSON", f"{app.url}/api/v1/leaderboards/quizzes/{slug}"),
            measure(
                "Quiz board JSON with the viewer's own rank",
                f"{app.url}/api/v1/leaderboards/quizzes/{slug}",
                token,
            ),
            measure("Overall board page, HTML", f"{app.url}/leaderboards/overall"),
        ]
    finally:
        app.stop()
        baseline.stop()
    for scenario in scenarios:
        scenario["ratio"] = scenario["rps"] / base["rps"]
    return {
        "suite": "leaderboard",
        "seed_seconds": round(seeded),
        **info,
        "baseline": base,
        "scenarios": scenarios,
    }


def markdown(suite: dict[str, object]) -> str:
    """The suite's table for docs/PERFORMANCE.md."""
    base = suite["baseline"]
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d} on this 2-core machine: SQLite (WAL), gunicorn "
        f"with 2 sync workers, `wrk {' '.join(WRK_ARGS)}`, each figure run twice; "
        f"{suite['students']:,} students, {suite['attempts']:,} finished attempts "
        f"(seeded in {suite['seed_seconds']} s).",
        "",
        "| Scenario | req/s (run 1, run 2) | p50 ms | p99 ms | errors | vs baseline |",
        "|---|---|---|---|---|---|",
    ]
    for row in [base, *suite["scenarios"]]:
        runs = row["runs"]
        ratio = f"{row['ratio']:.0%}" if "ratio" in row else "(baseline)"
        lines.append(
            f"| {row['name']} | {runs[0]['rps']:.0f}, {runs[1]['rps']:.0f} | "
            f"{max(r['p50_ms'] for r in runs):.1f} | {max(r['p99_ms'] for r in runs):.1f} | "
            f"{sum(r['errors'] for r in runs)} | {ratio} |"
        )
    return "\n".join(lines)


def write_doc(section: str, body: str) -> None:
    """Replace one marked section of docs/PERFORMANCE.md with fresh figures."""
    text = DOC.read_text(encoding="utf-8")
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    DOC.write_text(f"{before}{start}\n{body}\n{end}{after}", encoding="utf-8")


def main() -> None:
    """Run every suite, then write bench/results/*.json and the tables of PERFORMANCE.md."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    suite = leaderboard_suite()
    (RESULTS / "leaderboard.json").write_text(json.dumps(suite, indent=2))
    write_doc("leaderboard", markdown(suite))
    print(markdown(suite))


if __name__ == "__main__":
    main()
