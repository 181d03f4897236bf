"""The authorization matrix: every route of the URL map, for every kind of visitor.

Each endpoint has one access class (docs/SECURITY.md has the same table). A route missing from
ACCESS fails the test, so a new route cannot be forgotten.
"""

import pytest
from flask import Flask, url_for

from quizapp import credentials
from quizapp.classes import service as classes
from quizapp.extensions import db
from quizapp.images.clean import clean_image
from quizapp.images.store import file_name, image_ref, save_image
from quizapp.live import joining
from quizapp.live import service as live
from quizapp.models import ApiToken, Question, QuestionReport, Quiz, Role, User, now_utc
from quizapp.quiz import service
from tests.accounts import AuthActions, csrf_token
from tests.images import png
from tests.quizzes import load_bank

ACCESS = {
    # anyone
    "site.index": "public",
    "site.healthz": "public",
    "site.article": "public",
    "site.timeline": "public",
    "static": "public",
    "auth.login": "public",
    "auth.register": "public",
    "leaderboard.index": "public",
    "leaderboard.overall": "public",
    "leaderboard.quiz": "public",
    "api.openapi": "public",
    "api.overall_board": "public",
    "api.quiz_board": "public",
    "api.create_token": "public",
    "live.join": "public",  # guests join live sessions with a code and a nickname
    "live.state": "public",  # a session's version and phase: what every phone polls
    # any logged-in account
    "auth.logout": "member",
    "auth.change_password": "member",
    "auth.profile": "member",
    "quiz.index": "member",
    "quiz.detail": "member",
    "quiz.start": "member",
    "quiz.history": "member",
    "api.quizzes": "api-member",
    "api.start_attempt": "api-member",
    "api.revoke_current_token": "api-member",
    "classes.index": "member",
    "classes.join": "member",
    # the image of a published (or retired) question; a draft's answers 404 to students
    # (tests/test_images.py checks that)
    "images.image": "member",
    # a class's members, its teacher and admins; everyone else gets 404
    "classes.detail": "class-member",
    "classes.start": "class-member",
    "classes.board": "class-member",
    # the student whose attempt it is; everyone else gets 404
    "quiz.attempt": "owner",
    "quiz.question": "owner",
    "quiz.all_questions": "owner",
    "quiz.finish": "owner",
    "quiz.result": "owner",
    "reports.new": "owner",
    "reports.create": "owner",
    "auth.revoke_token": "owner",  # the owner's API token; anyone else's gets 404
    "api.get_attempt": "api-owner",
    "api.save_answer": "api-owner",
    "api.finish_attempt": "api-owner",
    "api.result": "api-owner",
    # a live session's players (an account that joined, or the guest cookie); everyone else 404
    "live.play": "live-player",
    "live.answer": "live-player",
    # instructors and admins
    **{
        e: "instructor"
        for e in (
            "author.questions",
            "author.new_question",
            "author.question",
            "author.edit_question",
            "author.move",
            "author.comment",
            "author.quizzes",
            "author.new_quiz",
            "author.edit_quiz",
            "author.preview_quiz",
            "author.bank_json",
            "author.draw_counts_json",
            "author.import_gift",
            "author.export_gift",
            "instructor.queue",
            "instructor.resolve",
            "instructor.analysis_index",
            "instructor.analysis",
            "instructor.questions_csv",
            "instructor.options_csv",
            "instructor.attempts_csv",
            "teach.new",
            "host.index",
            "host.new",
        )
    },
    # the live session's host and admins; students 403, other instructors 404 (tests/test_live)
    **{
        e: "live-host"
        for e in (
            "host.screen",
            "host.state",
            "host.qr",
            "host.move",
            "host.lock",
            "host.remove",
            "host.players_csv",
            "host.questions_csv",
        )
    },
    # the class's own teacher and admins; students 403, other instructors 404 (tests/test_classes)
    **{
        e: "class-teacher"
        for e in (
            "teach.qr",
            "teach.replace_code",
            "teach.assign",
            "teach.gradebook",
            "teach.gradebook_csv",
            "teach.review",
        )
    },
    # on a public blueprint, so anonymous visitors get 403 rather than a login redirect
    "leaderboard.overall_csv": "instructor-tool",
    "leaderboard.quiz_csv": "instructor-tool",
    "leaderboard.settings": "instructor-tool",
    # admins only
    "admin.users": "admin",
    "admin.audit_trail": "admin",
    "admin.set_role": "admin",
    "admin.revoke_tokens": "admin",
}
ROLES = ("anonymous", "owner", "other", "instructor", "admin")
LOGIN = "login"  # a redirect to the login page
EXPECTED = {
    "public": {"anonymous": "ok", "owner": "ok", "other": "ok", "instructor": "ok", "admin": "ok"},
    "member": {"anonymous": LOGIN, "owner": "ok", "other": "ok", "instructor": "ok", "admin": "ok"},
    "owner": {"anonymous": LOGIN, "owner": "ok", "other": 404, "instructor": 404, "admin": 404},
    "instructor": {
        "anonymous": LOGIN,
        "owner": 403,
        "other": 403,
        "instructor": "ok",
        "admin": "ok",
    },
    "class-member": {
        "anonymous": LOGIN,
        "owner": "ok",
        "other": 404,
        "instructor": "ok",
        "admin": "ok",
    },
    "class-teacher": {
        "anonymous": LOGIN,
        "owner": 403,
        "other": 403,
        "instructor": "ok",
        "admin": "ok",
    },
    "live-player": {"anonymous": 404, "owner": "ok", "other": 404, "instructor": 404, "admin": 404},
    "live-host": {
        "anonymous": LOGIN,
        "owner": 403,
        "other": 403,
        "instructor": "ok",
        "admin": "ok",
    },
    "instructor-tool": {
        "anonymous": 403,
        "owner": 403,
        "other": 403,
        "instructor": "ok",
        "admin": "ok",
    },
    "admin": {"anonymous": LOGIN, "owner": 403, "other": 403, "instructor": 403, "admin": "ok"},
    "api-member": {
        "anonymous": 401,
        "owner": "ok",
        "other": "ok",
        "instructor": "ok",
        "admin": "ok",
    },
    "api-owner": {"anonymous": 401, "owner": "ok", "other": 404, "instructor": 404, "admin": 404},
}


def test_every_route_of_the_app_has_an_access_class(app: Flask):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - ACCESS.keys() == set(), "classify the new route in ACCESS"
    assert ACCESS.keys() - endpoints == set(), "ACCESS names a route that is gone"


@pytest.fixture
def world(app, client):
    """Accounts of every kind, a finished attempt of 'owner', a report, a quiz."""
    load_bank(app)
    auth = AuthActions(app, client)
    for name, role in (
        ("owner", Role.STUDENT),
        ("other", Role.STUDENT),
        ("teacher", Role.INSTRUCTOR),
        ("boss", Role.ADMIN),
    ):
        auth.make_user(name, role=role)
    with app.app_context():
        quiz = db.session.execute(
            db.select(Quiz).where(Quiz.slug == "research-or-approved-drug")
        ).scalar_one()
        user = db.session.execute(db.select(User).where(User.username == "owner")).scalar_one()
        teacher = db.session.execute(db.select(User).where(User.username == "teacher")).scalar_one()
        classroom = classes.create_class("Matrix class", teacher.id, now_utc(), None)
        classes.join_class(classroom.join_code, user.id, now_utc())
        assignment = classes.assign_quiz(classroom, quiz, None, None)
        attempt = service.start_attempt(quiz, user.id, now_utc(), assignment)
        service.finish_attempt(attempt, now_utc())
        report = QuestionReport(
            question_id=attempt.question_ids[0],
            user_id=user.id,
            attempt_id=attempt.id,
            reason="wrong",
            comment="",
        )
        db.session.add(report)
        db.session.commit()
        session = live.create_session(quiz, teacher.id, now_utc())
        player = joining.join_as_user(session, user, now_utc())
        image = save_image(clean_image(png()), teacher)
        shown = db.session.get(Question, attempt.question_ids[0])
        shown.extra = {**shown.extra, "image": image_ref(image, "A red square")}
        db.session.commit()
        credentials.issue_token(user, "matrix", now_utc())
        token_id = db.session.execute(db.select(ApiToken.id)).scalar_one()
        return {
            "token_id": token_id,
            "attempt_id": attempt.id,
            "slug": quiz.slug,
            "quiz_id": quiz.id,
            "question_id": attempt.question_ids[0],
            "report_id": report.id,
            "filename": "style.css",
            "name": file_name(image),
            "number": 1,
            "class_id": classroom.id,
            "assignment_id": assignment.id,
            "session_id": session.id,
            "player_id": player.id,
        }


def url_for_rule(app, rule, values):
    """The rule's URL with sample values for its arguments."""
    with app.test_request_context():
        return url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})


def outcome(response, url):
    """What the visitor got: ok, a login redirect, or an error status."""
    if response.status_code in (200, 201, 204):
        return "ok"
    if response.status_code == 303 and response.headers.get("Location") == url:
        return "refused CSRF token"  # never expected: the matrix sends a valid token
    if response.status_code in (301, 302, 303) and "/auth/login" in response.headers.get(
        "Location", ""
    ):
        return LOGIN
    if response.status_code in (301, 302, 303, 409, 422, 400):
        return "ok"  # allowed, then redirected on or refused for its content
    return response.status_code


USERS = {"owner": "owner", "other": "other", "instructor": "teacher", "admin": "boss"}


@pytest.mark.parametrize("role", ROLES)
def test_the_authorization_matrix(app, world, role):
    client = app.test_client()
    if role != "anonymous":
        AuthActions(app, client).login(USERS[role])
    token = csrf_token(client, "/" if role != "anonymous" else "/auth/login")
    failures = []
    for rule in app.url_map.iter_rules():
        access = ACCESS[rule.endpoint]
        expected = EXPECTED.get(access, EXPECTED["public"])[role]
        url = url_for_rule(app, rule, world)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if rule.endpoint == "auth.logout":
                continue  # would end this client's session (and its CSRF token) mid-matrix
            response = client.open(
                url, method=method, data={"csrf_token": token}, headers={"X-CSRFToken": token}
            )
            got = outcome(response, url)
            response.close()
            if method != "GET" and expected == "ok":
                continue  # allowed writes are covered by the feature tests
            if got != expected:
                failures.append(f"{method} {url} ({access}) as {role}: {got}, expected {expected}")
    assert failures == [], "\n".join(failures)
