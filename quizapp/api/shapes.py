"""The shapes of the API's JSON, as the code that builds it declares them.

The builders in quizapp.api.replies return these TypedDicts, and quizapp.api.openapi turns them
into the document's schemas, so a key added to a reply and not here fails the schema test
(tests/test_api_schemas.py). Enums are the app's own. Plain typing only: pydantic, which reads
these for the document, is loaded when the document is asked for, not at start.
"""

from typing import Annotated, Any, Literal, NotRequired

# pydantic reads a TypedDict's config only from typing_extensions' TypedDict on Python 3.11.
from typing_extensions import TypedDict

from quizapp.core.questions import QType
from quizapp.core.ranking import PERIODS
from quizapp.core.status import Status
from quizapp.models import FeedbackMode, GradingMethod
from quizapp.quiz.service import FinishedBy

# Replies carry exactly their keys: anything else is a leak (an answer key, an internal id).
CLOSED = {"extra": "forbid"}


class Note:
    """A description for the document, beside a type (read by pydantic, by its protocol)."""

    def __init__(self, text: str, **schema: Any) -> None:
        self.schema = {"description": text, **schema}

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        """The type's schema with this note's keys added."""
        return {**handler(core_schema), **self.schema}


Timestamp = Annotated[str, Note("ISO 8601, in UTC", format="date-time")]
Period = Literal[PERIODS]


class Error(TypedDict):
    """An error, with a message for people."""

    __pydantic_config__ = CLOSED
    error: str
    message: NotRequired[str]
    status: int


class TokenRequest(TypedDict):
    """A login name and password, exchanged for a bearer token."""

    username: str
    password: str
    name: NotRequired[Annotated[str, Note("A label for the token; cut to 60 characters.")]]


class Token(TypedDict):
    """A bearer token: send it as Authorization: Bearer <token>."""

    __pydantic_config__ = CLOSED
    token: str
    token_type: Literal["Bearer"]
    expires_at: Timestamp


class Quiz(TypedDict):
    """A published quiz and its rules."""

    __pydantic_config__ = CLOSED
    slug: str
    title: str
    description: str
    question_count: int
    feedback_mode: FeedbackMode
    one_per_page: bool
    time_limit_seconds: int | None
    max_attempts: int | None
    grading_method: GradingMethod
    pass_mark: float | None


class QuizList(TypedDict):
    """The published quizzes."""

    __pydantic_config__ = CLOSED
    quizzes: list[Quiz]


class Row(TypedDict):
    """An item to match or to put in order (field: its form field on the pages)."""

    __pydantic_config__ = CLOSED
    text: str
    field: str


class ArticleQuote(TypedDict):
    """What the article said about the question's fact, and whether it held."""

    __pydantic_config__ = CLOSED
    quote: str
    section: str
    verdict: str


class Feedback(TypedDict):
    """Everything the explanation shows, once the quiz's feedback mode allows it."""

    __pydantic_config__ = CLOSED
    score: float
    answered: bool
    status: Status
    conditional: bool
    status_label: str
    right_answer: str
    your_answer: str
    why_wrong: list[str]
    explanation: str
    format: str
    article: ArticleQuote | None
    as_of: str
    correction: str | None
    sources: list[dict[str, str]]
    marks: dict[str, str]
    row_keys: dict[str, str]


class Image(TypedDict):
    """The image shown above a question's text, or with an option's."""

    __pydantic_config__ = CLOSED
    url: Annotated[str, Note("On this site; served to a logged-in browser session")]
    alt: str
    width: int
    height: int


class Option(TypedDict):
    """A choice: answer with its id."""

    __pydantic_config__ = CLOSED
    id: str
    text: str
    image: NotRequired[Annotated[Image, Note("Shown with the option's text (single, multiple)")]]


class Question(TypedDict):
    """A question of an attempt, named by its number: its stable id never reaches students."""

    __pydantic_config__ = CLOSED
    number: int
    type: QType
    prompt: str
    format: Annotated[str, Note("How prompt and options are written: plain, markdown or html")]
    image: Image | None
    options: NotRequired[list[Option]]
    lefts: NotRequired[list[Row]]
    rights: NotRequired[list[str]]
    items: NotRequired[list[Row]]
    response: Any
    feedback: NotRequired[Feedback]


class Attempt(TypedDict):
    """An attempt and its questions, with feedback only where the rules allow."""

    __pydantic_config__ = CLOSED
    id: int
    quiz: str
    number: int
    state: Literal["open", "finished"]
    feedback_mode: FeedbackMode
    started_at: Timestamp
    deadline: Timestamp | None
    finished_at: Timestamp | None
    finished_by: FinishedBy | None
    score: float | None
    max_score: float
    percent: float | None
    answered: int
    questions: list[Question]


class StatusResult(TypedDict):
    """Right answers and points for the questions of one status."""

    __pydantic_config__ = CLOSED
    status: Status
    label: str
    right: int
    points: float
    total: int


class Result(Attempt):
    """A finished attempt with pass or fail, the status breakdown and status mix-ups."""

    __pydantic_config__ = CLOSED
    passed: bool | None
    by_status: list[StatusResult]
    confusions: list[str]


# What an answer is in JSON depends on its question's type (each kind's json_form in core/kinds).
AnswerValue = str | list[str] | bool | float | dict[str, str]


class AnswerRequest(TypedDict):
    """An answer to save, in its question type's JSON form."""

    response: AnswerValue


class SavedReply(TypedDict):
    """The answer as saved; with immediate feedback, its explanation."""

    __pydantic_config__ = CLOSED
    saved: bool
    number: int
    response: Any
    feedback: NotRequired[Feedback]


class BoardRow(TypedDict):
    """One line of a board."""

    __pydantic_config__ = CLOSED
    rank: Annotated[str, Note("The rank, with '=' for a tie")]
    name: str
    score: float
    time_seconds: int
    finished_at: Timestamp
    is_viewer: bool


class Board(TypedDict):
    """A page of a board; its rows only when the board may be seen."""

    __pydantic_config__ = CLOSED
    board: str
    period: Period
    note: str | None
    visible: bool
    counts: NotRequired[
        Annotated[
            list[str],
            Note(
                "Overall board only: the slugs of the quizzes it counts (a student's score is "
                "the mean across them, 0 if not taken)"
            ),
        ]
    ]
    page: NotRequired[int]
    pages: NotRequired[int]
    total: NotRequired[int]
    rows: NotRequired[list[BoardRow]]
    viewer_rank: NotRequired[int | None]
    viewer_hidden: NotRequired[bool]
