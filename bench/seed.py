"""Seed a benchmark database: 100,000 students and 1,000,000 finished attempts.

The schema comes from the real migrations and the quizzes from the real bank sync; rows are
then written in bulk with sqlite3, and leaderboard entries computed with the app's own ranking
rules (quizapp.core.ranking), as finishing each attempt would have left them.
"""

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizapp.core.ranking import (
    PERIODS,
    AttemptResult,
    Standing,
    overall_standing,
    period_begins,
    period_start,
    standing_of,
)

STUDENTS = int(os.environ.get("BENCH_STUDENTS", 100_000))
ATTEMPTS_PER_STUDENT = int(os.environ.get("BENCH_ATTEMPTS_PER_STUDENT", 10))
VIEWER_TOKEN = "bench-viewer-token"
STAMP = "%Y-%m-%d %H:%M:%S.%f"


def flask(env: dict[str, str], *args: str) -> None:
    """Run a flask command of the app against the bench database."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quizapp", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def seed(database: Path, env: dict[str, str]) -> dict[str, object]:
    """Create and fill the database; return what the benchmark needs to know of it."""
    if database.exists():
        database.unlink()
    flask(env, "db", "upgrade")
    flask(env, "bank", "sync")
    db = sqlite3.connect(database)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    quizzes = db.execute("SELECT id, grading_method FROM quiz ORDER BY id").fetchall()
    slug = db.execute("SELECT slug FROM quiz ORDER BY id DESC LIMIT 1").fetchone()[0]
    rng = random.Random(2025)
    now = datetime.now(UTC).replace(microsecond=0)
    created = now.strftime(STAMP)
    users = []
    for n in range(1, STUDENTS + 1):
        privacy = "hidden" if n % 50 == 0 else "pseudonym" if n % 20 == 0 else "named"
        users.append(
            (
                n,
                f"student{n:06d}",
                f"Student {n}",
                "x",
                "student",
                1,
                privacy,
                f"Fox {n}" if privacy == "pseudonym" else None,
                created,
            )
        )
    db.executemany(
        "INSERT INTO user (id, username, display_name, password_hash, role, session_version,"
        " board_privacy, pseudonym, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        users,
    )
    attempts, entries = [], []
    attempt_id = 0
    for user_id in range(1, STUDENTS + 1):
        hidden = user_id % 50 == 0
        per_quiz: dict[int, list[AttemptResult]] = defaultdict(list)
        for i in range(ATTEMPTS_PER_STUDENT):
            quiz_id = quizzes[i % len(quizzes)][0]
            number = len(per_quiz[quiz_id]) + 1
            finished = now - timedelta(minutes=rng.randrange(60 * 24 * 60))
            seconds = rng.randrange(60, 1800)
            right = rng.randrange(0, 21)
            attempt_id += 1
            attempts.append(
                (
                    attempt_id,
                    quiz_id,
                    user_id,
                    number,
                    rng.randrange(2**31),
                    "[]",
                    "deferred",
                    0,
                    (finished - timedelta(seconds=seconds)).strftime(STAMP),
                    finished.strftime(STAMP),
                    "student",
                    float(right),
                    20.0,
                )
            )
            per_quiz[quiz_id].append(AttemptResult(number, right * 5.0, seconds, finished))
        methods = dict(quizzes)
        for period in PERIODS:
            begins, start = period_begins(period, now), period_start(period, now).isoformat()
            standings: list[Standing] = []
            for quiz_id, results in per_quiz.items():
                within = [a for a in results if period == "all" or a.finished_at >= begins]
                standing = standing_of(within, methods[quiz_id])
                if standing is not None:
                    standings.append(standing)
                    entries.append(
                        (
                            f"q{quiz_id}",
                            period,
                            start,
                            user_id,
                            standing.score,
                            standing.time_seconds,
                            standing.finished_at.strftime(STAMP),
                            hidden,
                        )
                    )
            total = overall_standing(standings)
            if total is not None:
                entries.append(
                    (
                        "overall",
                        period,
                        start,
                        user_id,
                        total.score,
                        total.time_seconds,
                        total.finished_at.strftime(STAMP),
                        hidden,
                    )
                )
        if len(attempts) >= 100_000:
            _flush(db, attempts, entries)
    _flush(db, attempts, entries)
    db.execute(
        "INSERT INTO leaderboard_size (board, period, period_start, entries)"
        " SELECT board, period, period_start, count(*) FROM leaderboard_entry WHERE hidden = 0"
        " GROUP BY board, period, period_start"
    )
    viewer = STUDENTS // 2
    db.execute(
        "INSERT INTO api_token (user_id, token_hash, name, created_at) VALUES (?,?,?,?)",
        (viewer, hashlib.sha256(VIEWER_TOKEN.encode()).hexdigest(), "bench", created),
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return {
        "students": STUDENTS,
        "attempts": attempt_id,
        "board": f"q{quizzes[-1][0]}",
        "slug": slug,
        "quiz_count": len(quizzes),
        "viewer_token": VIEWER_TOKEN,
    }


def _flush(db: sqlite3.Connection, attempts: list[tuple], entries: list[tuple]) -> None:
    """Write and forget a batch of attempts and entries."""
    db.executemany(
        "INSERT INTO attempt (id, quiz_id, user_id, number, seed, question_ids, feedback_mode,"
        " position, started_at, finished_at, finished_by, score, max_score)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        attempts,
    )
    db.executemany(
        "INSERT INTO leaderboard_entry (board, period, period_start, user_id, score,"
        " time_seconds, finished_at, hidden) VALUES (?,?,?,?,?,?,?,?)",
        entries,
    )
    db.commit()
    attempts.clear()
    entries.clear()
