"""The review workflow from every screen and command: no move it forbids happens anywhere."""

import dataclasses
import itertools
import re
from pathlib import Path

from quizapp import bank
from quizapp.core.workflow import MOVES, QuestionState
from quizapp.extensions import db
from quizapp.models import AuditEvent, Question, QuestionComment, Role
from tests.accounts import csrf_token
from tests.quizzes import core_bank, first_of_type, load_bank, make_quiz
from tests.test_reports import dismiss, report_on, resolve

PACKAGE = Path(__file__).resolve().parents[1] / "quizapp"
TF1 = first_of_type("true_false")[0]


def put(app, question_id, state, **columns):
    """Put a question in a state (and set columns), as if it got there earlier."""
    with app.app_context():
        question = db.session.get(Question, question_id)
        question.state = state
        for name, value in columns.items():
            setattr(question, name, value)
        db.session.commit()


def state_of(app, question_id):
    """The stored state of a question."""
    with app.app_context():
        return db.session.get(Question, question_id).state


def test_no_module_but_the_workflow_service_changes_a_question_state():
    writers = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if re.search(r"\.state\s*=[^=]|setattr\([^)]*[\"']state[\"']", path.read_text())
    ]
    assert writers == ["workflow.py"]


def test_every_new_question_is_made_by_one_function():
    """The bank sync, the author form and GIFT import all call workflow.new_question; the one
    other Question(...) is versions.as_answered's detached copy, never added to the session
    (a class statement named Question, the model's or the API's TypedDict, makes none)."""
    makers = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "core" not in path.parts
        and re.search(r"(^|[^\w.])(?<!class )Question\(", path.read_text(), re.MULTILINE)
    ]
    assert sorted(makers) == ["versions.py", "workflow.py"]
    for module in ("bank.py", "author/service.py", "author/gift_io.py"):
        assert "new_question(" in (PACKAGE / module).read_text(), module


def test_the_author_screen_makes_exactly_the_moves_the_workflow_allows(app, client, auth):
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    for current, target in itertools.product(QuestionState, QuestionState):
        put(app, TF1, current.value)
        page = client.get(f"/author/questions/{TF1}").get_data(as_text=True)
        offered = set(re.findall(r'name="state" value="(\w+)"', page))
        assert offered == {s.value for s in MOVES[current]}, current
        token = csrf_token(client, f"/author/questions/{TF1}")
        client.post(f"/author/questions/{TF1}/state", data={"csrf_token": token, "state": target})
        allowed = target in MOVES[current]
        assert state_of(app, TF1) == (target if allowed else current).value, (current, target)


def test_publishing_asks_the_core_rules_and_names_what_is_wrong(app, client, auth):
    load_bank(app, with_builtins=False)
    put(app, TF1, "review", explanation="  ")
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    token = csrf_token(client, f"/author/questions/{TF1}")
    page = client.post(
        f"/author/questions/{TF1}/state",
        data={"csrf_token": token, "state": "published"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "It cannot be published: a question needs an explanation." in page
    assert state_of(app, TF1) == "review"


def test_the_report_queue_sends_back_to_review_only_where_the_workflow_allows(app, client, auth):
    load_bank(app, with_builtins=False)
    quiz_id = make_quiz(app, slug="item-quiz", question_ids=[TF1])
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    for n, current in enumerate(QuestionState):
        report_id = report_on(app, quiz_id, f"s{n}", TF1)
        put(app, TF1, current.value)
        resolve(client, report_id, "Checked.")
        allowed = current is QuestionState.REVIEW or QuestionState.REVIEW in MOVES[current]
        assert state_of(app, TF1) == ("review" if allowed else current.value), current
        if not allowed:  # still open: it can be dismissed, and the question stays as it was
            dismiss(client, report_id, "Checked.")
            assert state_of(app, TF1) == current.value


def test_the_bank_sync_moves_through_the_workflow_with_comments_and_audit_rows(app, runner):
    assert runner.invoke(args=["bank", "sync"]).exit_code == 0
    questions = [q for q in core_bank()]
    edited, gone = questions[0].id, questions[-1].id
    put(app, edited, "retired", edited=True)
    with app.app_context():
        changed = dataclasses.replace(questions[0], explanation="The fact changed.")
        report = bank.sync_bank([changed, *questions[1:-1]], QuestionState.PUBLISHED)
    assert report.flagged == [edited] and report.retired == [gone]
    # An edited question whose facts changed goes to review, unless it was retired.
    assert state_of(app, edited) == "retired"
    assert state_of(app, gone) == "retired"
    with app.app_context():
        assert "facts behind this question changed" in db.session.get(Question, edited).review_note
        [comment] = db.session.execute(
            db.select(QuestionComment).where(QuestionComment.question_id == gone)
        ).scalars()
        assert comment.state_change == "published → retired" and comment.author_id is None
        [event] = db.session.execute(
            db.select(AuditEvent).where(AuditEvent.target == gone)
        ).scalars()
        assert (event.action, event.actor_id, event.detail) == (
            "question.state",
            None,
            "published → retired",
        )
    assert runner.invoke(args=["bank", "sync"]).exit_code == 0
    assert state_of(app, gone) == "published"  # its facts are back
