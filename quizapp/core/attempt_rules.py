"""Rules about an attempt that every page and the API apply alike: when feedback may show,
and whether a score passes."""


def feedback_shown(finished: bool, immediate: bool, answered: bool) -> bool:
    """Feedback on a question shows once the attempt is finished (answered or not), or, when
    the quiz gives feedback after each answer, as soon as that question has an answer."""
    return finished or (immediate and answered)


def passed(percent: float | None, pass_mark: float | None) -> bool | None:
    """True when the score reaches the pass mark (no score counts as 0); None when the quiz
    has no pass mark."""
    if pass_mark is None:
        return None
    return (percent or 0.0) >= pass_mark
