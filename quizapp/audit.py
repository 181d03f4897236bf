"""The audit trail: one row per change that matters, added inside the caller's transaction."""

from quizapp.extensions import db
from quizapp.models import AuditEvent, User

ACTIONS = (
    "question.created",
    "question.edited",
    "question.state",
    "question.imported",
    "role.changed",
    "tokens.revoked",
    "report.resolved",
    "report.dismissed",
)


def record(actor: User | int | None, action: str, target: str, detail: str = "") -> None:
    """Note who did what to which target (no commit: the caller's service commits)."""
    actor_id = actor.id if isinstance(actor, User) else actor
    db.session.add(
        AuditEvent(actor_id=actor_id, action=action, target=target[:250], detail=detail[:2000])
    )
