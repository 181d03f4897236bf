"""A question's life in the bank: how it arrives, and how it moves along the review workflow.

Every screen and command creates questions with `new_question` and moves them with
`move_question` (or `record_move`, inside a larger change). The rule is quizapp.core.workflow's;
this module loads what it needs (the question's problems), writes the move with its comment and
audit row, and commits once. No request, flash or abort.
"""

from datetime import datetime
from typing import Any

from quizapp import audit
from quizapp.core.facts import ArticleRef, Source, Verdict
from quizapp.core.kinds import UNKNOWN, kind_of
from quizapp.core.kinds import problems as question_problems
from quizapp.core.questions import Option
from quizapp.core.questions import Question as CoreQuestion
from quizapp.core.status import Status
from quizapp.core.workflow import QuestionState, refusal, state_change
from quizapp.extensions import db
from quizapp.models import Origin, Question, QuestionComment, now_utc
from quizapp.versions import record_version

# What a new question holds when its content does not say (a question written or imported
# here quotes no article and cites no source).
NEW_CONTENT = {"article": None, "correction": None, "sources": [], "tags": [], "extra": {}}
AUDIT_ACTIONS = {Origin.AUTHORED: "question.created", Origin.IMPORTED: "question.imported"}


class Refused(Exception):
    """The move is not allowed; the message says why, in words for people."""


def as_core(question: Question) -> CoreQuestion:
    """A stored question as the core sees it; ValueError when its type or status is unknown."""
    article: dict[str, Any] | None = question.article
    kind = kind_of(question.type)  # the registry's, so that any kind it holds is known
    if kind is UNKNOWN:
        raise ValueError(f"no kind of question is called {question.type}")
    return CoreQuestion(
        id=question.id,
        type=kind.type,
        prompt=question.prompt,
        answer=question.answer,
        status=Status(question.status),
        facts=tuple(question.facts or ()),
        as_of=question.as_of,
        explanation=question.explanation or "",
        options=tuple(
            Option(o["id"], o["text"], bool(o.get("correct")), o.get("feedback") or "")
            for o in question.options or ()
        ),
        conditional=question.conditional,
        article=ArticleRef(article["quote"], article["section"], Verdict(article["verdict"]))
        if article
        else None,
        correction=question.correction,
        sources=tuple(Source(s["publication"], s["url"]) for s in question.sources or ()),
        tags=tuple(question.tags or ()),
        template=question.template,
        extra=question.extra or {},
    )


def new_question(
    question_id: str,
    content: dict[str, Any],
    *,
    origin: Origin,
    state: QuestionState,
    actor_id: int | None,
    note: str,
    content_hash: str = "",
) -> Question:
    """Add a question in its first state with its first version (`note`), without committing:
    the bank sync and a GIFT import add many in one commit, the author form one.

    One written or imported by a person is `edited` (the sync never overwrites it) and gets a
    line in its history and in the audit trail; generated ones are listed by the sync's report.
    """
    question = Question(
        id=question_id,
        state=state.value,
        origin=origin.value,
        version=1,
        edited=origin is not Origin.GENERATED,
        content_hash=content_hash,
        **{**NEW_CONTENT, "template": origin.value, **content},
    )
    db.session.add(question)
    record_version(question, actor_id, note)
    if origin in AUDIT_ACTIONS:
        db.session.add(
            QuestionComment(
                question_id=question.id,
                author_id=actor_id,
                body=f"{note[:1].upper()}{note[1:]}.",
                state_change=state.value,
            )
        )
        detail = f"{question.type}, {state.value}" if origin is Origin.AUTHORED else note
        audit.record(actor_id, AUDIT_ACTIONS[origin], question.id, detail)
    return question


def publish_problems(question: Question) -> list[str]:
    """Why the question cannot be published yet: the core's one rule (empty when it can)."""
    try:
        return question_problems(as_core(question))
    except (ValueError, KeyError, TypeError):
        return [f"its type ({question.type}) or status ({question.status}) is not one we know"]


def state_named(value: str) -> QuestionState:
    """The workflow state with this value; Refused for any other text."""
    try:
        return QuestionState(value)
    except ValueError:
        raise Refused(f"A question cannot move to {value[:20]}.") from None


def may_move(question: Question, target: QuestionState, *, returns_orphan: bool = False) -> bool:
    """True when the workflow allows the move now (to publish: when the question is sound)."""
    found = publish_problems(question) if target is QuestionState.PUBLISHED else []
    current = QuestionState(question.state)
    return refusal(current, target, found, returns_orphan=returns_orphan) is None


def record_move(
    question: Question,
    target: QuestionState,
    actor_id: int | None,
    comment: str,
    now: datetime,
    *,
    returns_orphan: bool = False,
) -> None:
    """Check a move against the workflow's rule and write it, its comment and its audit row,
    without committing: for a service that moves a question as part of a larger change (a
    report's resolution, the bank sync). Refused when the rule forbids the move."""
    current = QuestionState(question.state)
    found = publish_problems(question) if target is QuestionState.PUBLISHED else []
    why = refusal(current, target, found, returns_orphan=returns_orphan)
    if why:
        raise Refused(why)
    db.session.add(
        QuestionComment(
            question_id=question.id,
            author_id=actor_id,
            body=comment or f"Moved to {target.label.casefold()}.",
            state_change=state_change(current, target),
            created_at=now,
        )
    )
    audit.record(actor_id, "question.state", question.id, state_change(current, target))
    question.state = target.value
    if target is QuestionState.PUBLISHED:
        question.review_note = None


def move_question(
    question: Question, target: str, actor_id: int | None, comment: str, now: datetime | None = None
) -> QuestionState:
    """Move a question to the state named `target`, with its comment and audit row, in one
    commit; Refused (nothing written) when the workflow forbids it. Returns the new state."""
    state = state_named(target)
    record_move(question, state, actor_id, comment.strip(), now or now_utc())
    db.session.commit()
    return state
