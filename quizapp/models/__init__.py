"""Database models: typed, singular names, no commits and no config reads.

One module per area; every name is importable from `quizapp.models`, as Alembic's env and the
rest of the package expect.
"""

from quizapp.models.audit import AuditEvent
from quizapp.models.board import LeaderboardEntry, LeaderboardSize, OverallBoard
from quizapp.models.classroom import Assignment, ClassMember, Classroom
from quizapp.models.clock import now_utc
from quizapp.models.image import QuestionImage
from quizapp.models.question import (
    Origin,
    Question,
    QuestionComment,
    QuestionReport,
    QuestionState,
    QuestionVersion,
    ReportOutcome,
    ReportReason,
)
from quizapp.models.quiz import (
    Answer,
    Attempt,
    DraftAnswer,
    FeedbackMode,
    GradingMethod,
    LeaderboardVisibility,
    Quiz,
)
from quizapp.models.user import (
    DISPLAY_NAME_MAX,
    NAME_KEY_MAX,
    PASSWORD_MAX,
    PASSWORD_MIN,
    USERNAME_MAX,
    USERNAME_MIN,
    USERNAME_PATTERN,
    ApiToken,
    BoardPrivacy,
    LoginSession,
    Role,
    User,
    board_name,
    public_name_key,
)

__all__ = [
    "DISPLAY_NAME_MAX",
    "NAME_KEY_MAX",
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "USERNAME_MAX",
    "USERNAME_MIN",
    "USERNAME_PATTERN",
    "Answer",
    "ApiToken",
    "Assignment",
    "Attempt",
    "AuditEvent",
    "BoardPrivacy",
    "ClassMember",
    "Classroom",
    "DraftAnswer",
    "FeedbackMode",
    "GradingMethod",
    "LeaderboardEntry",
    "LeaderboardSize",
    "LeaderboardVisibility",
    "LoginSession",
    "OverallBoard",
    "Origin",
    "Question",
    "QuestionComment",
    "QuestionImage",
    "QuestionReport",
    "QuestionState",
    "QuestionVersion",
    "Quiz",
    "ReportOutcome",
    "ReportReason",
    "Role",
    "User",
    "board_name",
    "now_utc",
    "public_name_key",
]
