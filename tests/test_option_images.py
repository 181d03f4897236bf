"""Images beside the options of choice questions: uploaded with alt text, cleaned as the
question's image is, shown to students inside the option's label, fetched by the same rule."""

import re
from datetime import date

from quizapp.author.gift_io import import_questions
from quizapp.core.gift import parse_gift
from quizapp.core.questions import option_id
from quizapp.extensions import db
from quizapp.models import Question, QuestionImage
from tests.images import HTML_AS_PNG, SCRIPT, png, post_form
from tests.test_author import TYPES
from tests.test_images import (  # noqa: F401
    form_data,
    only_question,
    publish,
    shown_by_the_api,
    teacher,
)

OPTION_IMAGE = re.compile(
    r'<img class="option-picture" src="/images/([0-9a-f]{64}\.png)" alt="([^"]*)"'
)


def post_option_image(client, image: bytes, alt="The FDA logo", name="logo.png", **changes):
    """Write a new single-answer question whose second option has an image."""
    fields = form_data(client, **{"options-1-image_alt": alt, **changes})
    files = {"options-1-image_file": (image, name)}
    return post_form(client, "/author/questions/new", fields, files)


def test_an_option_image_is_kept_clean_with_its_alt_text(app, client, teacher):  # noqa: F811
    response = post_option_image(client, png(text={"Comment": SCRIPT}))
    assert response.status_code == 302
    question = only_question(app)
    first, second = question.options
    assert "image" not in first and "image" not in question.extra
    assert second["image"]["alt"] == "The FDA logo"
    with app.app_context():
        stored = db.session.get(QuestionImage, second["image"]["file"].split(".")[0])
        assert SCRIPT.encode() not in stored.data
    # The editor shows it kept, and saving again without a new file keeps it.
    url = f"/author/questions/{question.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert f'value="{second["image"]["file"]}"' in page and "Image for option 2 (kept)" in page


def test_an_option_image_needs_alt_text_and_comes_back_kept(app, client, teacher):  # noqa: F811
    response = post_option_image(client, png(), alt=" ")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "people who cannot see it read this instead" in page
    kept = re.search(r'name="options-1-image" type="hidden" value="([^"]+)"', page)
    assert kept, "the good upload comes back kept"
    with app.app_context():
        assert db.session.execute(db.select(Question)).first() is None
    fields = form_data(
        client, **{"options-1-image": kept.group(1), "options-1-image_alt": "The FDA logo"}
    )
    assert client.post("/author/questions/new", data=fields).status_code == 302
    assert only_question(app).options[1]["image"]["file"] == kept.group(1)


def test_a_hostile_option_image_is_refused_and_the_typed_form_kept(app, client, teacher):  # noqa: F811
    response = post_option_image(client, HTML_AS_PNG, prompt="Which regulator is shown?")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "not a PNG" in page and "Which regulator is shown?" in page
    assert 'value="The FDA logo"' in page  # the alt text typed comes back too
    with app.app_context():
        assert db.session.execute(db.select(Question)).first() is None
        assert db.session.execute(db.select(QuestionImage)).first() is None


def test_removing_an_option_image_makes_a_version_without_it(app, client, teacher):  # noqa: F811
    post_option_image(client, png())
    question = only_question(app)
    url = f"/author/questions/{question.id}/edit"
    fields = form_data(
        client,
        url,
        **{
            "options-1-image": question.options[1]["image"]["file"],
            "options-1-image_alt": "The FDA logo",
            "options-1-remove_image": "y",
        },
    )
    assert client.post(url, data=fields).status_code == 302
    after = only_question(app)
    assert after.version == question.version + 1 and "image" not in after.options[1]


def test_classify_options_take_no_image(app, client, teacher):  # noqa: F811
    fields = form_data(client, type="classify", **TYPES["classify"])
    fields["options-1-image_alt"] = "A picture"
    response = post_form(
        client, "/author/questions/new", fields, {"options-1-image_file": (png(), "a.png")}
    )
    assert response.status_code == 302
    assert all("image" not in o for o in only_question(app).options)


def test_a_student_sees_a_published_option_image_and_may_fetch_it(app, client, teacher, auth):  # noqa: F811
    post_option_image(client, png())
    question = only_question(app)
    name = question.options[1]["image"]["file"]
    # The author's preview draws it inside the option's label, after the radio button.
    page = client.get(f"/author/questions/{question.id}").get_data(as_text=True)
    labels = re.findall(r'<label class="choice">(<input type="radio".*?)</label>', page, re.S)
    pictured = [label for label in labels if name in label]
    assert len(labels) == 2 and len(pictured) == 1
    assert OPTION_IMAGE.search(pictured[0]).groups() == (name, "The FDA logo")
    assert pictured[0].index("<input") < pictured[0].index("<img") < pictured[0].index(">FDA<")
    auth.logout()
    auth.login("student")
    assert client.get(f"/images/{name}").status_code == 404  # a draft's option image
    publish(app, question.id)
    response = client.get(f"/images/{name}")
    assert response.status_code == 200 and response.mimetype == "image/png"


def test_gift_export_writes_an_option_image_and_import_brings_it_back(app, client, teacher):  # noqa: F811
    post_option_image(client, png())
    question = only_question(app)
    gift = client.get("/author/export.gift").get_data(as_text=True)
    # The FDA option is written as [html], its image first as a data: URI; NMPA stays as it was.
    assert '~[html]<p><img src\\="data\\:image/png;base64,' in gift
    assert "=NMPA" in gift
    parsed = parse_gift(gift)
    assert not parsed.problems
    with app.app_context():
        report = import_questions(parsed, "rule", date(2026, 1, 1), None)
        assert report.updated == [question.id]
        imported = db.session.get(Question, question.id)
        fda = next(o for o in imported.options if "image" in o)
        assert fda["image"] == question.options[1]["image"]
        assert fda["text"] == "<p>FDA</p>" and fda["id"] == option_id("<p>FDA</p>")
        assert imported.answer == [o["id"] for o in imported.options if o["correct"]]
        assert fda["id"] not in imported.answer
        assert len(db.session.execute(db.select(QuestionImage)).all()) == 1


def test_the_api_gives_an_option_its_image_url_and_alt_text(app, client, teacher, auth):  # noqa: F811
    post_option_image(client, png())
    question = only_question(app)
    publish(app, question.id)
    shown = shown_by_the_api(app, client, auth, question)
    by_text = {o["text"]: o for o in shown["options"]}
    name = question.options[1]["image"]["file"]
    assert "image" not in by_text["NMPA"]
    assert by_text["FDA"]["image"] == {
        "url": f"/images/{name}",
        "alt": "The FDA logo",
        "width": 40,
        "height": 30,
    }
