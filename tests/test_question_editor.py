"""The question editor fits the type: only the chosen type's answer fields are shown, "Change
type" works without script and keeps what was typed, and every question has a short title."""

from html.parser import HTMLParser

import pytest
from markupsafe import escape

from quizapp import bank
from quizapp.author.forms import QuestionForm
from quizapp.core.kinds import editor_kinds
from quizapp.extensions import db
from quizapp.models import Question, QuestionState
from tests.accounts import csrf_token
from tests.quizzes import core_bank, load_bank
from tests.test_author import BASE, TYPES, post_question
from tests.test_author import teacher as teacher  # noqa: F401 (the fixture, used by name)
from tests.test_gift_import import confirm

# Every answer field of the editor, whichever type it serves.
KEY_FIELDS = {"options", "tf_answer", "numeric_value", "numeric_tolerance"} | {
    "short_answers",
    "pairs",
    "items",
}
VOID = {"input", "br", "img", "meta", "link", "hr", "col", "area", "base", "source", "wbr"}


class _Shown(HTMLParser):
    """The names of the form controls a person sees: none inside a `hidden` element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is it, or an ancestor, hidden?
        self.shown: set[str] = set()
        self.present: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        hidden = (self.stack[-1] if self.stack else False) or "hidden" in values
        if tag in ("input", "select", "textarea") and values.get("name"):
            name = values["name"].split("-")[0]
            self.present.add(name)
            if not hidden and values.get("type") != "hidden":
                self.shown.add(name)
        if tag not in VOID:
            self.stack.append(hidden)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()


def shown_key_fields(page: str) -> set[str]:
    """The answer fields a page shows."""
    reader = _Shown()
    reader.feed(page)
    assert KEY_FIELDS <= reader.present, "every answer field is on the page, shown or not"
    return reader.shown & KEY_FIELDS


def authored(app) -> list[Question]:
    """The questions instructors wrote, detached for reading."""
    with app.app_context():
        rows = db.session.execute(db.select(Question).where(Question.origin == "authored"))
        found = list(rows.scalars())
        db.session.expunge_all()
        return found


@pytest.mark.parametrize("kind", list(TYPES))
def test_choosing_a_type_shows_only_its_answer_fields(client, teacher, kind):
    page = client.get(f"/author/questions/new?type={kind}").get_data(as_text=True)
    assert shown_key_fields(page) == set(editor_kinds()[kind].editor_fields)
    assert str(escape(editor_kinds()[kind].editor_help)) in page
    assert 'name="change_type"' in page


def test_every_answer_field_serves_a_type_and_every_editor_type_has_one():
    used = {name for kind in editor_kinds().values() for name in kind.editor_fields}
    assert used == KEY_FIELDS
    assert all(hasattr(QuestionForm, name) for name in used)  # the form reads them by name
    assert all(kind.editor_fields for kind in editor_kinds().values())


@pytest.mark.parametrize(("before", "after"), [("single", "numeric"), ("matching", "ordering")])
def test_change_type_without_script_shows_the_new_types_fields_and_keeps_what_was_typed(
    app, client, teacher, before, after
):
    data = {**BASE, **TYPES[before], "type": after, "title": "Who approved it", "change_type": "1"}
    data["csrf_token"] = csrf_token(client, "/author/questions/new")
    page = client.post("/author/questions/new", data=data).get_data(as_text=True)
    assert shown_key_fields(page) == set(editor_kinds()[after].editor_fields)
    assert "Please correct the marked fields." not in page
    assert "Which regulator approved amimestrocel?" in page and "Who approved it" in page
    # What was typed for the first type is still in the page (hidden): switching back keeps it.
    kept = TYPES[before].get("options-0-text") or TYPES[before].get("pairs").splitlines()[0]
    assert kept.replace(">", "&gt;") in page
    assert authored(app) == []


def test_after_changing_type_the_question_is_saved_as_the_new_type(app, client, teacher):
    data = {**BASE, **TYPES["single"], **TYPES["numeric"], "type": "numeric"}
    data["csrf_token"] = csrf_token(client, "/author/questions/new")
    client.post("/author/questions/new", data=data | {"change_type": "1"})
    response = client.post("/author/questions/new", data=data)
    assert response.status_code == 302
    (question,) = authored(app)
    assert (question.type, question.options, question.answer) == (
        "numeric",
        [],
        {"value": 2025.0, "tolerance": 0.0},
    )


def test_an_unknown_type_in_change_type_falls_back_to_the_first_type(client, teacher):
    data = {**BASE, "type": "essay-of-doom", "change_type": "1"}
    data["csrf_token"] = csrf_token(client, "/author/questions/new")
    page = client.post("/author/questions/new", data=data).get_data(as_text=True)
    first = next(iter(editor_kinds().values()))
    assert shown_key_fields(page) == set(first.editor_fields)


def test_bad_input_keeps_the_chosen_types_fields_and_what_was_typed(app, client, teacher):
    response = post_question(client, "numeric", numeric_value="soon", title="A year")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give the right number, such as 2015." in page
    assert shown_key_fields(page) == {"numeric_value", "numeric_tolerance"}
    assert 'value="soon"' in page and 'value="A year"' in page
    assert "Which regulator approved amimestrocel?" in page
    assert authored(app) == []


def written_then_edited(app, client, kind, **changes):
    """Write a question of a kind, then post its edit form with the changes: the edit form's
    url and the response."""
    post_question(client, kind)
    (question,) = authored(app)
    url = f"/author/questions/{question.id}/edit"
    data = {**BASE, **TYPES[kind], "type": kind, **changes}
    return url, client.post(url, data=data | {"csrf_token": csrf_token(client, url)})


def test_the_edit_form_shows_only_the_questions_type_and_keeps_it(app, client, teacher):
    url, _ = written_then_edited(app, client, "short", **TYPES["numeric"], type="numeric")
    page = client.get(url).get_data(as_text=True)
    assert shown_key_fields(page) == {"short_answers"}
    assert "<strong>Type:</strong> Short answer" in page
    assert 'name="change_type"' not in page
    (question,) = authored(app)  # the type posted was ignored: the question stays short
    assert (question.type, question.answer) == (
        "short",
        TYPES["short"]["short_answers"].split("\n"),
    )


def test_an_authored_question_is_titled_by_its_first_words_unless_given_one(app, client, teacher):
    post_question(client, "single")
    post_question(client, "true_false", title="  Who  approved\namimestrocel  ")
    titles = sorted(q.title for q in authored(app))
    assert titles == ["Which regulator approved amimestrocel?", "Who approved amimestrocel"]


def test_a_long_prompt_gives_its_first_eight_words_as_the_title(app, client, teacher):
    prompt = "Put these **events** in the order they happened, earliest first, please."
    post_question(client, "ordering", prompt=prompt)
    (question,) = authored(app)
    assert question.title == "Put these events in the order they happened…"


def test_a_title_too_long_gets_a_message_and_nothing_is_saved(app, client, teacher):
    page = post_question(client, "single", title="x" * 121).get_data(as_text=True)
    assert "The title can be at most 120 characters long." in page
    assert authored(app) == []


def test_changing_only_the_title_is_saved(app, client, teacher):
    _, response = written_then_edited(app, client, "single", title="The regulator")
    assert response.status_code == 302
    (question,) = authored(app)
    assert question.title == "The regulator"
    page = client.get(f"/author/questions/{question.id}").get_data(as_text=True)
    assert "<h1>The regulator</h1>" in page
    bank = client.get("/author/questions?origin=authored").get_data(as_text=True)
    assert ">The regulator</a>" in bank


def test_generated_questions_are_titled_from_their_facts_and_the_bank_tells_them_apart(
    app, client, teacher
):
    with app.app_context():
        rows = db.session.execute(
            db.select(Question).where(Question.template == "timeline-ordering")
        ).scalars()
        titles = [q.title for q in rows]
    assert len(titles) >= 8 and len(set(titles)) == len(titles)
    assert all(title.endswith("(and 3 more)") for title in titles)
    bank = client.get("/author/questions?type=ordering&origin=generated").get_data(as_text=True)
    assert all(f">{title}</a>".replace("'", "&#39;") in bank for title in titles[:8])


def test_the_bank_sync_titles_generated_questions_stored_before_titles_existed(app):
    load_bank(app, with_builtins=False)
    with app.app_context():
        first = db.session.get(Question, core_bank()[0].id)
        expected = first.title
        db.session.execute(db.update(Question).values(title=""))
        db.session.commit()
        report = bank.sync_bank(list(core_bank()), QuestionState.PUBLISHED)
        assert not report.changed  # a title is not content: no new version, nothing flagged
        assert db.session.get(Question, core_bank()[0].id).title == expected != ""
        assert db.session.execute(db.select(Question).where(Question.title == "")).first() is None


def test_an_instructors_title_survives_the_bank_sync(app, client, teacher):
    qid = core_bank()[0].id
    url = f"/author/questions/{qid}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'name="title"' in page
    with app.app_context():
        row = db.session.get(Question, qid)
        row.edited, row.title = True, "My own name"
        db.session.commit()
        bank.sync_bank(list(core_bank()), QuestionState.PUBLISHED)
        assert db.session.get(Question, qid).title == "My own name"


def test_imported_questions_are_titled_by_their_gift_name_or_their_first_words(
    app, client, teacher
):
    confirm(
        client,
        "::Approval year:: In which year was amimestrocel approved? {#2025}\n\n"
        "Which regulator approved amimestrocel in China in early January 2025? {=NMPA ~FDA}\n",
    )
    with app.app_context():
        titles = sorted(
            db.session.execute(
                db.select(Question.title).where(Question.origin == "imported")
            ).scalars()
        )
    assert titles == ["Approval year", "Which regulator approved amimestrocel in China in early…"]
