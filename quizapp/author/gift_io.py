"""Moving GIFT questions in and out of the bank: one commit per import."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from quizapp import audit
from quizapp.core.gift import GiftError, GiftParse, export_gift, to_question_dict
from quizapp.extensions import db
from quizapp.models import Origin, Question, QuestionState, User
from quizapp.versions import change_content, content_of
from quizapp.workflow import new_question


@dataclass
class ImportReport:
    """What an import did."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: int = 0

    def summary(self) -> str:
        """One sentence for the instructor."""
        return (
            f"Imported {len(self.created)} new question(s) as drafts; "
            f"{len(self.updated)} updated, {len(self.unchanged)} already in the bank"
            + (f"; {self.problems} skipped with problems." if self.problems else ".")
        )


def preview_rows(parsed: GiftParse) -> list[dict[str, Any]]:
    """What each parsed question would become."""
    rows = []
    for question in parsed.questions:
        data = to_question_dict(question)
        exists = db.session.get(Question, data["id"]) is not None
        rows.append(
            {
                "line": question.line,
                "name": question.name or "",
                "kind": question.kind,
                "type": data["type"],
                "prompt": data["prompt"][:120],
                "answers": len(data["options"]) or _answer_count(data["answer"]),
                "exists": exists,
            }
        )
    return rows


def _answer_count(answer: Any) -> int:
    """How many answers a non-choice answer key holds."""
    return len(answer) if isinstance(answer, list) else (0 if answer is None else 1)


def import_questions(
    parsed: GiftParse, status: str, as_of: date, author: User | None
) -> ImportReport:
    """Save the parsed questions by id: new ones as drafts, changed ones as new versions."""
    report = ImportReport(problems=len(parsed.problems))
    author_id = author.id if author else None
    seen: set[str] = set()
    for gift_question in parsed.questions:
        data = to_question_dict(gift_question)
        if data["id"] in seen:
            continue  # the same question twice in one file is one question
        seen.add(data["id"])
        content = {**data, "status": status, "as_of": as_of}
        del content["id"]
        existing = db.session.get(Question, data["id"])
        if existing is None:
            question = new_question(
                data["id"],
                {**content, "template": "gift"},
                origin=Origin.IMPORTED,
                state=QuestionState.DRAFT,
                actor_id=author_id,
                note="imported from GIFT",
            )
            report.created.append(question.id)
        else:
            keep = {k: v for k, v in content.items() if k not in ("status", "as_of")}
            before = content_of(existing)
            if change_content(existing, keep, author_id, "re-imported from GIFT"):
                audit.record(
                    author_id,
                    "question.imported",
                    existing.id,
                    f"re-imported from GIFT as version {existing.version}",
                )
                report.updated.append(existing.id)
            elif before == content_of(existing):
                report.unchanged.append(existing.id)
    db.session.commit()
    return report


def export_questions(state: str | None) -> tuple[str, list[str]]:
    """GIFT text of the bank (one state, or all but retired) and the ids it had to skip."""
    query = db.select(Question).order_by(Question.id)
    query = (
        query.where(Question.state == state)
        if state
        else query.where(Question.state != QuestionState.RETIRED.value)
    )
    exported, skipped = [], []
    for question in db.session.execute(query).scalars():
        data = {"id": question.id, **content_of(question)}
        try:
            exported.append(export_gift([data]))
        except GiftError:
            skipped.append(question.id)
    return "\n".join(exported), skipped
