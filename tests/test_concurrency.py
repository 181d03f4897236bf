"""No lost data under real concurrency: requests that overlap, and a worker killed mid-burst.

The app runs in gunicorn on 127.0.0.1 (separate processes, as in production) against the
module's database: a SQLite file, or TEST_DATABASE_URL's PostgreSQL. Threads released together
by a barrier send the requests; the database is then read directly and audited: every score is
the grading of the stored answers, every finished attempt has exactly its board entries, and
every board's count of students matches its entries. The killed worker is caught by a trap
(tests/kill_trap.py) in the middle of a finish's transaction, so the kill always lands there.
"""

import os
import random
import signal
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pytest
from flask import Flask
from werkzeug.security import generate_password_hash

from quizapp import create_app
from quizapp.api.auth import issue_token
from quizapp.core.grading import grade
from quizapp.core.ranking import PERIODS, period_start
from quizapp.extensions import db
from quizapp.leaderboard.overall import overall_members, summed_quiz_ids
from quizapp.leaderboard.standings import OVERALL, quiz_board
from quizapp.models import (
    Answer,
    Attempt,
    FeedbackMode,
    LeaderboardEntry,
    LeaderboardSize,
    Question,
    User,
    now_utc,
)
from quizapp.quiz.service import answers_of, gradable, questions_of
from quizapp.versions import as_answered
from tests.conftest import database_url_for_tests
from tests.quizzes import first_of_type, json_answer, load_bank, make_quiz, stored
from tests.served import DROPPED, Api, Gunicorn, Reply

KILL_TRAP = Path(__file__).with_name("kill_trap.py")

T = TypeVar("T")
PASSWORD = "correct horse"
PARALLEL = 16
# Types whose JSON answers are simple to write, right or wrong: six questions per attempt.
QUESTION_IDS = [
    *first_of_type("single", 2),
    *first_of_type("true_false", 2),
    *first_of_type("numeric", 1),
    *first_of_type("short", 1),
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The module's database, its schema made by the app and the bank loaded; an app to read it."""
    folder = tmp_path_factory.mktemp("concurrency")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QUIZAPP_INSTANCE", str(folder / "instance"))
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test",
                "SQLALCHEMY_DATABASE_URI": database_url_for_tests(tmp_path_factory),
                "RATELIMIT_ENABLED": False,
            }
        )
    with app.app_context():
        db.drop_all()
        db.create_all()
    load_bank(app, with_builtins=False)
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def server_env(app: Flask, folder: Path) -> dict[str, str]:
    """What gunicorn's workers need to serve the module's database.

    Abuse limits are off, as in the app fixture: every request here comes from one address.
    """
    return {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "test",
        "QUIZAPP_INSTANCE": str(folder / "instance"),
        "RATELIMIT_ENABLED": "0",
    }


@pytest.fixture(scope="module")
def port(database: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """gunicorn with 2 worker processes of 8 threads each: requests truly overlap."""
    folder = tmp_path_factory.mktemp("gthread")
    server = Gunicorn(
        folder,
        server_env(database, folder),
        *("--worker-class", "gthread", "--workers", "2", "--threads", "8"),
    )
    try:
        server.start(workers=2)
        yield server.port
    finally:
        server.stop()


def enrol(app: Flask, names: Sequence[str]) -> None:
    """Student accounts, all with PASSWORD (hashed once: scrypt is slow on purpose)."""
    password_hash = generate_password_hash(PASSWORD, method="scrypt")
    with app.app_context():
        db.session.add_all(
            User(username=name, display_name=name.title(), password_hash=password_hash)
            for name in names
        )
        db.session.commit()


def tokens_for(app: Flask, names: Sequence[str]) -> list[str]:
    """A bearer token for each student, issued directly (many logins would take long)."""
    with app.app_context():
        users = db.session.execute(db.select(User).where(User.username.in_(names))).scalars()
        by_name = {u.username: u for u in users}
        return [issue_token(by_name[name], "test", now_utc()) for name in names]


def student(app: Flask, port: int, name: str) -> Api:
    """A new student, logged in through POST /api/v1/tokens on the real server."""
    enrol(app, [name])
    reply = Api(port).call("POST", "/tokens", {"username": name, "password": PASSWORD})
    assert reply.status == 201, reply
    return Api(port, reply.body["token"])


def together(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Run each call on its own thread, all released at once by a barrier; their results."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        return [future.result(timeout=60) for future in futures]


def regraded(attempt: Attempt, answers: dict[str, Answer]) -> dict[str, float]:
    """What each stored answer scores, graded again against the version it answered."""
    questions = {q.id: q for q in questions_of(attempt)}
    return {
        qid: grade(gradable(as_answered(questions[qid], answer.question_version)), answer.response)
        for qid, answer in answers.items()
    }


def assert_whole(app: Flask, quiz_id: int) -> list[Attempt]:
    """Audit every attempt of the quiz and every board; the attempts, detached for reading.

    Answers belong to the attempt's questions and are graded when finished (or at once, in
    immediate mode); an open attempt has no score and no board entry; a finished one has the
    sum of its answers as its score and exactly one entry per period on the quiz's board; an
    overall entry sums the student's quiz entries; and each board's count of visible students
    is the count of its visible entries.
    """
    with app.app_context():
        attempts = list(
            db.session.execute(db.select(Attempt).where(Attempt.quiz_id == quiz_id)).scalars()
        )
        for attempt in attempts:
            answers = answers_of(attempt)
            assert set(answers) <= set(attempt.question_ids), attempt.id
            entries = db.session.execute(
                db.select(LeaderboardEntry).where(
                    LeaderboardEntry.board == quiz_board(quiz_id),
                    LeaderboardEntry.user_id == attempt.user_id,
                )
            ).scalars()
            on_board = {(e.period, e.period_start): e.score for e in entries}
            scores = regraded(attempt, answers)
            if attempt.feedback_mode == FeedbackMode.DEFERRED.value and not attempt.finished:
                scores = dict.fromkeys(answers)
            assert {qid: a.score for qid, a in answers.items()} == pytest.approx(scores)
            if not attempt.finished:
                assert attempt.score is None and on_board == {}, attempt.id
                continue
            assert attempt.score == pytest.approx(sum(scores.values())), attempt.id
            assert on_board == {
                (p, period_start(p, attempt.finished_at)): pytest.approx(round(attempt.percent, 4))
                for p in PERIODS
            }, attempt.id
        assert_boards_add_up()
        db.session.expunge_all()
        return attempts


def new_quiz(app: Flask, slug: str, **settings: Any) -> int:
    """A quiz (make_quiz), with the overall board summed over it before any attempt: from then
    on every finish must keep the overall sums right by itself, however they race."""
    quiz_id = make_quiz(app, slug, **settings)
    with app.app_context():
        assert quiz_id in [q.id for q in overall_members(now_utc())]
    return quiz_id


def assert_boards_add_up() -> None:
    """Overall entries sum the entries of the quizzes it counts; board sizes count the visible
    entries."""
    entries = list(db.session.execute(db.select(LeaderboardEntry)).scalars())
    counted = {quiz_board(i) for i in summed_quiz_ids() or []}
    summed: Counter[tuple[int, str, object]] = Counter()
    for e in entries:
        if e.board in counted:
            summed[(e.user_id, e.period, e.period_start)] += e.score
    overall = {
        (e.user_id, e.period, e.period_start): e.score for e in entries if e.board == OVERALL
    }
    assert overall == pytest.approx(dict(summed))
    visible = Counter((e.board, e.period, e.period_start) for e in entries if not e.hidden)
    sizes = db.session.execute(db.select(LeaderboardSize)).scalars()
    assert {(s.board, s.period, s.period_start): s.entries for s in sizes if s.entries} == visible


def stored_answers(app: Flask, attempt_id: int) -> dict[str, Any]:
    """The attempt's stored responses by question id."""
    with app.app_context():
        answers = answers_of(db.session.get(Attempt, attempt_id))
        return {qid: answer.response for qid, answer in answers.items()}


def attempt_row(app: Flask, attempt_id: int) -> Attempt:
    """The attempt as stored, detached for reading."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        db.session.expunge(attempt)
        return attempt


@pytest.mark.parametrize("mode", [FeedbackMode.DEFERRED, FeedbackMode.IMMEDIATE])
def test_parallel_saves_of_one_answer_leave_one_row_holding_a_value_that_was_sent(
    database: Flask, port: int, mode: FeedbackMode
) -> None:
    quiz_id = new_quiz(
        database, f"saves-{mode}", question_ids=QUESTION_IDS, feedback_mode=mode.value
    )
    api = student(database, port, f"saver-{mode}")
    attempt = api.call("POST", f"/quizzes/saves-{mode}/attempts", {}).body["id"]
    short = first_of_type("short")[0]
    sent = [f"guess number {n}" for n in range(PARALLEL)]

    number = QUESTION_IDS.index(short) + 1  # the quiz is not shuffled
    path = f"/attempts/{attempt}/answers/{number}"
    replies = together([partial(api.call, "PUT", path, {"response": value}) for value in sent])

    statuses = Counter(r.status for r in replies)
    accepted = [r.body["response"] for r in replies if r.status == 200]
    if mode is FeedbackMode.DEFERRED:
        assert statuses == {200: PARALLEL}  # each save replaces the one before
    else:
        assert statuses == {200: 1, 409: PARALLEL - 1}  # the first answer stands
    assert set(accepted) <= set(sent)
    with database.app_context():
        rows = db.session.execute(
            db.select(Answer.response).where(
                Answer.attempt_id == attempt, Answer.question_id == short
            )
        ).all()
    assert len(rows) == 1 and rows[0].response in accepted
    value = rows[0].response
    shown = api.call("GET", f"/attempts/{attempt}").body["questions"]
    assert shown[number - 1]["response"] == value
    assert_whole(database, quiz_id)


def test_parallel_finishes_grade_once_with_one_score_and_one_set_of_board_entries(
    database: Flask, port: int
) -> None:
    quiz_id = new_quiz(database, "finishes", question_ids=QUESTION_IDS)
    api = student(database, port, "finisher")
    attempt = api.call("POST", "/quizzes/finishes/attempts", {}).body["id"]
    for n, qid in enumerate(QUESTION_IDS):
        value = json_answer(stored(database, qid), right=n % 2 == 0)
        saved = api.call("PUT", f"/attempts/{attempt}/answers/{n + 1}", {"response": value})
        assert saved.status == 200, saved

    replies = together([partial(api.call, "POST", f"/attempts/{attempt}/finish")] * PARALLEL)

    assert {r.status for r in replies} == {200}
    outcomes = {(r.body["score"], r.body["finished_at"], r.body["finished_by"]) for r in replies}
    row = attempt_row(database, attempt)
    assert outcomes == {(row.score, row.finished_at.isoformat(), "student")}
    assert row.score == 3.0  # every other answer right
    assert_whole(database, quiz_id)


def test_parallel_starts_by_one_student_make_one_attempt(database: Flask, port: int) -> None:
    quiz_id = new_quiz(database, "starts", question_ids=QUESTION_IDS)
    started = []
    for round_ in range(4):
        api = student(database, port, f"starter{round_}")

        replies = together([partial(api.call, "POST", "/quizzes/starts/attempts", {})] * PARALLEL)

        assert Counter(r.status for r in replies) == {201: 1, 200: PARALLEL - 1}  # 1 began
        assert len({r.body["id"] for r in replies}) == 1, Counter(r.body["id"] for r in replies)
        started.append(replies[0].body["id"])
    attempts = assert_whole(database, quiz_id)
    assert sorted((a.id, a.number) for a in attempts) == [(a, 1) for a in sorted(started)]


def test_saves_racing_a_finish_are_counted_or_refused_never_stored_after_it(
    database: Flask, port: int
) -> None:
    quiz_id = new_quiz(database, "racing", question_ids=QUESTION_IDS)
    questions = [stored(database, qid) for qid in QUESTION_IDS]
    refused = 0
    for round_ in range(6):
        api = student(database, port, f"racer{round_}")
        attempt = api.call("POST", "/quizzes/racing/attempts", {}).body["id"]
        saves = [
            partial(
                api.call,
                "PUT",
                f"/attempts/{attempt}/answers/{n}",
                {"response": json_answer(q, right=True)},
            )
            for n, q in enumerate(questions, start=1)
        ]
        finishes = [partial(api.call, "POST", f"/attempts/{attempt}/finish")] * 3

        replies = together([*saves, *finishes])

        saved, finished = replies[: len(saves)], replies[len(saves) :]
        assert {r.status for r in saved} <= {200, 409}, [r.body for r in saved]
        assert {r.status for r in finished} == {200}, [r.body for r in finished]
        accepted = {
            q.id: r.body["response"]
            for q, r in zip(questions, saved, strict=True)
            if r.status == 200
        }
        refused += len(questions) - len(accepted)
        assert all("finished" in r.body["error"] for r in saved if r.status == 409)
        assert stored_answers(database, attempt) == accepted
        row = attempt_row(database, attempt)
        assert row.score == len(accepted)  # every answer right, every stored one counted
        assert {(r.body["score"], r.body["answered"]) for r in finished} == {
            (row.score, len(accepted))
        }
    assert_whole(database, quiz_id)
    print(f"{refused} of {6 * len(QUESTION_IDS)} racing saves came after the finish")


@dataclass
class Burst:
    """A class taking one quiz at once through the API.

    A request whose connection drops is sent again, as a browser would; halfway is set once
    halfway_at replies have come back.
    """

    port: int
    slug: str
    questions: dict[str, Question]
    halfway_at: int
    halfway: threading.Event = field(default_factory=threading.Event)
    replies: int = 0
    dropped: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, api: Api, method: str, path: str, body: Any = None) -> Reply:
        """One request, sent again (up to 5 tries in all) when the connection drops."""
        for attempt in range(5):
            try:
                reply = api.call(method, path, body)
            except DROPPED:
                with self.lock:
                    self.dropped.append(f"{method} {path}")
                time.sleep(0.2 * (attempt + 1))
                continue
            with self.lock:
                self.replies += 1
                if self.replies == self.halfway_at:
                    self.halfway.set()
            return reply
        raise AssertionError(f"{method} {path}: the connection dropped 5 times")

    def journey(self, token: str, seed: int) -> tuple[int, dict[str, Any], float]:
        """Start, answer every question, finish: the attempt, what was saved, the score."""
        rng = random.Random(seed)
        api = Api(self.port, token)
        started = self.send(api, "POST", f"/quizzes/{self.slug}/attempts", {})
        assert started.status in (200, 201), started
        attempt = started.body["id"]
        saved = {}
        # A client tells questions apart by what it is shown: their type and text.
        shown = {(q.type, q.prompt): q for q in self.questions.values()}
        assert len(shown) == len(self.questions)
        for item in started.body["questions"]:
            question = shown[item["type"], item["prompt"]]
            value = json_answer(question, right=rng.random() < 0.7)
            path = f"/attempts/{attempt}/answers/{item['number']}"
            reply = self.send(api, "PUT", path, {"response": value})
            assert reply.status == 200, reply
            saved[question.id] = reply.body["response"]
        finished = self.send(api, "POST", f"/attempts/{attempt}/finish")
        assert finished.status == 200, finished
        return attempt, saved, finished.body["score"]


def wait_for(check: Callable[[], T], within: float) -> T:
    """Ask check every 10 ms until it answers something true, and return that; or fail."""
    deadline = time.monotonic() + within
    while not (answer := check()):
        assert time.monotonic() < deadline, f"still {answer!r} after {within} s"
        time.sleep(0.01)
    return answer


def kill_a_worker_mid_finish(server: Gunicorn, burst: Burst, trap: Path) -> int:
    """Once the burst is a third through, catch a worker finishing an attempt and SIGKILL it."""
    assert burst.halfway.wait(timeout=30)
    trap.touch()
    caught = wait_for(lambda: list(trap.parent.glob(f"{trap.name}.*")), within=20)
    victim = int(caught[0].suffix.removeprefix("."))
    assert victim in server.worker_pids()
    os.kill(victim, signal.SIGKILL)
    return victim


def test_a_worker_killed_mid_transaction_in_a_burst_leaves_no_half_written_attempt(
    database: Flask, tmp_path: Path
) -> None:
    students = [f"burst{n}" for n in range(40)]
    quiz_id = new_quiz(database, "burst", question_ids=QUESTION_IDS, shuffle_questions=True)
    enrol(database, students)
    tokens = tokens_for(database, students)
    questions = {qid: stored(database, qid) for qid in QUESTION_IDS}
    trap = tmp_path / "kill-trap"
    server = Gunicorn(
        tmp_path,
        {**server_env(database, tmp_path), "QUIZAPP_KILL_TRAP": str(trap)},
        *("--config", str(KILL_TRAP), "--worker-class", "sync", "--workers", "2"),
    )
    try:
        server.start(workers=2)
        requests = len(students) * (1 + len(QUESTION_IDS) + 1)  # a start, the saves, a finish
        burst = Burst(server.port, "burst", questions, halfway_at=requests // 3)
        with ThreadPoolExecutor(max_workers=8 + 1) as pool:  # 8 browsers and the killer
            killing = pool.submit(kill_a_worker_mid_finish, server, burst, trap)
            journeys = list(pool.map(burst.journey, tokens, range(len(tokens)), timeout=45))
            victim = killing.result(timeout=30)

        def replaced() -> bool:
            """True once the master has started a new worker in place of the killed one."""
            workers = server.worker_pids()
            return victim not in workers and len(workers) == 2

        wait_for(replaced, within=10)
    finally:
        server.stop()

    assert "Traceback" not in server.log()
    assert any(request.endswith("/finish") for request in burst.dropped), burst.dropped
    attempts = {a.id: a for a in assert_whole(database, quiz_id)}
    assert len(attempts) == len(students)
    for attempt_id, saved, score in journeys:
        assert stored_answers(database, attempt_id) == saved  # every 200 is there
        assert attempts[attempt_id].finished and attempts[attempt_id].score == score
    url = database.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
