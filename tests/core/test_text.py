"""Names: one canonical login name, and one key for telling public names apart."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.text import canonical_username, name_key


@pytest.mark.parametrize(
    "spelling", ["ADM1 ", " adm1", "adm\x011", "ａｄｍ１", "adm\u200b1", "Adm1\t"]
)
def test_every_spelling_of_a_login_name_has_one_canonical_form(spelling):
    assert canonical_username(spelling) == "adm1"


@pytest.mark.parametrize("other", ["ANNA  LEE", " anna lee ", "Ａｎｎａ Ｌｅｅ", "anna\u200b lee"])
def test_public_names_that_read_alike_share_a_key(other):
    assert name_key(other) == name_key("Anna Lee")


def test_public_names_that_read_differently_keep_different_keys():
    assert name_key("Anna Lee") != name_key("Anna Leo")


@given(st.text())
def test_canonical_forms_are_stable(text):
    assert canonical_username(canonical_username(text)) == canonical_username(text)
    assert name_key(name_key(text)) == name_key(text)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("@SUM(A1)", "@ЅUМ(A1)"),  # Cyrillic S and M
        ("Oscar", "Οscar"),  # Greek capital omicron
        ("Alice", "AIice"),  # a capital I for a small l
        ("BOB", "B0B"),  # a zero for an O
        ("Ivan", "Іvan"),  # Cyrillic І
    ],
)
def test_names_that_look_the_same_in_another_script_have_the_same_key(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(("one", "other"), [("Zoë", "Zoe"), ("李雷", "李蕾"), ("Anna", "Anne")])
def test_names_a_reader_tells_apart_keep_different_keys(one, other):
    assert name_key(one) != name_key(other)
