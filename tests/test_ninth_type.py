"""A ninth question type is one registry entry and one answer template: a toy kind, added by
a fixture and removed after, is offered by the editor, answered by a student and graded, with
no other change anywhere (docs/ADDING-A-TYPE.md walks a newcomer through the same steps)."""

import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from random import Random
from typing import Any

import pytest
from jinja2 import ChoiceLoader, DictLoader

from quizapp.core.kinds import KINDS, EditorError, Gradable, Kind, ResponseError, kind_of
from quizapp.core.kinds.base import answers_given
from quizapp.core.questions import Question as CoreQuestion
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Question, Role
from tests.accounts import csrf_token
from tests.quizzes import load_bank, make_quiz
from tests.test_author import BASE
from tests.test_question_editor import shown_key_fields
from tests.test_quiz import finish, post_question, start


class ToyType(StrEnum):
    """The toy's type: a StrEnum like QType, so that the registry finds it by its value."""

    YEAR = "year"


class Year(Kind):
    """The year something happened, typed in digits; right only when exact."""

    type = ToyType.YEAR
    label = "Year (exact)"
    json_form = "a whole number, the year"
    editor_fields = ("numeric_value",)
    editor_help = "Give the year the event happened, such as 2025."

    def read_form(self, question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
        """A year in digits."""
        given = answers_given(values)
        if len(given) != 1 or not given[0].isdigit():
            raise ResponseError("Write the year in digits, such as 2025.")
        return int(given[0])

    def json_ok(self, value: Any) -> bool:
        """A whole number."""
        return isinstance(value, int) and not isinstance(value, bool)

    def form_values(self, question: Gradable, response: Any) -> dict[str, list[str]]:
        """The year in the answer box."""
        return {"answer": [str(response)]}

    def grade(self, question: Gradable, response: Any) -> float:
        """1 for the exact year."""
        return 1.0 if response == question.answer else 0.0

    def right_answer_text(self, question: Gradable) -> str:
        """The year."""
        return str(question.answer)

    def key_problems(self, question: CoreQuestion) -> list[str]:
        """A year and no options."""
        found = super().key_problems(question)
        return found + ([] if isinstance(question.answer, int) else ["the key is a year"])

    def read_editor(self, fields: Mapping[str, Any]) -> tuple[list[dict[str, Any]], Any]:
        """The year written in the editor's number field."""
        value = (fields.get("numeric_value") or "").strip()
        if not value.isdigit():
            raise EditorError("numeric_value", "Give the year in digits, such as 2025.")
        return [], int(value)

    def editor_values(self, answer: Any) -> dict[str, str]:
        """The year."""
        return {"numeric_value": str(answer)}

    def right_response(self, question: Gradable) -> Any:
        """The year."""
        return question.answer

    def wrong_response(self, question: Gradable) -> Any:
        """The year after."""
        return question.answer + 1

    def any_response(self, shown: Mapping[str, Any], rng: Random) -> Any:
        """Some year."""
        return rng.randint(1990, 2030)


TEMPLATE = """\
<label for="{{ prefix }}year-{{ view.number }}">Your answer (a year, in digits)</label>
<input id="{{ prefix }}year-{{ view.number }}" class="short-input" type="text" inputmode="numeric"
  autocomplete="off" name="{{ name }}"
  value="{{ typed.get('answer', [''])[0] if typed else (saved if saved is not none else '') }}"
  {%- if disabled %} disabled{% endif %}>
"""


@pytest.fixture
def ninth_type(app, monkeypatch):
    """The toy kind in the registry and its answer template beside the others, then gone."""
    kind = Year()
    monkeypatch.setitem(KINDS, kind.type, kind)
    before = app.jinja_env.loader
    templates = DictLoader({f"quiz/answer/{kind.type.value}.html": TEMPLATE})
    app.jinja_env.loader = ChoiceLoader([templates, before])
    yield kind
    app.jinja_env.loader = before


@pytest.fixture
def teacher(app, client, auth):
    """A logged-in instructor, with the bank loaded."""
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Teacher")
    auth.login("teacher")
    return auth


def write_a_year_question(app, client) -> str:
    """The instructor writes and publishes a year question through the editor; its id."""
    page = client.get("/author/questions/new").get_data(as_text=True)
    assert '<option value="year">Year (exact)</option>' in page
    page = client.get("/author/questions/new?type=year").get_data(as_text=True)
    assert shown_key_fields(page) == {"numeric_value"}
    assert "Give the year the event happened" in page
    data = {**BASE, "type": "year", "numeric_value": "next year"}
    data["csrf_token"] = csrf_token(client, "/author/questions/new")
    refused = client.post("/author/questions/new", data=data).get_data(as_text=True)
    assert "Give the year in digits, such as 2025." in refused
    saved = client.post("/author/questions/new", data=data | {"numeric_value": "2025"})
    assert saved.status_code == 302
    qid = saved.headers["Location"].rsplit("/", 1)[1]
    url = f"/author/questions/{qid}/state"
    token = csrf_token(client, f"/author/questions/{qid}")
    client.post(url, data={"csrf_token": token, "state": "published"})
    with app.app_context():
        question = db.session.get(Question, qid)
        assert (question.type, question.answer, question.state) == ("year", 2025, "published")
    return qid


def test_the_registry_finds_a_kind_registered_under_its_own_enum(ninth_type):
    assert kind_of("year") is ninth_type
    assert kind_of("year").grade(Gradable("year", [], 2025), 2025) == 1.0


def test_a_ninth_type_is_offered_by_the_editor_answered_by_a_student_and_graded(
    app, client, auth, ninth_type, teacher
):
    qid = write_a_year_question(app, client)
    quiz_id = make_quiz(app, slug="years", question_ids=[qid])
    auth.logout()
    auth.make_user("student")
    auth.login()
    attempt_id = start(client, "years")
    page = client.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    assert "Your answer (a year, in digits)" in page
    bad = post_question(client, attempt_id, 1, {"answer": "soon"}, action="stay")
    assert "Write the year in digits, such as 2025." in bad.get_data(as_text=True)
    post_question(client, attempt_id, 1, {"answer": "2025"})
    assert finish(client, attempt_id).status_code == 302
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        (answer,) = db.session.execute(db.select(Answer).where(Answer.attempt_id == attempt_id))
        assert (answer[0].response, answer[0].score) == (2025, 1.0)
        assert attempt.quiz_id == quiz_id and attempt.finished_at is not None


def test_once_the_fixture_is_gone_the_registry_is_as_before(app):
    assert kind_of("year").scored is False  # UNKNOWN: nothing left behind
    assert not re.search("year", " ".join(str(t) for t in KINDS))
