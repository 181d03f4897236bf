"""One load-generator process for the class scenarios, built on locust (run in library mode).

    python -m bench.loadgen login|burst --host URL --input FILE --output FILE
        --spawn-rate R --think SECONDS --timeout SECONDS

Each person has "at": seconds after the start when their journey begins.
`login`: each user logs in once through the real form (GET /login, POST /login, the page it
lands on) and keeps the session cookie and CSRF token for the burst.
`burst`: each user, already logged in, starts the full test through the JSON API, saves an
answer to each of its 20 questions and finishes, pausing `think` seconds between requests.

bench.run starts several of these processes (one process tops out near 2,000 req/s) and merges
their outputs: every request's latency, every failure, and every answer the server confirmed,
which the run then compares with what the database holds.
"""
# isort: skip_file

from locust import FastHttpUser, events, task  # first: locust patches sockets with gevent

import argparse  # noqa: E402
import http.cookiejar  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.exception import StopUser  # noqa: E402

from quizapp.core.kinds import kind_of  # noqa: E402

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
QUIZ = "full-test"

people: list[dict[str, Any]] = []
settings: dict[str, float] = {"think": 0.0, "began": 0.0}
latencies: dict[str, list[float]] = defaultdict(list)
failures: list[str] = []  # requests that failed
problems: list[str] = []  # journeys that went wrong without a failed request
RANDOM = random.Random()  # the answers a load test sends: any will do, right or wrong
done: dict[str, list[Any]] = {"sessions": [], "saved": [], "finished": [], "journeys": []}


@events.request.add_listener
def record(request_type, name, response_time, response_length, exception=None, **_):
    """Keep every request's latency (ms) and every failure."""
    latencies[name].append(response_time)
    if exception is not None:
        failures.append(f"{request_type} {name}: {exception}"[:300])


def answer_for(question: dict[str, Any]) -> Any:
    """A well-formed answer to a question as the API shows it (right or wrong, it counts)."""
    return kind_of(question["type"]).any_response(question, RANDOM)


def session_cookie(value: str) -> http.cookiejar.Cookie:
    """The session cookie as the server set it at login."""
    return http.cookiejar.Cookie(
        0, "session", value, None, False, "127.0.0.1", False, False, "/", True, False, None,
        True, None, None, {"HttpOnly": ""},
    )  # fmt: skip


class Student(FastHttpUser):
    """One student: logs in, or takes the full test, once."""

    journey = "burst"

    def pause(self) -> None:
        """Think between two requests."""
        if settings["think"]:
            gevent.sleep(random.uniform(0.5, 1.5) * settings["think"])

    @task
    def once(self) -> None:
        """Run this student's journey, then stop."""
        if not people:
            raise StopUser()
        me = people.pop()
        # Arrivals follow the schedule, not locust's spawning: locust replaces stopped users
        # to keep its count, which had let a five-minute login wave arrive in half the time.
        gevent.sleep(max(0.0, settings["began"] + me["at"] - time.monotonic()))
        began = time.monotonic()
        ok = self.log_in(me) if self.journey == "login" else self.take_test(me)
        done["journeys"].append([round(time.monotonic() - began, 3), ok])
        raise StopUser()

    def log_in(self, me: dict[str, Any]) -> bool:
        """The login form, as a browser fills it."""
        page = self.client.get("/auth/login", name="GET /auth/login")
        token = CSRF.search(page.text or "")
        if token is None:
            problems.append("no CSRF token on the login page")
            return False
        form = {"username": me["username"], "password": me["password"], "csrf_token": token[1]}
        landing = self.client.post(
            "/auth/login", data=form, name="POST /auth/login (and the page it lands on)"
        )
        csrf = CSRF.search(landing.text or "")
        cookie = next((c.value for c in self.client.cookiejar if c.name == "session"), None)
        if landing.status_code != 200 or "Log out" not in (landing.text or "") or not csrf:
            problems.append(f"login of {me['username']} did not land logged in")
            return False
        done["sessions"].append({"username": me["username"], "cookie": cookie, "csrf": csrf[1]})
        return True

    def take_test(self, me: dict[str, Any]) -> bool:
        """Start the full test, answer its questions, finish: the JSON API with the session."""
        self.client.cookiejar.set_cookie(session_cookie(me["cookie"]))
        headers = {"X-CSRFToken": me["csrf"]}
        reply = self.client.post(f"/api/v1/quizzes/{QUIZ}/attempts", headers=headers, name="start")
        if reply.status_code != 201:
            return False
        attempt = reply.json()
        for question in attempt["questions"]:
            self.pause()
            path = f"/api/v1/attempts/{attempt['id']}/answers/{question['number']}"
            body = {"response": answer_for(question)}
            saved = self.client.put(path, json=body, headers=headers, name="save answer")
            if saved.status_code == 200:
                done["saved"].append([attempt["id"], question["number"], saved.json()["response"]])
        self.pause()
        finish = self.client.post(
            f"/api/v1/attempts/{attempt['id']}/finish", headers=headers, name="finish"
        )
        if finish.status_code != 200:
            return False
        done["finished"].append([attempt["id"], finish.json()["score"]])
        return True


def main() -> None:
    """Run one journey for every person in the input file, then write what happened."""
    parser = argparse.ArgumentParser()
    parser.add_argument("journey", choices=("login", "burst"))
    parser.add_argument("--host", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--spawn-rate", type=float, required=True)
    parser.add_argument("--think", type=float, default=0.0)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    with open(args.input, encoding="utf-8") as source:
        people.extend(json.loads(line) for line in source if line.strip())
    people.reverse()  # pop() takes them in file order
    count = len(people)
    settings["think"] = args.think
    Student.journey, Student.host = args.journey, args.host
    env = Environment(user_classes=[Student], events=events)
    runner = env.create_local_runner()
    began = settings["began"] = time.monotonic()
    runner.start(count, spawn_rate=args.spawn_rate)
    while len(done["journeys"]) < count and time.monotonic() - began < args.timeout:
        gevent.sleep(0.1)
    wall = time.monotonic() - began
    runner.quit()
    with open(args.output, "w", encoding="utf-8") as out:
        json.dump(
            {
                "journey": args.journey,
                "people": count,
                "completed": sum(1 for _, ok in done["journeys"] if ok),
                "wall_seconds": round(wall, 2),
                "latencies": latencies,
                "failures": failures,
                "problems": problems,
                **done,
            },
            out,
        )


if __name__ == "__main__":
    main()
