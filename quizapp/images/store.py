"""Keeping cleaned images and telling who may see one; one commit per function that writes."""

from typing import Any

from sqlalchemy import Text, cast, or_
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.images.clean import EXTENSIONS, CleanImage
from quizapp.models import Question, QuestionImage, QuestionState, QuestionVersion, Role, User

# Students see a question once it is published, and in their reviews after it is retired.
SEEN_BY_STUDENTS = (QuestionState.PUBLISHED.value, QuestionState.RETIRED.value)


def add_image(clean: CleanImage, uploader: User | None) -> QuestionImage:
    """The row of a cleaned image, added if new (the same bytes are the same row); no commit,
    for a GIFT import that saves its questions and their images in one."""
    found = db.session.get(QuestionImage, clean.sha256)
    if found is not None:
        return found
    image = QuestionImage(
        sha256=clean.sha256,
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
        data=clean.data,
        uploader_id=uploader.id if uploader else None,
    )
    db.session.add(image)
    return image


def save_image(clean: CleanImage, uploader: User | None) -> QuestionImage:
    """Keep a cleaned image uploaded with the question form and return its row."""
    image = add_image(clean, uploader)
    try:
        db.session.commit()
    except IntegrityError:
        # The same bytes were saved by another request a moment ago: that row is this one.
        db.session.rollback()
        return db.get_or_404(QuestionImage, clean.sha256)
    return image


def image_ref(image: QuestionImage, alt: str) -> dict[str, Any]:
    """What a question's extra.image holds: which image, its alt text and its size (so the
    page keeps its room before the image arrives)."""
    return {"file": file_name(image), "alt": alt, "width": image.width, "height": image.height}


def file_name(image: QuestionImage) -> str:
    """The image's URL name: its hash and the extension of its type."""
    return f"{image.sha256}.{EXTENSIONS.get(image.content_type, 'img')}"


def may_see(image: QuestionImage, user: Any) -> bool:
    """Instructors see every image (they author every question, drafts too); anyone else only
    one that a published or retired question (or one of its options) shows, now or in a past
    version."""
    if user.has_role(Role.INSTRUCTOR):
        return True
    # The hash is 64 hex characters, so a match inside the stored JSON is that image.
    needle = f"%{image.sha256}%"
    # The question's own image is in extra; its options' images are in options.
    current = db.select(Question.id).where(
        Question.state.in_(SEEN_BY_STUDENTS),
        or_(cast(Question.extra, Text).like(needle), cast(Question.options, Text).like(needle)),
    )
    past = (
        db.select(QuestionVersion.id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(
            Question.state.in_(SEEN_BY_STUDENTS), cast(QuestionVersion.content, Text).like(needle)
        )
    )
    return bool(db.session.execute(db.select(or_(current.exists(), past.exists()))).scalar_one())
