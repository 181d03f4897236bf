"""Every grading rule, table by table, and the reading of submitted answers."""

import pytest

from quizapp.core.grading import Gradable, ResponseError, field_name, grade, read_response

OPTS = [{"id": i} for i in ("a", "b", "c", "d", "e")]
SINGLE = Gradable("single", OPTS, ["b"])
MULTI = Gradable("multiple", OPTS, ["a", "b"])  # 2 right, 3 wrong
TF = Gradable("true_false", [{"id": "true"}, {"id": "false"}], False)
NUM = Gradable("numeric", [], {"value": 120, "tolerance": 10})
YEAR = Gradable("numeric", [], {"value": 2015, "tolerance": 0})
SHORT = Gradable("short", [], ["amimestrocel", "amimestrocel injection", "睿铂生"])
ACRONYM = Gradable("short", [], ["NMPA", "National Medical Products Administration"])
MATCH = Gradable(
    "matching",
    [],
    [
        ["Ryoncil", "United States"],
        ["Temcell", "Japan"],
        ["Alofisel", "European Union"],
        ["Cartistem", "South Korea"],
    ],
)
ORDER = Gradable("ordering", [], ["2009", "2015", "2017", "2025"])


@pytest.mark.parametrize(
    ("question", "response", "score"),
    [
        (SINGLE, "b", 1),
        (SINGLE, "a", 0),
        (SINGLE, None, 0),
        (TF, False, 1),
        (TF, True, 0),
        (MULTI, ["a", "b"], 1),
        (MULTI, ["a"], 0.5),
        (MULTI, ["a", "b", "c"], 1 - 1 / 3),
        (MULTI, ["a", "c"], 0.5 - 1 / 3),
        (MULTI, ["c", "d"], 0),  # floor 0, never negative
        (MULTI, ["a", "b", "c", "d", "e"], 0),  # ticking everything earns nothing
        (NUM, 120, 1),
        (NUM, 110, 1),
        (NUM, 130, 1),
        (NUM, 109.9, 0),
        (NUM, 60, 0),
        (YEAR, 2015, 1),
        (YEAR, 2014, 0),
        (YEAR, 2015.0, 1),
        (SHORT, "amimestrocel", 1),
        (SHORT, "  Amimestrocel. ", 1),
        (SHORT, "AMIMESTROCEL", 1),
        (SHORT, "amimestrocell", 1),
        (SHORT, "aminestrocel", 1),  # small typos
        (SHORT, "Amimestrocel  Injection", 1),
        (SHORT, "睿铂生", 1),
        (SHORT, "remestemcel", 0),
        (SHORT, "Ryoncil", 0),
        (SHORT, "", 0),
        (ACRONYM, "nmpa", 1),
        (ACRONYM, "N.M.P.A", 0),
        (ACRONYM, "NMPA.", 1),
        (ACRONYM, "NHPA", 0),  # short answers must be exact: no typo allowance
        (ACRONYM, "national medical products administraton", 1),
        (
            MATCH,
            {
                "Ryoncil": "United States",
                "Temcell": "Japan",
                "Alofisel": "European Union",
                "Cartistem": "South Korea",
            },
            1,
        ),
        (
            MATCH,
            {
                "Ryoncil": "Japan",
                "Temcell": "United States",
                "Alofisel": "European Union",
                "Cartistem": "South Korea",
            },
            0.5,
        ),
        (MATCH, {}, 0),
        (ORDER, ["2009", "2015", "2017", "2025"], 1),
        (ORDER, ["2015", "2009", "2017", "2025"], 0.5),
        (ORDER, ["2025", "2017", "2015", "2009"], 0),
    ],
)
def test_grading_rules(question, response, score):
    assert grade(question, response) == pytest.approx(score)


def _form(**values):
    return {k: v if isinstance(v, list) else [v] for k, v in values.items()}


@pytest.mark.parametrize(
    ("question", "values", "expected"),
    [
        (SINGLE, _form(answer="c"), "c"),
        (TF, _form(answer="false"), False),
        (MULTI, _form(answer=["b", "a"]), ["a", "b"]),
        (NUM, _form(answer=" 1,200 "), 1200.0),
        (NUM, _form(answer="12,5"), 12.5),
        (NUM, _form(answer="-3.25"), -3.25),
        (SHORT, _form(answer=" amimestrocel "), "amimestrocel"),
        (
            ORDER,
            {
                field_name("position", "2009"): ["2"],
                field_name("position", "2015"): ["1"],
                field_name("position", "2017"): ["3"],
                field_name("position", "2025"): ["4"],
            },
            ["2015", "2009", "2017", "2025"],
        ),
    ],
)
def test_reading_a_good_response(question, values, expected):
    assert read_response(question, values) == expected


@pytest.mark.parametrize(
    ("question", "values", "message"),
    [
        (SINGLE, {}, "Choose one of the options."),
        (SINGLE, _form(answer="zzz"), "Choose one of the options."),
        (SINGLE, _form(answer=["a", "b"]), "Choose one of the options."),
        (TF, _form(answer="maybe"), "Choose True or False."),
        (MULTI, {}, "Choose at least one option."),
        (MULTI, _form(answer=["a", "a"]), "Choose only among the options shown."),
        (MULTI, _form(answer=["a", "<script>"]), "Choose only among the options shown."),
        (NUM, _form(answer="twenty"), "Type a number"),
        (NUM, _form(answer="nan"), "Type a number"),
        (NUM, _form(answer="1e400"), "Type a number"),
        (NUM, {}, "Type a number."),
        (SHORT, {}, "Type your answer."),
        (SHORT, _form(answer="x" * 501), "under 500 characters"),
        (MATCH, {}, "Choose a match for every item."),
        (
            MATCH,
            {
                field_name("match", left): ["Mars"]
                for left in ("Ryoncil", "Temcell", "Alofisel", "Cartistem")
            },
            "Choose only among the matches",
        ),
        (ORDER, {}, "Give every item a position."),
        (
            ORDER,
            {field_name("position", i): ["1"] for i in ("2009", "2015", "2017", "2025")},
            "Give each item a different position.",
        ),
        (
            ORDER,
            {
                field_name("position", i): [str(n)]
                for n, i in enumerate(("2009", "2015", "2017", "2025"), start=2)
            },
            "Positions go from 1 to 4.",
        ),
        (
            ORDER,
            {field_name("position", i): ["9" * 4301] for i in ("2015", "2017", "2025")}
            | {field_name("position", "2009"): ["0" * 4300 + "1"]},
            "Positions go from 1 to 4.",
        ),
        (
            ORDER,
            {field_name("position", i): ["\u00b2"] for i in ("2009", "2015", "2017", "2025")},
            "Give every item a position.",
        ),
    ],
)
def test_a_malformed_response_gets_a_clear_message(question, values, message):
    with pytest.raises(ResponseError, match=message):
        read_response(question, values)


WEIGHTED_SINGLE = Gradable(
    "single",
    [{"id": "a", "weight": 100}, {"id": "b", "weight": 50}, {"id": "c", "weight": -50}],
    ["a"],
)
WEIGHTED_MULTI = Gradable(
    "multiple",
    [{"id": "a", "weight": 50}, {"id": "b", "weight": 50}, {"id": "c", "weight": -100}],
    ["a", "b"],
)


@pytest.mark.parametrize(
    ("question", "response", "score"),
    [
        (WEIGHTED_SINGLE, "a", 1),
        (WEIGHTED_SINGLE, "b", 0.5),
        (WEIGHTED_SINGLE, "c", 0),
        (WEIGHTED_MULTI, ["a", "b"], 1),
        (WEIGHTED_MULTI, ["a"], 0.5),
        (WEIGHTED_MULTI, ["a", "c"], 0),
        (WEIGHTED_MULTI, ["a", "b", "c"], 0),
        (Gradable("essay", [], None), "A thoughtful answer.", 0),
        (Gradable("description", [], None), None, 0),
    ],
)
def test_weighted_options_and_unscored_types(question, response, score):
    assert grade(question, response) == pytest.approx(score)


def test_an_essay_is_read_and_a_description_has_nothing_to_answer():
    assert read_response(Gradable("essay", [], None), {"answer": [" My view. "]}) == "My view."
    with pytest.raises(ResponseError, match="nothing to answer"):
        read_response(Gradable("description", [], None), {"answer": ["x"]})
