"""What every benchmark suite shares: app servers stopped by pid, wrk runs, the tables.

Servers listen on 127.0.0.1 only and are stopped by their pid files, pass or fail; every load
run is bounded in time.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "PERFORMANCE.md"
BIN = Path(sys.executable).parent
WRK_SECONDS = int(os.environ.get("BENCH_SECONDS", 10))
WRK_ARGS = ["-t2", "-c50", f"-d{WRK_SECONDS}s", "--latency", "--timeout", "5s"]
# The app server every suite runs, the app and its bare baselines alike (docs/DEPLOY.md says
# why this one); the `servers` suite measures both side by side.
SERVER = os.environ.get("BENCH_SERVER", "granian")
SERVER_KINDS = ("gunicorn", "granian")
# How the tables name SERVER's workers: "2 WSGI workers" (granian), "2 sync workers" (gunicorn).
WORKERS = {"gunicorn": "sync workers", "granian": "WSGI workers"}.get(SERVER, "workers")


def server_command(
    kind: str, target: str, port: int, workers: int, pidfile: Path, worker_class: str = "sync"
) -> list[str]:
    """The command line of one app server on 127.0.0.1: gunicorn with sync workers (or another
    worker class, e.g. gevent for a stream), or granian (WSGI) with one blocking thread per
    worker, so both run one request at a time per process."""
    if kind == "gunicorn":
        return [
            str(BIN / "gunicorn"),
            *("-w", str(workers), "-k", worker_class, "-b", f"127.0.0.1:{port}"),
            *("--pid", str(pidfile), "--log-level", "warning", "--no-control-socket"),
            target,
        ]
    if kind == "granian":
        return [
            str(BIN / "granian"),
            *("--interface", "wsgi", "--workers", str(workers), "--blocking-threads", "1"),
            *("--host", "127.0.0.1", "--port", str(port), "--pid-file", str(pidfile)),
            *("--log-level", "warning", "--no-access-log", "--no-ws"),
            target,
        ]
    raise ValueError(f"unknown app server {kind!r}; choose from {', '.join(SERVER_KINDS)}")


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """An app server (SERVER unless kind is given) on 127.0.0.1, stopped by its pid file."""

    def __init__(
        self,
        name: str,
        target: str,
        env: dict[str, str],
        workers: int = 2,
        kind: str | None = None,
        worker_class: str = "sync",
    ) -> None:
        DATA.mkdir(parents=True, exist_ok=True)
        self.name, self.port, self.workers = name, free_port(), workers
        self.kind = kind or SERVER
        self.pidfile = DATA / f"{name}.pid"
        self.pidfile.unlink(missing_ok=True)
        self.log = open(DATA / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            server_command(self.kind, target, self.port, workers, self.pidfile, worker_class),
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    @property
    def url(self) -> str:
        """Where it listens."""
        return f"http://127.0.0.1:{self.port}"

    def wait(self, path: str, seconds: float = 30) -> float:
        """Wait (up to `seconds`) for the server to answer path; seconds from launch to answer."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + path, timeout=2) as reply:
                    if reply.status == 200:
                        return time.monotonic() - self.started
            except OSError:
                time.sleep(0.01)
        raise RuntimeError(f"{self.name} did not start; see {self.log.name}")

    def worker_pids(self) -> list[int]:
        """The pids of the master's worker processes."""
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]

    def cpu_seconds(self) -> float:
        """CPU time (user and system) the master and its workers have used so far, a worker
        replaced meanwhile included (its time is the master's once reaped)."""
        return cpu_seconds([self.process.pid], children=True) + cpu_seconds(self.worker_pids())

    def worker_rss_mb(self) -> list[float]:
        """Each worker's resident memory, in MB (VmRSS)."""
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
            sizes.append(round(kb / 1024, 1))
        return sizes

    def stop(self) -> None:
        """Stop the master by its pid, then wait for it."""
        try:
            os.kill(int(self.pidfile.read_text()), signal.SIGTERM)
        except (OSError, ValueError):
            self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.log.close()


def cpu_seconds(pids: list[int], children: bool = False) -> float:
    """CPU time (user and system, /proc/<pid>/stat) the processes have used so far; with
    children, that of their reaped children too. A process gone meanwhile counts 0."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if children:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime
    return total / ticks


def wrk(url: str, headers: dict[str, str] | None = None, script: list[str] | None = None):
    """One bounded wrk run: requests per second, latency percentiles, errors.

    script is a Lua file and its arguments (given to wrk after --).
    """
    args = ["wrk", *WRK_ARGS]
    for key, value in (headers or {}).items():
        args += ["-H", f"{key}: {value}"]
    if script:
        args += ["-s", script[0], url, "--", *script[1:]]
    else:
        args.append(url)
    out = subprocess.run(
        args, capture_output=True, text=True, check=True, timeout=WRK_SECONDS + 30
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: _ms(re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)) for p in ("50", "99")}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": rps,
        "requests": requests,
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "errors": errors,
    }


def _ms(text: str) -> float:
    """A wrk duration ("812.00us", "3.21ms", "1.02s") in milliseconds."""
    value, unit = float(re.match(r"[\d.]+", text).group()), re.sub(r"[\d.]+", "", text)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def probe(
    name: str, url: str, headers: dict[str, str] | None = None, script: list[str] | None = None
) -> dict[str, Any]:
    """One scenario to measure: a URL, its headers, and a wrk Lua script with its arguments
    (which may hold "{run}" for the run's number)."""
    return {"name": name, "url": url, "headers": headers, "script": script}


def measure_all(probes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every probe twice, in two rounds (baseline, scenarios, baseline, scenarios).

    Interleaved, a baseline and the scenarios set beside it share the machine's conditions of
    the moment: on a shared host the same endpoint was seen to vary by 2x within minutes.
    """
    runs: list[list[dict[str, Any]]] = [[] for _ in probes]
    for run in (0, 1):
        for found, spec in zip(runs, probes, strict=True):
            script = spec["script"]
            args = [a.replace("{run}", str(run)) for a in script] if script else None
            found.append(wrk(spec["url"], spec["headers"], args))
    results = []
    for spec, found in zip(probes, runs, strict=True):
        print(f"  {spec['name']}: " + ", ".join(f"{r['rps']:.0f} req/s" for r in found), flush=True)
        results.append(
            {
                "name": spec["name"],
                "url": spec["url"].split("127.0.0.1")[1].split("/", 1)[1],
                "runs": found,
                "rps": sum(r["rps"] for r in found) / 2,
            }
        )
    return results


def measure(name: str, url: str, headers: dict[str, str] | None = None, script=None):
    """Two runs of one scenario (see probe)."""
    return measure_all([probe(name, url, headers, script)])[0]


def table(rows: list[dict[str, Any]], baseline: dict[str, Any]) -> list[str]:
    """Markdown rows: the baseline first, then each scenario with its ratio to it."""
    lines = [
        "| Scenario | req/s (run 1, run 2) | p50 ms | p99 ms | errors | vs baseline |",
        "|---|---|---|---|---|---|",
    ]
    for row in [baseline, *rows]:
        runs = row["runs"]
        ratio = f"{row['rps'] / baseline['rps']:.0%}" if row is not baseline else "(baseline)"
        lines.append(
            f"| {row['name']} | {runs[0]['rps']:.0f}, {runs[1]['rps']:.0f} | "
            f"{max(r['p50_ms'] for r in runs):.1f} | {max(r['p99_ms'] for r in runs):.1f} | "
            f"{sum(r['errors'] for r in runs)} | {ratio} |"
        )
    return lines


def write_doc(section: str, body: str) -> None:
    """Replace one marked section of docs/PERFORMANCE.md with fresh figures."""
    text = DOC.read_text(encoding="utf-8")
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    if start not in text:
        text += f"\n{start}\n{end}\n"
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    DOC.write_text(f"{before}{start}\n{body}\n{end}{after}", encoding="utf-8")
