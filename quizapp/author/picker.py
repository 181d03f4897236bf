"""The quiz builder's question picker: find questions in the bank, keep the chosen ones in
order, and count what a random draw and each need of its blueprint can use."""

from collections.abc import Mapping, Sequence
from typing import Any

from flask import render_template
from sqlalchemy import Select, String, cast, or_

from quizapp.core.kinds import type_labels
from quizapp.core.selection import covers
from quizapp.core.status import Status
from quizapp.extensions import db
from quizapp.models import Question, Quiz
from quizapp.quiz.present import public_question
from quizapp.quiz.service import available_questions, published_candidates

FILTERS = ("status", "type", "tag", "fact", "state", "origin")
STATES = ("draft", "review", "published", "retired")
SHOWN = 50  # questions listed at once: a search narrows the rest


def bank_query(args: Mapping[str, str]) -> Select[tuple[Question]]:
    """Questions matching the bank's filters (status, type, tag, fact, state, origin, id) and
    its search words (in the title, the prompt or the id); empty values filter nothing."""
    query = db.select(Question)
    for name in ("status", "type", "state", "origin", "id"):
        if args.get(name):
            query = query.where(getattr(Question, name) == args[name])
    for name, column in (("tag", Question.tags), ("fact", Question.facts)):
        if args.get(name):
            query = query.where(cast(column, String).like(f'%"{args[name]}"%'))
    if args.get("q"):
        words = f"%{args['q']}%"
        query = query.where(
            or_(Question.title.ilike(words), Question.prompt.ilike(words), Question.id.ilike(words))
        )
    return query


def search(args: Mapping[str, str]) -> tuple[list[Question], int]:
    """The first SHOWN questions matching the picker's filters, newest first, and how many
    match in all."""
    query = bank_query(args)
    total = db.session.execute(
        db.select(db.func.count()).select_from(query.subquery())
    ).scalar_one()
    rows = db.session.execute(
        query.order_by(Question.updated_at.desc(), Question.id).limit(SHOWN)
    ).scalars()
    return list(rows), total


def in_order(ids: Sequence[str]) -> list[tuple[str, Question | None]]:
    """The chosen ids with their questions (None for an id the bank does not have)."""
    rows = db.session.execute(db.select(Question).where(Question.id.in_(ids))).scalars()
    found = {q.id: q for q in rows}
    return [(qid, found.get(qid)) for qid in ids]


def chosen_after(chosen: Sequence[str], form: Mapping[str, Any]) -> list[str]:
    """The chosen ids after the picker's ticks and its one button pressed, if any.

    A ticked box (`pick`) adds its question at the end; a question listed (`shown`) but not
    ticked leaves; a question not listed stays where it is. Buttons: up, down, remove.
    """
    shown = set(form.getlist("shown")) if hasattr(form, "getlist") else set()
    ticked = form.getlist("pick") if hasattr(form, "getlist") else []
    result = [qid for qid in dict.fromkeys(chosen) if qid not in shown or qid in ticked]
    result += [qid for qid in dict.fromkeys(ticked) if qid not in result]
    verb, _, qid = str(form.get("picker", "")).partition(":")
    if qid in result:
        at = result.index(qid)
        if verb == "remove":
            result.remove(qid)
        elif verb == "up" and at > 0:
            result[at - 1], result[at] = result[at], result[at - 1]
        elif verb == "down" and at < len(result) - 1:
            result[at + 1], result[at] = result[at], result[at + 1]
    return result


def row(question: Question, chosen: bool = False) -> dict[str, Any]:
    """One question as the picker's script lists it, with its preview."""
    status = Status(question.status) if question.status else None
    return {
        "id": question.id,
        "title": question.heading,
        "prompt": question.prompt,
        "type": type_labels().get(question.type, question.type),
        "status": status.label if status else "",
        "state": question.state,
        "tags": list(question.tags or []),
        "chosen": chosen,
        "preview": preview_html(question),
    }


def preview_html(question: Question) -> str:
    """The question as a student sees it, with what an instructor needs beside it."""
    return render_template(
        "author/_pick_preview.html", q=question, types=type_labels(), public_view=public_view
    )


def public_view(question: Question) -> dict[str, Any]:
    """The question as a student sees it, options in a fixed order (a preview's, not an
    attempt's)."""
    return public_question(question, 0)


def draw_probe(
    quiz: Quiz | None, types: list[str], statuses: list[str], tags: str, exam_pool: bool
) -> Quiz:
    """An unsaved quiz drawing at random by the builder's filter, to count what it can use;
    a stored quiz's id (its own exam pool is not kept from it) and templates carried over."""
    draw_filter: dict[str, list[str]] = {
        "types": types,
        "statuses": statuses,
        "tags": [t.strip() for t in tags.split(",") if t.strip()][:50],
    }
    if quiz is not None and (quiz.draw_filter or {}).get("templates"):
        draw_filter["templates"] = quiz.draw_filter["templates"]
    return Quiz(
        id=quiz.id if quiz else None, draw_count=1, draw_filter=draw_filter, exam_pool=exam_pool
    )


def draw_counts(quiz: Quiz, needs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """How many published questions the quiz's draw can use, and how many of them meet each
    need of its blueprint (the same rule the draw uses: quizapp.core.selection.covers)."""
    usable = set(available_questions(quiz))
    pool = [c for c in published_candidates() if c.id in usable]
    return {
        "available": len(pool),
        "needs": [sum(covers(c, need) for c in pool) if need else None for need in needs],
    }
