"""The review workflow: the states a question goes through and the one rule for moving it.

Every screen and command that changes a question's state asks `refusal` first (through the
service in quizapp/workflow.py), so no page, report or sync can make a move this rule forbids.
"""

from collections.abc import Sequence

from quizapp.core.vocabulary import Vocabulary


class QuestionState(Vocabulary):
    """Where a question is in the review workflow."""

    DRAFT = "draft", "Draft", "Being written: no quiz draws it."
    REVIEW = "review", "In review", "Waiting for a reviewer: no quiz draws it."
    PUBLISHED = "published", "Published", "Checked: quizzes may draw it."
    RETIRED = "retired", "Retired", "No longer drawn; past answers keep their meaning."


# The allowed moves: from a state to the states it may go to, in the order screens offer them.
# A retired question comes back only through a draft, so it is read again before students
# see it; a published one is never sent back to draft without a review.
MOVES: dict[QuestionState, tuple[QuestionState, ...]] = {
    QuestionState.DRAFT: (QuestionState.REVIEW, QuestionState.PUBLISHED, QuestionState.RETIRED),
    QuestionState.REVIEW: (QuestionState.PUBLISHED, QuestionState.DRAFT, QuestionState.RETIRED),
    QuestionState.PUBLISHED: (QuestionState.REVIEW, QuestionState.RETIRED),
    QuestionState.RETIRED: (QuestionState.DRAFT,),
}

# The words on the button that makes a move to each state.
ACTIONS: dict[QuestionState, str] = {
    QuestionState.REVIEW: "Send to review",
    QuestionState.PUBLISHED: "Publish",
    QuestionState.DRAFT: "Back to draft",
    QuestionState.RETIRED: "Retire",
}


def moves(state: QuestionState) -> tuple[QuestionState, ...]:
    """The states a question in `state` may move to, in the order screens offer them."""
    return MOVES[state]


def refusal(
    current: QuestionState,
    target: QuestionState,
    problems: Sequence[str] = (),
    *,
    returns_orphan: bool = False,
) -> str | None:
    """Why a question in `current` may not move to `target`, in words; None when it may.

    The rule: a move must be one of MOVES, and a question is published only when it has no
    problems (quizapp.core.questions.problems). One exception, for the bank sync alone
    (`returns_orphan`): a question the sync retired itself because its facts left the bank
    comes back to the state generated questions arrive in once the facts are back, since no
    person decided to retire it.
    """
    if target is current:
        return f"The question is already {current.label.casefold()}."
    orphan_back = returns_orphan and current is QuestionState.RETIRED
    if target not in MOVES[current] and not orphan_back:
        return (
            f"A question that is {current.label.casefold()} cannot move to "
            f"{target.label.casefold()}."
        )
    if target is QuestionState.PUBLISHED and problems:
        return "It cannot be published: " + "; ".join(problems) + "."
    return None


def state_change(current: QuestionState, target: QuestionState) -> str:
    """The note of a move in a question's history: 'published → review'."""
    return f"{current.value} → {target.value}"
