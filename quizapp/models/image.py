"""Images shown in questions, kept in the database (every app server sees them, backups hold
them)."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models.clock import now_utc


class QuestionImage(db.Model):  # type: ignore[name-defined,misc]
    """An uploaded image after cleaning, named by the SHA-256 of its bytes.

    Never changed and never deleted: a question refers to it from extra.image, and so do its
    past versions, which students' reviews still show.
    """

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(20))
    width: Mapped[int]
    height: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
