"""Bare Flask endpoints doing the same database work as the app, for ratios measured in one run.

Served by gunicorn beside the app, on the same database file (BENCH_DATABASE).
"""

import os
import sqlite3

from flask import Flask, g, jsonify

app = Flask(__name__)
DATABASE = os.environ.get("BENCH_DATABASE", "")


def connection() -> sqlite3.Connection:
    """One SQLite connection per worker and request context."""
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE, timeout=15)
        g.db.execute("PRAGMA journal_mode=WAL")
    return g.db


@app.teardown_appcontext
def close(_exc: BaseException | None) -> None:
    """Close the request's connection."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


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


@app.get("/hello")
def hello():
    """No database work at all: the ceiling of the server."""
    return "hello"
