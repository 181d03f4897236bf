"""One CSV writer: text that looks like a formula is quoted, numbers stay numbers."""

import csv
import io

import pytest

from quizapp.core.spreadsheet import csv_text, safe_cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1"])
def test_text_that_a_spreadsheet_would_run_is_quoted(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-5, 0, 2.5, -0.25, None, "plain", "a=b", "1-2"])
def test_numbers_and_ordinary_text_are_written_as_they_are(value):
    assert safe_cell(value) == value


def test_every_text_cell_of_every_row_goes_through_the_same_rule():
    text = csv_text([["name", "score"], ["=cmd|' /C calc'!A0", -3], ["Ann", 33.3333]])
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "score"],
        ["'=cmd|' /C calc'!A0", "-3"],
        ["Ann", "33.3333"],
    ]
