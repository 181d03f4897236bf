"""The quiz builder's question picker: search the bank, tick, reorder, save; draw counts."""

import re
from html import unescape

import pytest
from werkzeug.datastructures import MultiDict

from quizapp.core.selection import exam_side
from quizapp.extensions import db
from quizapp.models import Question, Quiz, Role
from tests.accounts import csrf_token
from tests.quizzes import first_of_type, load_bank


@pytest.fixture
def teacher(app, client, auth):
    """A logged-in instructor, with the bank and the built-in quizzes loaded."""
    load_bank(app)
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Teacher")
    auth.login("teacher")
    return auth


def page_form(html: str) -> list[tuple[str, str]]:
    """What a browser would post from the builder as shown: every named input (boxes only
    when ticked), each select's chosen options, each text area; no buttons."""
    form = html[html.index('<form method="post" novalidate class="card quiz-builder"') :]
    form = form[: form.index("</form>")]
    pairs = []
    for tag in re.finditer(r"<input\b([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(1)))
        bare = re.findall(r"\s(checked|disabled)(?=[\s>]|$)", tag.group(1))
        if "name" not in attrs or "disabled" in bare or attrs.get("type") == "submit":
            continue
        if attrs.get("type") in ("checkbox", "radio") and "checked" not in bare:
            continue
        pairs.append((attrs["name"], unescape(attrs.get("value", ""))))
    for select in re.finditer(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        for option in re.findall(r"<option\b[^>]*>", select.group(2)):
            if re.search(r"\sselected(?=[\s>])", option):
                value = re.search(r'value="([^"]*)"', option).group(1)
                pairs.append((select.group(1), unescape(value)))
    for area in re.finditer(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        pairs.append((area.group(1), unescape(area.group(2)).lstrip("\n")))
    return pairs


def chosen_on(html: str) -> list[str]:
    """The ids the builder's chosen list holds, in order."""
    return [unescape(v) for v in re.findall(r'name="question_ids" value="([^"]*)"', html)]


def builder_post(client, url, **fields):
    """The builder's form for a new quiz, with fields set (lists for repeated names)."""
    data = {
        "csrf_token": csrf_token(client, "/author/quizzes/new"),
        "title": "Picked",
        "slug": "",
        "description": "",
        "mode": "fixed",
        "shuffle_questions": "",
        "one_per_page": "y",
        "feedback_mode": "deferred",
        "grading_method": "highest",
        "leaderboard": "public",
        "published": "y",
    }
    data.update(fields)
    return client.post(url, data=data)


def test_the_bank_search_filters_by_words_type_status_tag_and_state(app, client, teacher):
    everything = client.get("/author/quizzes/bank.json").get_json()
    with app.app_context():
        stored = db.session.execute(db.select(db.func.count(Question.id))).scalar_one()
    assert everything["total"] == stored and everything["shown"] == 50
    kinds = client.get("/author/quizzes/bank.json?type=true_false").get_json()
    assert kinds["questions"] and {q["type"] for q in kinds["questions"]} == {"True or false"}
    research = client.get("/author/quizzes/bank.json?status=research&tag=china").get_json()
    assert research["questions"]
    for row in research["questions"]:
        assert row["status"] == "Research" and "china" in row["tags"]
    words = client.get("/author/quizzes/bank.json?q=amimestrocel").get_json()
    assert words["total"] > 0
    for row in words["questions"]:
        assert "amimestrocel" in (row["title"] + row["prompt"] + row["id"]).casefold()
    drafts = client.get("/author/quizzes/bank.json?state=draft").get_json()
    assert drafts == {"total": 0, "shown": 0, "questions": []}


def test_the_bank_search_by_id_gives_that_question_with_its_preview(app, client, teacher):
    qid = first_of_type("ordering")[0]
    found = client.get(f"/author/quizzes/bank.json?id={qid}").get_json()
    assert [row["id"] for row in found["questions"]] == [qid]
    with app.app_context():
        question = db.session.get(Question, qid)
        first_item = question.answer[0]
    preview = found["questions"][0]["preview"]
    assert "Open the question" in preview and unescape(preview).count(first_item) >= 1
    assert "<script" not in preview


def test_ticks_and_buttons_reorder_without_saving_then_save_keeps_the_order(app, client, teacher):
    a, b, c = first_of_type("single", 3)
    url = "/author/quizzes/new"
    # Ticked in the bank list (shown), then the filter button: listed, not saved.
    shown = builder_post(
        client, url, shown=[a, b, c], pick=[a, b, c], picker="filter", pick_type="single"
    )
    assert shown.status_code == 200 and chosen_on(shown.get_data(as_text=True)) == [a, b, c]
    assert "Please correct" not in shown.get_data(as_text=True)
    # Listed again, a chosen question's box is ticked: a save without script keeps it.
    listed = builder_post(client, url, question_ids=[a, b], pick_q=a, picker="filter")
    html = listed.get_data(as_text=True)
    assert f'name="pick" value="{a}" checked>' in html
    assert page_form(html).count(("pick", a)) == 1 and ("pick", b) not in page_form(html)
    moved = builder_post(client, url, question_ids=[a, b, c], picker=f"up:{c}")
    assert chosen_on(moved.get_data(as_text=True)) == [a, c, b]
    moved = builder_post(client, url, question_ids=[a, c, b], picker=f"down:{a}")
    assert chosen_on(moved.get_data(as_text=True)) == [c, a, b]
    # A box shown but no longer ticked leaves; one not shown stays where it is.
    fewer = builder_post(client, url, question_ids=[c, a, b], shown=[a], picker="filter")
    assert chosen_on(fewer.get_data(as_text=True)) == [c, b]
    removed = builder_post(client, url, question_ids=[c, a, b], picker=f"remove:{a}")
    assert chosen_on(removed.get_data(as_text=True)) == [c, b]
    with app.app_context():
        assert db.session.execute(db.select(Quiz).where(Quiz.title == "Picked")).first() is None
    saved = builder_post(client, url, question_ids=[c, a, b], submit="Save quiz")
    assert saved.status_code == 302
    with app.app_context():
        quiz = db.session.execute(db.select(Quiz).where(Quiz.title == "Picked")).scalar_one()
        assert quiz.question_ids == [c, a, b]
    again = client.get(f"/author/quizzes/{quiz.id}/edit").get_data(as_text=True)
    assert chosen_on(again) == [c, a, b]


def test_the_builder_without_script_filters_the_bank_and_previews_on_the_server(
    app, client, teacher
):
    qid = first_of_type("matching")[0]
    page = builder_post(
        client, "/author/quizzes/new", pick_type="matching", picker=f"preview:{qid}"
    ).get_data(as_text=True)
    listed = re.findall(r'name="pick" value="([^"]*)"', page)
    with app.app_context():
        matching = db.session.execute(
            db.select(db.func.count(Question.id)).where(Question.type == "matching")
        ).scalar_one()
        prompt = db.session.get(Question, qid).prompt
    assert len(listed) == min(matching, 50) and qid in listed
    assert f"{matching} questions match" in page
    preview = page[page.index('id="preview-body"') :]
    assert unescape(preview).count(prompt) >= 1 and "Open the question" in preview


def hand_count(app, kind=None, need_status=None):
    """Published questions of a type that no exam pool keeps (the Full test takes the exam
    side of the whole bank), and how many of them have a status: counted by hand."""
    with app.app_context():
        rows = db.session.execute(
            db.select(Question.id, Question.type, Question.status).where(
                Question.state == "published"
            )
        ).all()
    usable = [r for r in rows if (kind is None or r.type == kind) and not exam_side(r.id)]
    return len(usable), sum(1 for r in usable if r.status == need_status)


def test_draw_counts_are_the_published_questions_a_draw_can_use_and_per_need(app, client, teacher):
    available, research = hand_count(app, "classify", "research")
    counts = client.get(
        "/author/quizzes/draw-counts.json",
        query_string=[
            ("draw_types", "classify"),
            ("need_kind", "statuses"),
            ("need_values", "research"),
            ("need_kind", "tags"),
            ("need_values", ""),
        ],
    ).get_json()
    assert counts == {"available": available, "needs": [research, None]}
    assert 0 < research < available
    # An exam pool draws only the exam side of its matches, and nothing is kept from it.
    with app.app_context():
        published = db.session.execute(
            db.select(Question.id).where(Question.state == "published", Question.type == "classify")
        ).scalars()
        exam_half = sum(1 for qid in published if exam_side(qid))
    exam = client.get("/author/quizzes/draw-counts.json?draw_types=classify&exam_pool=y").get_json()
    assert exam["available"] == exam_half


def test_a_random_quiz_saves_its_blueprint_and_the_page_counts_each_need(app, client, teacher):
    available, research = hand_count(app, "classify", "research")
    fields = {
        "mode": "random",
        "draw_count": "6",
        "draw_types": "classify",
        "max_attempts": "",
        "needs-0-kind": "statuses",
        "needs-0-values": "Research",  # a status's label means its value
        "needs-0-count": "2",
        "needs-0-lesson": "research is not approval",
        "needs-1-kind": "tags",
        "needs-1-values": "",
        "needs-1-count": "1",
    }
    page = builder_post(client, "/author/quizzes/new", picker="count", **fields)
    html = page.get_data(as_text=True)
    assert f"{available}</strong> published questions match this draw" in html
    assert f"{research} of them meet this need." in html
    saved = builder_post(client, "/author/quizzes/new", **fields)
    assert saved.status_code == 302
    with app.app_context():
        quiz = db.session.execute(db.select(Quiz).where(Quiz.title == "Picked")).scalar_one()
        need = {"statuses": ["research"], "count": 2, "lesson": "research is not approval"}
        assert quiz.blueprint == {"require": [need]}
        assert quiz.draw_count == 6 and quiz.question_ids == []


@pytest.mark.parametrize(
    ("need", "message"),
    [
        ({"needs-0-kind": "statuses", "needs-0-values": "cured"}, "Unknown status: cured."),
        ({"needs-0-kind": "facts", "needs-0-values": "no-fact"}, "Unknown fact: no-fact."),
        (
            {"needs-0-kind": "tags", "needs-0-values": "china", "needs-0-count": "500"},
            "Number must be between 1 and 200.",
        ),
        (
            {"needs-0-kind": "tags", "needs-0-values": "no-such-tag"},
            "Only 0 published questions this draw can use meet this need; it asks for 1.",
        ),
    ],
)
def test_a_need_that_cannot_be_met_gets_a_message_and_saves_nothing(
    app, client, teacher, need, message
):
    fields = {"mode": "random", "draw_count": "5", **need}
    response = builder_post(client, "/author/quizzes/new", **fields)
    assert response.status_code == 200
    assert message in unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.execute(db.select(Quiz).where(Quiz.title == "Picked")).first() is None


def test_a_builtin_quiz_saved_from_the_builder_unchanged_keeps_its_pool_and_blueprint(
    app, client, teacher
):
    with app.app_context():
        quiz = db.session.execute(db.select(Quiz).where(Quiz.slug == "full-test")).scalar_one()
        quiz_id, blueprint, draw_filter = quiz.id, quiz.blueprint, quiz.draw_filter
    url = f"/author/quizzes/{quiz_id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Need 9" in page  # the Full test's nine needs, one row each (and blank rows)
    sent = client.post(url, data=MultiDict([*page_form(page), ("submit", "Save quiz")]))
    assert sent.status_code == 302
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert not quiz.edited
        assert quiz.blueprint == blueprint
        assert {k: v for k, v in quiz.draw_filter.items() if v} == draw_filter  # empty: any
    # One need changed: now the instructor's, and the caps per tag are kept.
    page = client.get(url).get_data(as_text=True)
    changed = [(name, "2" if name == "needs-5-count" else value) for name, value in page_form(page)]
    assert client.post(url, data=MultiDict([*changed, ("submit", "Save quiz")])).status_code == 302
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert quiz.edited
        assert quiz.blueprint["require"][5] == {**blueprint["require"][5], "count": 2}
        assert quiz.blueprint["at_most"] == blueprint["at_most"]
