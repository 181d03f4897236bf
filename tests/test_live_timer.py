"""Live sessions' timer: the reveal without the host's click, and answers racing the reveal.

The clock is injected (tests.livesessions.at); nothing sleeps.
"""

from datetime import timedelta

import pytest

from quizapp.extensions import db
from quizapp.live import service
from quizapp.live.models import GRACE, LiveAnswer, LivePlayer, LiveSession
from quizapp.models import Role, now_utc
from tests import livesessions as ls
from tests.quizzes import load_bank

NOW = now_utc().replace(microsecond=0)
TIMER = 20


@pytest.fixture
def timed(app, auth, monkeypatch):
    """A teacher's session with a 20 s timer on its first question, two guests in it."""
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    ls.at(monkeypatch, NOW)
    host = ls.client_as(app, "teacher")
    sid = ls.host_session(host, ls.live_quiz(app), timer_seconds=TIMER)
    guests = {}
    for nickname in ("Ada", "Bea"):
        guests[nickname] = app.test_client()
        assert ls.join(guests[nickname], ls.code_of(app, sid), nickname).status_code == 302
    ls.move(host, app, sid, "question")
    return {"host": host, "id": sid, "guests": guests}


def stored(app, sid):
    """Every answer stored, as (player name, response)."""
    names = {p.id: name for name, p in ls.players(app, sid).items()}
    with app.app_context():
        return sorted(
            (names.get(a.player_id, a.player_id), a.response)
            for a in db.session.execute(db.select(LiveAnswer)).scalars()
        )


def test_the_timer_reveals_the_question_on_every_screen_without_the_host(app, timed, monkeypatch):
    host, sid, ada = timed["host"], timed["id"], timed["guests"]["Ada"]
    right, _ = ls.key_of(app, sid, 0)
    ls.answer(ada, sid, 0, right[0])
    poll = ada.get(f"/live/{sid}/state")
    etag = poll.headers["ETag"]
    # Within the grace after the deadline: the question is closed on the phone, not revealed.
    ls.at(monkeypatch, NOW + timedelta(seconds=TIMER) + GRACE - timedelta(milliseconds=1))
    assert ada.get(f"/live/{sid}/state", headers={"If-None-Match": etag}).status_code == 304
    assert "Right" not in ls.text(ada.get(f"/live/{sid}").get_data(as_text=True))
    # The grace is over: the poll moves on, the phone and the projector show the reveal.
    ls.at(monkeypatch, NOW + timedelta(seconds=TIMER) + GRACE)
    moved = ada.get(f"/live/{sid}/state", headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.get_json()["phase"] == "reveal"
    assert moved.get_json()["version"] != poll.get_json()["version"]
    phone = ls.text(ada.get(f"/live/{sid}").get_data(as_text=True))
    assert "✓ Right" in phone and "You are 1 of 2" in phone
    bea = ls.text(timed["guests"]["Bea"].get(f"/live/{sid}").get_data(as_text=True))
    assert "No answer" in bea
    projector = ls.text(host.get(f"/live/host/{sid}").get_data(as_text=True))
    assert "the answer" in projector and "1 of 2 answered" in projector
    host_poll = host.get(f"/live/host/{sid}/state").get_json()
    assert host_poll["version"] == moved.get_json()["version"]
    # Nothing was written: the reveal is read from the deadline. The host goes on from it.
    assert ls.session_row(app, sid).phase == "question"
    ls.move(host, app, sid, "question")
    row = ls.session_row(app, sid)
    assert (row.phase, row.position) == ("question", 1)


def test_the_hosts_reveal_as_the_timer_ends_is_taken_once(app, timed, monkeypatch):
    host, sid = timed["host"], timed["id"]
    ls.at(monkeypatch, NOW + timedelta(seconds=TIMER) + GRACE + timedelta(seconds=1))
    version = ls.session_row(app, sid).version
    ls.move(host, app, sid, "reveal", version)  # the page drawn before the timer revealed it
    row = ls.session_row(app, sid)
    assert (row.phase, row.version) == ("reveal", version + 1)
    page = ls.text(host.get(f"/live/host/{sid}").get_data(as_text=True))
    assert "the answer" in page and "Next question" in page


def test_answers_are_taken_until_the_reveal_and_refused_from_its_instant(app, timed, monkeypatch):
    sid, guests = timed["id"], timed["guests"]
    right, wrong = ls.key_of(app, sid, 0)
    reveal = NOW + timedelta(seconds=TIMER) + GRACE
    ls.at(monkeypatch, reveal - timedelta(microseconds=1))
    ls.answer(guests["Ada"], sid, 0, right[0])
    ls.at(monkeypatch, reveal)
    refused = ls.answer(guests["Bea"], sid, 0, wrong[0])
    assert refused.status_code == 303
    page = ls.text(guests["Bea"].get(f"/live/{sid}").get_data(as_text=True))
    assert "Time is up for that question" in page and "No answer" in page
    assert stored(app, sid) == [("Ada", right[0])]


def _stale(app, sid: int, player_name: str) -> tuple[LiveSession, LivePlayer]:
    """The session and a player as a request read them, before anything else changed."""
    session = db.session.get(LiveSession, sid)
    player = db.session.execute(
        db.select(LivePlayer).where(LivePlayer.name == player_name)
    ).scalar_one()
    return session, player


@pytest.mark.parametrize(
    "closing",
    [
        {"phase": "reveal"},  # the host's reveal committed between the read and the save
        {"deadline": NOW - GRACE},  # the timer and its grace had run out in the database
    ],
)
def test_an_answer_racing_the_reveal_is_refused_by_the_write_itself(app, timed, closing):
    sid = timed["id"]
    right, _ = ls.key_of(app, sid, 0)
    with app.app_context():
        session, player = _stale(app, sid, "Ada")
        assert session.accepting(NOW)  # what the answering request had read
        with db.engine.begin() as other:  # the host's request, on its own connection
            other.execute(db.update(LiveSession).where(LiveSession.id == sid).values(**closing))
        with pytest.raises(service.LiveRefused):
            service.submit_answer(session, player, 0, {"answer": [right[0]]}, NOW)
    assert stored(app, sid) == []


def test_an_answer_stored_before_the_reveal_is_counted_in_it_once(app, timed):
    sid = timed["id"]
    right, _ = ls.key_of(app, sid, 0)
    with app.app_context():
        session, player = _stale(app, sid, "Ada")
        service.submit_answer(session, player, 0, {"answer": [right[0]]}, NOW)
        service.submit_answer(session, player, 0, {"answer": [right[0]]}, NOW)
    ls.move(timed["host"], app, sid, "reveal")
    page = ls.text(timed["host"].get(f"/live/host/{sid}").get_data(as_text=True))
    assert "1 of 2 answered" in page
    assert stored(app, sid) == [("Ada", right[0])]
