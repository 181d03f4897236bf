"""The registry of question kinds: every type has an entry and a template, each entry's right
and wrong responses do what they say, and no other module decides by a type's name."""

import ast
import re
from pathlib import Path
from random import Random

import pytest

import quizapp
from quizapp.core.kinds import KINDS, Gradable, kind_of
from quizapp.core.kinds.base import RoomRow
from quizapp.core.questions import QType, option_id
from quizapp.core.status import Status
from tests.core.test_generate import bank

ROOT = Path(quizapp.__file__).parent.parent
PACKAGE = ROOT / "quizapp"
TEMPLATES = ROOT / "templates"
TYPE_NAMES = {t.value for t in QType}
# Also an ordinary word: a quiz's description is a field, so only a comparison with it counts.
EVERYDAY_WORDS = {QType.DESCRIPTION.value}

# Modules that may still name types, each with why. Migrations are outside quizapp/ (data).
EXCEPTIONS = {
    # The registry itself.
    "quizapp/core/kinds/": "the registry",
    # Moodle's own kind names (GiftKind: "matching", "essay", "description" are spelled as
    # ours) in the GIFT reader and writer; which of our types each maps to is the registry's
    # (Kind.gift), so core/gift/convert.py and mapping.py are not excepted.
    "quizapp/core/gift/model.py": "Moodle's GIFT kind names (GiftKind), not our types",
    "quizapp/core/gift/answers.py": "Moodle's GIFT kind names (GiftKind), not our types",
    "quizapp/core/gift/types.py": "Moodle's GIFT kind names (GiftKind), not our types",
    "quizapp/core/gift/write.py": "Moodle's GIFT kind names (GiftKind), not our types",
    # Data: tags and template names that happen to be type names ("classify", "matching").
    "quizapp/core/generate/": "tags and template names of generated questions (data)",
    # Data: a fact's `classify` field (its telling for classification questions).
    "quizapp/core/facts/reader.py": "the fact base's `classify` field (data)",
}


def _excepted(path: Path) -> bool:
    """True for a module the grep test leaves alone (see EXCEPTIONS)."""
    name = path.relative_to(ROOT).as_posix()
    return any(name.startswith(prefix) for prefix in EXCEPTIONS)


def _type_name(node: ast.AST) -> str | None:
    """The type named by a string literal or a QType member, else None."""
    if isinstance(node, ast.Constant) and node.value in TYPE_NAMES:
        return str(node.value)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id == "QType":
            return node.attr.lower()
    return None


def _names_in_comparisons(tree: ast.AST) -> list[tuple[int, str]]:
    """Type names compared with something (==, !=, is, in), directly or in a collection."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for side in sides:
                members = side.elts if isinstance(side, ast.Tuple | ast.List | ast.Set) else [side]
                found += [(node.lineno, n) for n in map(_type_name, members) if n]
    return found


def _literals(tree: ast.AST) -> list[tuple[int, str]]:
    """String literals that are a type's name (an everyday word only in a comparison),
    outside the QType enum itself."""
    enum_lines: set[int] = set()
    html_words: set[int] = set()  # an HTML attribute's value, e.g. inputmode="numeric"
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "QType":
            enum_lines |= set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        if isinstance(node, ast.Dict):
            html_words |= {
                id(value)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value == "inputmode"
            }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and node.value in TYPE_NAMES - EVERYDAY_WORDS
        and node.lineno not in enum_lines
        and id(node) not in html_words
    ]


def type_names_outside_the_registry() -> dict[str, list[tuple[int, str]]]:
    """Every place in quizapp/ (but the exceptions) that names a question type."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if _excepted(path):
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        hits = sorted(set(_names_in_comparisons(tree) + _literals(tree)))
        if hits:
            found[path.relative_to(ROOT).as_posix()] = hits
    return found


def test_every_type_has_a_registry_entry_and_an_answer_template():
    assert set(KINDS) == set(QType)
    for qtype, kind in KINDS.items():
        assert kind.type is qtype
        assert kind.label and kind.label != qtype.value
        assert (TEMPLATES / "quiz" / "answer" / f"{qtype.value}.html").is_file(), qtype


def test_no_module_outside_the_registry_branches_on_or_names_a_question_type():
    assert type_names_outside_the_registry() == {}


def test_no_template_branches_on_or_names_a_question_type():
    """A template that branches on a type names it: the answer templates are named instead."""
    quoted = re.compile("['\"](" + "|".join(sorted(TYPE_NAMES)) + ")['\"]")
    found = {
        path.relative_to(ROOT).as_posix(): quoted.findall(path.read_text())
        for path in sorted(TEMPLATES.rglob("*.html"))
    }
    assert {name: names for name, names in found.items() if names} == {}
    assert quoted.findall("{% if q.type in ('single', \"essay\") %}") == ["single", "essay"]


def test_the_grep_finds_a_branch_on_a_type_and_a_type_literal():
    """The grep test can fail: it sees the branches it forbids."""
    tree = ast.parse(
        'if q.type == "numeric" or q.type in ("single", QType.SHORT):\n'
        "    x = {'description': 1}\n"
        "y = kind != 'description'\n"
    )
    assert sorted(set(_names_in_comparisons(tree) + _literals(tree))) == [
        (1, "numeric"),
        (1, "short"),
        (1, "single"),
        (3, "description"),
    ]


def test_every_exception_names_a_module_that_exists():
    for prefix in EXCEPTIONS:
        assert list(ROOT.glob(prefix + "*")), prefix


# A key for each scored type the generator does not make (docs/ADDING-A-TYPE.md): the tests
# below check every scored type, generated or not.
EXAMPLES: dict[str, Gradable] = {}


def _one_of_each_scored_type() -> list[Gradable]:
    """The first generated question of each scored type, as grading reads it, and an example
    key for each scored type the generator does not make."""
    firsts = {}
    for q in bank():
        firsts.setdefault(q.type, q)
    keys = [Gradable(t.value, [o.__dict__ for o in q.options], q.answer) for t, q in firsts.items()]
    return keys + [key for value, key in EXAMPLES.items() if value not in firsts]


def test_every_scored_type_has_a_key_to_test_it_with():
    keys = {key.type for key in _one_of_each_scored_type()}
    assert keys >= {t.value for t, kind in KINDS.items() if kind.scored}


@pytest.mark.parametrize("key", _one_of_each_scored_type(), ids=lambda k: k.type)
def test_a_kinds_right_response_scores_1_its_wrong_one_less_through_forms_and_json(key):
    kind = kind_of(key.type)
    right, wrong = kind.right_response(key), kind.wrong_response(key)
    assert kind.grade(key, right) == 1.0
    assert kind.grade(key, wrong) < 1.0
    for response in (right, wrong):
        assert kind.read_form(key, kind.form_values(key, response)) == response
        assert kind.read_json(key, response) == response


@pytest.mark.parametrize("key", _one_of_each_scored_type(), ids=lambda k: k.type)
def test_any_response_made_from_the_public_view_is_well_formed(key):
    kind = kind_of(key.type)
    response = kind.any_response(kind.public(key, 7, "q"), Random(7))
    assert kind.read_json(key, response) == response


@pytest.mark.parametrize("key", _one_of_each_scored_type(), ids=lambda k: k.type)
def test_item_analysis_counts_the_right_response_as_the_key_and_the_wrong_one_apart(key):
    kind = kind_of(key.type)
    right = kind.answer_groups(key, kind.right_response(key))
    wrong = kind.answer_groups(key, kind.wrong_response(key))
    assert right and all(is_key for _, is_key in right)
    assert wrong and not all(is_key for _, is_key in wrong)
    assert kind.answer_groups(key, None) == ()


def test_item_analysis_groups_typed_answers_as_grading_reads_them():
    key = Gradable("short", [], ["NMPA"])
    kind = kind_of(key.type)
    assert kind.answer_groups(key, " the N.M.P.A ") == (("the n m p a", False),)
    assert kind.answer_groups(key, "nmpa.") == kind.answer_groups(key, "NMPA") == (("nmpa", True),)


def test_a_live_session_asks_every_scored_kind_and_no_unscored_one():
    assert all(kind.live == kind.scored for kind in KINDS.values())


def test_a_live_reveal_groups_typed_answers_as_grading_reads_them_most_given_first():
    short = Gradable("short", [], ["NMPA"])
    rows = KINDS[QType.SHORT].room_rows(short, ["The NMPA.", "nmpa", " NMPA ", "the nmpa", "FDA"])
    assert rows == [
        RoomRow("nmpa", 2, True),
        RoomRow("the nmpa", 2, False),
        RoomRow("fda", 1, False),
    ]
    numeric = Gradable("numeric", [], {"value": 2025, "tolerance": 0})
    counted = KINDS[QType.NUMERIC].room_rows(numeric, [2025, 2025.0, 2015, 2025])
    assert counted == [RoomRow("2025", 3, True), RoomRow("2015", 1, False)]


@pytest.mark.parametrize("qtype", [QType.MATCHING, QType.ORDERING])
def test_a_live_reveal_counts_the_right_answers_of_each_row_in_the_keys_order(qtype):
    (key,) = [k for k in _one_of_each_scored_type() if k.type == qtype.value]
    kind = KINDS[qtype]
    right, wrong = kind.right_response(key), kind.wrong_response(key)
    rows = kind.room_rows(key, [right, right, wrong])
    texts = list(kind.row_texts(key).values())
    assert [row.text for row in rows] == texts and len(texts) >= 2
    wrong_marks = list(kind.marks(key, wrong).values())
    assert [row.count for row in rows] == [2 + (mark == "right") for mark in wrong_marks]
    assert [row.right for row in rows] == list(kind.row_keys(key).values())
    assert kind.room_rows(key, []) == [
        RoomRow(text, 0, True, r)
        for text, r in zip(texts, kind.row_keys(key).values(), strict=True)
    ]


def test_essays_and_descriptions_are_kept_shown_and_never_scored_nor_written_in_the_editor():
    for qtype in (QType.ESSAY, QType.DESCRIPTION):
        assert not KINDS[qtype].scored and not KINDS[qtype].in_editor
    assert sum(kind.scored for kind in KINDS.values()) == len(QType) - 2


def test_a_classification_is_read_back_to_its_status_by_option_id_not_text():
    classify = KINDS[QType.CLASSIFY]
    for status in Status:
        assert classify.chosen_status(status.value) is status
        assert classify.chosen_status(option_id(status.label)) is status  # answers stored so far
        assert classify.chosen_status(status.label) is None  # an option's text is not read
    assert KINDS[QType.SINGLE].chosen_status(Status.RESEARCH.value) is None
