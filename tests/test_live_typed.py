"""Live sessions ask typed and row-by-row questions too: a number, a short answer, a matching,
an ordering; each answered once, closed at the reveal, scored as attempts score it, and
revealed with a distribution that suits it."""

import html
import re

import pytest

from quizapp.core.kinds import Gradable, kind_of
from quizapp.extensions import db
from quizapp.live.models import LiveAnswer
from quizapp.models import Role, now_utc
from tests import livesessions as live
from tests.livesessions import TYPED, text
from tests.quizzes import load_bank

NOW = now_utc().replace(microsecond=0)


@pytest.fixture
def room(app, auth, monkeypatch):
    """A teacher hosting a lobby of the typed quiz, the clock held at NOW."""
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Ms Teacher")
    live.at(monkeypatch, NOW)
    host = live.client_as(app, "teacher")
    session_id = live.host_session(host, live.typed_quiz(app))
    return {"host": host, "id": session_id, "code": live.code_of(app, session_id)}


def guest(app, code, nickname):
    """A guest's browser that joined the session (by the join form, as a phone does)."""
    phone = app.test_client()
    joined = live.join(phone, code, nickname)
    assert joined.status_code == 302, live.text(joined.get_data(as_text=True))
    return phone


def go_to(room, app, position):
    """The host moves the session to the question at position (0-based), from the lobby."""
    for _ in range(position):
        live.move(room["host"], app, room["id"], "question")
        live.move(room["host"], app, room["id"], "reveal")
    live.move(room["host"], app, room["id"], "question")


def responses(app, room, position):
    """(the question's kind and key, a right response, a wrong one, a half-right one or None)."""
    question = live.question_at(app, room["id"], position)
    kind = kind_of(question.type)
    key = Gradable(question.type, question.options or [], question.answer)
    right, wrong = kind.right_response(key), kind.wrong_response(key)
    half = None
    if question.type == "matching":  # the first two items swap their matches
        (a, b), rest = list(right)[:2], list(right)[2:]
        half = {a: right[b], b: right[a]} | {k: right[k] for k in rest}
    elif question.type == "ordering":  # the first two items swap places
        half = [right[1], right[0], *right[2:]]
    return kind, key, right, wrong, half


def words(response) -> str:
    """A page's visible words, its entities read as the browser shows them."""
    return html.unescape(text(response.get_data(as_text=True)))


def form(kind, key, response):
    """The answer form's fields for a response."""
    return kind.form_values(key, response)


def saved(app, room):
    """The session's answers as stored: (player id, position, response, score, points)."""
    with app.app_context():
        rows = db.session.execute(
            db.select(LiveAnswer).where(LiveAnswer.session_id == room["id"])
        ).scalars()
        return [(a.player_id, a.position, a.response, a.score, a.points) for a in rows]


def test_a_quiz_of_typed_and_row_by_row_questions_is_hosted_with_all_of_them(app, room):
    row = live.session_row(app, room["id"])
    assert row.count == 4
    assert [live.question_at(app, room["id"], n).type for n in range(4)] == list(TYPED)


@pytest.mark.parametrize(("position", "qtype"), list(enumerate(TYPED)))
def test_an_answer_is_received_counted_once_and_refused_after_the_reveal(
    app, room, position, qtype
):
    zed = guest(app, room["code"], "Zed")
    go_to(room, app, position)
    kind, key, right, wrong, _ = responses(app, room, position)
    assert live.question_at(app, room["id"], position).type == qtype
    page = words(zed.get(f"/live/{room['id']}"))
    assert "Send my answer" in page
    # A wrong answer, the same again (a double tap), then the right one: one row, the last.
    for response in (wrong, wrong, right):
        assert live.send(zed, room["id"], position, form(kind, key, response)).status_code == 303
    page = words(zed.get(f"/live/{room['id']}"))
    assert f"Answer received: {kind.response_text(key, right)}" in page
    state = room["host"].get(f"/live/host/{room['id']}/state").get_json()
    assert (state["answered"], state["players"]) == (1, 1)
    assert [(p, r, s, pts) for _, p, r, s, pts in saved(app, room)] == [(position, right, 1.0, 100)]
    live.move(room["host"], app, room["id"], "reveal")
    live.send(zed, room["id"], position, form(kind, key, wrong))
    page = words(zed.get(f"/live/{room['id']}"))
    assert "Answers to that question are closed" in page and "✓ Right" in page
    assert [r for _, _, r, _, _ in saved(app, room)] == [right]


@pytest.mark.parametrize("position", [TYPED.index("matching"), TYPED.index("ordering")])
def test_a_half_right_matching_or_ordering_earns_half_the_points_as_in_attempts(
    app, room, position
):
    zed = guest(app, room["code"], "Zed")
    go_to(room, app, position)
    kind, key, _, _, half = responses(app, room, position)
    live.send(zed, room["id"], position, form(kind, key, half))
    assert kind.grade(key, half) == 0.5  # two of the four rows in place
    assert [(s, pts) for _, _, _, s, pts in saved(app, room)] == [(0.5, 50)]
    live.move(room["host"], app, room["id"], "reveal")
    page = words(zed.get(f"/live/{room['id']}"))
    assert "½ Partly right" in page


@pytest.mark.parametrize(
    ("position", "fields", "message"),
    [
        (0, {"answer": ["fourteen"]}, "Type a number"),
        (1, {"answer": [""]}, "Type your answer"),
        (2, {}, "Choose a match for every item"),
        (3, {}, "Give every item a position"),
    ],
)
def test_an_unreadable_answer_gets_a_clear_message_and_saves_nothing(
    app, room, position, fields, message
):
    zed = guest(app, room["code"], "Zed")
    go_to(room, app, position)
    assert live.send(zed, room["id"], position, fields).status_code == 303
    assert message in words(zed.get(f"/live/{room['id']}"))
    assert saved(app, room) == []


def reveal_with_three(app, room, position, answers):
    """Three guests answer the question at position with these form fields; the host reveals.
    (the projector's page as words and as HTML, the three phones' pages as words)"""
    phones = [guest(app, room["code"], name) for name in ("Ada", "Bea", "Cy")]
    go_to(room, app, position)
    asked = words(room["host"].get(f"/live/host/{room['id']}"))
    for phone, fields in zip(phones, answers, strict=True):
        live.send(phone, room["id"], position, fields)
    live.move(room["host"], app, room["id"], "reveal")
    shown = room["host"].get(f"/live/host/{room['id']}")
    pages = [words(p.get(f"/live/{room['id']}")) for p in phones]
    return asked, words(shown), shown.get_data(as_text=True), pages


def assert_teaches(app, room, position, page, markup):
    """The reveal shows the key, the status badge, the article's quote and the update since."""
    question = live.question_at(app, room["id"], position)
    kind = kind_of(question.type)
    key = Gradable(question.type, question.options or [], question.answer)
    assert f"Right answer: {kind.right_answer_text(key)}" in page
    assert 'class="badge badge--' in markup
    if question.article:
        assert "The article (13 November 2025)" in page
    if question.correction:
        assert "Update since the article" in page


def test_a_numeric_reveal_groups_the_numbers_given_the_right_one_marked(app, room):
    asked, page, markup, (ada, bea, cy) = reveal_with_three(
        app, room, 0, [{"answer": ["14"]}, {"answer": ["14.0"]}, {"answer": ["18"]}]
    )
    assert "Type a number on your phone" in asked
    assert "14 ✓ right 2 (67%)" in page and "18 1 (33%)" in page
    assert page.index("14 ✓ right") < page.index("18 1 (33%)")
    assert 'width="67%"' in markup
    assert_teaches(app, room, 0, page, markup)
    assert "✓ Right" in ada and "✓ Right" in bea and "✗ Not right" in cy
    # One line of why: the explanation's sentence after "The answer is 14.", not that one.
    explanation = live.question_at(app, room["id"], 0).explanation
    assert explanation.startswith("The answer is 14. ")
    second = explanation.removeprefix("The answer is 14. ")
    why = re.search(r"✗ Not right (.+?\.) ", cy)
    assert why and second.startswith(why.group(1)) and "The answer is 14" not in why.group(1)
    assert "aged 14 years" in why.group(1)


def test_a_short_answer_reveal_groups_answers_as_grading_reads_them(app, room):
    asked, page, markup, (ada, _, cy) = reveal_with_three(
        app,
        room,
        1,
        [{"answer": ["Amimestrocel"]}, {"answer": [" amimestrocel. "]}, {"answer": ["Ryoncil"]}],
    )
    assert "Type your answer on your phone" in asked
    assert "amimestrocel ✓ right 2 (67%)" in page and "ryoncil 1 (33%)" in page
    assert_teaches(app, room, 1, page, markup)
    assert "✓ Right" in ada and "✗ Not right" in cy and "yours: Ryoncil" in cy


def test_a_short_answer_reveal_sums_the_rare_answers_in_one_line(app, room):
    phones = [guest(app, room["code"], f"P{n:02d}") for n in range(11)]
    go_to(room, app, 1)
    for n, phone in enumerate(phones):
        live.send(phone, room["id"], 1, {"answer": ["amimestrocel" if n < 2 else f"guess {n}"]})
    live.move(room["host"], app, room["id"], "reveal")
    page = words(room["host"].get(f"/live/host/{room['id']}"))
    assert page.index("amimestrocel ✓ right 2 (18%)") < page.index("guess 10 1 (9%)")
    assert "And 2 other answers, from 2 players." in page  # ten groups, eight shown


@pytest.mark.parametrize("position", [TYPED.index("matching"), TYPED.index("ordering")])
def test_a_row_by_row_reveal_counts_who_got_each_row_right(app, room, position):
    kind, key, right, wrong, half = responses(app, room, position)
    asked, page, markup, (ada, bea, cy) = reveal_with_three(
        app, room, position, [form(kind, key, r) for r in (right, half, wrong)]
    )
    question = live.question_at(app, room["id"], position)
    items = [a for a, _ in question.answer] if question.type == "matching" else question.answer
    assert all(item in asked for item in items)
    # Right, half right (the first two rows wrong), all wrong: rows 1-2 once, rows 3-4 twice.
    counts = re.findall(r"(\d) right \((\d+)%\)", page)
    assert counts == [("1", "33"), ("1", "33"), ("2", "67"), ("2", "67")]
    for n, item in enumerate(items):
        right_part = question.answer[n][1] if question.type == "matching" else f"{n + 1} {item}"
        assert right_part in page
    assert_teaches(app, room, position, page, markup)
    assert "✓ Right" in ada and "½ Partly right" in bea and "✗ Not right" in cy


def test_the_hosts_poll_names_the_lobby_with_ids_so_the_page_adds_them_in_place(app, room):
    page = room["host"].get(f"/live/host/{room['id']}").get_data(as_text=True)
    # One polite sentence of news; the list itself is not read out name by name.
    assert 'role="status" aria-atomic="true" data-joined-news' in page
    assert '<ul class="live-names">' in page and '<template id="live-name">' in page
    assert f"/live/host/{room['id']}/players/0/remove" in page  # the blank live.js fills in
    guest(app, room["code"], "Zed")
    guest(app, room["code"], "Yan")
    state = room["host"].get(f"/live/host/{room['id']}/state").get_json()
    ids = {p["name"]: p["id"] for p in state["lobby"]}
    assert list(ids) == ["Zed", "Yan"] and state["players"] == 2
    page = room["host"].get(f"/live/host/{room['id']}").get_data(as_text=True)
    assert f'data-player="{ids["Zed"]}"' in page
    live.move(room["host"], app, room["id"], "question")
    assert "lobby" not in room["host"].get(f"/live/host/{room['id']}/state").get_json()
