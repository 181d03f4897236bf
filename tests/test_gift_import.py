"""GIFT import into the bank: which questions are one question, and what the report says."""

from pathlib import Path

import pytest

from quizapp.core.gift import legacy_gift_id, parse_gift, to_question_dict
from quizapp.extensions import db
from quizapp.models import Question, Role
from tests.accounts import csrf_token

GIFT_EXAMPLES = Path(__file__).parent / "core" / "data" / "moodle-gift-examples.txt"
# Same category, name and text three times: two answer keys, the first one written twice.
SAME_TEXT = (
    "$CATEGORY: tomb\n\n"
    "::Tomb:: Who's buried in Grant's tomb?{=no one =nobody}\n\n"
    "::Tomb:: Who's buried in Grant's tomb?{=no one =nobody#excellent answer!}\n\n"
    "::Tomb:: Who's buried in Grant's tomb?{=no one =nobody}\n"
)


@pytest.fixture
def teacher(app, client, auth):
    """A logged-in instructor."""
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Teacher")
    auth.login("teacher")
    return auth


def preview(client, text):
    """The import page's preview of a GIFT text, as HTML."""
    token = csrf_token(client, "/author/import")
    data = {"csrf_token": token, "text": text, "status": "rule", "as_of": "2026-01-01"}
    return client.post("/author/import", data=data).get_data(as_text=True)


def confirm(client, text):
    """Confirm the import of a GIFT text; the page it lands on, as HTML."""
    token = csrf_token(client, "/author/import")
    data = {"csrf_token": token, "text": text, "status": "rule", "as_of": "2026-01-01"}
    saved = client.post("/author/import", data=data | {"confirm": "yes"}, follow_redirects=True)
    return saved.get_data(as_text=True)


def imported(app):
    """The imported questions, by id."""
    with app.app_context():
        rows = db.session.execute(db.select(Question).where(Question.origin == "imported"))
        return {q.id: (q.prompt, q.explanation, q.answer, q.extra) for q in rows.scalars()}


def test_questions_with_the_same_text_but_other_answers_are_two_questions(app, client, teacher):
    page = confirm(client, SAME_TEXT)
    assert "Imported 2 new question(s) as drafts" in page
    assert "1 merged as exact duplicate(s) of another question in the file" in page
    feedback = sorted(
        [entry["feedback"] for entry in extra["answers"]]
        for _, _, _, extra in imported(app).values()
    )
    assert feedback == [["", ""], ["", "excellent answer!"]]


def test_the_preview_names_each_exact_duplicate_and_the_count_to_save(app, client, teacher):
    html = preview(client, SAME_TEXT)
    assert "Found 3 questions" in html
    assert "1 is an exact duplicate of another question in the file" in html
    assert "2 questions to save" in html
    assert "merged: same as line 3" in html
    assert "Import 2 questions as drafts" in html


def test_reimporting_the_moodle_examples_creates_nothing_and_still_reports_the_merge(
    app, client, teacher
):
    text = GIFT_EXAMPLES.read_text(encoding="utf-8")
    first = confirm(client, text)
    assert "Imported 35 new question(s) as drafts" in first
    before = imported(app)
    again = confirm(client, text)
    assert "Imported 0 new question(s) as drafts; 0 updated, 35 already in the bank" in again
    assert "8 merged as exact duplicate(s)" in again
    assert imported(app) == before
    # Every one of the 43 questions is in the bank: as itself, or as the one it repeats.
    for question in parse_gift(text).questions:
        data = to_question_dict(question)
        prompt, explanation, answer, extra = before[data["id"]]
        assert (prompt, explanation, answer, extra) == (
            data["prompt"],
            data["explanation"],
            data["answer"],
            data["extra"],
        )


def test_a_question_imported_under_the_old_id_is_not_imported_again(
    app, client, teacher, monkeypatch
):
    """Before answers were part of a question's id, the id hashed category, name, kind and
    text; a bank imported then must not get the same questions twice."""
    from quizapp.author import gift_io

    text = "::Tomb:: Who's buried in Grant's tomb?{=no one =nobody}\n"
    (question,) = parse_gift(text).questions
    old_id = legacy_gift_id(question)
    with monkeypatch.context() as old_rule:
        old_rule.setattr(
            gift_io, "to_question_dict", lambda q: to_question_dict(q) | {"id": legacy_gift_id(q)}
        )
        confirm(client, text)
    assert list(imported(app)) == [old_id] != [to_question_dict(question)["id"]]
    assert "<td>already</td>" in preview(client, text)
    assert "0 new question(s)" in confirm(client, text)
    assert list(imported(app)) == [old_id]
    changed = confirm(client, text.replace("=nobody", "=nobody#yes"))
    assert "Imported 1 new question(s)" in changed


def test_two_questions_with_one_id_and_other_content_keep_the_first_and_say_so(
    app, client, teacher
):
    text = "// [id:tomb]\nWho is buried there?{=no one}\n\n// [id:tomb]\nWho lies there?{=no one}\n"
    html = preview(client, text)
    assert "1 question has the same [id:...] as an earlier one" in html
    assert "skipped: same id as line 2" in html
    page = confirm(client, text)
    assert "1 skipped: another question in the file has the same [id:...] (line 5)" in page
    assert [prompt for prompt, *_ in imported(app).values()] == ["Who is buried there?"]


def test_the_cli_import_counts_the_exact_duplicates(app, runner, tmp_path):
    path = tmp_path / "tomb.gift"
    path.write_text(SAME_TEXT, encoding="utf-8")
    args = ["bank", "import", str(path), "--status", "rule", "--as-of", "2026-01-01", "--yes"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "3 question(s), 0 problem(s), 1 exact duplicate(s) to merge." in result.output
    assert "Imported 2 new question(s) as drafts" in result.output
    assert "1 merged as exact duplicate(s) of another question in the file" in result.output


def test_an_option_written_in_plain_text_shows_its_tags_in_an_html_question(app, client, teacher):
    confirm(client, "::Tags:: [html]<p>Which tag is <em>bold</em>?</p>{=[plain]<b> ~[plain]<i>}\n")
    (question_id,) = imported(app)
    page = client.get(f"/author/questions/{question_id}").get_data(as_text=True)
    assert "<p>Which tag is <em>bold</em>?</p>" in page
    assert "<span>&lt;b&gt;</span>" in page and "<span>&lt;i&gt;</span>" in page
    assert "<b></b>" not in page and "<i></i>" not in page
