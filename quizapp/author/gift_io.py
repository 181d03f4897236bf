"""Moving GIFT questions in and out of the bank: one commit per import."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from quizapp import audit
from quizapp.core.gift import (
    GiftError,
    GiftImage,
    GiftParse,
    GiftQuestion,
    export_gift,
    image_of,
    image_tag,
    legacy_gift_id,
    to_question_dict,
    with_option_images,
)
from quizapp.core.kinds import kind_of
from quizapp.core.questions import option_id
from quizapp.core.titles import clean_title
from quizapp.extensions import db
from quizapp.images.clean import ImageRefused, clean_image
from quizapp.images.store import add_image, image_ref
from quizapp.models import Origin, Question, QuestionImage, QuestionState, User
from quizapp.versions import change_content, content_of
from quizapp.workflow import new_question


@dataclass
class ImportReport:
    """What an import did."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: int = 0
    merged: int = 0
    clashes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One sentence for the instructor."""
        return (
            f"Imported {len(self.created)} new question(s) as drafts; "
            f"{len(self.updated)} updated, {len(self.unchanged)} already in the bank"
            + (f"; {merged_text(self.merged)}" if self.merged else "")
            + (f"; {clash_text(self.clashes)}" if self.clashes else "")
            + (f"; {self.problems} skipped with problems." if self.problems else ".")
        )


def merged_text(merged: int) -> str:
    """How the report names the exact duplicates it merged."""
    return f"{merged} merged as exact duplicate(s) of another question in the file"


def clash_text(clashes: list[str]) -> str:
    """How the report names questions skipped because another one in the file has their id."""
    return (
        f"{len(clashes)} skipped: another question in the file has the same [id:...] "
        f"({', '.join(clashes[:5])}{' ...' if len(clashes) > 5 else ''})"
    )


@dataclass
class _Sorted:
    """The questions of a file, one per id, with the exact duplicates and id clashes set apart."""

    questions: list[tuple[GiftQuestion, dict[str, Any]]] = field(default_factory=list)
    duplicate_of: dict[int, int] = field(default_factory=dict)
    clashes: dict[int, int] = field(default_factory=dict)


def _sort_out(parsed: GiftParse) -> _Sorted:
    """One entry per id: a later question with the same id and the same content is an exact
    duplicate (merged); one with the same [id:...] but other content clashes (skipped)."""
    result = _Sorted()
    first: dict[str, tuple[int, dict[str, Any]]] = {}
    for question in parsed.questions:
        data = to_question_dict(question)
        if data["id"] not in first:
            first[data["id"]] = (question.line, data)
            result.questions.append((question, data))
        elif first[data["id"]][1] == data:
            result.duplicate_of[question.line] = first[data["id"]][0]
        else:
            result.clashes[question.line] = first[data["id"]][0]
    return result


def duplicates(parsed: GiftParse) -> tuple[int, int]:
    """How many questions of a file are exact duplicates of an earlier one (merged into it),
    and how many share an earlier one's [id:...] with other content (skipped)."""
    sorted_out = _sort_out(parsed)
    return len(sorted_out.duplicate_of), len(sorted_out.clashes)


def preview_rows(parsed: GiftParse) -> list[dict[str, Any]]:
    """What each parsed question would become; an exact duplicate or an id clash says of which
    line."""
    rows = []
    sorted_out = _sort_out(parsed)
    for question in parsed.questions:
        data = to_question_dict(question)
        rows.append(
            {
                "line": question.line,
                "name": question.name or "",
                "kind": question.kind,
                "type": data["type"],
                "prompt": _listed_prompt(data)[:120],
                "answers": len(data["options"]) or _answer_count(data["answer"]),
                "exists": _existing(question, data) is not None,
                "duplicate_of": sorted_out.duplicate_of.get(question.line),
                "clashes_with": sorted_out.clashes.get(question.line),
            }
        )
    return rows


def _existing(question: GiftQuestion, data: dict[str, Any]) -> Question | None:
    """The bank's question this one is: by its id, or, for a question imported before answers
    were part of the id, by the old id when the content is the same."""
    existing = db.session.get(Question, data["id"])
    if existing is not None or question.idnumber:
        return existing
    legacy = db.session.get(Question, legacy_gift_id(question))
    if legacy is None:
        return None
    before = content_of(legacy)
    keep = {k: v for k, v in data.items() if k not in ("id", "status", "as_of")}
    return legacy if {**before, **keep} == before else None


def _answer_count(answer: Any) -> int:
    """How many answers a non-choice answer key holds."""
    return len(answer) if isinstance(answer, list) else (0 if answer is None else 1)


def import_questions(
    parsed: GiftParse, status: str, as_of: date, author: User | None
) -> ImportReport:
    """Save the parsed questions by id: new ones as drafts, changed ones as new versions."""
    sorted_out = _sort_out(parsed)
    report = ImportReport(problems=len(parsed.problems), merged=len(sorted_out.duplicate_of))
    report.clashes = [f"line {line}" for line in sorted(sorted_out.clashes)]
    author_id = author.id if author else None
    for gift_question, data in sorted_out.questions:
        content = _image_kept({**data, "status": status, "as_of": as_of}, author)
        content["title"] = clean_title(gift_question.name, data["prompt"])
        del content["id"]
        existing = _existing(gift_question, data)
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
        data = with_option_images(data, _option_tags(question))
        try:
            exported.append(export_gift([data], _image_tags(question)))
        except GiftError:
            skipped.append(question.id)
    return "\n".join(exported), skipped


def _image_tags(question: Question) -> dict[str, str]:
    """The question's image as the <img> its GIFT text starts with (a data: URI), if any."""
    tag = _tag((question.extra or {}).get("image"))
    return {question.id: tag} if tag else {}


def _option_tags(question: Question) -> dict[str, str]:
    """By option id, the <img> each option's GIFT text starts with."""
    found = {o["id"]: _tag(o.get("image")) for o in question.options or []}
    return {option: tag for option, tag in found.items() if tag}


def _tag(ref: dict[str, Any] | None) -> str | None:
    """An image reference ({file, alt, ...}) as an <img> with a data: URI; None for none."""
    image = db.session.get(QuestionImage, ref["file"].split(".")[0]) if ref else None
    if ref is None or image is None:
        return None
    found = GiftImage(image.data, image.content_type, ref["alt"])
    return image_tag(found, image.width, image.height)


def _image_kept(content: dict[str, Any], author: User | None) -> dict[str, Any]:
    """The content with the image its [html] text starts with (as we export it) cleaned, kept
    and moved to extra.image, and so for each option of a choice question (to its "image");
    unchanged where there is none, it has no alt text, or it is not an image we accept (the
    text keeps its <img>, which the page's sanitiser never shows)."""
    extra = content.get("extra") or {}
    if kind_of(content["type"]).option_images:
        content = _option_images_kept(content, extra.get("text_format"), author)
    found, rest = image_of(content["prompt"])
    ref = _kept(found, author) if extra.get("text_format") == "html" else None
    if ref is None:
        return content
    return {**content, "prompt": rest, "extra": {**extra, "image": ref}}


def _option_images_kept(
    content: dict[str, Any], text_format: str | None, author: User | None
) -> dict[str, Any]:
    """The options with their images kept; an option's id follows its text without the image,
    and so does the answer naming it."""
    options, renamed = [], {}
    for option in content.get("options") or []:
        found, rest = image_of(option["text"])
        html = (option.get("format") or text_format) == "html"
        ref = _kept(found, author) if html else None
        if ref is not None:
            renamed[option["id"]] = option_id(rest)
            option = {**option, "id": option_id(rest), "text": rest, "image": ref}
        options.append(option)
    answer = content.get("answer")
    if isinstance(answer, list):
        answer = [renamed.get(a, a) for a in answer]
    elif isinstance(answer, str):
        answer = renamed.get(answer, answer)
    return {**content, "options": options, "answer": answer}


def _kept(found: GiftImage | None, author: User | None) -> dict[str, Any] | None:
    """A GIFT text's image cleaned and kept, as a reference; None when there is none, it has no
    alt text or it is not an image we accept."""
    if found is None or not found.alt.strip():
        return None
    try:
        clean = clean_image(found.data)
    except ImageRefused:
        return None
    return image_ref(add_image(clean, author), found.alt.strip())


def _listed_prompt(data: dict[str, Any]) -> str:
    """The prompt as the import preview lists it: an image it starts with named, not spelt."""
    found, rest = image_of(data["prompt"])
    return f"[image: {found.alt}] {rest}" if found else data["prompt"]
