"""Classes: an instructor's students, joined with a code, and the quizzes assigned to them."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.clock import now_utc
from quizapp.models.quiz import Quiz
from quizapp.models.user import User


class Classroom(db.Model):  # type: ignore[name-defined,misc]
    """A class: an instructor's group of students, joined with a code (quizapp.classes)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    instructor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    code_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    instructor: Mapped[User] = relationship()


class ClassMember(db.Model):  # type: ignore[name-defined,misc]
    """A student in a class; a student may be in several."""

    __table_args__ = (UniqueConstraint("classroom_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=now_utc)

    user: Mapped[User] = relationship()


class Assignment(db.Model):  # type: ignore[name-defined,misc]
    """A quiz set to a class, with the class's own open and close times (None: the quiz's)."""

    __table_args__ = (UniqueConstraint("classroom_id", "quiz_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]

    quiz: Mapped[Quiz] = relationship()
    classroom: Mapped[Classroom] = relationship()
