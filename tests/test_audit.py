"""The audit trail: admins see who changed questions and roles."""

from quizapp.extensions import db
from quizapp.models import AuditEvent, Role
from tests.accounts import csrf_token
from tests.quizzes import first_of_type, load_bank
from tests.test_author import post_question


def _events(app):
    with app.app_context():
        return [
            (e.actor.username if e.actor else None, e.action, e.target, e.detail)
            for e in db.session.execute(db.select(AuditEvent).order_by(AuditEvent.id)).scalars()
        ]


def test_question_changes_and_role_changes_are_recorded_for_admins(app, client, auth, runner):
    load_bank(app)
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.make_user("boss", role=Role.ADMIN)
    auth.make_user("pupil")
    auth.login("teacher")
    post_question(client, "true_false")
    qid = first_of_type("single")[0]
    token = csrf_token(client, f"/author/questions/{qid}")
    client.post(f"/author/questions/{qid}/state", data={"csrf_token": token, "state": "retired"})
    client.post(
        "/author/import",
        data={
            "csrf_token": token,
            "confirm": "yes",
            "text": "::G:: Imported? {T}",
            "status": "rule",
            "as_of": "2026-01-01",
        },
    )
    auth.logout()
    auth.login("boss")
    client.post(
        "/admin/users/role",
        data={
            "csrf_token": csrf_token(client, "/admin/users"),
            "username": "pupil",
            "role": "instructor",
        },
    )
    runner.invoke(args=["users", "set-role", "pupil", "student"])
    events = _events(app)
    actions = [(who, action) for who, action, _, _ in events]
    assert ("teacher", "question.created") in actions
    assert ("teacher", "question.state") in actions and ("teacher", "question.imported") in actions
    assert ("boss", "role.changed") in actions and (None, "role.changed") in actions
    retired = next(e for e in events if e[1] == "question.state")
    assert retired[2] == qid and retired[3] == "published → retired"
    page = client.get("/admin/audit?action=role.changed").get_data(as_text=True)
    assert "user:pupil" in page and "student → instructor" in page and "command line" in page
    assert "question.created" not in page.split("<tbody>")[1]
