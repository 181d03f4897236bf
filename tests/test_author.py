"""Instructors: the bank, writing every question type, review workflow, quiz builder, GIFT."""

from pathlib import Path

import pytest

from quizapp.extensions import db
from quizapp.models import Question, QuestionComment, Quiz, Role
from tests.accounts import csrf_token
from tests.quizzes import first_of_type, load_bank

GIFT_EXAMPLES = Path(__file__).parent / "core" / "data" / "moodle-gift-examples.txt"
BASE = {
    "prompt": "Which regulator approved amimestrocel?",
    "text_format": "markdown",
    "status": "approved_drug",
    "as_of": "2025-01-02",
    "facts": "amimestrocel-conditional-approval",
    "explanation": "The **NMPA** did.",
    "tags": "china, regulators",
    "numeric_tolerance": "0",
}


def options(*rows):
    """Option fields: (text, correct, weight, feedback) per row."""
    data = {}
    for i, (text, correct, weight, fb) in enumerate(rows):
        data[f"options-{i}-text"] = text
        if correct:
            data[f"options-{i}-correct"] = "y"
        if weight is not None:
            data[f"options-{i}-weight"] = str(weight)
        data[f"options-{i}-feedback"] = fb
    return data


TYPES = {
    "single": options(("NMPA", True, None, ""), ("FDA", False, None, "That is the US.")),
    "classify": options(("Approved drug", True, None, ""), ("Research", False, None, "")),
    "multiple": options(("NMPA", True, 50, ""), ("CDE", True, 50, ""), ("FDA", False, -100, "")),
    "true_false": {"tf_answer": "true"},
    "numeric": {"numeric_value": "2025", "numeric_tolerance": "0"},
    "short": {"short_answers": "NMPA\nNational Medical Products Administration"},
    "matching": {"pairs": "amimestrocel -> China\nRyoncil -> United States"},
    "ordering": {"items": "2015 Measures\n2017 guideline\n2025 approval"},
}


@pytest.fixture
def teacher(app, client, auth):
    """A logged-in instructor, with the bank loaded."""
    load_bank(app)
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Teacher")
    auth.login("teacher")
    return auth


def post_question(client, kind, **changes):
    data = {**BASE, "type": kind, **TYPES[kind], **changes}
    data["csrf_token"] = csrf_token(client, "/author/questions/new")
    return client.post("/author/questions/new", data=data)


def test_students_get_403_and_visitors_are_sent_to_log_in(app, client, auth):
    for path in ("/author/questions", "/author/quizzes", "/author/import", "/author/export.gift"):
        assert client.get(path).status_code == 302
    auth.make_user("student")
    auth.login()
    for path in ("/author/questions", "/author/quizzes/new", "/author/import"):
        assert client.get(path).status_code == 403


@pytest.mark.parametrize("kind", list(TYPES))
def test_an_instructor_writes_every_type_of_question(app, client, teacher, kind):
    response = post_question(client, kind)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    with app.app_context():
        question = db.session.execute(
            db.select(Question).where(Question.origin == "authored")
        ).scalar_one()
        assert (question.type, question.state, question.version) == (kind, "draft", 1)
        assert question.facts == ["amimestrocel-conditional-approval"]
        assert question.tags == ["china", "regulators"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>NMPA</strong> did." not in page  # explanations only after trying
    assert "Preview as a student sees it" in page


@pytest.mark.parametrize(
    ("kind", "changes", "message"),
    [
        ("single", {"prompt": ""}, "Write the question."),
        ("single", {"explanation": ""}, "Explain the answer"),
        ("single", {"as_of": ""}, "Give the date the answer holds as of."),
        ("single", {"facts": "", "no_fact_reason": ""}, "Name the facts tested"),
        ("single", {"facts": "no-such-fact"}, "Unknown fact id(s): no-such-fact."),
        ("single", {"status": "rule", "conditional": "y"}, "Only an approved drug can be"),
        (
            "single",
            options(("NMPA", False, None, ""), ("FDA", False, None, "")),
            "Mark at least one option correct.",
        ),
        (
            "single",
            options(("NMPA", True, None, ""), ("FDA", True, None, "")),
            "exactly one correct option",
        ),
        (
            "single",
            options(("NMPA", True, None, ""), ("nmpa", False, None, "")),
            "Each option must be different.",
        ),
        ("single", options(("NMPA", True, None, "")), "Give at least two options."),
        (
            "multiple",
            options(("A", True, 60, ""), ("B", True, 60, ""), ("C", False, 0, "")),
            "The positive weights must add up to 100%.",
        ),
        (
            "multiple",
            options(("A", False, 100, ""), ("B", True, 0, "")),
            "Correct options have positive weights",
        ),
        ("true_false", {"tf_answer": ""}, "Say whether the statement is true or false."),
        ("numeric", {"numeric_value": "soon"}, "Give the right number"),
        ("numeric", {"numeric_tolerance": "-1"}, "The tolerance cannot be negative."),
        ("short", {"short_answers": "  "}, "Give at least one accepted answer."),
        ("matching", {"pairs": "only -> one"}, "Give at least two pairs."),
        ("matching", {"pairs": "a -> b\nno arrow"}, "Write each pair as"),
        ("ordering", {"items": "one\ntwo"}, "Give at least three items"),
        ("single", {"type": "essay-of-doom"}, "Not a valid choice"),
    ],
)
def test_bad_question_input_gets_a_message_and_saves_nothing(
    app, client, teacher, kind, changes, message
):
    data = {**BASE, "type": kind, **TYPES[kind]}
    for key in (
        [k for k in data if k.startswith("options-")]
        if any(k.startswith("options-") for k in changes)
        else []
    ):
        data.pop(key)
    data.update(changes)
    data["csrf_token"] = csrf_token(client, "/author/questions/new")
    response = client.post("/author/questions/new", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.execute(db.select(Question).where(Question.origin == "authored")).first()
            is None
        )


def test_markdown_is_rendered_and_scripts_never_survive(app, client, teacher):
    hostile = (
        "**Bold** <script>alert('x')</script> <img src=x onerror=alert(1)> "
        "[link](javascript:alert(1))"
    )
    post_question(client, "single", prompt=hostile, explanation=hostile)
    with app.app_context():
        qid = db.session.execute(
            db.select(Question.id).where(Question.origin == "authored")
        ).scalar_one()
    page = client.get(f"/author/questions/{qid}").get_data(as_text=True)
    assert "<strong>Bold</strong>" in page
    assert "<script>alert" not in page and "<img" not in page
    assert 'href="javascript:' not in page


def test_the_review_workflow_with_comments_and_history(app, client, teacher):
    post_question(client, "true_false")
    with app.app_context():
        qid = db.session.execute(
            db.select(Question.id).where(Question.origin == "authored")
        ).scalar_one()
    token = csrf_token(client, f"/author/questions/{qid}")
    for state in ("review", "published", "retired", "draft"):
        client.post(f"/author/questions/{qid}/state", data={"csrf_token": token, "state": state})
    refused = client.post(
        f"/author/questions/{qid}/state",
        data={"csrf_token": token, "state": "retired-twice"},
        follow_redirects=True,
    )
    assert "cannot move to retired-twice" in refused.get_data(as_text=True)
    client.post(
        f"/author/questions/{qid}/comments",
        data={"csrf_token": token, "body": "Cite the NMPA notice."},
    )
    empty = client.post(
        f"/author/questions/{qid}/comments",
        data={"csrf_token": token, "body": ""},
        follow_redirects=True,
    )
    assert "Write a comment." in empty.get_data(as_text=True)
    with app.app_context():
        changes = (
            db.session.execute(
                db.select(QuestionComment.state_change)
                .where(QuestionComment.question_id == qid)
                .order_by(QuestionComment.id)
            )
            .scalars()
            .all()
        )
    assert changes == [
        "draft",
        "draft → review",
        "review → published",
        "published → retired",
        "retired → draft",
        None,
    ]


def test_editing_makes_a_new_version_and_a_generated_question_stops_following_sync(
    app, client, teacher
):
    qid = first_of_type("true_false")[0]
    page = client.get(f"/author/questions/{qid}/edit").get_data(as_text=True)
    assert "Edit question" in page
    token = csrf_token(client, f"/author/questions/{qid}/edit")
    with app.app_context():
        question = db.session.get(Question, qid)
        data = {
            **BASE,
            "type": "true_false",
            "tf_answer": "true",
            "prompt": question.prompt + " (edited)",
            "facts": ", ".join(question.facts),
            "status": question.status,
            "as_of": question.as_of.isoformat(),
            "note": "clearer",
            "csrf_token": token,
            "conditional": "y" if question.conditional else "",
            "text_format": "plain",
        }
    response = client.post(f"/author/questions/{qid}/edit", data=data, follow_redirects=True)
    assert "Saved as version 2." in response.get_data(as_text=True)
    with app.app_context():
        question = db.session.get(Question, qid)
        assert question.edited and question.version == 2
        assert question.prompt.endswith("(edited)")


def test_preview_grades_a_try_without_saving_anything(app, client, teacher):
    qid = first_of_type("numeric")[0]
    token = csrf_token(client, f"/author/questions/{qid}")
    html = client.post(
        f"/author/questions/{qid}", data={"csrf_token": token, "answer": "1"}
    ).get_data(as_text=True)
    assert "Not right." in html
    bad = client.post(
        f"/author/questions/{qid}", data={"csrf_token": token, "answer": "x"}
    ).get_data(as_text=True)
    assert "Type a number" in bad
    from quizapp.models import Answer

    with app.app_context():
        assert db.session.execute(db.select(Answer)).first() is None


def test_the_bank_filters_and_searches(app, client, teacher):
    html = client.get("/author/questions?type=ordering&state=published").get_data(as_text=True)
    assert "Put these events in the order they happened" in html
    assert "Research, approved drug or rule?" not in html
    searched = client.get(
        "/author/questions?q=amimestrocel&status=approved_drug"
        "&fact=amimestrocel-conditional-approval"
    ).get_data(as_text=True)
    assert "amimestrocel" in searched and "questions." in searched or "question." in searched
    none = client.get("/author/questions?tag=no-such-tag").get_data(as_text=True)
    assert "No question matches." in none


def quiz_data(client, **changes):
    data = {
        "title": "Regulators",
        "slug": "",
        "description": "About regulators.",
        "mode": "fixed",
        "question_ids": "\n".join(first_of_type("single", 3)),
        "shuffle_questions": "y",
        "one_per_page": "y",
        "feedback_mode": "deferred",
        "grading_method": "highest",
        "leaderboard": "public",
        "published": "y",
    }
    data.update(changes)
    data["csrf_token"] = csrf_token(client, "/author/quizzes/new")
    return data


def test_the_quiz_builder_makes_a_quiz_students_can_take(app, client, teacher):
    response = client.post(
        "/author/quizzes/new",
        data=quiz_data(client, time_limit_minutes="15", max_attempts="2", pass_mark="70"),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    with app.app_context():
        quiz = db.session.execute(db.select(Quiz).where(Quiz.slug == "regulators")).scalar_one()
        assert (quiz.time_limit_seconds, quiz.max_attempts, quiz.pass_mark) == (900, 2, 70.0)
        assert len(quiz.question_ids) == 3 and quiz.published
    preview = client.get(f"/author/quizzes/{quiz.id}/preview").get_data(as_text=True)
    assert "Nothing here is saved or counted." in preview
    assert preview.count('class="question-form"') == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Give the quiz a title."),
        ({"question_ids": ""}, "Choose at least one question: tick it in the bank below."),
        ({"question_ids": "not-a-question"}, "Unknown question id(s): not-a-question."),
        ({"mode": "random", "draw_count": ""}, "Say how many questions to draw."),
        (
            {"mode": "random", "draw_count": "5", "draw_tags": "no-such-tag"},
            "can draw no published question",
        ),
        (
            {"opens_at": "2026-12-02T10:00", "closes_at": "2026-12-01T10:00"},
            "The quiz must close after it opens.",
        ),
        ({"pass_mark": "140"}, "between 0 and 100"),
        ({"slug": "full-test"}, "Another quiz has this address"),
    ],
)
def test_bad_quiz_settings_get_a_message_and_save_nothing(app, client, teacher, changes, message):
    response = client.post("/author/quizzes/new", data=quiz_data(client, **changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(Quiz).where(Quiz.title == "Regulators")).first() is None


def test_gift_import_previews_problems_then_saves_once(app, client, teacher):
    gift = (
        "::Q1:: Which agency approved amimestrocel? {=NMPA ~FDA#US agency}\n\n"
        "::Broken:: How many trials? {#many}\n\n"
        "::Q3:: China approved a stem cell drug in 2025. {T}\n"
    )
    token = csrf_token(client, "/author/import")
    preview = client.post(
        "/author/import",
        data={"csrf_token": token, "text": gift, "status": "rule", "as_of": "2026-01-01"},
    )
    html = preview.get_data(as_text=True)
    assert "Found 2 questions, 1 problem" in html, html[html.find("<main") :][:3000]
    assert "Line 3" in html
    with app.app_context():
        assert (
            db.session.execute(db.select(Question).where(Question.origin == "imported")).first()
            is None
        )
    for _ in range(2):
        client.post(
            "/author/import",
            data={
                "csrf_token": token,
                "text": gift,
                "confirm": "yes",
                "status": "rule",
                "as_of": "2026-01-01",
            },
        )
    with app.app_context():
        imported = (
            db.session.execute(db.select(Question).where(Question.origin == "imported"))
            .scalars()
            .all()
        )
    assert sorted(q.type for q in imported) == ["single", "true_false"]
    assert all(q.state == "draft" and q.status == "rule" for q in imported)


def test_non_utf8_gift_files_are_refused_with_a_message(app, client, teacher):
    from io import BytesIO

    token = csrf_token(client, "/author/import")
    response = client.post(
        "/author/import",
        data={
            "csrf_token": token,
            "status": "rule",
            "as_of": "2026-01-01",
            "file": (BytesIO("Question {=réponse}".encode("latin-1")), "q.gift"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "UTF-8" in response.get_data(as_text=True)


def test_the_moodle_examples_file_imports_and_export_gives_gift_back(app, client, teacher):
    token = csrf_token(client, "/author/import")
    text = GIFT_EXAMPLES.read_text(encoding="utf-8")
    saved = client.post(
        "/author/import",
        data={
            "csrf_token": token,
            "text": text,
            "confirm": "yes",
            "status": "background",
            "as_of": "2026-01-01",
        },
        follow_redirects=True,
    )
    with app.app_context():
        count = db.session.execute(
            db.select(db.func.count(Question.id)).where(Question.origin == "imported")
        ).scalar_one()
    # 43 questions: 35 differ in something (text, answers, weights, feedback), 8 repeat one of
    # them word for word and are merged into it, and the report says so.
    assert count == 35
    page = saved.get_data(as_text=True)
    assert "Imported 35 new question(s) as drafts" in page
    assert "8 merged as exact duplicate(s) of another question in the file" in page
    exported = client.get("/author/export.gift?state=draft")
    assert exported.status_code == 200 and "Grant" in exported.get_data(as_text=True)


def test_the_cli_imports_and_exports_gift(app, runner, tmp_path):
    gift_file = tmp_path / "q.gift"
    gift_file.write_text("::One:: The NMPA is China's drug regulator. {T}\n", encoding="utf-8")
    result = runner.invoke(
        args=[
            "bank",
            "import",
            str(gift_file),
            "--status",
            "rule",
            "--as-of",
            "2026-01-01",
            "--yes",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Imported 1 new question(s) as drafts" in result.output
    again = runner.invoke(
        args=[
            "bank",
            "import",
            str(gift_file),
            "--status",
            "rule",
            "--as-of",
            "2026-01-01",
            "--yes",
        ]
    )
    assert "Imported 0 new question(s)" in again.output and "1 already in the bank" in again.output
    exported = runner.invoke(args=["bank", "export", "--format", "gift", "--state", "draft"])
    assert (
        "The NMPA is China's drug regulator." in exported.output
        and "{TRUE" in exported.output.upper()
    )
    bad = tmp_path / "bad.gift"
    bad.write_bytes("Question {=réponse}".encode("latin-1"))
    refused = runner.invoke(
        args=["bank", "import", str(bad), "--status", "rule", "--as-of", "2026-01-01", "--yes"]
    )
    assert refused.exit_code == 1 and "UTF-8" in refused.output


def test_moving_a_quiz_close_earlier_closes_the_attempts_already_open_then(
    app, client, teacher, auth
):
    from datetime import timedelta

    from quizapp.models import Attempt, User, now_utc
    from quizapp.quiz import service

    client.post("/author/quizzes/new", data=quiz_data(client, time_limit_minutes="30"))
    auth.make_user("ann")
    start = now_utc().replace(microsecond=0)
    with app.app_context():
        quiz = db.session.execute(db.select(Quiz).where(Quiz.slug == "regulators")).scalar_one()
        user = db.session.execute(db.select(User).where(User.username == "ann")).scalar_one()
        attempt_id = service.start_attempt(quiz, user.id, start).id
        quiz_id = quiz.id
    closes = start + timedelta(minutes=10)
    edited = quiz_data(client, time_limit_minutes="30", closes_at=f"{closes:%Y-%m-%dT%H:%M}")
    assert client.post(f"/author/quizzes/{quiz_id}/edit", data=edited).status_code == 302
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.deadline == closes.replace(second=0)
        assert service.close_if_expired(attempt, closes + timedelta(seconds=1))
        assert attempt.finished_at == closes.replace(second=0)


def test_the_builder_says_what_an_exam_pool_does_and_keeps_it_from_practice_quizzes(
    app, client, teacher
):
    page = client.get("/author/quizzes/new").get_data(as_text=True)
    assert "Exam pool: keep this quiz&#39;s questions out of practice quizzes" in page
    assert "never drawn by a quiz with feedback after each answer or unlimited attempts" in page
    practice = client.post(
        "/author/quizzes/new",
        data=quiz_data(client, exam_pool="y", feedback_mode="immediate", max_attempts="3"),
    )
    assert "An exam pool needs feedback at the end and a limit on attempts" in practice.get_data(
        as_text=True
    )
    exam = first_of_type("single", 3)
    saved = client.post(
        "/author/quizzes/new", data=quiz_data(client, exam_pool="y", max_attempts="1")
    )
    assert saved.status_code == 302
    only_exam = quiz_data(client, title="Loop", max_attempts="", question_ids="\n".join(exam))
    refused = client.post("/author/quizzes/new", data=only_exam).get_data(as_text=True)
    assert "a practice quiz draws none of the questions exam pools keep" in refused
    with app.app_context():
        quiz = db.session.execute(db.select(Quiz).where(Quiz.slug == "regulators")).scalar_one()
        assert quiz.exam_pool and quiz.question_ids == exam
        assert db.session.execute(db.select(Quiz).where(Quiz.title == "Loop")).first() is None
    listed = client.get("/author/quizzes").get_data(as_text=True)
    assert "(exam pool)" in listed


def upload_gift(client, data: bytes, **fields):
    """Preview a GIFT file through the import page, as an instructor's browser sends it."""
    from io import BytesIO

    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import encode_multipart

    form = MultiDict({"csrf_token": csrf_token(client, "/author/import"), "status": "rule"})
    form.update({"as_of": "2026-01-01", **fields})
    form["file"] = FileStorage(BytesIO(data), "big.gift")
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart(form)
    kind = f"multipart/form-data; boundary={boundary}"
    return client.post("/author/import", data=body, content_type=kind)


def test_an_oversize_gift_gets_a_message_at_once_not_a_timeout(app, client, teacher, runner):
    """The 988 KB file of 100,000 questions that took 44 s; and 1,001 small questions."""
    import time

    huge = "".join(f"Q{n} {{T}}\n\n" for n in range(100_000)).encode()
    many = "".join(f"Q{n} {{T}}\n\n" for n in range(1001)).encode()
    began = time.monotonic()
    refused = upload_gift(client, huge).get_data(as_text=True)
    assert time.monotonic() - began < 5  # it took 44 s on the dev server
    assert "one import takes at most 512 KB. Split it into smaller files." in refused
    counted = upload_gift(client, many).get_data(as_text=True)
    assert "holds more than 1,000 questions (the next one starts on line 2001)" in counted
    assert "Split it into smaller files." in counted
    path = Path(app.instance_path) / "huge.gift"
    path.write_bytes(huge)
    cli = runner.invoke(
        args=["bank", "import", str(path), "--status", "rule", "--as-of", "2026-01-01", "--yes"]
    )
    assert cli.exit_code == 1 and "at most 512 KB" in cli.output
    with app.app_context():
        assert (
            db.session.execute(db.select(Question).where(Question.origin == "imported")).first()
            is None
        )


def test_a_huge_prompt_is_refused_in_the_form_and_in_a_gift_file(app, client, teacher):
    brackets = "[" * 150_000 + "]" * 150_000
    form = post_question(client, "single", prompt=brackets)
    assert "The question text can be at most 5,000 characters long." in form.get_data(as_text=True)
    gift = f"::Huge:: {brackets} {{=yes ~no}}\n\n::Fine:: Is it? {{T}}\n".encode()
    preview = upload_gift(client, gift).get_data(as_text=True)
    assert "the question text has 300,000 characters; at most 5,000 are allowed" in preview
    assert "Found 1 question, 1 problem" in preview
    with app.app_context():
        assert (
            db.session.execute(db.select(Question).where(Question.prompt == brackets)).first()
            is None
        )


def test_a_question_is_rendered_once_not_on_every_view(app, client, monkeypatch):
    """A Markdown question opened three times and in the preview renders its text once."""
    from uuid import uuid4

    from quizapp.core import markup
    from tests.accounts import AuthActions
    from tests.quizzes import make_quiz

    load_bank(app, with_builtins=False)
    prompt = f"Which table is right? {uuid4()}\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    qid = first_of_type("true_false")[0]
    with app.app_context():
        question = db.session.get(Question, qid)
        question.prompt, question.extra = prompt, {**question.extra, "text_format": "markdown"}
        db.session.commit()
    make_quiz(app, question_ids=[qid])
    calls = []
    render = markup._MARKDOWN.render
    monkeypatch.setattr(markup._MARKDOWN, "render", lambda text: calls.append(text) or render(text))
    AuthActions(app, client).make_user("student")
    AuthActions(app, client).login("student")
    client.post(
        "/quizzes/test-quiz/start", data={"csrf_token": csrf_token(client, "/quizzes/test-quiz")}
    )
    for _ in range(3):
        page = client.get("/attempts/1/questions/1").get_data(as_text=True)
        assert "<table>" in page
    assert calls.count(prompt) == 1
