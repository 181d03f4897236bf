"""GIFT: every construct Moodle reads, Moodle's own examples file, named problems, round trips."""

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.gift import (
    BLANK,
    PHP_SPACE,
    GiftAnswer,
    GiftError,
    GiftQuestion,
    decode_gift,
    export_gift,
    from_question_dict,
    parse_gift,
    to_question_dict,
    write_gift,
)
from quizapp.core.questions import option_id

DATA = Path(__file__).resolve().parent / "data" / "moodle-gift-examples.txt"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "moodle-gift-examples.txt"


def only(text: str) -> GiftQuestion:
    """The one question a snippet gives, failing on any problem."""
    result = parse_gift(text)
    assert result.problems == []
    assert len(result.questions) == 1
    return result.questions[0]


def answers(question: GiftQuestion) -> list[tuple[str, float, str]]:
    """A question's answers as (text, weight, feedback)."""
    return [(a.text, a.weight, a.feedback) for a in question.answers]


# --- Each construct, one snippet each ------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "kind", "expected"),
    [
        ("Q?{~a ~b =c}", "multichoice", [("a", 0, ""), ("b", 0, ""), ("c", 1, "")]),
        ("Q?{=a#yes ~b#no}", "multichoice", [("a", 1, "yes"), ("b", 0, "no")]),
        (
            "Q?{~%50%half ~none =all}",
            "multichoice",
            [("half", 0.5, ""), ("none", 0, ""), ("all", 1, "")],
        ),
        (
            "Q?{~%33.33333%a ~%-100%b =c}",
            "multichoice",
            [("a", 0.3333333, ""), ("b", -1, ""), ("c", 1, "")],
        ),
        # Text before the first mark is an answer too, worth nothing, as in Moodle.
        ("Q?{a ~b =c}", "multichoice", [("a", 0, ""), ("b", 0, ""), ("c", 1, "")]),
        (
            "Q?{~%50%a ~%50%b ~%-100%c}",
            "multiresponse",
            [("a", 0.5, ""), ("b", 0.5, ""), ("c", -1, "")],
        ),
        # No = at all is multiple response, even with a 100% answer (Moodle's "tricky" case).
        (
            "Q?{~%100%a ~%-50%b ~%-50%c}",
            "multiresponse",
            [("a", 1, ""), ("b", -0.5, ""), ("c", -0.5, "")],
        ),
        (
            "Grant is {~buried =entombed} here.",
            "missingword",
            [("buried", 0, ""), ("entombed", 1, "")],
        ),
        ("Q?{=no one =nobody}", "shortanswer", [("no one", 1, ""), ("nobody", 1, "")]),
        (
            "Q?{=a#good =%50%b#half =%0%*#other}",
            "shortanswer",
            [("a", 1, "good"), ("b", 0.5, "half"), ("*", 0, "other")],
        ),
        ("Q?{answer}", "shortanswer", [("answer", 1, "")]),
        # Moodle's true/false words are upper case only: {true} is a short answer "true".
        ("Q?{true}", "shortanswer", [("true", 1, "")]),
        ("Q?{T}", "truefalse", [("True", 1, ""), ("False", 0, "")]),
        ("Q?{TRUE}", "truefalse", [("True", 1, ""), ("False", 0, "")]),
        ("Q?{F}", "truefalse", [("True", 0, ""), ("False", 1, "")]),
        ("Q?{FALSE#no#yes}", "truefalse", [("True", 0, "no"), ("False", 1, "yes")]),
        ("Q?{#1822}", "numerical", [("1822", 1, "")]),
        (
            "Q?{#=1822:0 =%50%1822:2#close}",
            "numerical",
            [("1822:0", 1, ""), ("1822:2", 0.5, "close")],
        ),
        ("Q?{#3:2~#Completely wrong}", "numerical", [("3:2", 1, ""), ("*", 0, "Completely wrong")]),
        ("Q?{}", "essay", []),
        ("Q?{####general}", "essay", []),
        ("Just some text.", "description", []),
    ],
)
def test_each_construct_gives_moodles_kind_answers_weights_and_feedback(
    snippet: str, kind: str, expected: list[tuple[str, float, str]]
) -> None:
    question = only(snippet)
    assert question.kind == kind
    assert answers(question) == [(t, pytest.approx(w), f) for t, w, f in expected]


def test_a_matching_question_keeps_pairs_and_extra_right_hand_sides() -> None:
    question = only("Match.{=Canada -> Ottawa =Italy->Rome = -> Paris}")
    assert question.kind == "matching"
    assert question.moodle_qtype == "match"
    assert question.pairs == [("Canada", "Ottawa"), ("Italy", "Rome"), ("", "Paris")]


def test_true_false_feedback_goes_where_moodle_files_it() -> None:
    # The first feedback is shown for the wrong choice, the second for the right one.
    true_question = only("Q?{TRUE#wrong choice#right choice}")
    assert true_question.truth is True
    assert true_question.feedback_false == "wrong choice"
    assert true_question.feedback_true == "right choice"
    false_question = only("Q?{F#chose true#chose false}")
    assert false_question.truth is False
    assert false_question.feedback_true == "chose true"
    assert false_question.feedback_false == "chose false"


def test_a_numeric_range_keeps_its_ends_and_becomes_a_value_with_a_tolerance() -> None:
    (answer,) = only("Pi? {#3.141..3.142}").answers
    assert (answer.min, answer.max) == (3.141, 3.142)
    assert answer.value == pytest.approx(3.1415)
    assert answer.tolerance == pytest.approx(0.0005)
    (plain,) = only("Year? {#-1822:1.5}").answers
    assert (plain.value, plain.tolerance, plain.min) == (-1822, 1.5, None)


def test_names_formats_general_feedback_and_escapes_are_read() -> None:
    question = only(
        "::A \\:: name::[html]<b>1 \\= 1\\n\\{ok\\}</b>{=a\\#b#c\\~d####[plain]General}"
    )
    assert question.name == "A :: name"
    assert question.text_format == "html"
    assert question.text == "<b>1 = 1\n{ok}</b>"
    assert answers(question) == [("a#b", 1, "c~d")]
    assert question.general_feedback == "General"
    # An unknown [word] is text, and a backslash before anything else stays.
    assert only("[bold]C:\\dir and \\\\n{}").text == "[bold]C:\\dir and \\n"


def test_missing_word_keeps_the_text_on_both_sides_of_the_blank() -> None:
    question = only("::n::Grant is {~buried =entombed} in Grant's tomb.")
    assert question.text == f"Grant is {BLANK} in Grant's tomb."
    assert question.missing_word_text == ("Grant is ", " in Grant's tomb.")
    # Other kinds keep their kind and just get the blank, as in Moodle.
    short = only("Two plus two equals {=four =4}.")
    assert (short.kind, short.text) == ("shortanswer", f"Two plus two equals {BLANK}.")


def test_lines_of_one_question_are_trimmed_and_joined_with_newlines() -> None:
    question = only("  ::N::First line  \n   second line {\n   =yes\n  ~no }\n")
    assert question.text == "First line\nsecond line"
    assert question.line == 1


def test_categories_ids_and_tags_are_read_from_their_lines() -> None:
    text = (
        "$CATEGORY: $course$/top/Biology\n\n"
        "// [id:cell-1] [tag:cells] about [tag: mitosis ] [tag:a\\]b]\n"
        "::Q:: Cells divide by {=mitosis ~magic}\n\n"
        "// comment only, a block of its own\n\n"
        "// [tag:lonely]\n\n"
        "Another? {T}"
    )
    first, second = parse_gift(text).questions
    assert first.category == second.category == "$course$/top/Biology"
    assert first.idnumber == "cell-1"
    assert first.tags == ["cells", "mitosis", "a]b"]
    assert (second.idnumber, second.tags, second.line) == (None, [], 10)


@pytest.mark.parametrize(
    ("comment", "idnumber", "tags"),
    [  # Moodle's own cases (giftformat_test.php), each comment written as GIFT comment lines.
        ("// A basic comment.", None, []),
        ("// A comment with [id:frog] <-- an idnumber.", "frog", []),
        ("// Look tags: [tag:frog] [tag:toad].", None, ["frog", "toad"]),
        ("// [tag:add] [tag:basic] [id:four]", "four", ["add", "basic"]),
        (
            "// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.",
            "four",
            ["basic", "add"],
        ),
        ("// Ceci n'est pas une [tag:\n// frog].", None, []),
        ("// [id:i\\]d].", "i]d", []),
        ("// [tag:t\\]ag].", None, ["t]ag"]),
    ],
)
def test_ids_and_tags_come_from_comments_as_in_moodle(
    comment: str, idnumber: str | None, tags: list[str]
) -> None:
    question = only(f"{comment}\n::Question name:: How are you? {{}}")
    assert (question.idnumber, question.tags) == (idnumber, tags)


def test_windows_line_ends_and_a_byte_order_mark_are_fine() -> None:
    result = parse_gift("\ufeff::a::One?{T}\r\n\r\n::b::Two?\r\n{F}\r\n")
    assert [(q.name, q.line, q.truth) for q in result.questions] == [
        ("a", 1, True),
        ("b", 3, False),
    ]


# --- Moodle's examples file ----------------------------------------------------------------------

GRANT = "Who's buried in Grant's tomb?"
ENTOMBED = f"Grant is {BLANK} in Grant's tomb."
BORN = "When was Ulysses S. Grant born?"
PI = f"What is the value of pi (to 3 decimal places)? {BLANK}."
THANKSGIVING = (
    f"The American holiday of Thanksgiving is celebrated on the {BLANK} Thursday of November."
)
JESUS = "Jesus Christ was from"
MC_GRANT = [("Grant", 0, ""), ("Jefferson", 0, ""), ("no one", 1, "")]
MC_ENTOMBED = [("buried", 0, ""), ("entombed", 1, ""), ("living", 0, "")]
SA_GRANT = [("no one", 1, ""), ("nobody", 1, "")]
TF_FALSE = [("True", 0, ""), ("False", 1, "")]
MC_THANKS = [("second", 0, ""), ("third", 0, ""), ("fourth", 1, "")]
SA_EXCELLENT = [("no one", 1, "excellent answer!"), ("nobody", 1, "excellent answer!")]
SA_JESUS = [
    ("Nazareth", 1, "Yes! That's right!"),
    ("Nazereth", 0.75, "Right, but misspelled."),
    ("Bethlehem", 0.25, "He was born here, but not raised here."),
]
BACKSLASH_FEEDBACK = (
    "Correct! \\ (backslash) is not a control character. BUT,\n"
    "it is used to escape the control characters. So, to specify\n"
    "a literal backslash, you must escape it with a backslash\n"
    "(as shown in this example)."
)

# (line, kind, name, text, answers as (text, weight, feedback); numbers as (value, tolerance)),
# written by hand from Moodle's format.php and the file.
EXAMPLES: list[tuple[int, str, str | None, str, list[tuple[str, float, str]], list[Any]]] = [
    (8, "multichoice", None, GRANT, MC_GRANT, []),
    (10, "missingword", None, ENTOMBED, MC_ENTOMBED, []),
    (12, "truefalse", None, "Grant is buried in Grant's tomb.", TF_FALSE, []),
    (14, "shortanswer", None, GRANT, SA_GRANT, []),
    (16, "numerical", None, BORN, [("1822:1", 1, "")], [(1822, 1)]),
    (25, "multichoice", None, GRANT, MC_GRANT, []),
    (27, "missingword", None, ENTOMBED, MC_ENTOMBED, []),
    (29, "missingword", None, THANKSGIVING, MC_THANKS, []),
    (
        35,
        "multichoice",
        None,
        "Japanese characters originally came from what country?",
        [("India", 0, ""), ("China", 1, ""), ("Korea", 0, ""), ("Egypt", 0, "")],
        [],
    ),
    (43, "shortanswer", None, GRANT, SA_GRANT, []),
    (45, "shortanswer", None, f"Two plus two equals {BLANK}.", [("four", 1, ""), ("4", 1, "")], []),
    (49, "truefalse", None, "Grant is buried in Grant's tomb.", TF_FALSE, []),
    (51, "truefalse", None, "The sun rises in the east.", [("True", 1, ""), ("False", 0, "")], []),
    (
        55,
        "matching",
        None,
        "Matching Question.",
        [],
        [
            ("subquestion1", "subanswer1"),
            ("subquestion2", "subanswer2"),
            ("subquestion3", "subanswer3"),
        ],
    ),
    (
        61,
        "matching",
        None,
        "Match the following countries with their corresponding capitals.",
        [],
        [("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo"), ("India", "New Delhi")],
    ),
    (70, "numerical", None, BORN, [("1822", 1, "")], [(1822, 0)]),
    (72, "numerical", None, PI, [("3.1415:0.0005", 1, "")], [(3.1415, 0.0005)]),
    (74, "numerical", None, PI, [("3.141..3.142", 1, "")], [(3.1415, 0.0005)]),
    (76, "numerical", None, BORN, [("1822:0", 1, ""), ("1822:2", 0.5, "")], [(1822, 0), (1822, 2)]),
    (85, "numerical", None, "What's 2 plus 2?", [("4", 1, "")], [(4, 0)]),
    (
        90,
        "shortanswer",
        "Kanji Origins",
        "Japanese characters originally\ncame from what country?",
        [("China", 1, "")],
        [],
    ),
    (
        93,
        "missingword",
        "Thanksgiving Date",
        THANKSGIVING.replace("is celebrated", "is\ncelebrated"),
        MC_THANKS,
        [],
    ),
    (
        98,
        "multichoice",
        None,
        "What's the answer to this multiple-choice question?",
        [
            ("wrong answer", 0, "feedback comment on the wrong answer"),
            ("another wrong answer", 0, "feedback comment on this wrong answer"),
            ("right answer", 1, "Very good!"),
        ],
        [],
    ),
    (103, "shortanswer", None, GRANT, SA_EXCELLENT, []),
    (108, "shortanswer", None, "Who's buried in **Grant's tomb**?", SA_EXCELLENT, []),
    (
        113,
        "truefalse",
        None,
        "Grant is buried in Grant's tomb.",
        [("True", 0, "No one is buried in Grant's tomb."), ("False", 1, "")],
        [],
    ),
    (
        115,
        "multichoice",
        None,
        "Difficult question.",
        [("wrong answer", 0, ""), ("half credit answer", 0.5, ""), ("full credit answer", 1, "")],
        [],
    ),
    (
        117,
        "missingword",
        "Jesus' hometown",
        f"Jesus Christ was from {BLANK}.",
        [
            ("Jerusalem", 0, "This was an important city, but the wrong answer."),
            ("Bethlehem", 0.25, "He was born here, but not raised here."),
            ("Galilee", 0.5, "You need to be more specific."),
            ("Nazareth", 1, "Yes! That's right!"),
        ],
        [],
    ),
    (123, "shortanswer", "Jesus' hometown", JESUS, SA_JESUS, []),
    (
        130,
        "multiresponse",
        None,
        "What two people are entombed in Grant's tomb?",
        [
            ("No one", 0, ""),
            ("Grant", 0.5, ""),
            ("Grant's wife", 0.5, ""),
            ("Grant's father", 0, ""),
        ],
        [],
    ),
    (
        136,
        "multiresponse",
        None,
        "What two people are entombed in Grant's tomb?",
        [
            ("No one", -0.5, ""),
            ("Grant", 0.5, ""),
            ("Grant's wife", 0.5, ""),
            ("Grant's father", -0.5, ""),
        ],
        [],
    ),
    (
        143,
        "multichoice",
        None,
        "Which answer equals 5?",
        [("= 2 + 2", 0, ""), ("= 2 + 3", 1, ""), ("= 2 + 4", 0, "")],
        [],
    ),
    (
        148,
        "multichoice",
        "GIFT Control Characters",
        "Which of the following is NOT a control character for the GIFT import format?",
        [
            ("~", 0, "~ is a control character."),
            ("=", 0, "= is a control character."),
            ("#", 0, "# is a control character."),
            ("{", 0, "{ is a control character."),
            ("}", 0, "} is a control character."),
            ("\\", 1, BACKSLASH_FEEDBACK),
        ],
        [],
    ),
    (167, "multichoice", None, GRANT, MC_GRANT, []),
    (169, "missingword", None, ENTOMBED, MC_ENTOMBED, []),
    (171, "truefalse", None, "Grant is buried in Grant's tomb.", TF_FALSE, []),
    (173, "shortanswer", None, GRANT, SA_GRANT, []),
    (175, "numerical", None, BORN, [("1822:5", 1, "")], [(1822, 5)]),
    (
        177,
        "matching",
        None,
        "Match the following countries with their corresponding\ncapitals.",
        [],
        [("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo")],
    ),
    (
        184,
        "missingword",
        "Grant's Tomb",
        ENTOMBED,
        [
            ("buried", 0, "No one is buried there."),
            ("entombed", 1, "Right answer!"),
            ("living", 0, "We hope not!"),
        ],
        [],
    ),
    (
        190,
        "multichoice",
        None,
        "Difficult multiple choice question.",
        [
            ("wrong answer", 0, "comment on wrong answer"),
            ("half credit answer", 0.5, "comment on answer"),
            ("full credit answer", 1, "well done!"),
        ],
        [],
    ),
    (195, "shortanswer", "Jesus' hometown (Short answer ex.)", f"{JESUS} {BLANK}.", SA_JESUS, []),
    (
        202,
        "numerical",
        "Numerical example",
        BORN,
        [
            ("1822:0", 1, "Correct! 100% credit"),
            ("1822:2", 0.5, "He was born in 1822.\nYou get 50% credit for being close."),
        ],
        [(1822, 0), (1822, 2)],
    ),
]


def examples() -> list[GiftQuestion]:
    """Moodle's examples file, read with no problem."""
    result = parse_gift(DATA.read_text(encoding="utf-8"))
    assert result.problems == []
    return result.questions


def test_the_copied_examples_file_is_the_shared_one() -> None:
    if not SHARED.exists():
        pytest.skip("the shared conformance folder is not beside this clone")
    assert DATA.read_bytes() == SHARED.read_bytes()


def test_moodles_examples_file_imports_all_43_questions_with_no_problem() -> None:
    assert len(examples()) == len(EXAMPLES) == 43


@pytest.mark.parametrize(("index", "expected"), list(enumerate(EXAMPLES)), ids=lambda v: str(v))
def test_each_moodle_example_imports_as_moodle_imports_it(index: int, expected: Any) -> None:
    line, kind, name, text, expected_answers, extra = expected
    question = examples()[index]
    assert (question.line, question.kind, question.name, question.text) == (line, kind, name, text)
    assert answers(question) == expected_answers
    assert question.category is None and question.general_feedback == ""
    if kind == "matching":
        assert question.pairs == extra
    elif kind == "numerical":
        numbers = [(a.value, a.tolerance) for a in question.answers]
        assert numbers == [(pytest.approx(v), pytest.approx(t)) for v, t in extra]
    if kind == "truefalse":
        assert question.truth is (expected_answers[0][1] == 1)
        assert question.feedback_true == expected_answers[0][2]
        assert question.feedback_false == expected_answers[1][2]
    assert question.text_format == ("markdown" if line == 108 else "moodle")


def test_moodles_examples_write_back_to_the_same_questions() -> None:
    questions = examples()
    again = parse_gift(write_gift(questions))
    assert again.problems == []
    assert [replace(q, line=0) for q in again.questions] == [replace(q, line=0) for q in questions]


def test_moodles_examples_map_to_our_question_types() -> None:
    types = [to_question_dict(q)["type"] for q in examples()]
    assert types.count("single") == 16
    assert types.count("multiple") == 2
    assert types.count("true_false") == 5
    assert types.count("short") == 9
    assert types.count("numeric") == 8
    assert types.count("matching") == 3


# --- Problems are named, and the rest still parses -----------------------------------------------

BROKEN = """\
::good one:: 2 + 2? {=4 ~5}

::unclosed:: Where does it end? {
=here
~there

::bad weight:: Pick one {
=right
~%150%too much
}

::bad number:: When? {#18x22}

::one pair:: Match {=a -> 1 = -> 2}

::empty:: Pick {=yes ~}

The sky is blue and this question has no name.{T}
"""


def test_broken_questions_are_named_with_line_and_reason_and_the_rest_parses() -> None:
    result = parse_gift(BROKEN)
    assert [q.name for q in result.questions] == ["good one", None]
    found = [(p.line, p.question) for p in result.problems]
    assert found == [
        (3, "unclosed"),
        (9, "bad weight"),
        (12, "bad number"),
        (14, "one pair"),
        (16, "empty"),
    ]
    reasons = [p.reason for p in result.problems]
    assert "never closed" in reasons[0]
    assert "%150% is not a valid weight" in reasons[1]
    assert "'18x22' is not a number" in reasons[2]
    assert "at least two pairs" in reasons[3]
    assert "empty" in reasons[4]


@pytest.mark.parametrize(
    ("snippet", "line", "reason"),
    [
        ("Q? } {=a}", 1, "never opened"),
        ("Q? {=a}\n{=b} again", 2, "one {...} block"),
        ("Q? {=a {=b}", 1, "one {...} block"),
        ("Q?{~a\n~%1.2.3%b =c}", 2, "%1.2.3% is not a valid weight"),
        ("Q?{~a =%50%b}", 1, "= already means 100%"),
        ("Q?{~%50%a ~%20%b}", 1, "add up to 70%"),
        ("Q?{~a ~b}", 1, "add up to 0%"),
        ("Q?{~a ~a =b}", 1, "same text"),
        ("Q?{=%50%a =%20%b}", 1, "no answer is worth 100%"),
        ("Q?{=}", 1, "empty"),
        ("Q?{=a ~}", 1, "empty"),
        ("Q?{#}", 1, "needs an answer"),
        ("Q?{#\n=5:1\n=%50%abc}", 3, "'abc' is not a number"),
        ("Q?{#5:-1}", 1, "negative"),
        ("Q?{#6..4}", 1, "larger number to the smaller"),
        ("Q?{#=%50%5}", 1, "no number is worth 100%"),
        ("Q?{#0x1A}", 1, "not a number"),
        ("Q?{#inf}", 1, "not a number"),
        ("Q?{=a -> 1 =b}", 1, "needs ->"),
        ("Q?{=a -> 1 =a -> 2}", 1, "same left side"),
        ("Q?{=a -> 1 =b -> }", 1, "right side of a pair is empty"),
        ("Q?{~only}", 1, "at least two answers"),
    ],
)
def test_each_malformed_question_is_a_named_problem(snippet: str, line: int, reason: str) -> None:
    result = parse_gift("::before::A?{T}\n\n" + snippet + "\n\n::after::B?{F}")
    assert [q.name for q in result.questions] == ["before", "after"]
    (problem,) = result.problems
    assert problem.line == line + 2
    assert reason in problem.reason
    assert problem.question.startswith("Q?")


def test_an_unnamed_problem_question_is_named_by_its_first_words() -> None:
    (problem,) = parse_gift("Which of these ten words is the one we want here?{~a}").problems
    assert problem.question == "Which of these ten words is the one …"


def test_a_category_line_followed_by_a_question_is_a_problem() -> None:
    result = parse_gift("$CATEGORY: tom/dick\n::lost::Q?{T}\n\n::kept::R?{F}")
    assert [(q.name, q.category) for q in result.questions] == [("kept", "tom/dick")]
    (problem,) = result.problems
    assert (problem.line, problem.question) == (2, "lost")
    assert "blank line" in problem.reason


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1.%-~=#{}:\\\n >[]T$/")) | st.characters()))
def test_parsing_never_raises_whatever_the_text(text: str) -> None:
    result = parse_gift(text)
    for problem in result.problems:
        assert problem.line >= 1 and problem.reason
    for question in result.questions:
        to_question_dict(question)


# --- Bytes ---------------------------------------------------------------------------------------


def test_utf8_bytes_decode_and_a_bom_is_dropped() -> None:
    assert decode_gift("\ufeffCafé?{T}".encode()) == "Café?{T}"


def test_bytes_that_are_not_utf8_are_a_clear_error() -> None:
    with pytest.raises(GiftError, match=r"not UTF-8 text: byte 0xe9 on line 3"):
        decode_gift("Q?{T}\n\nCafé?{T}".encode("latin-1"))


# --- Our question data ---------------------------------------------------------------------------


def test_ids_are_stable_distinct_per_kind_and_an_idnumber_wins() -> None:
    first = [to_question_dict(q)["id"] for q in examples()]
    second = [to_question_dict(q)["id"] for q in examples()]
    assert first == second
    assert all(qid.startswith("gift-") and len(qid) == 17 for qid in first)
    multichoice, short = first[0], first[3]  # the same text, as choice and as short answer
    assert multichoice != short
    assert first[0] == first[5] == first[33]  # the very same question, three times in the file
    assert to_question_dict(only("// [id:abc]\nQ?{T}"))["id"] == "abc"


def test_a_choice_question_maps_to_single_with_weighted_options() -> None:
    data = to_question_dict(only("::Jesus::Jesus was from {~%50%Galilee#close =Nazareth#yes}."))
    assert data["type"] == "single"
    assert data["prompt"] == f"Jesus was from {BLANK}."
    assert data["options"] == [
        {
            "id": option_id("Galilee"),
            "text": "Galilee",
            "correct": False,
            "feedback": "close",
            "weight": 0.5,
        },
        {
            "id": option_id("Nazareth"),
            "text": "Nazareth",
            "correct": True,
            "feedback": "yes",
            "weight": 1.0,
        },
    ]
    assert data["answer"] == [option_id("Nazareth")]
    assert data["extra"]["missing_word"] == ["Jesus was from ", "."]
    assert data["extra"]["gift_kind"] == "missingword"
    assert data["extra"]["name"] == "Jesus"


def test_multiple_response_is_correct_where_the_weight_is_positive() -> None:
    data = to_question_dict(only("Q?{~%-50%a ~%50%b ~%50%c}"))
    assert data["type"] == "multiple"
    assert [(o["text"], o["correct"], o["weight"]) for o in data["options"]] == [
        ("a", False, -0.5),
        ("b", True, 0.5),
        ("c", True, 0.5),
    ]
    assert data["answer"] == [option_id("b"), option_id("c")]


def test_true_false_short_numeric_matching_and_unscored_map_as_documented() -> None:
    true_false = to_question_dict(only("Q?{F#you chose true#you chose false####Why.}"))
    assert (true_false["type"], true_false["answer"], true_false["explanation"]) == (
        "true_false",
        False,
        "Why.",
    )
    assert true_false["extra"]["feedback_true"] == "you chose true"
    assert [(o["id"], o["correct"], o["feedback"]) for o in true_false["options"]] == [
        ("true", False, "you chose true"),
        ("false", True, "you chose false"),
    ]
    short = to_question_dict(only("Q?{=Frog#Good =%50%Cat =Toad}"))
    assert (short["type"], short["answer"]) == ("short", ["Frog", "Toad"])
    assert short["extra"]["answers"][1] == {"text": "Cat", "weight": 0.5, "feedback": ""}
    numeric = to_question_dict(only("Year?{#1820..1824 =%50%1822:5}"))
    assert (numeric["type"], numeric["answer"]) == ("numeric", {"value": 1822, "tolerance": 2})
    assert numeric["extra"]["answers"][0]["min"] == 1820
    matching = to_question_dict(only("Match{=a -> 1 =b -> 2 = -> 3}"))
    assert matching["answer"] == [["a", "1"], ["b", "2"]]
    assert matching["extra"]["extra_rights"] == ["3"]
    for snippet, qtype in (("Essay?{####Model answer}", "essay"), ("Read this.", "description")):
        data = to_question_dict(only(snippet))
        assert (data["type"], data["answer"], data["extra"]["unscored"]) == (qtype, None, True)


# --- Writing GIFT --------------------------------------------------------------------------------


def question_data(qtype: str, **fields: Any) -> dict[str, Any]:
    """Our question data with the fields a test cares about."""
    data: dict[str, Any] = {
        "id": "q1",
        "type": qtype,
        "prompt": "Prompt?",
        "options": [],
        "answer": None,
        "explanation": "",
        "tags": [],
        "extra": {},
    }
    return data | fields


def test_export_writes_ids_tags_names_categories_formats_and_escapes() -> None:
    first = question_data(
        "single",
        id="fact.single.1",
        prompt="[x] 1 = 1 {ok}?",
        options=[
            {"id": option_id("yes: #1"), "text": "yes: #1", "correct": True, "feedback": "~right"},
            {"id": option_id("no"), "text": "no", "correct": False, "feedback": ""},
        ],
        answer=[option_id("yes: #1")],
        explanation="Because\nreasons.",
        tags=["approved_drug", "x]y"],
        extra={"category": "top/Drugs", "text_format": "html"},
    )
    second = question_data("true_false", id="q2", answer=True, extra={"category": "top/Drugs"})
    third = question_data("essay", id="q3", extra={"name": "Essay one"})
    assert export_gift([first, second, third]) == (
        "$CATEGORY: top/Drugs\n\n"
        "// [id:fact.single.1] [tag:approved_drug] [tag:x\\]y]\n"
        "::fact.single.1::[html][x] 1 \\= 1 \\{ok\\}?{\n"
        "\t=yes\\: \\#1#\\~right\n"
        "\t~no\n"
        "\t####Because\\nreasons.\n"
        "}\n\n"
        "// [id:q2]\n"
        "::q2::Prompt?{TRUE}\n\n"
        "// [id:q3]\n"
        "::Essay one::Prompt?{}\n\n"
    )


def test_classify_is_written_as_multiple_choice_and_comes_back_single() -> None:
    options = [
        {"id": option_id(label), "text": label, "correct": label == "Rule", "feedback": ""}
        for label in ("Research", "Rule")
    ]
    data = question_data("classify", options=options, answer=[option_id("Rule")])
    (question,) = parse_gift(export_gift([data])).questions
    back = to_question_dict(question)
    assert (back["type"], back["answer"]) == ("single", [option_id("Rule")])


def test_ordering_is_written_as_matching_positions_to_items() -> None:
    data = question_data("ordering", answer=["2009", "2015", "2017"])
    text = export_gift([data])
    assert "\t=1 -> 2009\n\t=2 -> 2015\n\t=3 -> 2017\n" in text
    back = to_question_dict(only(text))
    assert (back["type"], back["answer"]) == (
        "matching",
        [["1", "2009"], ["2", "2015"], ["3", "2017"]],
    )


def test_a_multiple_question_without_weights_gets_our_grading_as_moodle_weights() -> None:
    options = [
        {"id": option_id(t), "text": t, "correct": c, "feedback": ""}
        for t, c in (("a", True), ("b", True), ("c", True), ("d", False))
    ]
    data = question_data("multiple", options=options, answer=[o["id"] for o in options[:3]])
    text = export_gift([data])
    assert "\t~%33.33333333333333%a\n" in text and "\t~%-100%d\n" in text
    weights = [o["weight"] for o in to_question_dict(only(text))["options"]]
    assert weights == [pytest.approx(1 / 3)] * 3 + [-1.0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (question_data("hotspot"), "type 'hotspot' has no GIFT form"),
        (question_data("description", explanation="Why"), "description cannot carry"),
        (question_data("matching", answer=[["a->b", "1"], ["c", "2"]]), "contains ->"),
        (question_data("short", answer=["a->b"]), "cannot contain ->"),
        (question_data("essay", tags=["<b>"]), "cannot be written in a GIFT comment"),
        (question_data("essay", id="a\\b"), "cannot be written in a GIFT comment"),
        (question_data("essay", extra={"text_format": "rtf"}), "not a text format"),
        (question_data("numeric", answer={"value": float("nan"), "tolerance": 0}), "nan"),
        (question_data("numeric", answer={"tolerance": 0}), "bad data"),
    ],
)
def test_what_gift_cannot_hold_is_a_clear_export_error(data: dict[str, Any], message: str) -> None:
    with pytest.raises(GiftError) as raised:
        export_gift([data])
    assert str(raised.value).startswith("question ")
    assert message in str(raised.value)


@pytest.mark.parametrize("text", ["//not a comment", "::not::a name", "$CATEGORY: no", "[html]x"])
def test_a_nameless_question_whose_text_looks_like_syntax_survives_writing(text: str) -> None:
    question = GiftQuestion(
        kind="multichoice",
        text=text,
        answers=[
            GiftAnswer(text="%50% off", weight=1.0, feedback="[html] is text"),
            GiftAnswer(text="[plain]", weight=0.0),
        ],
    )
    again = only(write_gift([question]))
    assert replace(again, line=0) == question


# --- Round trips ---------------------------------------------------------------------------------

# GIFT's special characters, tokens that look like syntax, and unicode, weighted so that most
# texts hold several of them.
SPECIAL = list("~=#{}:\\\n%[]/->_ ") + ["TRUE", "$CATEGORY:", "//", "[html]", "%50%", "::"]
pieces = st.sampled_from(SPECIAL + ["a", "Z", "é", "中", "😀"]) | st.characters(
    codec="utf-8", exclude_characters="\r"
)
texts = (
    st.lists(pieces, min_size=1, max_size=12)
    .map("".join)
    .map(lambda text: text.strip(PHP_SPACE))
    .filter(bool)
)
arrowless = texts.filter(lambda text: "->" not in text)
ids = st.from_regex(r"[a-z0-9][a-z0-9.\-_\]]{0,15}", fullmatch=True)
tags = st.lists(st.from_regex(r"[a-z][a-z_\-\] é]{0,8}[a-z]", fullmatch=True), max_size=3)
formats = st.sampled_from(["moodle", "html", "plain", "markdown"])
categories = st.none() | texts.filter(lambda text: "\n" not in text)
feedbacks = st.just("") | texts


@st.composite
def common(draw: st.DrawFn, qtype: str) -> dict[str, Any]:
    """What every question has, for a type."""
    return question_data(
        qtype,
        id=draw(ids),
        prompt=draw(texts),
        explanation=draw(feedbacks),
        tags=draw(tags),
        extra={
            "text_format": draw(formats),
            "category": draw(categories),
            "name": draw(st.none() | texts),
        },
    )


@st.composite
def single_questions(draw: st.DrawFn) -> dict[str, Any]:
    """A single-answer choice question, sometimes in missing-word form."""
    data = draw(common("single"))
    option_texts = draw(st.lists(texts, min_size=2, max_size=5, unique=True))
    right = draw(st.integers(0, len(option_texts) - 1))
    weights = [
        1.0 if n == right else draw(st.sampled_from([0.0, 0.5, -0.25]))
        for n in range(len(option_texts))
    ]
    options = [
        {"id": option_id(t), "text": t, "correct": w == 1, "feedback": draw(feedbacks), "weight": w}
        for t, w in zip(option_texts, weights, strict=True)
    ]
    data |= {"options": options, "answer": [option_id(option_texts[right])]}
    if draw(st.booleans()):
        before, after = draw(st.just("") | texts), draw(texts)
        data["prompt"] = before + BLANK + " " + after
        data["extra"] = data["extra"] | {"missing_word": [before, " " + after]}
    return data


@st.composite
def multiple_questions(draw: st.DrawFn) -> dict[str, Any]:
    """A multiple-response question whose positive weights add up to 100%."""
    data = draw(common("multiple"))
    option_texts = draw(st.lists(texts, min_size=2, max_size=6, unique=True))
    right = draw(st.integers(1, len(option_texts)))
    weights = [1 / right] * right + [
        draw(st.sampled_from([0.0, -0.5, -1.0, -1 / 3])) for _ in option_texts[right:]
    ]
    options = [
        {"id": option_id(t), "text": t, "correct": w > 0, "feedback": draw(feedbacks), "weight": w}
        for t, w in zip(option_texts, weights, strict=True)
    ]
    return data | {"options": options, "answer": [o["id"] for o in options if o["correct"]]}


@st.composite
def true_false_questions(draw: st.DrawFn) -> dict[str, Any]:
    """A true/false question with feedback for either choice."""
    data = draw(common("true_false"))
    truth, if_true, if_false = draw(st.booleans()), draw(feedbacks), draw(feedbacks)
    options = [
        {
            "id": "true",
            "text": "True",
            "correct": truth,
            "feedback": if_true,
            "weight": float(truth),
        },
        {
            "id": "false",
            "text": "False",
            "correct": not truth,
            "feedback": if_false,
            "weight": float(not truth),
        },
    ]
    extra = data["extra"] | {"feedback_true": if_true, "feedback_false": if_false}
    return data | {"options": options, "answer": truth, "extra": extra}


@st.composite
def numeric_questions(draw: st.DrawFn) -> dict[str, Any]:
    """A numeric question: a value within a tolerance."""
    data = draw(common("numeric"))
    value = draw(st.integers(-(10**9), 10**9) | st.floats(allow_nan=False, allow_infinity=False))
    tolerance = draw(st.integers(0, 100) | st.floats(0, 1e300))
    return data | {"answer": {"value": value, "tolerance": tolerance}}


@st.composite
def short_questions(draw: st.DrawFn) -> dict[str, Any]:
    """A short-answer question: the accepted texts."""
    data = draw(common("short"))
    return data | {"answer": draw(st.lists(arrowless, min_size=1, max_size=4, unique=True))}


@st.composite
def matching_questions(draw: st.DrawFn) -> dict[str, Any]:
    """A matching question: pairs with distinct left sides, and extra right sides."""
    data = draw(common("matching"))
    lefts = draw(st.lists(arrowless, min_size=2, max_size=4, unique=True))
    pairs = [[left, draw(texts)] for left in lefts]
    extra = data["extra"] | {"extra_rights": draw(st.lists(texts, max_size=2))}
    return data | {"answer": pairs, "extra": extra}


def essence(data: dict[str, Any]) -> dict[str, Any]:
    """What a round trip keeps."""
    options = [(o["text"], o["correct"], o["weight"], o["feedback"]) for o in data["options"]]
    extra = data["extra"]
    kept = {key: extra.get(key) for key in ("category", "missing_word", "extra_rights")}
    return {
        **{key: data[key] for key in ("id", "type", "prompt", "answer", "explanation", "tags")},
        "options": options,
        "format": extra.get("text_format"),
        **kept,
    }


def round_trip(data: dict[str, Any]) -> dict[str, Any]:
    """Export one question, read it back, map it to our data again."""
    result = parse_gift(export_gift([data]))
    assert result.problems == []
    (question,) = result.questions
    back = to_question_dict(question)
    assert back["extra"]["name"] == (data["extra"].get("name") or data["id"])
    return back


@settings(max_examples=150, deadline=None)
@given(
    single_questions()
    | multiple_questions()
    | true_false_questions()
    | numeric_questions()
    | short_questions()
    | matching_questions()
)
def test_scored_questions_survive_a_round_trip_through_gift(data: dict[str, Any]) -> None:
    assert essence(round_trip(data)) == essence(data)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["essay", "description"]).flatmap(common))
def test_essays_and_descriptions_survive_a_round_trip_through_gift(data: dict[str, Any]) -> None:
    if data["type"] == "description":
        data["explanation"] = ""
    back = round_trip(data)
    assert essence(back) == essence(data)
    assert back["extra"]["unscored"] is True


@settings(max_examples=100, deadline=None)
@given(
    short_questions(),
    st.lists(st.tuples(arrowless, st.sampled_from([0.5, 0.25, 0.0]), st.just("") | arrowless)),
)
def test_part_credit_short_answers_kept_in_extra_survive_too(
    data: dict[str, Any], partial: list[tuple[str, float, str]]
) -> None:
    full = [{"text": t, "weight": 1.0, "feedback": ""} for t in data["answer"]]
    more = [
        {"text": t, "weight": w, "feedback": f} for t, w, f in partial if t not in data["answer"]
    ]
    data["extra"] = data["extra"] | {"answers": full + more}
    back = round_trip(data)
    assert back["answer"] == data["answer"]
    assert back["extra"]["answers"] == full + more


def test_question_dicts_read_back_into_gift_questions() -> None:
    for question in examples():
        data = to_question_dict(question)
        again = from_question_dict(data)
        assert to_question_dict(again) | {"extra": None} == data | {"extra": None}


def test_the_whole_generated_bank_survives_export_and_import() -> None:
    """Every generated question of our own bank exports to GIFT and imports back equal."""
    from quizapp.core.content import read_fact_base
    from quizapp.core.generate import generate

    root = Path(__file__).resolve().parents[2]
    bank = generate(read_fact_base(root / "questions"), seed=2025)
    checked = 0
    for question in bank:
        data = question.to_dict()
        back = to_question_dict(parse_gift(export_gift([data])).questions[0])
        expected_type = {"classify": "single", "ordering": "matching"}.get(
            data["type"], data["type"]
        )
        assert back["type"] == expected_type, question.id
        assert back["prompt"] == data["prompt"], question.id
        assert back["explanation"] == data["explanation"], question.id
        if data["type"] in ("single", "multiple", "classify"):
            assert [(o["text"], o["correct"]) for o in back["options"]] == [
                (o["text"], o["correct"]) for o in data["options"]
            ], question.id
        elif data["type"] not in ("ordering",):
            assert (
                back["answer"] == data["answer"]
                or data["type"] == "true_false"
                and back["answer"] is data["answer"]
            ), question.id
        checked += 1
    assert checked == len(bank) >= 150
