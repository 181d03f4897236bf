"""The audit trail: who did what to which question or account."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.clock import now_utc
from quizapp.models.user import User


class AuditEvent(db.Model):  # type: ignore[name-defined,misc]
    """Who did what to which question or account, for admins: never edited, never deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: a command
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(250))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)

    actor: Mapped[User | None] = relationship()
