"""Classes: create, join, assign; one commit per function, plain values in, no request objects."""

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from quizapp.dates import when_text
from quizapp.extensions import db
from quizapp.models import Assignment, ClassMember, Classroom, Quiz, User
from quizapp.quiz.service import retime_assignment_attempts

# No 0/O, 1/I/L: a code read off a projector or a phone must be typed back without doubt.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


class JoinRefused(Exception):
    """The code does not let this student in; the message says why, in words for the student."""


def new_join_code() -> str:
    """A fresh random join code (31^8, about 8.5e11 codes: not guessable at the login limits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(typed: str) -> str:
    """A code as typed, made comparable: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")


def create_class(name: str, instructor_id: int, now: datetime, valid_days: int | None) -> Classroom:
    """A new class with a fresh join code, valid for valid_days (None: until replaced)."""
    classroom = Classroom(
        name=name.strip(),
        instructor_id=instructor_id,
        join_code=new_join_code(),
        code_expires_at=now + timedelta(days=valid_days) if valid_days else None,
        created_at=now,
    )
    db.session.add(classroom)
    db.session.commit()
    return classroom


def replace_code(classroom: Classroom, now: datetime, valid_days: int | None) -> None:
    """Give the class a new join code; the old one stops working at once (members stay)."""
    classroom.join_code = new_join_code()
    classroom.code_expires_at = now + timedelta(days=valid_days) if valid_days else None
    db.session.commit()


def join_class(code: str, user_id: int, now: datetime) -> Classroom:
    """Put the student in the class whose code this is; JoinRefused says why not.

    Two joins racing (a double click) collide on the membership's unique key: the loser is
    told the student is in the class already, which is true.
    """
    wanted = normal_code(code)
    classroom = db.session.execute(
        db.select(Classroom).where(Classroom.join_code == wanted)
    ).scalar_one_or_none()
    if classroom is None:
        raise JoinRefused(
            f"No class has the code {wanted or '(empty)'}. Check it with your instructor: "
            "it may have been replaced by a new one."
        )
    if classroom.code_expires_at is not None and now >= classroom.code_expires_at:
        raise JoinRefused(
            f"The code for {classroom.name} expired on "
            f"{when_text(classroom.code_expires_at)}. Ask your instructor for a new one."
        )
    if is_member(classroom, user_id):
        raise JoinRefused(f"You are already in {classroom.name}.")
    db.session.add(ClassMember(classroom_id=classroom.id, user_id=user_id, joined_at=now))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise JoinRefused(f"You are already in {classroom.name}.") from None
    return classroom


def is_member(classroom: Classroom, user_id: int) -> bool:
    """True when the student is in the class."""
    return (
        db.session.execute(
            db.select(ClassMember.id).where(
                ClassMember.classroom_id == classroom.id, ClassMember.user_id == user_id
            )
        ).first()
        is not None
    )


def assign_quiz(
    classroom: Classroom, quiz: Quiz, opens_at: datetime | None, closes_at: datetime | None
) -> Assignment:
    """Assign the quiz to the class with this window, or move the window of its assignment;
    open attempts started through it get the new close as their deadline."""
    assignment = db.session.execute(
        db.select(Assignment).where(
            Assignment.classroom_id == classroom.id, Assignment.quiz_id == quiz.id
        )
    ).scalar_one_or_none()
    if assignment is None:
        assignment = Assignment(classroom_id=classroom.id, quiz_id=quiz.id)
        db.session.add(assignment)
    assignment.opens_at, assignment.closes_at = opens_at, closes_at
    db.session.flush()
    retime_assignment_attempts(assignment)
    db.session.commit()
    return assignment


def window_of(assignment: Assignment) -> tuple[datetime | None, datetime | None]:
    """When the class may take the quiz: the later of the two opens, the earlier of the closes."""
    quiz = assignment.quiz
    opens = [t for t in (quiz.opens_at, assignment.opens_at) if t is not None]
    closes = [t for t in (quiz.closes_at, assignment.closes_at) if t is not None]
    return (max(opens) if opens else None, min(closes) if closes else None)


def window_state(assignment: Assignment, now: datetime) -> str:
    """ "upcoming", "open" or "closed" for the class at now."""
    opens, closes = window_of(assignment)
    if opens is not None and now < opens:
        return "upcoming"
    if closes is not None and now >= closes:
        return "closed"
    return "open"


def classes_taught(user: User) -> list[Classroom]:
    """The classes an instructor teaches (an admin: every class), newest first."""
    query = db.select(Classroom).order_by(Classroom.id.desc())
    if user.role != "admin":
        query = query.where(Classroom.instructor_id == user.id)
    return list(db.session.execute(query).scalars())


def classes_joined(user_id: int) -> list[Classroom]:
    """The classes a student is in, newest first."""
    return list(
        db.session.execute(
            db.select(Classroom)
            .join(ClassMember, ClassMember.classroom_id == Classroom.id)
            .where(ClassMember.user_id == user_id)
            .order_by(Classroom.id.desc())
        ).scalars()
    )


def members_of(classroom: Classroom) -> list[User]:
    """The class's students, by display name."""
    return list(
        db.session.execute(
            db.select(User)
            .join(ClassMember, ClassMember.user_id == User.id)
            .where(ClassMember.classroom_id == classroom.id)
            .order_by(User.display_name, User.id)
        ).scalars()
    )


def assignments_of(classroom: Classroom) -> Sequence[Assignment]:
    """The class's assignments, in the order they were set."""
    return list(
        db.session.execute(
            db.select(Assignment)
            .where(Assignment.classroom_id == classroom.id)
            .order_by(Assignment.id)
        ).scalars()
    )
