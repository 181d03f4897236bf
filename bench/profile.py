"""Where a request's time goes: milliseconds per layer on the hot paths, and on bare Flask.

    python -m bench.profile [--students 40] [--rate 200]

Serves a small class (SQLite, WAL) with one gunicorn sync worker, attaches py-spy to the
worker while a bounded number of requests of one kind runs (start, save an answer, question
page, finish, board page; then the bare endpoints of bench/baseline.py under the same
server), and prints each kind's worker CPU milliseconds per request split by layer
(bench/layers.py) in the shares of py-spy's samples. py-spy samples from outside the worker,
so the profile costs the request nothing. On a busy host, absolute figures move with the
load; the shares are what to compare.
"""

import argparse
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from bench.harness import BIN, DATA
from bench.layers import LAYERS, samples_by_layer
from bench.run import bench_env, fresh_sqlite
from bench.seed import CLASS_PASSWORD, seed_class
from bench.services import CSRF, USER_AGENT, servers, write_page_template
from quizapp.core.kinds import kind_of

QUIZ = "full-test"
PAGED_QUIZ = "reading-the-article-critically"  # one question per page
ANSWERS = random.Random(19)  # any well-formed answer will do, right or wrong
CLIENTS = 3  # enough to keep one sync worker busy, few enough to leave it the CPU


class Browser:
    """One logged-in student: a cookie jar and the page's CSRF token."""

    def __init__(self, url: str, username: str) -> None:
        self.url, self.jar = url, CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("User-Agent", USER_AGENT)]
        self.csrf = self.form("/auth/login", {"username": username, "password": CLASS_PASSWORD})

    def form(self, path: str, fields: dict[str, str], target: str | None = None) -> str:
        """Fill the form on path and post it (to target); the landing page's CSRF token."""
        with self.opener.open(self.url + path, timeout=30) as page:
            token = CSRF.search(page.read().decode())[1]
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        with self.opener.open(self.url + (target or path), data=data, timeout=30) as reply:
            self.landed = reply.geturl()
            return CSRF.search(reply.read().decode())[1]

    def call(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        """One request (JSON API with the session and CSRF header, or a page)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("X-CSRFToken", self.csrf)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with self.opener.open(request, timeout=30) as reply:
            if reply.status != expect:
                raise RuntimeError(f"{method} {path}: {reply.status}")
            text = reply.read().decode()
            return json.loads(text) if "json" in reply.headers.get("Content-Type", "") else text


def cpu_seconds(pid: int) -> float:
    """The process's user and system CPU time so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def profiled(pid: int, name: str, calls: list[Callable[[], Any]], rate: int) -> dict[str, Any]:
    """Run the calls (CLIENTS at a time) with py-spy sampling the worker; ms per layer."""
    out = DATA / f"profile-{pid}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.txt"
    spy = subprocess.Popen(
        [str(BIN / "py-spy"), "record", "--pid", str(pid), "--rate", str(rate), "--nonblocking"]
        + ["--gil"]
        + ["--full-filenames", "--format", "raw", "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)  # py-spy attaches
    cpu, began = cpu_seconds(pid), time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(lambda call: call(), calls))
    cpu, wall = cpu_seconds(pid) - cpu, time.monotonic() - began
    spy.send_signal(signal.SIGINT)
    spy.wait(timeout=60)
    samples = samples_by_layer(out.read_text(encoding="utf-8"))
    total = sum(samples.values()) or 1
    per_request = 1000 * cpu / len(calls)
    found = {
        "name": name,
        "requests": len(calls),
        "cpu_ms": round(per_request, 2),
        "wall_ms": round(1000 * wall / len(calls), 2),
        "samples": total,
        "layers": {k: round(per_request * v / total, 2) for k, v in samples.items()},
    }
    print(f"  {name}: {found['cpu_ms']} CPU ms a request, {total} samples", flush=True)
    return found


def app_profiles(url: str, pid: int, students: int, rate: int) -> tuple[list[dict], str]:
    """Start, save, question page, finish and board page of a class, each profiled; the
    question page's HTML (the bare template's size)."""
    with ThreadPoolExecutor(CLIENTS) as pool:
        people = list(pool.map(lambda n: Browser(url, f"class{n:05d}"), range(1, students + 1)))
    started: list[tuple[Browser, Any]] = []

    def start(person: Browser) -> Callable[[], None]:
        def send() -> None:
            path = f"/api/v1/quizzes/{QUIZ}/attempts"
            started.append((person, person.call("POST", path, None, 201)))

        return send

    results = [profiled(pid, "Start (API, session)", [start(p) for p in people], rate)]
    saves = [
        (
            lambda p=person, a=attempt, q=question: p.call(
                "PUT",
                f"/api/v1/attempts/{a['id']}/answers/{q['number']}",
                {"response": kind_of(q["type"]).any_response(q, ANSWERS)},
            )
        )
        for person, attempt in started
        for question in attempt["questions"]
    ]
    results.append(profiled(pid, "Save an answer (API, session)", saves, rate))
    reader = people[0]
    reader.form(f"/quizzes/{PAGED_QUIZ}", {}, target=f"/quizzes/{PAGED_QUIZ}/start")
    page = urllib.parse.urlsplit(reader.landed).path
    results.append(
        profiled(pid, "Question page (HTML)", [lambda: reader.call("GET", page)] * 400, rate)
    )
    finishes = [
        (lambda p=person, a=attempt: p.call("POST", f"/api/v1/attempts/{a['id']}/finish"))
        for person, attempt in started
    ]
    results.append(profiled(pid, "Finish (API, session)", finishes, rate))
    board = f"/leaderboards/quizzes/{QUIZ}"
    results.append(
        profiled(pid, "Board page (HTML)", [lambda: reader.call("GET", board)] * 400, rate)
    )
    return results, reader.call("GET", page)


def bare_profiles(url: str, pid: int, board: str, rate: int) -> list[dict[str, Any]]:
    """The bare endpoints (bench/baseline.py) under the same server, each profiled."""

    def get(path: str) -> Callable[[], None]:
        return lambda: urllib.request.urlopen(url + path, timeout=30).read()

    return [
        profiled(pid, "Bare: insert and commit", [get("/insert")] * 600, rate),
        profiled(pid, "Bare: template of a question page's size", [get("/page")] * 600, rate),
        profiled(pid, "Bare: top-50 query", [get(f"/top50/{board}")] * 600, rate),
    ]


def print_table(results: list[dict[str, Any]]) -> None:
    """The markdown table: worker CPU ms per request, by layer."""
    shown = [k for k in LAYERS if any(r["layers"][k] for r in results)]
    print("| Request | CPU ms | " + " | ".join(shown) + " | samples |")
    print("|---|---" + "|---" * len(shown) + "|---|")
    for r in results:
        cells = " | ".join(f"{r['layers'][k]:.2f}" for k in shown)
        print(f"| {r['name']} | {r['cpu_ms']:.2f} | {cells} | {r['samples']} |")


def main() -> None:
    """Seed, serve, profile, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    parser.add_argument("--name", default="profile", help="its files under bench/.data")
    args = parser.parse_args()
    url = fresh_sqlite(args.name)
    page_dir = DATA / f"{args.name}-page"
    env = bench_env(
        url, BENCH_DATABASE=str(DATA / f"{args.name}.sqlite3"), BENCH_TEMPLATES=str(page_dir)
    )
    seed_class(url, env, students=args.students, savers=0)
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    with servers((f"{args.name}-app", "quizapp.wsgi:app", env, 1)) as (app,):
        results, html = app_profiles(app.url, app.worker_pids()[0], args.students, args.rate)
    write_page_template(page_dir, html)
    db = sqlite3.connect(DATA / f"{args.name}.sqlite3")
    board = db.execute("SELECT board FROM leaderboard_entry LIMIT 1").fetchone()[0]
    db.close()
    with servers((f"{args.name}-baseline", "bench.baseline:app", env, 1)) as (bare,):
        results += bare_profiles(bare.url, bare.worker_pids()[0], board, args.rate)
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    print_table(results)
    (DATA / f"{args.name}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
