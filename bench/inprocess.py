"""Milliseconds per request in-process, with the Flask test client: before and after a change.

    python -m bench.inprocess [--requests 300] [--rounds 7]

Uses the class bench/profile.py seeded (bench/.data/profile.sqlite3; run that first). Times
a bounded loop of each request (a save through the API with the browser's session, the same
with a bearer token, a question page, and /healthz) and prints the best round's process CPU
milliseconds per request: CPU time, not wall time, and the best of several rounds, because
this host is shared and a round that lost the CPU to someone else says nothing of the code.
"""

import argparse
import os
import random
import re
import time
from collections.abc import Callable

from bench.harness import DATA
from bench.seed import CLASS_PASSWORD
from quizapp.core.kinds import kind_of

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ANSWERS = random.Random(19)


def best_ms(send: Callable[[], object], requests: int, rounds: int) -> float:
    """The best round's CPU milliseconds per request."""
    found = []
    for _ in range(rounds):
        began = time.process_time()
        for _ in range(requests):
            send()
        found.append(1000 * (time.process_time() - began) / requests)
    return min(found)


def main() -> None:
    """Log a student in, start attempts, time the hot requests."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--username", default="class00003")
    args = parser.parse_args()
    os.environ.setdefault("QUIZAPP_INSTANCE", str(DATA / "instance"))
    from quizapp import create_app

    url = f"sqlite:///{DATA / 'profile.sqlite3'}"
    # Limits stay on, counted as in production, only high enough for the loop.
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "MIGRATIONS": False,
            "LIMIT_ANSWERS": "1000000 per minute",
        }
    )
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    login = {"username": args.username, "password": CLASS_PASSWORD}
    landed = client.post(
        "/auth/login", data={**login, "csrf_token": CSRF.search(page)[1]}, follow_redirects=True
    )
    headers = {"X-CSRFToken": CSRF.search(landed.get_data(as_text=True))[1]}
    token = app.test_client().post("/api/v1/tokens", json=login).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    attempt = client.post("/api/v1/quizzes/full-test/attempts", headers=headers).get_json()
    questions = attempt["questions"]
    paged = "/quizzes/reading-the-article-critically"
    started = client.post(
        f"{paged}/start", data={"csrf_token": headers["X-CSRFToken"]}, follow_redirects=True
    )
    question_page = started.request.path
    turn = iter(range(10**9))

    def save(auth: dict[str, str]) -> Callable[[], None]:
        def send() -> None:
            question = questions[next(turn) % len(questions)]
            body = {"response": kind_of(question["type"]).any_response(question, ANSWERS)}
            path = f"/api/v1/attempts/{attempt['id']}/answers/{question['number']}"
            reply = client.put(path, json=body, headers=auth)
            assert reply.status_code == 200, reply.get_data(as_text=True)

        return send

    def get(path: str) -> Callable[[], None]:
        def send() -> None:
            reply = client.get(path)
            assert reply.status_code == 200, reply.status_code

        return send

    for name, send in [
        ("save an answer (session)", save(headers)),
        ("save an answer (token)", save(bearer)),
        ("question page", get(question_page)),
        ("/healthz", get("/healthz")),
    ]:
        send()  # warm: the first request compiles templates and statements
        print(f"{name}: {best_ms(send, args.requests, args.rounds):.3f} ms", flush=True)


if __name__ == "__main__":
    main()
