"""Why the quiz service refuses: typed, so that pages and the API each say it their own way."""


class AttemptRefused(Exception):
    """The action is not allowed now; the message says why, in words for the student."""

    message = "This is not allowed now."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)


class AttemptFinished(AttemptRefused):
    """The attempt is closed (by its student, or by its time): its answers stay as they are."""

    message = "This attempt is finished: answers can no longer change."


class TimeIsUp(AttemptRefused):
    """The save came after the attempt's deadline, and closed it."""

    message = "Time is up: this attempt was closed and graded with what was saved."


class AlreadyAnswered(AttemptRefused):
    """Immediate feedback: the question was checked already, and its answer is kept."""

    message = "You have already answered this question; its feedback is shown."


class NotInAttempt(LookupError):
    """No such attempt of the caller's, or no such question in it: a 404, revealing nothing."""
