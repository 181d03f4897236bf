"""The live sessions' scoring rule: understanding first, speed only to break ties."""

from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.livescore import POINTS, Tally, points_for, ranked


def test_a_right_answer_is_worth_the_points_and_a_partial_one_its_share():
    assert points_for(1.0, 9_000, None, bonus=False) == POINTS
    assert points_for(0.5, 1, None, bonus=False) == POINTS // 2
    assert points_for(0.0, 1, 20, bonus=True) == 0


def test_without_the_bonus_speed_changes_no_points():
    assert points_for(1.0, 1, 20, bonus=False) == points_for(1.0, 19_999, 20, bonus=False)


def test_the_bonus_shrinks_with_the_time_taken_and_ends_with_the_timer():
    assert points_for(1.0, 0, 10, bonus=True) == 120
    assert points_for(1.0, 5_000, 10, bonus=True) == 110
    assert points_for(1.0, 10_000, 10, bonus=True) == 100
    assert points_for(1.0, 15_000, None, bonus=True) == 110  # no timer: a 30 s window


@given(
    score=st.floats(0, 1),
    elapsed=st.integers(-1000, 10**7),
    timer=st.none() | st.integers(1, 600),
)
def test_the_bonus_never_passes_a_fifth_of_the_points(score, elapsed, timer):
    plain = points_for(score, elapsed, timer, bonus=False)
    assert plain <= points_for(score, elapsed, timer, bonus=True) <= round(plain * 1.2) + 1


def test_more_points_rank_first_and_less_time_breaks_a_tie():
    board = ranked([Tally(1, 200, 9_000), Tally(2, 300, 60_000), Tally(3, 200, 4_000)])
    assert [(rank, t.player_id) for rank, t in board] == [("1", 2), ("2", 3), ("3", 1)]


def test_equal_points_and_time_share_a_rank_and_the_next_rank_skips():
    board = ranked([Tally(1, 100, 5), Tally(2, 100, 5), Tally(3, 50, 1)])
    assert [rank for rank, _ in board] == ["=1", "=1", "3"]
