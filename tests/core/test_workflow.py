"""The review workflow's one rule, without the app."""

import itertools

import pytest

from quizapp.core.workflow import MOVES, QuestionState, moves, refusal

STATES = list(QuestionState)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(STATES, STATES)))
def test_a_move_is_allowed_exactly_when_it_is_one_of_the_moves(current, target):
    assert (refusal(current, target) is None) == (target in MOVES[current])


def test_every_state_has_its_moves_and_words():
    assert set(MOVES) == set(QuestionState)
    for state in QuestionState:
        assert state.label and state.description
        assert state not in moves(state)


def test_a_retired_question_goes_back_only_through_a_draft():
    assert moves(QuestionState.RETIRED) == (QuestionState.DRAFT,)
    refused = refusal(QuestionState.RETIRED, QuestionState.REVIEW)
    assert refused == "A question that is retired cannot move to in review."


def test_a_question_with_problems_is_not_published_and_the_refusal_names_them():
    why = refusal(QuestionState.REVIEW, QuestionState.PUBLISHED, ["it needs an explanation"])
    assert why == "It cannot be published: it needs an explanation."
    assert refusal(QuestionState.REVIEW, QuestionState.RETIRED, ["it needs an explanation"]) is None


def test_only_a_question_the_sync_retired_comes_back_straight_to_its_arrival_state():
    assert refusal(QuestionState.RETIRED, QuestionState.PUBLISHED) is not None
    returned = refusal(QuestionState.RETIRED, QuestionState.PUBLISHED, returns_orphan=True)
    assert returned is None
    # The exception is for a retired question only: it opens no other move.
    assert refusal(QuestionState.PUBLISHED, QuestionState.DRAFT, returns_orphan=True) is not None
