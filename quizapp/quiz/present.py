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
from quizapp.core.attempt_rules import feedback_shown
from quizapp.core.facts import Verdict
from quizapp.core.generate import human_date
from quizapp.core.kinds import Gradable, Kind, kind_of
from quizapp.core.status import Status, badge_label
from quizapp.core.verdicts import excerpt
from quizapp.models import Answer, Attempt, FeedbackMode, Question
from quizapp.quiz.service import as_answered_all


def kind_and_key(question: Question) -> tuple[Kind, Gradable]:
    """The question's kind, and the question as its kind reads it."""
    return kind_of(question.type), Gradable(question.type, question.options or [], question.answer)


def public_question(question: Question, seed: int) -> dict[str, Any]:
    """The question as a student sees it before feedback: prompt and choices, in attempt order."""
    kind, key = kind_and_key(question)
    return {
        "type": question.type,
        "prompt": question.prompt,
        "format": text_format(question),
        # {file, alt, width, height} or None: drawn above the question by prompt_body.
        "image": (question.extra or {}).get("image"),
        **kind.public(key, seed, question.id),
    }


def feedback(question: Question, answer: Answer | None) -> dict[str, Any]:
    """Everything the explanation shows, once the rules allow it."""
    kind, key = kind_and_key(question)
    response = answer.response if answer else None
    chosen = kind.chosen(key, response)
    article = question.article
    return {
        "score": answer.score if answer and answer.score is not None else 0.0,
        "answered": answer is not None,
        "status": question.status,
        "conditional": question.conditional,
        "status_label": badge_label(Status(question.status), question.conditional),
        "right_answer": kind.right_answer_text(key),
        "your_answer": "No answer" if response is None else kind.response_text(key, response),
        "why_wrong": [
            o["feedback"]
            for o in key.options
            if o["id"] in chosen and not o["correct"] and o.get("feedback")
        ],
        "explanation": question.explanation,
        "format": text_format(question),
        "article": None
        if not article
        else {
            # Cut quotes show an ellipsis, as the verdict prompts do.
            "quote": excerpt(article["quote"]),
            "section": SECTION_NAMES.get(article["section"], article["section"]),
            # In words ('outdated when published'); 'supported' stays 'supported'.
            "verdict": Verdict(article["verdict"]).label,
        },
        "as_of": human_date(question.as_of),
        "correction": question.correction,
        "sources": question.sources,
        # Beside each option or row, in words: "right", "wrong" or "missed" (the key, not
        # chosen); rows of matching and ordering show their right answer (row_keys).
        "marks": kind.marks(key, response),
        "row_keys": kind.row_keys(key),
    }


def text_format(question: Question) -> str:
    """How the question's texts are written: plain (generated), markdown or html."""
    return str((question.extra or {}).get("text_format") or "plain")


def shows_feedback(attempt: Attempt, answered: bool) -> bool:
    """Whether a question of the attempt shows its feedback (the rule is in core)."""
    immediate = attempt.feedback_mode == FeedbackMode.IMMEDIATE.value
    return feedback_shown(attempt.finished, immediate, answered)


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
    (question,) = as_answered_all([question], answers)
    return {
        "number": number,
        "question": public_question(question, attempt.seed),
        "saved": answers[question.id].response
        if question.id in answers
        else (drafts or {}).get(question.id),
        "typed": typed,
        "feedback": feedback(question, answers.get(question.id))
        if shows_feedback(attempt, question.id in answers)
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
