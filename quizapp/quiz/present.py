"""What a page or the API may show of a question: without its key, or with its feedback.

public_question() is the only way a question reaches a student before feedback is allowed; it
copies the prompt and the choices and nothing else, so no answer, explanation or status leaks.
Nor does the question's stable id: ids are made from the fact and the answer
(`alofisel-withdrawn-2024.short-product.1`), so students address a question by its number in
the attempt instead. Option values and field names are hashes of the texts shown beside them.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.core.article import SECTION_NAMES
from quizapp.core.facts import Verdict
from quizapp.core.generate import human_date
from quizapp.core.grading import field_name
from quizapp.core.selection import scrambled, shuffled
from quizapp.core.status import Status, badge_label
from quizapp.models import Answer, Attempt, FeedbackMode, Question
from quizapp.quiz.service import as_answered_all


def public_question(question: Question, seed: int) -> dict[str, Any]:
    """The question as a student sees it before feedback: prompt and choices, in attempt order."""
    view: dict[str, Any] = {
        "type": question.type,
        "prompt": question.prompt,
        "format": text_format(question),
    }
    if question.type == "true_false":
        view["options"] = [{"id": "true", "text": "True"}, {"id": "false", "text": "False"}]
    elif question.options:
        # An option written in another format than the question's (GIFT's [plain] or [html]
        # before an answer) carries it, so it is rendered as written.
        options = [
            {"id": o["id"], "text": o["text"]}
            | ({"format": o["format"]} if o.get("format") else {})
            for o in question.options
        ]
        if question.type != "classify":  # statuses keep their fixed order
            options = shuffled(options, seed, question.id)
        view["options"] = options
    if question.type == "matching":
        lefts = [str(a) for a, _ in question.answer]
        rights = sorted({str(b) for _, b in question.answer})
        view["lefts"] = [
            {"text": left, "field": field_name("match", left)}
            for left in shuffled(lefts, seed, question.id + ":left")
        ]
        view["rights"] = shuffled(rights, seed, question.id + ":right")
    if question.type == "ordering":
        items = [str(i) for i in question.answer]
        view["items"] = [
            {"text": item, "field": field_name("position", item)}
            for item in scrambled(items, seed, question.id)
        ]
    return view


def feedback(question: Question, answer: Answer | None) -> dict[str, Any]:
    """Everything the explanation shows, once the rules allow it."""
    response = answer.response if answer else None
    options = question.options or []
    chosen = _chosen_ids(question.type, response)
    article = question.article
    return {
        "score": answer.score if answer and answer.score is not None else 0.0,
        "answered": answer is not None,
        "status": question.status,
        "status_label": badge_label(Status(question.status), question.conditional),
        "right_answer": right_answer_text(question),
        "your_answer": response_text(question, response),
        "why_wrong": [
            o["feedback"]
            for o in options
            if o["id"] in chosen and not o["correct"] and o.get("feedback")
        ],
        "explanation": question.explanation,
        "format": text_format(question),
        "article": None
        if not article
        else {
            "quote": article["quote"],
            "section": SECTION_NAMES.get(article["section"], article["section"]),
            # In words ('outdated when published'); 'supported' stays 'supported'.
            "verdict": Verdict(article["verdict"]).label,
        },
        "as_of": human_date(question.as_of),
        "correction": question.correction,
        "sources": question.sources,
        "marks": answer_marks(question, response),
        "row_keys": row_keys(question),
    }


def row_keys(question: Question) -> dict[str, str]:
    """The right answer of each row of a matching or ordering question, by the row's field."""
    if question.type == "matching":
        return {field_name("match", str(a)): str(b) for a, b in question.answer}
    if question.type == "ordering":
        return {field_name("position", str(i)): str(n) for n, i in enumerate(question.answer, 1)}
    return {}


def answer_marks(question: Question, response: Any) -> dict[str, str]:
    """Beside each option or row, in words: "right" (the key, or a right choice), "wrong" (a
    wrong choice) or "missed" (the key, not chosen). Rows of matching and ordering are keyed by
    their field and marked right or wrong, with the right answer shown."""
    kind = question.type
    if kind == "true_false":
        key = {"true" if question.answer else "false"}
        chosen = set() if response is None else {"true" if response else "false"}
    elif kind in ("single", "classify", "multiple"):
        key = {o["id"] for o in question.options or [] if o["correct"]}
        chosen = _chosen_ids(kind, response)
    elif kind == "matching":
        given = response if isinstance(response, dict) else {}
        return {
            field_name("match", str(a)): "right" if given.get(str(a)) == str(b) else "wrong"
            for a, b in question.answer
        }
    elif kind == "ordering":
        given = response if isinstance(response, list) else []
        return {
            field_name("position", str(item)): "right"
            if n < len(given) and given[n] == str(item)
            else "wrong"
            for n, item in enumerate(question.answer)
        }
    else:
        return {}
    marks = {i: "right" for i in key & chosen} | {i: "wrong" for i in chosen - key}
    return marks | {i: "missed" for i in key - chosen}


def text_format(question: Question) -> str:
    """How the question's texts are written: plain (generated), markdown or html."""
    return str((question.extra or {}).get("text_format") or "plain")


def _chosen_ids(kind: str, response: Any) -> set[str]:
    """The option ids a response picked."""
    if kind in ("single", "classify") and isinstance(response, str):
        return {response}
    if kind == "multiple" and isinstance(response, list):
        return set(response)
    return set()


def right_answer_text(question: Question) -> str:
    """The right answer in words."""
    key = question.answer
    kind = question.type
    if kind == "true_false":
        return "True" if key else "False"
    if kind in ("single", "classify", "multiple"):
        return "; ".join(o["text"] for o in question.options if o["correct"])
    if kind == "numeric":
        tolerance = key["tolerance"]
        return f"{key['value']:g}" + (f" (give or take {tolerance:g})" if tolerance else "")
    if kind == "short":
        return " or ".join(key[:3])
    if kind == "matching":
        return "; ".join(f"{a} → {b}" for a, b in key)
    if kind == "ordering":
        return " → ".join(key)
    return ""


def response_text(question: Question, response: Any) -> str:
    """What the student answered, in words."""
    if response is None:
        return "No answer"
    kind = question.type
    if kind == "true_false":
        return "True" if response else "False"
    if kind in ("single", "classify", "multiple"):
        ids = {response} if isinstance(response, str) else set(response)
        return "; ".join(o["text"] for o in question.options if o["id"] in ids) or "No answer"
    if kind == "numeric":
        return f"{response:g}"
    if kind == "matching":
        return "; ".join(f"{a} → {b}" for a, b in response.items())
    if kind == "ordering":
        return " → ".join(response)
    return str(response)


def question_view(
    attempt: Attempt,
    number: int,
    question: Question,
    answers: dict[str, Any],
    typed: Mapping[str, Sequence[str]] | None = None,
    drafts: Mapping[str, Any] | None = None,
) -> dict:
    """One question's view: its public part, its saved response (or unchecked draft), what was
    typed into a form that was refused (shown again as it was) and, if allowed, feedback."""
    show = attempt.finished or attempt.feedback_mode == FeedbackMode.IMMEDIATE.value
    (question,) = as_answered_all([question], answers)
    return {
        "number": number,
        "question": public_question(question, attempt.seed),
        "saved": answers[question.id].response
        if question.id in answers
        else (drafts or {}).get(question.id),
        "typed": typed,
        "feedback": feedback(question, answers.get(question.id))
        if show and (attempt.finished or question.id in answers)
        else None,
    }


def question_views(
    attempt: Attempt,
    questions: list[Question],
    answers: dict[str, Any],
    typed: Mapping[int, Mapping[str, Sequence[str]]] | None = None,
    drafts: Mapping[str, Any] | None = None,
) -> list[dict]:
    """Every question's view, in the attempt's order; typed: refused input by question number."""
    typed = typed or {}
    return [
        question_view(attempt, n, q, answers, typed.get(n), drafts)
        for n, q in enumerate(questions, start=1)
    ]
