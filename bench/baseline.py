"""Bare Flask endpoints doing the same database work as the app, for ratios measured in one run.

Served by the same app server as the app (bench.harness.SERVER), beside it, on the same
database file (BENCH_DATABASE).
"""

import os
import sqlite3
from datetime import UTC, datetime

from flask import Flask, jsonify, render_template, request

DATABASE = os.environ.get("BENCH_DATABASE", "")
app = Flask(__name__, template_folder=os.environ.get("BENCH_TEMPLATES", "templates"))
CONNECTIONS: dict[str, sqlite3.Connection] = {}  # one per worker process


def connection() -> sqlite3.Connection:
    """The worker's SQLite connection, opened with the app's own settings and kept open
    (as the app's connection pool keeps its connections)."""
    if "db" not in CONNECTIONS:
        db = sqlite3.connect(DATABASE, timeout=15)
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
            db.execute(f"PRAGMA {pragma}")
        db.execute(
            "CREATE TABLE IF NOT EXISTS bench_answer (id INTEGER PRIMARY KEY, attempt_id INTEGER,"
            " question_id TEXT, response TEXT, saved_at TEXT)"
        )
        db.commit()
        CONNECTIONS["db"] = db
    return CONNECTIONS["db"]


@app.get("/top50/<board>")
def top50(board: str):
    """One indexed top-50 query of a board, as JSON."""
    rows = (
        connection()
        .execute(
            "SELECT user_id, score, time_seconds FROM leaderboard_entry "
            "WHERE board = ? AND period = 'all' AND period_start = '1970-01-01' AND hidden = 0 "
            "ORDER BY score DESC, time_seconds, finished_at LIMIT 50",
            (board,),
        )
        .fetchall()
    )
    return jsonify(rows=[{"user_id": u, "score": s, "time_seconds": t} for u, s, t in rows])


@app.get("/insert")
def insert():
    """One insert and commit of a row shaped like a saved answer."""
    db = connection()
    db.execute(
        "INSERT INTO bench_answer (attempt_id, question_id, response, saved_at) VALUES (?,?,?,?)",
        (1, "q", '"a"', datetime.now(UTC).isoformat()),
    )
    db.commit()
    return jsonify(saved=True)


@app.get("/page")
def page():
    """A template the size of a question page (bench/.data/page/page.html), rendered."""
    return render_template("page.html", title="Question 1 of 10")


@app.get("/live-state/<int:session_id>")
def live_state(session_id: int):
    """The live poll's work: one row by primary key, as JSON with an ETag (304 if unchanged)."""
    row = (
        connection()
        .execute("SELECT version, phase, position FROM live_session WHERE id = ?", (session_id,))
        .fetchone()
    )
    if row is None:
        return jsonify(error="no such session"), 404
    response = jsonify(version=row[0], phase=row[1], position=row[2])
    response.set_etag(f"v{row[0]}")
    return response.make_conditional(request)


@app.get("/hello")
def hello():
    """No database work at all: the ceiling of the server."""
    return "hello"
