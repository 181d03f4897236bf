"""Item analysis checked against sums done by hand on a tiny quiz: 4 students, 3 questions.

    student   q1          q2        q3               total  percent (out of 3)
    A (1)     1  "b" 10s  1  "a"    1    "a","b"     3      100
    B (2)     1  "b" 20s  1  "a"    0.5  "a"         2.5    83.33
    C (3)     1  "b" 30s  0  "c"    0.5  "a","c"     1.5    50
    D (4)     -  (none)   0  "d"    0    "c"         0      0

D left q1 unanswered: 0 for the statistics, "not answered" for the option counts.
Every variance is the sample one (divide by n - 1 = 3), as in Moodle.
"""

import math
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.spreadsheet import csv_text
from quizapp.core.statistics import (
    AttemptRecord,
    HistogramBin,
    ItemResponse,
    ItemStats,
    OptionCount,
    attempt_csv_rows,
    choose_attempts,
    confusion_matrix,
    cronbach_alpha,
    histogram_svg,
    item_csv_rows,
    item_statistics,
    option_csv_rows,
    quiz_statistics,
    score_histogram,
)
from quizapp.core.status import Status

SVG = "{http://www.w3.org/2000/svg}"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def attempt(
    student: int,
    scores: dict[str, float | None],
    *,
    number: int = 1,
    attempt_id: int | None = None,
    max_score: float | None = None,
    chosen: dict[str, tuple[str, ...]] | None = None,
    seconds: dict[str, float] | None = None,
) -> AttemptRecord:
    """An attempt whose total is the sum of its question scores, out of one point a question."""
    chosen = chosen or {}
    seconds = seconds or {}
    responses = tuple(
        ItemResponse(qid, score, seconds.get(qid), chosen.get(qid, ()))
        for qid, score in scores.items()
    )
    return AttemptRecord(
        attempt_id=attempt_id if attempt_id is not None else student * 100 + number,
        student_id=student,
        number=number,
        finished_at=START + timedelta(days=number),
        score=sum(s or 0 for s in scores.values()),
        max_score=max_score if max_score is not None else len(scores),
        seconds=60.0 * student,
        responses=responses,
    )


TINY = [
    attempt(
        1,
        {"q1": 1, "q2": 1, "q3": 1},
        chosen={"q1": ("b",), "q2": ("a",), "q3": ("a", "b")},
        seconds={"q1": 10},
    ),
    attempt(
        2,
        {"q1": 1, "q2": 1, "q3": 0.5},
        chosen={"q1": ("b",), "q2": ("a",), "q3": ("a",)},
        seconds={"q1": 20},
    ),
    attempt(
        3,
        {"q1": 1, "q2": 0, "q3": 0.5},
        chosen={"q1": ("b",), "q2": ("c",), "q3": ("a", "c")},
        seconds={"q1": 30},
    ),
    attempt(4, {"q1": None, "q2": 0, "q3": 0}, chosen={"q2": ("d",), "q3": ("c",)}),
]


def by_id(records: list[AttemptRecord]) -> dict[str, ItemStats]:
    """The item statistics of records, keyed by question id."""
    return {item.question_id: item for item in item_statistics(records)}


def test_facility_is_the_mean_score_fraction_and_unanswered_counts_as_zero():
    items = item_statistics(TINY)
    assert [i.question_id for i in items] == ["q1", "q2", "q3"]
    assert [i.attempts for i in items] == [4, 4, 4]
    # q1: (1+1+1+0)/4 = 0.75; q2: (1+1+0+0)/4 = 0.5; q3: (1+0.5+0.5+0)/4 = 0.5
    assert [i.facility for i in items] == pytest.approx([0.75, 0.5, 0.5])


def test_item_standard_deviation_is_the_sample_one():
    items = item_statistics(TINY)
    # q1: deviations .25 .25 .25 -.75, squares sum .0625*3 + .5625 = .75, /3 = .25 -> sd .5
    # q2: deviations .5 .5 -.5 -.5, squares sum 1, /3 -> sd sqrt(1/3) = .57735
    # q3: deviations .5 0 0 -.5, squares sum .5, /3 -> sd sqrt(1/6) = .40825
    assert [i.sd for i in items] == pytest.approx([0.5, math.sqrt(1 / 3), math.sqrt(1 / 6)])


def test_discrimination_is_the_correlation_with_the_rest_of_the_test():
    items = item_statistics(TINY)
    # q1 item 1 1 1 0 (mean .75), rest = total - q1 = 2 1.5 .5 0 (mean 1)
    #   item dev .25 .25 .25 -.75, rest dev 1 .5 -.5 -1
    #   cross .25 + .125 - .125 + .75 = 1; Sxx .75; Syy 1 + .25 + .25 + 1 = 2.5
    #   r = 1 / sqrt(.75 * 2.5) = 1 / sqrt(1.875) = .730297
    # q2 item 1 1 0 0 (mean .5), rest 2 1.5 1.5 0 (mean 1.25)
    #   item dev .5 .5 -.5 -.5, rest dev .75 .25 .25 -1.25
    #   cross .375 + .125 - .125 + .625 = 1; Sxx 1; Syy .5625 + .0625 + .0625 + 1.5625 = 2.25
    #   r = 1 / 1.5 = .666667
    # q3 item 1 .5 .5 0 (mean .5), rest 2 2 1 0 (mean 1.25)
    #   item dev .5 0 0 -.5, rest dev .75 .75 -.25 -1.25
    #   cross .375 + .625 = 1; Sxx .5; Syy .5625 + .5625 + .0625 + 1.5625 = 2.75
    #   r = 1 / sqrt(1.375) = .852803
    assert [i.discrimination for i in items] == pytest.approx(
        [1 / math.sqrt(1.875), 1 / 1.5, 1 / math.sqrt(1.375)]
    )
    assert items[0].discrimination == pytest.approx(0.730297, abs=1e-6)


def test_quiz_mean_median_and_sample_sd_are_of_the_percents():
    stats = quiz_statistics(TINY)
    assert stats.attempts == 4
    # percents 100, 83.33, 50, 0 -> mean 233.33/4 = 58.33
    assert stats.mean_percent == pytest.approx(175 / 3)
    # sorted 0, 50, 83.33, 100 -> median (50 + 83.33)/2 = 66.67
    assert stats.median_percent == pytest.approx(200 / 3)
    # totals 3 2.5 1.5 0 (mean 1.75), deviations 1.25 .75 -.25 -1.75,
    # squares 1.5625 + .5625 + .0625 + 3.0625 = 5.25, /3 = 1.75 -> sd sqrt(1.75) points,
    # as a percent of 3 points: 100 * 1.32288 / 3 = 44.096
    assert stats.sd_percent == pytest.approx(100 * math.sqrt(1.75) / 3)


def test_cronbachs_alpha_uses_sample_variances_on_both_sides():
    # item variances .25 + 1/3 + 1/6 = .75; total variance 1.75 (above)
    # alpha = 3/2 * (1 - .75/1.75) = 1.5 * 4/7 = 6/7 = .857143
    assert quiz_statistics(TINY).alpha == pytest.approx(6 / 7)
    assert cronbach_alpha(TINY) == pytest.approx(0.857143, abs=1e-6)


def test_the_quiz_histogram_puts_each_percent_in_its_tenth():
    counts = [b.count for b in quiz_statistics(TINY).histogram]
    # 0 -> first bin, 50 -> sixth, 83.33 -> ninth, 100 -> last
    assert counts == [1, 0, 0, 0, 0, 1, 0, 0, 1, 1]


def test_option_frequencies_count_choices_and_the_unanswered():
    items = by_id(TINY)
    assert items["q1"].options == (
        OptionCount("b", 3, 0.75),
        OptionCount(None, 1, 0.25),
    )
    # multiple answers: a by A, B, C; c by C, D; b by A. Shares are of the 4 attempts.
    assert items["q3"].options == (
        OptionCount("a", 3, 0.75),
        OptionCount("c", 2, 0.5),
        OptionCount("b", 1, 0.25),
        OptionCount(None, 0, 0.0),
    )


def test_median_time_ignores_unknown_times_and_is_none_without_any():
    items = by_id(TINY)
    assert items["q1"].median_seconds == 20  # 10, 20, 30
    assert items["q2"].median_seconds is None


MANY_TRIES = [
    attempt(1, {"q1": 1, "q2": 0}, number=3, attempt_id=13),  # 50%, last
    attempt(2, {"q1": 0, "q2": 0}, number=1, attempt_id=21),  # only attempt
    attempt(1, {"q1": 1, "q2": 1}, number=2, attempt_id=12),  # 100%, first of the tie
    attempt(1, {"q1": 0, "q2": 0}, number=1, attempt_id=11),  # 0%, first
    attempt(1, {"q1": 1, "q2": 1}, number=4, attempt_id=14),  # 100% again, later
]


@pytest.mark.parametrize(
    ("which", "expected_ids"),
    [
        ("first", [21, 11]),
        ("last", [21, 14]),
        ("highest", [21, 12]),  # 12 and 14 tie at 100%: the earlier attempt counts
        ("all", [13, 21, 12, 11, 14]),
    ],
)
def test_choose_attempts_keeps_the_counted_attempt_of_each_student(which, expected_ids):
    assert [r.attempt_id for r in choose_attempts(MANY_TRIES, which)] == expected_ids


def test_choose_attempts_compares_percents_not_points():
    small = attempt(1, {"q1": 1}, number=1, attempt_id=1)  # 1 of 1 = 100%
    large = attempt(1, {"q1": 1, "q2": 0.5}, number=2, attempt_id=2)  # 1.5 of 2 = 75%
    assert [r.attempt_id for r in choose_attempts([small, large], "highest")] == [1]


def test_choose_attempts_refuses_an_unknown_choice():
    with pytest.raises(ValueError, match="average"):
        choose_attempts(MANY_TRIES, "average")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("percents", "expected"),
    [
        ([0], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ([9.99], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ([10], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
        ([99.99], [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        ([100], [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        ([100 * 0.7], [0, 0, 0, 0, 0, 0, 0, 1, 0, 0]),
        ([-5, 120], [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]),  # outside 0..100: the nearest end
    ],
)
def test_histogram_bins_include_their_lower_edge_and_100_goes_last(percents, expected):
    assert [b.count for b in score_histogram(percents)] == expected


def test_histogram_bins_carry_their_ranges():
    bins = score_histogram([], bin_count=4)
    assert [(b.lower, b.upper, b.label) for b in bins] == [
        (0, 25, "0–25%"),
        (25, 50, "25–50%"),
        (50, 75, "50–75%"),
        (75, 100, "75–100%"),
    ]
    with pytest.raises(ValueError):
        score_histogram([50], bin_count=0)


def test_confusion_matrix_counts_true_against_chosen_with_zeros_kept():
    statuses = [Status.APPROVED_DRUG, Status.RESEARCH, Status.RULE]
    pairs = [
        (Status.RESEARCH, Status.APPROVED_DRUG),
        (Status.RESEARCH, Status.APPROVED_DRUG),
        (Status.RESEARCH, Status.RESEARCH),
        (Status.APPROVED_DRUG, Status.APPROVED_DRUG),
    ]
    assert confusion_matrix(pairs, statuses) == {
        Status.APPROVED_DRUG: {Status.APPROVED_DRUG: 1, Status.RESEARCH: 0, Status.RULE: 0},
        Status.RESEARCH: {Status.APPROVED_DRUG: 2, Status.RESEARCH: 1, Status.RULE: 0},
        Status.RULE: {Status.APPROVED_DRUG: 0, Status.RESEARCH: 0, Status.RULE: 0},
    }
    assert confusion_matrix([], ["a"]) == {"a": {"a": 0}}
    with pytest.raises(ValueError, match="withdrawn"):
        confusion_matrix([(Status.WITHDRAWN, Status.RULE)], statuses)


def test_the_histogram_svg_is_accessible_xml_with_one_bar_per_bin():
    bins = score_histogram([5, 55, 55, 95])
    svg = histogram_svg(bins, 'Scores <quiz> & "friends"')
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 400 240"
    assert root.find(f"{SVG}title").text == 'Scores <quiz> & "friends"'
    desc = root.find(f"{SVG}desc").text
    assert "4 attempts" in desc and "The most common range is 50–60%, with 2 attempts." in desc
    rects = root.findall(f"{SVG}rect")
    assert len(rects) == 10
    # heights are proportional to counts: 2 is the tallest (180), 1 is half, 0 is flat
    assert [float(r.get("height")) for r in rects] == [90, 0, 0, 0, 0, 180, 0, 0, 0, 90]
    texts = [t.text for t in root.findall(f"{SVG}text")]
    assert texts[:10] == ["1", "0", "0", "0", "0", "2", "0", "0", "0", "1"]
    assert {"0%", "50%", "100%"} <= set(texts)
    assert "<script" not in svg.lower() and "href" not in svg
    assert "&lt;quiz&gt; &amp;" in svg


def test_the_histogram_svg_escapes_its_id_and_describes_an_empty_quiz():
    svg = histogram_svg(score_histogram([]), "Empty", element_id='x" onload="alert(1)')
    root = ET.fromstring(svg)
    assert root.get("onload") is None
    assert "No attempts yet" in root.find(f"{SVG}desc").text
    assert all(float(r.get("height")) == 0 for r in root.findall(f"{SVG}rect"))


def test_a_tie_for_the_most_common_range_names_every_range():
    bins = (HistogramBin(0, 50, 2), HistogramBin(50, 100, 2))
    assert "The most common ranges are 0–50% and 50–100%, with 2 attempts each." in histogram_svg(
        bins, "T"
    )


def test_csv_rows_for_questions_options_and_attempts():
    items = item_statistics(TINY)
    rows = item_csv_rows(items)
    assert rows[0] == [
        "question",
        "attempts",
        "facility_%",
        "sd_%",
        "discrimination_index_%",
        "median_seconds",
    ]
    assert rows[1] == ["q1", 4, 75.0, 50.0, 73.03, 20]
    assert rows[2][5] == ""
    options = option_csv_rows(items)
    assert options[0] == ["question", "option", "count", "share_%"]
    assert options[1:3] == [["q1", "b", 3, 75.0], ["q1", "(not answered)", 1, 25.0]]
    people = attempt_csv_rows(TINY[:2], {1: "=HYPERLINK(evil)"})
    assert people == [
        ["student", "attempt", "score", "out_of", "percent", "seconds"],
        ["=HYPERLINK(evil)", 1, 3, 3, 100.0, 60.0],
        [2, 1, 2.5, 3, 83.33, 120.0],
    ]
    # The one CSV writer makes the name safe for a spreadsheet; numbers stay numbers.
    assert csv_text(people).splitlines()[1] == "'=HYPERLINK(evil),1,3,3,100.0,60.0"


def test_no_attempts_give_empty_statistics_without_crashing():
    assert item_statistics([]) == []
    stats = quiz_statistics([])
    assert (stats.attempts, stats.mean_percent, stats.median_percent) == (0, None, None)
    assert (stats.sd_percent, stats.alpha) == (None, None)
    assert [b.count for b in stats.histogram] == [0] * 10
    assert choose_attempts([], "highest") == []
    assert item_csv_rows([]) == [item_csv_rows([])[0]]


def test_one_attempt_has_a_facility_but_no_spread_discrimination_or_alpha():
    one = [attempt(1, {"q1": 1, "q2": 0.5})]
    (q1, q2) = item_statistics(one)
    assert (q1.facility, q1.sd, q1.discrimination) == (1, None, None)
    stats = quiz_statistics(one)
    assert (stats.mean_percent, stats.median_percent) == (75, 75)
    assert (stats.sd_percent, stats.alpha) == (None, None)


def test_a_question_everyone_scores_the_same_on_has_no_discrimination():
    records = [
        attempt(1, {"q1": 1, "q2": 1}),
        attempt(2, {"q1": 1, "q2": 0}),
        attempt(3, {"q1": 1, "q2": 0.5}),
    ]
    q1, q2 = item_statistics(records)
    assert (q1.facility, q1.sd, q1.discrimination) == (1, 0, None)
    # q2's rest of test is q1, constant 1: no correlation either
    assert q2.discrimination is None


def test_alpha_is_none_for_one_question_constant_totals_or_drawn_questions():
    assert cronbach_alpha([attempt(1, {"q1": 1}), attempt(2, {"q1": 0})]) is None
    constant = [attempt(1, {"q1": 1, "q2": 0}), attempt(2, {"q1": 0, "q2": 1})]
    assert cronbach_alpha(constant) is None
    drawn = [attempt(1, {"q1": 1, "q2": 0}), attempt(2, {"q1": 0, "q3": 1})]
    assert cronbach_alpha(drawn) is None
    # totals 0.1 + 0.2 and 0.3 differ only by float noise: constant, not a tiny spread
    noisy = [attempt(1, {"q1": 0.1, "q2": 0.2}), attempt(2, {"q1": 0.3, "q2": 0.0})]
    assert cronbach_alpha(noisy) is None


def test_records_refuse_impossible_values():
    with pytest.raises(ValueError):
        ItemResponse("q1", 1.5)
    with pytest.raises(ValueError):
        attempt(1, {"q1": 1}, max_score=0)
    with pytest.raises(ValueError):
        AttemptRecord(1, 1, 1, START, 1, 1, None, (ItemResponse("q", 1), ItemResponse("q", 0)))


item_score = st.one_of(
    st.none(),
    st.sampled_from([0.0, 0.5, 1.0]),
    st.floats(min_value=0, max_value=1, allow_nan=False),
)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda k: st.lists(st.lists(item_score, min_size=k, max_size=k), max_size=8)
    )
)
def test_statistics_stay_within_their_ranges(score_table):
    records = [
        attempt(i, {f"q{j}": score for j, score in enumerate(row)})
        for i, row in enumerate(score_table, start=1)
    ]
    stats = quiz_statistics(records)
    assert stats.alpha is None or stats.alpha <= 1
    assert sum(b.count for b in stats.histogram) == len(records)
    for item in item_statistics(records):
        assert 0 <= item.facility <= 1
        assert item.sd is None or item.sd >= 0
        assert item.discrimination is None or -1 <= item.discrimination <= 1
        assert sum(o.count for o in item.options if o.option is None) <= item.attempts
