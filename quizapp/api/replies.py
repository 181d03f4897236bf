"""The API's JSON replies, built from the stored rows; each returns its shape (api/shapes.py)."""

from datetime import datetime
from typing import Any

from flask import url_for

from quizapp.api import shapes
from quizapp.core import attempt_rules
from quizapp.leaderboard import access as board_access
from quizapp.leaderboard.board import read_board
from quizapp.leaderboard.overall import overall_members
from quizapp.models import Answer, Attempt, Question, Quiz
from quizapp.quiz import results, service
from quizapp.quiz.present import feedback, public_question, shows_feedback


def token_json(token: str, expires_at: datetime) -> shapes.Token:
    """A new bearer token and when it stops working."""
    return {"token": token, "token_type": "Bearer", "expires_at": expires_at.isoformat()}


def quiz_json(quiz: Quiz) -> shapes.Quiz:
    """A published quiz and its rules."""
    return {
        "slug": quiz.slug,
        "title": quiz.title,
        "description": quiz.description,
        "question_count": quiz.draw_count or len(quiz.question_ids),
        "feedback_mode": quiz.feedback_mode,
        "one_per_page": quiz.one_per_page,
        "time_limit_seconds": quiz.time_limit_seconds,
        "max_attempts": quiz.max_attempts,
        "grading_method": quiz.grading_method,
        "pass_mark": quiz.pass_mark,
    }


def attempt_json(
    attempt: Attempt,
    questions: list[Question] | None = None,
    answers: dict[str, Answer] | None = None,
) -> shapes.Attempt:
    """The attempt with its questions: keys and explanations only where the rules allow.

    questions and answers: the attempt's, when the caller has read them already.
    """
    if questions is None:
        questions = service.questions_of(attempt)
    if answers is None:
        answers = {} if attempt.created else service.answers_of(attempt)
    items = []
    for n, question in enumerate(service.as_answered_all(questions, answers), start=1):
        item: shapes.Question = {
            "number": n,
            **public_question(question, attempt.seed),
            "response": answers[question.id].response if question.id in answers else None,
        }
        item["image"] = image_reply(item["image"])
        for option in item.get("options", []):
            if option.get("image"):
                option["image"] = image_reply(option["image"])
        if shows_feedback(attempt, question.id in answers):
            item["feedback"] = feedback(question, answers.get(question.id))
        items.append(item)
    return {
        "id": attempt.id,
        "quiz": attempt.quiz.slug,
        "number": attempt.number,
        "state": "finished" if attempt.finished else "open",
        "feedback_mode": attempt.feedback_mode,
        "started_at": attempt.started_at.isoformat(),
        "deadline": attempt.deadline.isoformat() if attempt.deadline else None,
        "finished_at": attempt.finished_at.isoformat() if attempt.finished_at else None,
        "finished_by": attempt.finished_by,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "answered": len(answers),
        "questions": items,
    }


def saved_json(number: int, saved: service.SavedAnswer) -> shapes.SavedReply:
    """The answer as saved; with immediate feedback, its explanation at once."""
    reply: shapes.SavedReply = {"saved": True, "number": number, "response": saved.answer.response}
    if saved.question is not None:
        reply["feedback"] = feedback(saved.question, saved.answer)
    return reply


def result_json(attempt: Attempt) -> shapes.Result:
    """Score, pass or fail, status breakdown and confusions, and every question's feedback."""
    questions = service.questions_of(attempt)
    answers = service.answers_of(attempt)
    summary = results.summarise(service.as_answered_all(questions, answers), answers)
    return {
        **attempt_json(attempt, questions, answers),
        "passed": attempt_rules.passed(attempt.percent, attempt.quiz.pass_mark),
        "by_status": summary["breakdown"],
        "confusions": summary["confusions"],
    }


def board_json(
    quiz: Quiz | None, period: str, page_number: int, viewer_id: int | None, now: datetime
) -> shapes.Board:
    """A board page (None: the overall board), with the same names and rules as the HTML page."""
    visible, note = board_access.board_state(quiz, now)
    data: shapes.Board = {
        "board": quiz.slug if quiz else "overall",
        "period": period,
        "note": note,
        "visible": visible,
    }
    if quiz is None:
        counted = overall_members(now)
        data["counts"] = [q.slug for q in counted]
    if visible:
        page = read_board(
            board_access.board_key(quiz),
            period,
            now,
            page_number,
            viewer_id=viewer_id,
            divisor=len(counted) if quiz is None and counted else 1,
        )
        data.update(
            page=page.page,
            pages=page.pages,
            total=page.total,
            rows=[
                {
                    "rank": r.rank,
                    "name": r.name,
                    "score": r.score,
                    "time_seconds": r.time_seconds,
                    "finished_at": r.finished_at.isoformat(),
                    "is_viewer": r.is_viewer,
                }
                for r in page.rows
            ],
            viewer_rank=page.viewer_rank,
            viewer_hidden=page.viewer_hidden,
        )
    return data


def image_reply(ref: dict[str, Any] | None) -> shapes.Image | None:
    """A question's (or an option's) image as the API gives it: its URL, not its file name."""
    if not ref:
        return None
    url = url_for("images.image", name=ref["file"])
    return {"url": url, "alt": ref["alt"], "width": ref["width"], "height": ref["height"]}
