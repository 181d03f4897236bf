"""A bench-only Server-Sent Events prototype of the live players' state (issue #18, item 7).

    gunicorn -k gevent 'bench.sse:app'      (or -k sync, to see what sync workers make of it)

GET /live/<id>/events holds the connection open and sends the session's version, phase and
position whenever they change, read from the same row the players' poll reads. Each worker
process reads the row at most once per CHECK seconds whatever the number of streams it holds
(one read shared by every stream of the process), so the database sees a handful of reads a
second rather than one per phone. Not part of the product: bench/ssevspoll.py measures it
against the poll.
"""

import json
import os
import threading
import time
from collections.abc import Iterator

from flask import Flask, Response
from sqlalchemy import create_engine, text

CHECK = float(os.environ.get("BENCH_SSE_CHECK", 0.2))
LIFETIME = float(os.environ.get("BENCH_SSE_LIFETIME", 300))  # a stream ends by itself

app = Flask(__name__)
engine = create_engine(os.environ["DATABASE_URL"], pool_size=2, max_overflow=2)
lock = threading.Lock()  # gevent's under the gevent worker: one read per CHECK per process
cache: dict[int, tuple[float, tuple | None]] = {}


def current(session_id: int) -> tuple | None:
    """The session's (version, phase, position), at most CHECK seconds old."""
    with lock:
        read_at, row = cache.get(session_id, (0.0, None))
        if time.monotonic() - read_at >= CHECK:
            with engine.connect() as conn:
                found = conn.execute(
                    text("SELECT version, phase, position FROM live_session WHERE id = :id"),
                    {"id": session_id},
                ).first()
            row = tuple(found) if found is not None else None
            cache[session_id] = (time.monotonic(), row)
        return row


@app.get("/healthz")
def healthz() -> str:
    """For the bench's start-up wait and nginx."""
    return "ok"


@app.get("/live/<int:session_id>/events")
def events(session_id: int) -> Response:
    """The session's state now, then again at every change, until LIFETIME."""

    def stream() -> Iterator[str]:
        last, ends = None, time.monotonic() + LIFETIME
        while time.monotonic() < ends:
            row = current(session_id)
            if row != last:
                last = row
                version, phase, position = row or (None, None, None)
                body = json.dumps({"version": version, "phase": phase, "position": position})
                yield f"data: {body}\n\n"
            time.sleep(CHECK)

    return Response(
        stream(),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
