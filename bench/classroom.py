"""The class scenarios: 2,000 logins over five minutes, then the class burst.

Both are driven by locust (bench/loadgen.py) in several processes. After the burst the suite
compares what the database holds with every answer the server confirmed: nothing lost, nothing
extra, every attempt finished with the score its student was shown.
"""

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bench.harness import DATA, ROOT, SERVER, WORKERS

STUDENTS = int(os.environ.get("BENCH_CLASS", 2000))
LOGIN_SECONDS = float(os.environ.get("BENCH_LOGIN_SECONDS", 300))
BURST_SPAWN_SECONDS = float(os.environ.get("BENCH_BURST_SPAWN_SECONDS", 40))
THINK_SECONDS = float(os.environ.get("BENCH_THINK_SECONDS", 0.5))
PROCESSES = 2


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of values (ms)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 1)


def drive(journey: str, host: str, people: list[dict[str, Any]], seconds: float, think: float):
    """Run one journey for everyone, split across PROCESSES locust processes; merge the outputs.

    Person k of n begins at k * seconds / n after the start, whichever process runs them
    (each process gets every PROCESSES-th person): arrivals are spread evenly over `seconds`.
    """
    outputs = []
    processes = []
    step = seconds / max(1, len(people))
    scheduled = [{**person, "at": round(k * step, 4)} for k, person in enumerate(people)]
    for n in range(PROCESSES):
        share = scheduled[n::PROCESSES]
        source, output = DATA / f"{journey}-in-{n}.jsonl", DATA / f"{journey}-out-{n}.json"
        source.write_text("".join(json.dumps(p) + "\n" for p in share), encoding="utf-8")
        output.unlink(missing_ok=True)
        outputs.append(output)
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    *("-m", "bench.loadgen", journey, "--host", host),
                    *("--input", str(source), "--output", str(output)),
                    # Users are all spawned in the first seconds; each waits for its time.
                    *("--spawn-rate", str(max(1, len(share) // 5))),
                    *("--think", str(think), "--timeout", str(seconds + 240)),
                ],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=open(DATA / f"{journey}-{n}.log", "w"),  # noqa: SIM115
            )
        )
    began = time.monotonic()
    for process in processes:
        process.wait(timeout=seconds + 300)
    wall = time.monotonic() - began
    merged: dict[str, Any] = {"latencies": {}, "failures": [], "problems": [], "completed": 0}
    for output in outputs:
        part = json.loads(output.read_text(encoding="utf-8"))
        merged["completed"] += part["completed"]
        merged["failures"] += part["failures"]
        merged["problems"] += part["problems"]
        for key in ("sessions", "saved", "finished", "journeys"):
            merged.setdefault(key, []).extend(part[key])
        for name, values in part["latencies"].items():
            merged["latencies"].setdefault(name, []).extend(values)
    every = [v for values in merged["latencies"].values() for v in values]
    merged["requests"] = len(every)
    merged["wall_seconds"] = round(wall, 1)
    merged["rps"] = round(len(every) / wall, 1)
    merged["p50_ms"], merged["p99_ms"] = percentile(every, 0.50), percentile(every, 0.99)
    merged["by_request"] = {
        name: {
            "count": len(values),
            "p50_ms": percentile(values, 0.50),
            "p99_ms": percentile(values, 0.99),
        }
        for name, values in merged["latencies"].items()
    }
    merged["errors"] = len(merged["failures"])
    merged["incomplete"] = len(people) - merged["completed"]
    return merged


def logins(host: str, seconds: float = LOGIN_SECONDS) -> dict[str, Any]:
    """Every student of the class logs in through the form, spread evenly over `seconds`."""
    from bench.seed import CLASS_PASSWORD

    people = [
        {"username": f"class{n:05d}", "password": CLASS_PASSWORD} for n in range(1, STUDENTS + 1)
    ]
    return drive("login", host, people, seconds, 0.0)


def burst(host: str, sessions: list[dict[str, Any]]) -> dict[str, Any]:
    """The logged-in class starts, answers 20 questions and finishes within a minute."""
    return drive("burst", host, sessions, BURST_SPAWN_SECONDS, THINK_SECONDS)


def bursts(host: str, sessions: list[dict[str, Any]], runs: int = 2) -> dict[str, Any]:
    """The class burst run twice (the second time, each student's next attempt)."""
    return repeated([burst(host, sessions) for _ in range(runs)])


def repeated(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Runs of one scenario as one result: each run's summary, the worse of their figures, and
    everything every run confirmed (the audit covers all of it). Sessions: the last run's."""
    return {
        "runs": [summary(r) for r in results],
        "requests": max(r["requests"] for r in results),
        "wall_seconds": max(r["wall_seconds"] for r in results),
        "rps": min(r["rps"] for r in results),
        "p50_ms": max(r["p50_ms"] for r in results),
        "p99_ms": max(r["p99_ms"] for r in results),
        "completed": min(r["completed"] for r in results),
        "errors": sum(r["errors"] for r in results),
        "incomplete": sum(r["incomplete"] for r in results),
        "failures": [f for r in results for f in r["failures"]],
        "problems": [p for r in results for p in r["problems"]],
        "saved": [s for r in results for s in r["saved"]],
        "finished": [f for r in results for f in r["finished"]],
        "sessions": results[-1]["sessions"],
    }


def audit(url: str, result: dict[str, Any]) -> dict[str, int]:
    """Compare the database with what the server confirmed: lost, changed and extra answers.

    Clients name a question by its number in the attempt, so stored answers are keyed the same.
    """
    sent = {(a, n): r for a, n, r in result["saved"]}
    scores = {a: s for a, s in result["finished"]}
    engine = create_engine(url)
    table = '"user"' if url.startswith("postgresql") else "user"
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT answer.attempt_id, answer.question_id, CAST(answer.response AS TEXT)"
                " FROM answer"
                " JOIN attempt ON attempt.id = answer.attempt_id"
                f" JOIN {table} u ON u.id = attempt.user_id WHERE u.username LIKE 'class%'"
            )
        ).all()
        attempts = conn.execute(
            text(
                "SELECT attempt.id, attempt.score, attempt.finished_at FROM attempt"
                f" JOIN {table} u ON u.id = attempt.user_id WHERE u.username LIKE 'class%'"
            )
        ).all()
        drawn = conn.execute(
            text(
                "SELECT attempt.id, CAST(attempt.question_ids AS TEXT) FROM attempt"
                f" JOIN {table} u ON u.id = attempt.user_id WHERE u.username LIKE 'class%'"
            )
        ).all()
    engine.dispose()
    number = {(a, q): n for a, ids in drawn for n, q in enumerate(json.loads(ids), start=1)}
    stored = {(a, number[a, q]): json.loads(r) for a, q, r in rows}
    return {
        "answers_sent": len(sent),
        "answers_stored": len(stored),
        "lost": sum(1 for key in sent if key not in stored),
        "changed": sum(1 for key, value in sent.items() if key in stored and stored[key] != value),
        "extra": sum(1 for key in stored if key not in sent),
        "attempts": len(attempts),
        "finished": sum(1 for _, _, finished in attempts if finished is not None),
        "score_mismatches": sum(
            1 for attempt, score, _ in attempts if attempt in scores and scores[attempt] != score
        ),
    }


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """What goes into the results file: everything but the per-request lists."""
    return {
        key: value
        for key, value in result.items()
        if key not in ("latencies", "sessions", "saved", "finished", "journeys")
    } | {"failures": result["failures"][:20], "problems": result["problems"][:20]}


def load(path: Path) -> Any:
    """A JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


SHAPES = (
    ("class", f"SQLite (WAL), 1 {SERVER}, 2 {WORKERS}"),
    ("postgres", f"PostgreSQL, 1 {SERVER}, 4 {WORKERS}"),
    ("nginx", f"PostgreSQL + Redis, nginx, 2 {SERVER}s × 2 {WORKERS}"),
)


def section(results: Path) -> str:
    """The class part of PERFORMANCE.md, from whichever class results exist."""
    found = {name: load_if(results / f"{name}.json") for name, _ in SHAPES}
    lines = []
    if (sqlite := found.get("class")) is not None:
        login = sqlite["login"]
        posts = [
            next(v for k, v in run["by_request"].items() if k.startswith("POST"))
            for run in login["runs"]
        ]
        lines += [
            f"**Logins**, run twice: {sqlite['students']:,} students log in through the form"
            " (GET the page, POST the password, land on the next page) over"
            f" {_each(login['runs'], 'wall_seconds')} s:"
            f" {_each(login['runs'], 'completed', '{:,}')} logged in, {login['errors']} errors,"
            f" {login['incomplete']} incomplete; the POST"
            " (scrypt, then the page it lands on) p50"
            f" {', '.join(str(p['p50_ms']) for p in posts)} ms, p99"
            f" {', '.join(str(p['p99_ms']) for p in posts)} ms.",
            "",
        ]
        start = sqlite["start_seconds"]
        lines += [
            f"**Memory and start** (SQLite, 2 workers): resident memory per worker after the burst"
            f" {', '.join(f'{mb} MB' for mb in sqlite['worker_rss_mb'])} (target under 120 MB);"
            f" {SERVER} start to the first answer of `/healthz` {start['median']} s (median of"
            f" {', '.join(str(t) for t in start['runs'])} s; target under 0.5 s).",
            "",
        ]
    lines += [
        "| Shape (each figure: run 1, run 2) | requests | wall s | req/s | p50 ms | p99 ms"
        " | errors | incomplete | answers sent / stored / lost / changed (both runs) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, shape in SHAPES:
        if (result := found.get(name)) is None:
            continue
        b, a = result["burst"], result["audit"]
        runs = b.get("runs", [b])
        lines.append(
            f"| {shape} | {_each(runs, 'requests', '{:,}')} | {_each(runs, 'wall_seconds')} |"
            f" {_each(runs, 'rps', '{:.0f}')} | {_each(runs, 'p50_ms')} |"
            f" {_each(runs, 'p99_ms')} | {b['errors']} |"
            f" {b['incomplete']} |"
            f" {a['answers_sent']:,} / {a['answers_stored']:,} / {a['lost']} / {a['changed']} |"
        )
    if sqlite is not None:
        base, burst_rps = sqlite["baseline"], sqlite["burst"]["rps"]
        lines += [
            "",
            f"Beside it: the bare insert and commit on the same database right after the burst,"
            f" {base['rps']:.0f} req/s (runs {base['runs'][0]['rps']:.0f},"
            f" {base['runs'][1]['rps']:.0f}); the slower of the two SQLite bursts ran at"
            f" {burst_rps / base['rps']:.0%} of that, each of its requests doing more than one"
            " insert's work (a start draws and writes an attempt, a finish grades 20 answers and"
            " writes six board entries).",
        ]
    if (proxied := found.get("nginx")) is not None:
        one, two = proxied["capacity"]["one"], proxied["capacity"]["two"]
        limit = proxied["shared_limit"]
        lines += [
            "",
            "**More than one app server**: nginx sent "
            + " and ".join(f"{n:,}" for n in proxied["served_by_instance"].values())
            + " requests to the two instances (round robin; every session valid on both)."
            " Capacity, saving"
            f" answers with `wrk` on PostgreSQL: one instance directly {one['rps']:.0f} req/s"
            f" (runs {one['runs'][0]['rps']:.0f}, {one['runs'][1]['rps']:.0f}), two behind nginx"
            f" {two['rps']:.0f} req/s (runs {two['runs'][0]['rps']:.0f},"
            f" {two['runs'][1]['rps']:.0f}), {two['rps'] / one['rps']:.2f}×. Shared limits:"
            f" token requests for one login name through nginx were refused from request"
            f" {limit['first_429']} on (the limit is 10 a minute; with per-server counts it"
            " would take 21 or more).",
        ]
    return "\n".join(lines)


def _each(runs: list[dict[str, Any]], key: str, form: str = "{}") -> str:
    """One figure of every run, comma-separated."""
    return ", ".join(form.format(r[key]) for r in runs)


def load_if(path: Path) -> Any:
    """A JSON file, or None if it is missing."""
    return load(path) if path.exists() else None
