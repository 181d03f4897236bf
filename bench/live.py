"""The live suite: one session, a room of phones, a host pacing ten questions.

    python -m bench.live seed        (run by the suite: the quiz the host projects)

PLAYERS phones (bench/livephones.py, greenlets in PROCESSES processes) join one session as
guests; the host (this process) starts each question as soon as the room has joined, reveals
it when every phone has answered or the timer has run out, and moves on. Measured: per phone,
the time from the host's click to the new question on its screen; the latency of every
request (answer saves above all); and an audit of every answer the server confirmed against
the database (lost, changed, extra, double). The polling endpoint is also set beside a bare
Flask endpoint doing the same read (bench/baseline.py), with wrk, as the other suites do.
"""

import json
import os
import re
import subprocess
import sys
import time
from typing import Any

import requests
from sqlalchemy import create_engine, text

from bench.classroom import percentile
from bench.harness import DATA, ROOT, SERVER, WORKERS

QUESTIONS = int(os.environ.get("BENCH_LIVE_QUESTIONS", 10))
TIMER = int(os.environ.get("BENCH_LIVE_TIMER", 20))
ANSWER_WITHIN = float(os.environ.get("BENCH_LIVE_ANSWER_WITHIN", 8))
JOIN_SECONDS = float(os.environ.get("BENCH_LIVE_JOIN_SECONDS", 30))
PROCESSES = int(os.environ.get("BENCH_LIVE_PROCESSES", 2))
HOST_PASSWORD = "live bench host"
QUIZ_SLUG = "live-bench"
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
# What the app may raise its per-address join limit to for a room behind one address: every
# bench phone comes from 127.0.0.1. Answers are limited per player, as in a class.
ENV = {"LIMIT_LIVE_JOIN": "20000 per minute"}


def seed(env: dict[str, str]) -> None:
    """Migrate, load the bank, add the host and a quiz of QUESTIONS choice questions."""
    from bench.seed import flask

    flask(env, "db", "upgrade")
    flask(env, "bank", "sync")
    subprocess.run(
        [sys.executable, "-m", "bench.live", "seed"], env=env, cwd=ROOT, check=True, timeout=120
    )


def _seed_in_app() -> None:
    """The host's account and the quiz, through the app's own models (run in a subprocess)."""
    from quizapp import create_app
    from quizapp.auth.service import create_user
    from quizapp.core.selection import exam_side
    from quizapp.extensions import db
    from quizapp.live.service import LIVE_TYPES
    from quizapp.models import Question, QuestionState, Quiz, Role

    app = create_app({"MIGRATIONS": False})
    with app.app_context():
        create_user("livehost", "Live Host", HOST_PASSWORD, Role.INSTRUCTOR)
        ids = db.session.execute(
            db.select(Question.id)
            .where(Question.state == QuestionState.PUBLISHED.value, Question.type.in_(LIVE_TYPES))
            .order_by(Question.id)
        ).scalars()
        # Not the exam pool's side of the bank: no practice quiz, nor a live one, asks those.
        chosen = [qid for qid in ids if not exam_side(qid)][:QUESTIONS]
        if len(chosen) < QUESTIONS:
            raise RuntimeError(f"the bank has {len(chosen)} live questions, not {QUESTIONS}")
        db.session.add(
            Quiz(slug=QUIZ_SLUG, title="Live bench", question_ids=chosen, shuffle_questions=False)
        )
        db.session.commit()


class Host:
    """The teacher's browser: logs in, opens the lobby, presses the buttons."""

    def __init__(self, url: str) -> None:
        self.url, self.web = url, requests.Session()
        self.clicks: dict[int, float] = {}
        self.loads: list[float] = []
        self.token = self._form("/auth/login", username="livehost", password=HOST_PASSWORD)
        reply = self.web.post(
            f"{url}/live/host/new",
            data={"csrf_token": self.token, "quiz_id": self._quiz_id(), "classroom_id": 0,
                  "timer_seconds": TIMER},
            allow_redirects=False,
            timeout=30,
        )  # fmt: skip
        if reply.status_code != 302:
            raise RuntimeError(f"hosting failed: HTTP {reply.status_code}")
        self.session = int(reply.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        page = self.web.get(f"{url}/live/host/{self.session}", timeout=30).text
        self.code = re.search(r'class="live-code"[^>]*>(\d{3}) (\d{3})<', page)
        self.code = "".join(self.code.groups())

    def _form(self, path: str, **fields: Any) -> str:
        """Submit a form of the page at path; the session's CSRF token."""
        page = self.web.get(self.url + path, timeout=30).text
        token = CSRF.search(page)[1]
        self.web.post(self.url + path, data={"csrf_token": token, **fields}, timeout=30)
        return CSRF.search(self.web.get(self.url + "/live/host/new", timeout=30).text)[1]

    def _quiz_id(self) -> int:
        """The bench quiz's id, read off the host's form."""
        page = self.web.get(f"{self.url}/live/host/new", timeout=30).text
        return int(re.search(r'<option value="(\d+)">Live bench</option>', page)[1])

    def state(self) -> dict[str, Any]:
        """The host's poll; a poll that times out is tried again, three times at the most."""
        for attempt in range(3):
            try:
                url = f"{self.url}/live/host/{self.session}/state"
                return self.web.get(url, timeout=30).json()
            except requests.RequestException:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def move(self, to: str, position: int | None = None) -> None:
        """Press a button; a new question's click time is kept for the phones' delays."""
        version = self.state()["version"]
        if position is not None:
            self.clicks[position] = time.time()
            self.loads.append(os.getloadavg()[0])  # how busy the shared host was, per question
        self.web.post(
            f"{self.url}/live/host/{self.session}/move",
            # "12r": version 12, revealed by its timer; the button carries the stored 12.
            data={"csrf_token": self.token, "to": to, "version": str(version).rstrip("r")},
            allow_redirects=False,
            timeout=30,
        )
        if self.state()["version"] == version:
            raise RuntimeError(f"the host's move to {to} was refused")

    def run(self, players: int) -> dict[str, Any]:
        """Wait for the room, then pace the questions; what the host saw."""
        deadline = time.monotonic() + JOIN_SECONDS + 60
        while self.state()["players"] < players and time.monotonic() < deadline:
            time.sleep(0.5)
        room = self.state()["players"]
        answered = []
        for position in range(QUESTIONS):
            self.move("question", position)
            closes = time.monotonic() + TIMER + 1
            while time.monotonic() < closes and self.state()["answered"] < room:
                time.sleep(0.5)
            answered.append(self.state()["answered"])
            self.move("reveal")
            time.sleep(2)  # the room reads the reveal
        self.move("ended")
        return {"room": room, "answered": answered}


def phones(host_url: str, session: int, code: str, players: int) -> tuple[list, float]:
    """Start the phone processes; their output files and the bound on their run."""
    timeout = JOIN_SECONDS + 60 + QUESTIONS * (TIMER + 6) + 30
    share = -(-players // PROCESSES)
    started = []
    for n in range(PROCESSES):
        first, count = 1 + n * share, min(share, players - n * share)
        if count <= 0:
            continue
        output = DATA / f"live-phones-{n}.json"
        output.unlink(missing_ok=True)
        started.append(
            (
                output,
                subprocess.Popen(
                    [
                        sys.executable, "-m", "bench.livephones", "--host", host_url,
                        "--session", str(session), "--code", code, "--first", str(first),
                        "--count", str(count), "--output", str(output),
                        "--timeout", str(timeout), "--answer-within", str(ANSWER_WITHIN),
                        "--join-spread", str(JOIN_SECONDS / 2),
                    ],
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=open(DATA / f"live-phones-{n}.log", "w"),  # noqa: SIM115
                ),
            )
        )  # fmt: skip
    return started, timeout


def play(url: str, players: int) -> dict[str, Any]:
    """One whole session with `players` phones; the merged figures."""
    DATA.mkdir(parents=True, exist_ok=True)
    host = Host(url)
    started, timeout = phones(url, host.session, host.code, players)
    began = time.monotonic()
    try:
        paced = host.run(players)
    except requests.RequestException as exc:  # the server did not answer the host: say so
        paced = {"room": None, "answered": [], "failed": f"{type(exc).__name__}: {exc}"[:300]}
    finally:
        for _, process in started:
            try:
                process.wait(timeout=timeout + 60)
            except subprocess.TimeoutExpired:
                process.kill()
    merged: dict[str, Any] = {"latencies": {}, "failures": [], "problems": [], "seen": [],
                              "confirmed": [], "joined": []}  # fmt: skip
    for output, _ in started:
        part = json.loads(output.read_text(encoding="utf-8"))
        for key in ("failures", "problems", "seen", "confirmed", "joined"):
            merged[key] += part[key]
        for name, values in part["latencies"].items():
            merged["latencies"].setdefault(name, []).extend(values)
    delays = [t - host.clicks[p] for _, p, t in merged["seen"] if p in host.clicks]
    missed = len(merged["joined"]) * QUESTIONS - len(merged["seen"])
    return {
        "players": players,
        "joined": len(merged["joined"]),
        "session_id": host.session,
        "wall_seconds": round(time.monotonic() - began, 1),
        "host": paced,
        "load_1min": {"max": max(host.loads, default=None), "each_question": host.loads},
        "see_question": {
            "count": len(delays),
            "p50_s": percentile(delays, 0.5),
            "p99_s": percentile(delays, 0.99),
            "max_s": round(max(delays), 2) if delays else None,
            "over_2s": sum(1 for d in delays if d > 2),
            "never_seen": missed,
        },
        "by_request": {
            name: {"count": len(v), "p50_ms": percentile(v, 0.5), "p99_ms": percentile(v, 0.99)}
            for name, v in merged["latencies"].items()
        },
        "errors": len(merged["failures"]),
        "failures": merged["failures"][:20],
        "problems": merged["problems"][:20],
        "problem_count": len(merged["problems"]),
        "confirmed": merged["confirmed"],
    }


def audit(url: str, result: dict[str, Any]) -> dict[str, int]:
    """Every answer the server confirmed against the database: lost, changed, extra, double."""
    sent = {(name, position): _stored_form(r) for name, position, r in result["confirmed"]}
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT live_player.name, live_answer.position, CAST(live_answer.response AS TEXT)"
                " FROM live_answer JOIN live_player ON live_player.id = live_answer.player_id"
                " WHERE live_answer.session_id = :sid"
            ),
            {"sid": result["session_id"]},
        ).all()
    engine.dispose()
    stored: dict[tuple[str, int], Any] = {}
    double = 0
    for name, position, response in rows:
        double += (name, position) in stored
        stored[(name, position)] = json.loads(response)
    return {
        "answers_confirmed": len(sent),
        "answers_stored": len(stored),
        "lost": sum(1 for key in sent if key not in stored),
        "changed": sum(1 for k, v in sent.items() if k in stored and stored[k] != v),
        "extra": sum(1 for key in stored if key not in sent),
        "double": double,
    }


def _stored_form(sent: Any) -> Any:
    """An answer as the database keeps it: a true/false button's value is a boolean."""
    return {"true": True, "false": False}.get(sent, sent) if isinstance(sent, str) else sent


def section(suite: dict[str, Any], day: str) -> str:
    """The live part of PERFORMANCE.md."""
    lines = [
        f"Measured {day}: one session, guests joining over {JOIN_SECONDS:.0f} s, {QUESTIONS}"
        f" questions with a {TIMER} s timer, every phone answering within {ANSWER_WITHIN:.0f} s;"
        " phones poll `/live/<id>/state` every second (ETag, 304 while unchanged) and load the"
        " page when the session moves on. 'Sees the question' is from the host's click to the"
        " question page on that phone, for every phone and question.",
        "",
        "| Shape | players joined | sees the question p50 / p99 / max s | later than 2 s"
        " | answer save p50 / p99 ms | poll p50 / p99 ms | errors | confirmed / stored / lost"
        " / double / changed / extra | host's load (1 min) before / highest / after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in suite["runs"]:
        see, a, by = run["see_question"], run["audit"], run["by_request"]
        save, poll = by.get("POST answer", {}), by.get("GET state (poll)", {})
        load = run.get("load", {})
        highest = (run.get("load_1min") or {}).get("max")
        lines.append(
            f"| {SHAPES.get(run['shape'], run['shape'])}, {run['day']}"
            f" | {run['joined']:,} of {run['players']:,}"
            f" | {see['p50_s']} / {see['p99_s']} / {see['max_s']} | {see['over_2s']}"
            f" (never: {see['never_seen']}) | {save.get('p50_ms')} / {save.get('p99_ms')}"
            f" | {poll.get('p50_ms')} / {poll.get('p99_ms')} | {run['errors']}"
            f" | {a['answers_confirmed']:,} / {a['answers_stored']:,} / {a['lost']} /"
            f" {a['double']} / {a['changed']} / {a['extra']}"
            f" | {_load(load.get('before'))} / {_load(highest)} / {_load(load.get('after'))} |"
        )
    for run in suite["runs"]:
        if run["host"].get("failed"):
            lines += ["", f"{run['players']:,} players, {run['shape']}: the host's page stopped"
                      f" answering ({run['host']['failed']}); no question was asked."]  # fmt: skip
    if suite.get("poll"):
        lines += ["", "The poll beside a bare Flask read of the same row (wrk):", ""]
        lines += suite["poll"]["table"]
    return "\n".join(lines)


def _load(value: Any) -> str:
    """A 1-minute load average (a number or uptime's three), rounded."""
    if isinstance(value, list | tuple):
        value = value[0]
    return "?" if value is None else f"{value:.1f}"


SHAPES = {
    "sqlite": f"SQLite (WAL), 1 {SERVER}, 2 {WORKERS}",
    "nginx": f"PostgreSQL + Redis, nginx, 2 {SERVER}s × 2 {WORKERS}",
}


if __name__ == "__main__" and sys.argv[1:] == ["seed"]:
    _seed_in_app()
