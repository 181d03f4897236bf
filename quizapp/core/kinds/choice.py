"""Choice questions: single answer, classification (by status), multiple response.

A response is an option id (single, classify) or a list of option ids (multiple).
"""

from collections.abc import Mapping, Sequence
from random import Random
from typing import Any

from quizapp.core.gift.mapping import GiftMapping, write_classify, write_multiple, write_single
from quizapp.core.gift.types import read_choices
from quizapp.core.kinds.base import (
    EditorError,
    Gradable,
    Kind,
    ResponseError,
    answers_given,
    choice_marks,
    option_problems,
    shown_options,
)
from quizapp.core.questions import QType, Question, option_id
from quizapp.core.status import Status


def _weighted(question: Gradable) -> bool:
    """True when the options carry Moodle-style weights (percent of the mark)."""
    return any(o.get("weight") is not None for o in question.options)


def _grade_weighted(question: Gradable, response: Any) -> float:
    """Weights decide: the chosen options' weights (percent) add up, floor 0, ceiling 1."""
    picked = {response} if isinstance(response, str) else set(response)
    total = sum(float(o.get("weight") or 0) for o in question.options if o["id"] in picked)
    return min(1.0, max(0.0, total / 100))


class Choice(Kind):
    """Options, exactly one of them right: the response is the chosen option's id."""

    live = True
    editor_fields = ("options",)

    def read_form(self, question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
        """One option id among the question's."""
        answer = answers_given(values)
        if len(answer) != 1 or answer[0] not in question.option_ids:
            raise ResponseError("Choose one of the options.")
        return answer[0]

    def json_ok(self, value: Any) -> bool:
        """An option id."""
        return isinstance(value, str)

    def form_values(self, question: Gradable, response: Any) -> dict[str, list[str]]:
        """The chosen option ids as the `answer` field."""
        return {"answer": [response] if isinstance(response, str) else list(response)}

    def grade(self, question: Gradable, response: Any) -> float:
        """1 for the right option, else 0."""
        return 1.0 if response in question.answer else 0.0

    def right_answer_text(self, question: Gradable) -> str:
        """The right options' texts."""
        return "; ".join(o["text"] for o in question.options if o["correct"])

    def response_text(self, question: Gradable, response: Any) -> str:
        """The chosen options' texts."""
        ids = {response} if isinstance(response, str) else set(response)
        return "; ".join(o["text"] for o in question.options if o["id"] in ids) or "No answer"

    def chosen(self, question: Gradable, response: Any) -> set[str]:
        """The chosen option id."""
        return {response} if isinstance(response, str) else set()

    def chosen_texts(self, question: Gradable, response: Any) -> tuple[str, ...]:
        """The chosen options' texts (an id no longer among the options stays as it is)."""
        ids = [response] if isinstance(response, str) else response
        if not isinstance(ids, list):
            return ()
        texts = {o["id"]: o["text"] for o in question.options}
        return tuple(dict.fromkeys(texts.get(i, str(i)) for i in ids))

    def marks(self, question: Gradable, response: Any) -> dict[str, str]:
        """Right and wrong choices, and the right options not chosen."""
        key = {o["id"] for o in question.options if o["correct"]}
        return choice_marks(key, self.chosen(question, response))

    def key_problems(self, question: Question) -> list[str]:
        """At least two options; one right (several for multiple); the answer names them."""
        found = option_problems(question, self.several_right)
        if sorted(question.answer) != sorted(o.id for o in question.options if o.correct):
            found.append("the answer does not match the correct options")
        return found

    def read_editor(self, fields: Mapping[str, Any]) -> tuple[list[dict[str, Any]], Any]:
        """Options with their rules: distinct, the right number correct, weights that add up."""
        rows = [r for r in fields.get("options", []) if (r.get("text") or "").strip()]
        texts = [r["text"].strip() for r in rows]
        error = None
        if len(rows) < 2:
            error = "Give at least two options."
        elif len({t.casefold() for t in texts}) != len(texts):
            error = "Each option must be different."
        elif not any(r["correct"] for r in rows):
            error = "Mark at least one option correct."
        elif not self.several_right and sum(1 for r in rows if r["correct"]) != 1:
            error = "A single-answer question has exactly one correct option."
        weights = [r["weight"] for r in rows if r.get("weight") is not None]
        if not error and weights:
            if not self.several_right or len(weights) != len(rows):
                error = "Weights are for multiple response, and then every option needs one."
            elif abs(sum(w for w in weights if w > 0) - 100) > 0.01:
                error = "The positive weights must add up to 100%."
            elif any((w > 0) != r["correct"] for w, r in zip(weights, rows, strict=True)):
                error = "Correct options have positive weights; wrong ones zero or negative."
        if error:
            raise EditorError("options", error)
        options = []
        for row, text in zip(rows, texts, strict=True):
            option = {
                "id": option_id(text),
                "text": text,
                "correct": bool(row["correct"]),
                "feedback": (row.get("feedback") or "").strip(),
            }
            if row.get("weight") is not None:
                option["weight"] = row["weight"]
            options.append(option)
        return options, [o["id"] for o in options if o["correct"]]

    def any_response(self, shown: Mapping[str, Any], rng: Random) -> Any:
        """One option."""
        return rng.choice(shown["options"])["id"]

    def right_response(self, question: Gradable) -> Any:
        """The right option."""
        return question.answer[0]

    def wrong_response(self, question: Gradable) -> Any:
        """The first wrong option."""
        return next(o["id"] for o in question.options if not o["correct"])


class Single(Choice):
    """Single answer: one right option, or Moodle-style weights on the options."""

    type = QType.SINGLE
    option_images = True
    label = "Single answer"
    editor_help = "Write two or more options and tick the one correct option."
    gift = GiftMapping(("multichoice", "missingword"), read_choices, write_single)
    json_form = "the chosen option's id"

    def printed_answers(self, answer: Any, right: Sequence[str]) -> tuple[str, ...]:
        """The right option's text."""
        return tuple(right)

    def grade(self, question: Gradable, response: Any) -> float:
        """1 for the right option; with weights, the chosen option's weight in percent."""
        if _weighted(question):
            return _grade_weighted(question, response)
        return super().grade(question, response)


# An option of a classification is one status; its id is the status's value. Questions
# written before that (and the generated ones) keep the id made from the status's label, so
# both are read back to the status, by id, never by the option's text.
STATUS_BY_OPTION_ID = {s.value: s for s in Status} | {option_id(s.label): s for s in Status}


class Classify(Choice):
    """Classification: which status does this statement have? Options are statuses."""

    type = QType.CLASSIFY
    label = "Classification (status)"
    editor_help = "Write the statuses a student chooses from and tick the right one."
    gift = GiftMapping((), None, write_classify)  # comes back as a single choice
    json_form = "the chosen status option's id"
    asks_status = True

    def draw_key(self, answer: Any, right: Sequence[str]) -> str | None:
        """The right status."""
        return right[0] if right else ""

    def public(self, question: Gradable, seed: int, salt: str) -> dict[str, Any]:
        """The statuses, in their fixed order (never shuffled)."""
        return {"options": shown_options(question)}

    def chosen_status(self, response: Any) -> Status | None:
        """The status a response chose, read from the option's id (never its text): None for
        an option that is not a status."""
        return STATUS_BY_OPTION_ID.get(response) if isinstance(response, str) else None


class Multiple(Choice):
    """Multiple response: every right option, and no wrong one."""

    type = QType.MULTIPLE
    label = "Multiple response"
    gift = GiftMapping(("multiresponse",), read_choices, write_multiple)
    json_form = "a list of the chosen options' ids"
    several_right = True
    option_images = True
    editor_help = (
        "Tick every correct option. Weights are optional: right options positive, adding up "
        "to 100; wrong ones zero or negative."
    )
    options_are_claims = True  # a statement list: a single choice's options are guesses

    def read_form(self, question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
        """One option id or more, each once, among the question's."""
        answer = answers_given(values)
        if not answer:
            raise ResponseError("Choose at least one option.")
        if any(a not in question.option_ids for a in answer) or len(set(answer)) != len(answer):
            raise ResponseError("Choose only among the options shown.")
        return sorted(answer)

    def json_ok(self, value: Any) -> bool:
        """A list of option ids."""
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    def grade(self, question: Gradable, response: Any) -> float:
        """Each right pick adds 1/(right options), each wrong pick subtracts 1/(wrong
        options), floor 0: ticking everything scores 0. With weights: their sum in percent."""
        if _weighted(question):
            return _grade_weighted(question, response)
        right = set(question.answer)
        wrong = set(question.option_ids) - right
        picked = set(response)
        score = len(picked & right) / len(right)
        if wrong:
            score -= len(picked & wrong) / len(wrong)
        return max(0.0, score)

    def chosen(self, question: Gradable, response: Any) -> set[str]:
        """The chosen option ids."""
        return set(response) if isinstance(response, list) else set()

    def any_response(self, shown: Mapping[str, Any], rng: Random) -> Any:
        """One option, in a list."""
        return [rng.choice(shown["options"])["id"]]

    def right_response(self, question: Gradable) -> Any:
        """Every right option (in the order a form reads them back)."""
        return sorted(question.answer)

    def wrong_response(self, question: Gradable) -> Any:
        """The first wrong option alone."""
        return [o["id"] for o in question.options if not o["correct"]][:1]
