"""The leaderboard rules, table by table."""

from datetime import UTC, date, datetime

import pytest

from quizapp.core.ranking import (
    AttemptResult,
    Standing,
    assign_ranks,
    overall_standing,
    period_start,
    standing_of,
)

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def at(minute):
    return T0.replace(minute=minute)


A1 = AttemptResult(1, 60.0, 300, at(1))
A2 = AttemptResult(2, 80.0, 500, at(2))
A3 = AttemptResult(3, 80.0, 400, at(3))  # same best score, faster
A4 = AttemptResult(4, 40.0, 100, at(4))


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("highest", Standing(80.0, 400, at(3))),  # equal best scores: the faster attempt counts
        ("first", Standing(60.0, 300, at(1))),
        ("last", Standing(40.0, 100, at(4))),
        ("average", Standing(65.0, 325, at(4))),
    ],
)
def test_the_counted_standing_follows_the_grading_method(method, expected):
    assert standing_of([A3, A1, A4, A2], method) == expected


def test_no_attempts_no_standing_and_unknown_methods_are_refused():
    assert standing_of([], "highest") is None
    with pytest.raises(ValueError):
        standing_of([A1], "best-of-three")


def test_equal_best_scores_at_equal_speed_take_the_earlier_finish():
    early, late = AttemptResult(1, 90, 60, at(1)), AttemptResult(2, 90, 60, at(9))
    assert standing_of([late, early], "highest").finished_at == at(1)


@pytest.mark.parametrize(
    ("rows", "first_rank", "first_position", "labels"),
    [
        # score wins; then shorter time; then earlier finish
        (
            [
                Standing(90, 50, at(1)),
                Standing(80, 10, at(1)),
                Standing(80, 20, at(1)),
                Standing(80, 20, at(2)),
            ],
            1,
            1,
            ["1", "2", "3", "4"],
        ),
        # fully equal students share a rank and the next rank skips
        (
            [
                Standing(90, 50, at(1)),
                Standing(80, 20, at(1)),
                Standing(80, 20, at(1)),
                Standing(70, 20, at(1)),
            ],
            1,
            1,
            ["1", "=2", "=2", "4"],
        ),
        # everybody equal
        ([Standing(50, 5, at(1))] * 3, 1, 1, ["=1", "=1", "=1"]),
        # page 2 starts with a student tied with the last of page 1 (positions 51.. rank 50)
        ([Standing(60, 5, at(1)), Standing(50, 5, at(1))], 50, 51, ["=50", "52"]),
        ([], 1, 1, []),
    ],
)
def test_ranks_and_shared_ranks(rows, first_rank, first_position, labels):
    assert assign_ranks(rows, first_rank, first_position) == labels


@pytest.mark.parametrize(
    ("period", "moment", "start"),
    [
        ("all", datetime(2026, 11, 25, tzinfo=UTC), date(1970, 1, 1)),
        ("week", datetime(2026, 11, 25, 23, 59, tzinfo=UTC), date(2026, 11, 23)),  # a Wednesday
        ("week", datetime(2026, 11, 23, 0, 0, tzinfo=UTC), date(2026, 11, 23)),  # Monday itself
        ("week", datetime(2026, 11, 22, 23, 59, tzinfo=UTC), date(2026, 11, 16)),  # Sunday
        ("month", datetime(2026, 11, 30, 23, 59, tzinfo=UTC), date(2026, 11, 1)),
        ("month", datetime(2026, 12, 1, 0, 0, tzinfo=UTC), date(2026, 12, 1)),
    ],
)
def test_periods_start_on_monday_and_the_first_of_the_month_in_utc(period, moment, start):
    assert period_start(period, moment) == start


def test_the_overall_standing_sums_scores_and_times_and_keeps_the_latest_finish():
    assert overall_standing([Standing(80, 100, at(1)), Standing(50, 30, at(7))]) == Standing(
        130, 130, at(7)
    )
    assert overall_standing([]) is None
