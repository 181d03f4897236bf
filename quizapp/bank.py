"""The question bank: the fact base loaded once per app, and the sync into the database."""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from flask import current_app

from quizapp.core import generate as generation
from quizapp.core.content import read_fact_base
from quizapp.core.facts import FactBase
from quizapp.core.questions import Question as CoreQuestion
from quizapp.core.selection import blueprint_problems
from quizapp.core.titles import distinct_fact_titles, first_words
from quizapp.extensions import db
from quizapp.models import Origin, Question, QuestionState, Quiz, now_utc
from quizapp.versions import CONTENT_FIELDS, change_content
from quizapp.workflow import may_move, new_question, record_move


def fact_base() -> FactBase:
    """The validated fact base of the running app, read from CONTENT_FOLDER once."""
    cache = current_app.extensions.setdefault("quizapp.fact_base", {})
    folder = Path(current_app.config["CONTENT_FOLDER"])
    if folder not in cache:
        cache[folder] = read_fact_base(folder)
    base: FactBase = cache[folder]
    return base


def generated_questions() -> list[CoreQuestion]:
    """The generated bank for the app's seed."""
    return generation.generate(fact_base(), seed=current_app.config["BANK_SEED"])


def content_hash(question: CoreQuestion) -> str:
    """A fingerprint of a generated question's content."""
    payload = json.dumps(question.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def fact_titles(questions: list[CoreQuestion]) -> dict[str, str]:
    """Each generated question's title, by id: from the facts it tests (an event's name, else
    the statement's first words), else from its text."""
    base = fact_base()
    tellings = {f.id: f.event or f.statement for f in base.facts}
    tellings |= {m.id: m.statement for m in base.misconceptions}
    told = {q.id: [tellings[f] for f in q.facts if f in tellings] for q in questions}
    titles = distinct_fact_titles(told)
    return {q.id: titles[q.id] or first_words(q.prompt) for q in questions}


def _columns(question: CoreQuestion) -> dict[str, Any]:
    """The database columns for a generated question."""
    data = question.to_dict()
    data["as_of"] = question.as_of
    data["template"] = question.template
    return {name: data[name] for name in CONTENT_FIELDS}


# The comments the sync writes in a question's history when it moves one.
REVIVED = "Its facts are back in the fact base."
FLAGGED = "The facts behind it changed since an instructor edited it."
ORPHANED = "Its facts left the fact base; past answers keep their meaning."


@dataclass
class SyncReport:
    """What a sync did, question ids per outcome."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    revived: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        """True when the sync wrote anything."""
        return bool(self.added or self.updated or self.flagged or self.retired or self.revived)


def sync_bank(questions: list[CoreQuestion], arrive_as: QuestionState) -> SyncReport:
    """Upsert generated questions by id, in one commit.

    New questions arrive as `arrive_as`; unedited ones follow their facts; an instructor's edit
    is never overwritten (the question goes to review instead, where the workflow allows it: a
    retired one stays retired, with the note); a question whose facts are gone is retired,
    never deleted, so past answers keep their meaning. Every move goes through the workflow.
    """
    report = SyncReport()
    existing = {
        q.id: q
        for q in db.session.execute(
            db.select(Question).where(Question.origin == Origin.GENERATED.value)
        ).scalars()
    }
    now = now_utc()
    titles = fact_titles(questions)
    for question in questions:
        fingerprint = content_hash(question)
        row = existing.pop(question.id, None)
        if row is None:
            new_question(
                question.id,
                {**_columns(question), "title": titles[question.id]},
                origin=Origin.GENERATED,
                state=arrive_as,
                actor_id=None,
                note="generated from the fact base",
                content_hash=fingerprint,
            )
            report.added.append(question.id)
            continue
        if not (row.edited and row.title):
            # Its title follows its facts (one given before titles existed included), unless
            # an instructor named it.
            row.title = titles[question.id]
        if row.orphaned and may_move(row, arrive_as, returns_orphan=True):
            # Its facts are back: so is the question, as the workflow allows the sync alone.
            row.orphaned = False
            record_move(row, arrive_as, None, REVIVED, now, returns_orphan=True)
            report.revived.append(question.id)
        elif row.content_hash == fingerprint:
            report.unchanged += 1
        if row.content_hash == fingerprint:
            continue
        row.content_hash = fingerprint
        if row.edited:
            row.review_note = (
                "The facts behind this question changed since it was edited: "
                "compare it with the fact base and publish again."
            )
            # The workflow decides: a retired question stays retired, with the note.
            if may_move(row, QuestionState.REVIEW):
                record_move(row, QuestionState.REVIEW, None, FLAGGED, now)
            report.flagged.append(question.id)
        else:
            change_content(row, _columns(question), None, "the facts behind it changed")
            report.updated.append(question.id)
    for row in existing.values():
        if row.state != QuestionState.RETIRED.value:
            record_move(row, QuestionState.RETIRED, None, ORPHANED, now)
            row.orphaned = True
            report.retired.append(row.id)
    db.session.commit()
    return report


QUIZ_FIELDS = (
    "title",
    "exam_pool",
    "description",
    "draw_count",
    "draw_filter",
    "question_ids",
    "feedback_mode",
    "one_per_page",
    "time_limit_seconds",
    "max_attempts",
    "grading_method",
    "pass_mark",
    "shuffle_questions",
    "leaderboard",
    "blueprint",
)


def builtin_quiz_specs() -> list[dict[str, Any]]:
    """The built-in quizzes described in CONTENT_FOLDER/quizzes.yaml."""
    path = Path(current_app.config["CONTENT_FOLDER"]) / "quizzes.yaml"
    specs: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["quizzes"]
    return specs


# What a built-in quiz draws: content, like its questions, so sync keeps it in step with
# quizzes.yaml until an instructor edits it (then it is the instructor's).
DRAW_FIELDS = ("draw_count", "draw_filter", "blueprint")


@dataclass
class QuizSyncReport:
    """What a sync did to the built-in quizzes: created, updated (slug: fields), kept."""

    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)


def sync_builtin_quizzes(specs: list[dict[str, Any]]) -> QuizSyncReport:
    """Create each built-in quiz that does not exist yet; bring an existing one's draw
    settings in step with its spec unless an instructor edited it; never its other settings."""
    existing = {
        q.slug: q for q in db.session.execute(db.select(Quiz).where(Quiz.builtin)).scalars()
    }
    existing_slugs = set(db.session.execute(db.select(Quiz.slug)).scalars())
    report = QuizSyncReport()
    for spec in specs:
        problems = blueprint_problems(spec.get("blueprint", {}))
        if problems:
            raise ValueError(f"quiz {spec['slug']!r}: " + "; ".join(problems))
        unknown = set(spec) - {"slug", *QUIZ_FIELDS}
        if unknown:
            raise ValueError(f"quiz {spec['slug']!r}: unknown field(s) {sorted(unknown)}")
        if spec["slug"] in existing_slugs:
            quiz = existing.get(spec["slug"])
            if quiz is None:
                continue  # an instructor's own quiz took the slug: never touched
            wanted = {
                name: spec.get(name, {} if name != "draw_count" else None) for name in DRAW_FIELDS
            }
            changed = [name for name, value in wanted.items() if getattr(quiz, name) != value]
            if changed and quiz.edited:
                report.kept.append(quiz.slug)
            elif changed:
                for name in changed:
                    setattr(quiz, name, wanted[name])
                report.updated[quiz.slug] = changed
            continue
        db.session.add(
            Quiz(
                slug=spec["slug"],
                builtin=True,
                published=True,
                **{k: spec[k] for k in QUIZ_FIELDS if k in spec},
            )
        )
        report.created.append(spec["slug"])
    db.session.commit()
    return report


def export_rows() -> list[dict[str, Any]]:
    """Every question of the bank as export objects (the documented JSON schema)."""
    rows = db.session.execute(db.select(Question).order_by(Question.id)).scalars()
    return [question_dict(row) for row in rows]


def _option_dict(option: Mapping[str, Any]) -> dict[str, Any]:
    """One option in the export schema: its feedback (why this pick does or does not fit)
    and its text format when it has them."""
    shown = {"id": option["id"], "text": option["text"], "correct": option["correct"]}
    return shown | {k: option[k] for k in ("feedback", "format") if option.get(k)}


def question_dict(row: Question) -> dict[str, Any]:
    """One stored question in the export schema."""
    return {
        "id": row.id,
        "type": row.type,
        "prompt": row.prompt,
        "options": [_option_dict(o) for o in row.options],
        "answer": row.answer,
        "status": row.status,
        "conditional": row.conditional,
        "facts": row.facts,
        "as_of": row.as_of.isoformat(),
        "article": row.article,
        "correction": row.correction,
        "sources": row.sources,
        "explanation": row.explanation,
        "tags": row.tags,
        "extra": row.extra,
        "state": row.state,
        "origin": row.origin,
    }
