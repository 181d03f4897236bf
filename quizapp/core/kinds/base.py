"""What every kind of question shares: the grading view of a question, the errors, and the
base Kind whose methods each type overrides where it differs."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from random import Random
from typing import Any

from quizapp.core.gift.mapping import GiftMapping
from quizapp.core.questions import QType, Question, option_id
from quizapp.core.selection import shuffled
from quizapp.core.status import Status
from quizapp.core.text import without_controls

MAX_TEXT = 500


class ResponseError(ValueError):
    """The response cannot be read; the message says what to fix. Nothing is saved."""


class EditorError(ValueError):
    """What an author wrote cannot make a question of this type; field names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Gradable:
    """What grading needs of a question: its type, options and answer key."""

    type: str
    options: Sequence[Mapping[str, Any]]
    answer: Any

    @property
    def option_ids(self) -> list[str]:
        """The ids of the question's options."""
        return [str(o["id"]) for o in self.options]


@dataclass(frozen=True)
class RoomRow:
    """One line of a live reveal for a question without options: an answer the room gave and
    how many gave it (typed answers), or a row of the question and how many got it right
    (matching, ordering), whose right answer is `right`."""

    text: str
    count: int
    key: bool  # the answer earns full marks (a row: always, the count is of right answers)
    right: str = ""


def field_name(prefix: str, item: str) -> str:
    """The form field for one matching or ordering item, keyed by the item, not its place."""
    return f"{prefix}-{option_id(item)}"


def answers_given(values: Mapping[str, Sequence[str]]) -> list[str]:
    """The non-empty `answer` values of a form, without control characters."""
    answer = [without_controls(v).strip() for v in values.get("answer", [])]
    return [v for v in answer if v]


def shown_options(question: Gradable) -> list[dict[str, Any]]:
    """The options as a student sees them: id and text, and the text's format when an option
    is written in another than the question's (GIFT's [plain] or [html] before an answer),
    and the option's image ({file, alt, width, height}) when it has one."""
    return [
        {"id": o["id"], "text": o["text"]}
        | ({"format": o["format"]} if o.get("format") else {})
        | ({"image": o["image"]} if o.get("image") else {})
        for o in question.options
    ]


def lines(text: str | None) -> list[str]:
    """Non-empty stripped lines of a text area."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def choice_marks(key: set[str], chosen: set[str]) -> dict[str, str]:
    """Right and wrong choices, and the key's options not chosen ("missed")."""
    marks = {i: "right" for i in key & chosen} | {i: "wrong" for i in chosen - key}
    return marks | {i: "missed" for i in key - chosen}


def option_problems(question: Question, several_right: bool = False) -> list[str]:
    """How a question's options break the rules of options: at least two, and exactly one
    right (at least one where several may be)."""
    found = []
    correct = [o.id for o in question.options if o.correct]
    if len(question.options) < 2:
        found.append("a choice question needs at least two options")
    if not several_right and len(correct) != 1:
        found.append(f"exactly one option must be correct, not {len(correct)}")
    if several_right and not correct:
        found.append("at least one option must be correct")
    return found


class Kind:
    """One question type: how it is answered, graded, shown, written and tested.

    The defaults suit a type that has nothing to answer; each type overrides what it does.
    """

    type: QType
    label: str  # for people: the question editor, filters
    scored = True  # False: kept and shown, never scored nor counted in the maximum
    in_editor = True  # offered in the question editor and the draw filter
    json_hint = "see the OpenAPI document"
    json_form = "nothing"  # how an API response of this type is written, for the OpenAPI document
    asks_status = False  # True: the options are statuses (reports count the mix-ups)
    several_right = False  # True: any number of options may be right (multiple response)
    option_images = False  # True: each option may show an image (single and multiple choice)
    # True: a live session asks it: phones answer it with big controls, and the reveal counts
    # how the room answered (options: bars per option; others: room_rows)
    live = False
    gift: GiftMapping | None = None  # how GIFT writes and reads it; None: GIFT cannot
    # The question editor's fields this type's key is written in (names of QuestionForm's
    # fields: options, tf_answer, numeric_value, numeric_tolerance, short_answers, pairs,
    # items); the editor shows only these, and read_editor gets only these.
    editor_fields: tuple[str, ...] = ()
    editor_help = ""  # one line above those fields: how to write this type's key

    # -- answering --------------------------------------------------------------------------

    def read_form(self, question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
        """Turn submitted form values (name -> list of strings) into a response."""
        raise ResponseError("This question cannot be answered.")

    def json_ok(self, value: Any) -> bool:
        """True when an API response has this type's JSON shape."""
        return False

    def form_values(self, question: Gradable, response: Any) -> dict[str, list[str]]:
        """The form values that submit a response (the inverse of read_form)."""
        return {}

    def read_json(self, question: Gradable, value: Any) -> Any:
        """Read an API response with the same rules and messages as a form."""
        if not self.json_ok(value):
            raise ResponseError(
                f"A {self.type.value} answer has the wrong JSON type; {self.json_hint}."
            )
        return self.read_form(question, self.form_values(question, value))

    # -- grading ------------------------------------------------------------------------------

    def grade(self, question: Gradable, response: Any) -> float:
        """The score of a response (never None), from 0 to 1."""
        return 0.0

    # -- showing ------------------------------------------------------------------------------

    def public(self, question: Gradable, seed: int, salt: str) -> dict[str, Any]:
        """What a student sees besides the prompt before feedback: choices, rows, never keys."""
        if not question.options:
            return {}
        return {"options": shuffled(shown_options(question), seed, salt)}

    def right_answer_text(self, question: Gradable) -> str:
        """The right answer in words."""
        return ""

    def chosen_status(self, response: Any) -> Status | None:
        """The status a response chose, for a kind whose options are statuses."""
        return None

    def response_text(self, question: Gradable, response: Any) -> str:
        """What the student answered, in words (the caller handles no answer)."""
        return str(response)

    def chosen(self, question: Gradable, response: Any) -> set[str]:
        """The option ids a response picked."""
        return set()

    def chosen_texts(self, question: Gradable, response: Any) -> tuple[str, ...]:
        """The options a response chose, in words: none for a type without options."""
        return ()

    def marks(self, question: Gradable, response: Any) -> dict[str, str]:
        """Beside each option or row: "right", "wrong" or "missed" (the key, not chosen)."""
        return {}

    def answer_groups(self, question: Gradable, response: Any) -> tuple[tuple[str, bool], ...]:
        """An answer as item analysis counts it, each part with whether it is the key's.

        Options: each option chosen, in the key or not. Without options (typed, matched or
        ordered answers): the answer in words (`group_text`), right when it earns full marks,
        so that answers which read and grade alike are counted together.
        """
        if not self.scored or response is None:
            return ()
        texts = self.chosen_texts(question, response)
        if texts:
            key = set(self.chosen_texts(question, self.right_response(question)))
            return tuple((text, text in key) for text in texts)
        return ((self.group_text(question, response), self.grade(question, response) >= 1.0),)

    def group_text(self, question: Gradable, response: Any) -> str:
        """An answer without options in words, as item analysis groups it."""
        return self.response_text(question, response)

    def row_keys(self, question: Gradable) -> dict[str, str]:
        """The right answer of each row, by the row's field (rows of matching and ordering)."""
        return {}

    def room_rows(self, question: Gradable, responses: Iterable[Any]) -> list[RoomRow]:
        """How a room answered, for a live reveal: the answers grouped as item analysis groups
        them (answer_groups: "The NMPA." and "the nmpa" are one), most given first."""
        counts: Counter[str] = Counter()
        right: dict[str, bool] = {}
        for response in responses:
            for text, is_key in self.answer_groups(question, response):
                counts[text] += 1
                right[text] = is_key
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [RoomRow(text, count, right[text]) for text, count in ordered]

    # -- drawing (the draw keeps a quiz from giving its own answers away) --------------------

    # True: the options are claims a sibling question could ask about (a statement list), not
    # guesses.
    options_are_claims = False

    def draw_key(self, answer: Any, right: Sequence[str]) -> str | None:
        """The answer a surface guess could aim at (True/False, a status), given the key and the
        right options' texts; None for a type that has none."""
        return None

    def printed_answers(self, answer: Any, right: Sequence[str]) -> tuple[str, ...]:
        """The answer texts a sibling question must not print, given the key and the right
        options' texts."""
        return ()

    # -- writing ------------------------------------------------------------------------------

    def key_problems(self, question: Question) -> list[str]:
        """How the question's options and answer break this type's rules; empty when sound."""
        found = [f"a {self.type.value} question has no options"] if question.options else []
        return found + self.answer_problems(question.answer)

    def answer_problems(self, answer: Any) -> list[str]:
        """How the answer key of a type without options breaks the type's rules."""
        return []

    def read_editor(self, fields: Mapping[str, Any]) -> tuple[list[dict[str, Any]], Any]:
        """The options and answer an author wrote in the question editor, or EditorError."""
        return [], None

    def editor_values(self, answer: Any) -> dict[str, str]:
        """The editor's fields (besides the options) that show a stored answer."""
        return {}

    # -- testing ------------------------------------------------------------------------------

    def right_response(self, question: Gradable) -> Any:
        """A response that scores 1 (None for a type that is never scored)."""
        return None

    def wrong_response(self, question: Gradable) -> Any:
        """A valid response that does not score 1 (None for a type that is never scored)."""
        return None

    def any_response(self, shown: Mapping[str, Any], rng: Random) -> Any:
        """A well-formed response, right or wrong, made only from what a student is shown
        (the public view of the API): what a load test sends."""
        raise ValueError(f"no response for a {self.type.value} question")
