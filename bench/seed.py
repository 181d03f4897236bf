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
    # Tokens expire (quizapp/credentials.py); a day outlasts any suite.
    expires = (now + timedelta(days=1)).strftime(STAMP)
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
    # The overall entries above sum every quiz (all built-in boards are public): say so, as the
    # app's first read of the board would after summing them itself.
    db.execute(
        "INSERT INTO overall_board (id, quiz_ids, summed_at) VALUES (1, ?, ?)",
        (",".join(str(quiz_id) for quiz_id, _ in quizzes), created),
    )
    viewer = STUDENTS // 2
    db.execute(
        "INSERT INTO api_token (user_id, token_hash, name, created_at, expires_at)"
        " VALUES (?,?,?,?,?)",
        (viewer, hashlib.sha256(VIEWER_TOKEN.encode()).hexdigest(), "bench", created, expires),
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


CLASS_PASSWORD = "bench-password-2025"
SAVER_TOKEN = "bench-saver-{n}"


def seed_class(url: str, env: dict[str, str], students: int, savers: int) -> dict[str, object]:
    """A class: `students` who log in with a password, `savers` with API tokens, real quizzes.

    Works on SQLite and PostgreSQL (through SQLAlchemy). One scrypt hash is computed and shared,
    since hashing 2,000 passwords would take minutes and proves nothing about the app.
    """
    from sqlalchemy import create_engine, text
    from werkzeug.security import generate_password_hash

    flask(env, "db", "upgrade")
    flask(env, "bank", "sync")
    engine = create_engine(url)
    created = datetime.now(UTC).replace(tzinfo=None)
    password_hash = generate_password_hash(CLASS_PASSWORD, method="scrypt")
    with engine.begin() as conn:
        first = conn.execute(text("SELECT coalesce(max(id), 0) FROM " + _user(url))).scalar() + 1
        people = [(f"class{n:05d}", "student") for n in range(1, students + 1)]
        people += [(f"saver{n:05d}", "saver") for n in range(1, savers + 1)]
        conn.execute(
            text(
                f"INSERT INTO {_user(url)} (id, username, display_name, password_hash, role,"
                " session_version, board_privacy, pseudonym, created_at) VALUES"
                " (:id, :username, :display, :hash, 'student', 1, 'named', NULL, :created)"
            ),
            [
                {
                    "id": first + i,
                    "username": name,
                    "display": name.capitalize(),
                    "hash": password_hash,
                    "created": created,
                }
                for i, (name, _) in enumerate(people)
            ],
        )
        saver_ids = [first + i for i, (_, kind) in enumerate(people) if kind == "saver"]
        tokens = [
            {
                "user": user,
                "hash": hashlib.sha256(SAVER_TOKEN.format(n=n).encode()).hexdigest(),
                "created": created,
                # Tokens expire (quizapp/credentials.py); a day outlasts any suite.
                "expires": created + timedelta(days=1),
            }
            for n, user in enumerate(saver_ids, start=1)
        ]
        if tokens:
            conn.execute(
                text(
                    "INSERT INTO api_token (user_id, token_hash, name, created_at, expires_at)"
                    " VALUES (:user, :hash, 'bench', :created, :expires)"
                ),
                tokens,
            )
        if url.startswith("postgresql"):
            conn.execute(text("SELECT setval('user_id_seq', (SELECT max(id) FROM \"user\"))"))
    engine.dispose()
    return {"students": students, "savers": savers, "password": CLASS_PASSWORD}


def _user(url: str) -> str:
    """The user table's name, quoted where the database reserves the word."""
    return '"user"' if url.startswith("postgresql") else "user"


def grow_answers(database: Path, target: int) -> int:
    """Add finished attempts of archive students until `target` answers are stored (SQLite).

    Each archive attempt holds 20 answers to real questions, as a class's past work would.
    Returns the number of answers stored.
    """
    db = sqlite3.connect(database)
    db.execute("PRAGMA synchronous=OFF")
    stored = db.execute("SELECT count(*) FROM answer").fetchone()[0]
    if stored >= target:
        db.close()
        return stored
    quiz = db.execute(
        "SELECT id FROM quiz WHERE slug = 'reading-the-article-critically'"
    ).fetchone()
    questions = [
        row[0]
        for row in db.execute(
            "SELECT id FROM question WHERE state = 'published' ORDER BY id LIMIT 20"
        )
    ]
    archive = [row[0] for row in db.execute("SELECT id FROM user WHERE username LIKE 'archive%'")]
    if not archive:
        created = datetime.now(UTC).strftime(STAMP)
        first = db.execute("SELECT max(id) FROM user").fetchone()[0] + 1
        archive = list(range(first, first + 1000))
        db.executemany(
            "INSERT INTO user (id, username, display_name, password_hash, role,"
            " session_version, board_privacy, pseudonym, created_at)"
            " VALUES (?, ?, ?, 'x', 'student', 1, 'hidden', NULL, ?)",
            [(u, f"archive{u}", f"Archive {u}", created) for u in archive],
        )
    attempt_id = db.execute("SELECT coalesce(max(id), 0) FROM attempt").fetchone()[0]
    number = db.execute(
        "SELECT coalesce(max(number), 0) FROM attempt WHERE quiz_id = ?", (quiz[0],)
    ).fetchone()[0]
    rng = random.Random(target)
    finished = datetime.now(UTC) - timedelta(days=30)
    ids_json = "[" + ",".join(f'"{q}"' for q in questions) + "]"
    attempts, answers = [], []
    while stored < target:
        number += 1
        for user in archive:
            if stored >= target:
                break
            attempt_id += 1
            stamp = finished.strftime(STAMP)
            attempts.append(
                (
                    attempt_id,
                    quiz[0],
                    user,
                    number,
                    rng.randrange(2**31),
                    ids_json,
                    "deferred",
                    0,
                    stamp,
                    stamp,
                    "student",
                    10.0,
                    20.0,
                )
            )
            answers.extend(
                (attempt_id, q, '"x"', 1, float(rng.randrange(2)), stamp) for q in questions
            )
            stored += len(questions)
        db.executemany(
            "INSERT INTO attempt (id, quiz_id, user_id, number, seed, question_ids,"
            " feedback_mode, position, started_at, finished_at, finished_by, score, max_score)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            attempts,
        )
        db.executemany(
            "INSERT INTO answer (attempt_id, question_id, response, question_version, score,"
            " saved_at) VALUES (?,?,?,?,?,?)",
            answers,
        )
        db.commit()
        attempts.clear()
        answers.clear()
    db.execute("ANALYZE")
    db.close()
    return stored
