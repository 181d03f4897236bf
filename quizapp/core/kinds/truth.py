"""True or false: a statement to judge. A response is a bool; the page shows two options
whose ids are "true" and "false"."""

from collections.abc import Mapping, Sequence
from random import Random
from typing import Any

from quizapp.core.gift.mapping import GiftMapping
from quizapp.core.gift.types import read_true_false, write_true_false
from quizapp.core.kinds.base import (
    EditorError,
    Gradable,
    Kind,
    ResponseError,
    answers_given,
    choice_marks,
    option_problems,
)
from quizapp.core.questions import QType, Question


class TrueFalse(Kind):
    """True or false: the response is a bool."""

    type = QType.TRUE_FALSE
    label = "True or false"
    editor_fields = ("tf_answer",)
    editor_help = "Write a statement as the question text and say whether it is true."
    gift = GiftMapping(("truefalse",), read_true_false, write_true_false)
    json_form = "true or false"
    live = True

    def draw_key(self, answer: Any, right: Sequence[str]) -> str | None:
        """True or False: what a guess aims at."""
        return str(bool(answer))

    def read_form(self, question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
        """ "true" or "false"."""
        answer = answers_given(values)
        if answer not in (["true"], ["false"]):
            raise ResponseError("Choose True or False.")
        return answer[0] == "true"

    def json_ok(self, value: Any) -> bool:
        """A JSON boolean."""
        return isinstance(value, bool)

    def form_values(self, question: Gradable, response: Any) -> dict[str, list[str]]:
        """ "true" or "false" as the `answer` field."""
        return {"answer": ["true" if response else "false"]}

    def grade(self, question: Gradable, response: Any) -> float:
        """1 when the response is the key."""
        return 1.0 if response is question.answer else 0.0

    def public(self, question: Gradable, seed: int, salt: str) -> dict[str, Any]:
        """True, then False."""
        return {"options": [{"id": "true", "text": "True"}, {"id": "false", "text": "False"}]}

    def right_answer_text(self, question: Gradable) -> str:
        """True or False."""
        return "True" if question.answer else "False"

    def response_text(self, question: Gradable, response: Any) -> str:
        """True or False."""
        return "True" if response else "False"

    def chosen_texts(self, question: Gradable, response: Any) -> tuple[str, ...]:
        """True or False, as an option text."""
        return ("True" if response else "False",) if isinstance(response, bool) else ()

    def marks(self, question: Gradable, response: Any) -> dict[str, str]:
        """The two options, marked like choices."""
        key = {"true" if question.answer else "false"}
        return choice_marks(key, set() if response is None else {"true" if response else "false"})

    def key_problems(self, question: Question) -> list[str]:
        """A boolean answer; with options (generated questions), two of them, one right."""
        if not question.options:
            # Written by the author form or GIFT: the answer alone says true or false.
            return [] if question.answer in (True, False) else ["a true/false answer is a boolean"]
        found = option_problems(question)
        if question.answer not in (True, False):
            found.append("a true/false answer is a boolean")
        return found

    def read_editor(self, fields: Mapping[str, Any]) -> tuple[list[dict[str, Any]], Any]:
        """Whether the statement is true."""
        if fields.get("tf_answer") not in ("true", "false"):
            raise EditorError("tf_answer", "Say whether the statement is true or false.")
        return [], fields["tf_answer"] == "true"

    def editor_values(self, answer: Any) -> dict[str, str]:
        """The statement is true or false."""
        return {"tf_answer": "true" if answer else "false"}

    def any_response(self, shown: Mapping[str, Any], rng: Random) -> Any:
        """True or False."""
        return rng.choice((True, False))

    def right_response(self, question: Gradable) -> Any:
        """The key."""
        return question.answer

    def wrong_response(self, question: Gradable) -> Any:
        """Not the key."""
        return not question.answer
