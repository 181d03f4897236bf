"""Editing a question makes a new version; past answers keep the version they were given to."""

from markupsafe import escape

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Question, QuestionVersion
from quizapp.versions import change_content
from tests.quizzes import first_of_type, load_bank, make_quiz, right_form
from tests.test_quiz import finish, post_question, start


def _flip_true_false(app, qid):
    """An instructor's edit that turns the right answer around."""
    with app.app_context():
        question = db.session.get(Question, qid)
        changed = change_content(
            question, {"answer": not question.answer, "explanation": "Edited."}, None, "flipped"
        )
        db.session.commit()
        return changed


def test_an_edit_keeps_every_version_and_the_old_scoring_for_old_answers(app, client, auth):
    load_bank(app, with_builtins=False)
    qid = first_of_type("true_false")[0]
    make_quiz(app, question_ids=[qid])
    auth.make_user("student")
    auth.login()
    with app.app_context():
        original = db.session.get(Question, qid)
        db.session.expunge(original)
    # An answer saved before the edit, in an attempt finished after it.
    open_attempt = start(client, "test-quiz")
    post_question(client, open_attempt, 1, right_form(original))
    assert _flip_true_false(app, qid) is True
    finish(client, open_attempt)
    with app.app_context():
        question = db.session.get(Question, qid)
        versions = db.session.execute(
            db.select(QuestionVersion.version, QuestionVersion.note)
            .where(QuestionVersion.question_id == qid)
            .order_by(QuestionVersion.version)
        ).all()
        kept = db.session.get(Attempt, open_attempt)
        assert question.version == 2 and [v for v, _ in versions] == [1, 2]
        assert kept.score == 1.0  # graded against version 1, the one answered
    review = client.get(f"/attempts/{open_attempt}/result").get_data(as_text=True)
    assert "Edited." not in review and str(escape(original.explanation)) in review
    # A new attempt answering the same way is graded against version 2.
    second = start(client, "test-quiz")
    post_question(client, second, 1, right_form(original))
    finish(client, second)
    with app.app_context():
        assert db.session.get(Attempt, second).score == 0.0
        assert (
            db.session.execute(
                db.select(Answer.question_version).where(Answer.attempt_id == second)
            ).scalar_one()
            == 2
        )


def test_saving_unchanged_content_makes_no_new_version(app):
    load_bank(app, with_builtins=False)
    qid = first_of_type("single")[0]
    with app.app_context():
        question = db.session.get(Question, qid)
        assert change_content(question, {"prompt": question.prompt}, None, "no-op") is False
        assert question.version == 1
