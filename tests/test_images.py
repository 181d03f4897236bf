"""Images in questions: hostile files refused or cleaned, alt text, who may fetch, headers."""

import base64
import io
import re
from datetime import date

import pytest
from PIL import Image

from quizapp.author.gift_io import import_questions
from quizapp.core.gift import image_of, parse_gift
from quizapp.extensions import db
from quizapp.images.clean import clean_image
from quizapp.images.store import image_ref, save_image
from quizapp.models import Question, QuestionImage, QuestionVersion, Role
from tests.accounts import csrf_token
from tests.images import (
    HTML_AS_PNG,
    SCRIPT,
    SVG,
    jpeg_with_exif,
    png,
    png_claiming,
    post_form,
)
from tests.livesessions import client_as, host_session, live_quiz, move
from tests.quizzes import first_of_type, load_bank, make_quiz
from tests.test_author import BASE, TYPES

IMAGE_URL = re.compile(r'src="(/images/[0-9a-f]{64}\.(?:png|jpg|webp))"')


@pytest.fixture
def teacher(app, client, auth):
    """A logged-in instructor (no bank needed: questions here name no fact)."""
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Teacher")
    auth.make_user("student")
    auth.login("teacher")
    return auth


def form_data(client, url="/author/questions/new", **changes):
    """A valid single-answer question, as the form sends it, with changes."""
    data = {**BASE, "facts": "", "no_fact_reason": "About the image.", "type": "single"}
    data.update(TYPES["single"])
    data["csrf_token"] = csrf_token(client, url)
    data.update(changes)
    return data


def post_new(client, image: bytes, name="picture.png", **changes):
    """Write a new question with an image."""
    fields = form_data(client, **{"image_alt": "A red square", **changes})
    return post_form(client, "/author/questions/new", fields, {"image_file": (image, name)})


def only_question(app) -> Question:
    with app.app_context():
        return db.session.execute(db.select(Question)).scalar_one()


def stored_images(app) -> list[QuestionImage]:
    with app.app_context():
        return list(db.session.execute(db.select(QuestionImage)).scalars())


def test_a_png_with_a_script_in_a_text_chunk_is_stored_clean(app, client, teacher):
    response = post_new(client, png(text={"Comment": SCRIPT, "Author": "someone"}))
    assert response.status_code == 302
    question = only_question(app)
    ref = question.extra["image"]
    assert ref["alt"] == "A red square" and (ref["width"], ref["height"]) == (40, 30)
    (image,) = stored_images(app)
    assert b"script" not in image.data and b"tEXt" not in image.data
    assert b"someone" not in image.data
    served = client.get(f"/images/{ref['file']}")
    assert served.data == image.data
    assert Image.open(io.BytesIO(served.data)).info.get("Comment") is None


def test_a_jpeg_loses_its_exif_camera_and_position(app, client, teacher):
    assert post_new(client, jpeg_with_exif(), "photo.jpg").status_code == 302
    (image,) = stored_images(app)
    assert image.content_type == "image/jpeg"
    assert b"Secret Camera" not in image.data and b"Exif" not in image.data


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (png_claiming(50_000, 50_000), "bomb.png", "at most 4,000 pixels a side"),
        (png_claiming(4000, 3500), "wide.png", "4,000 × 3,500 pixels"),
        (SVG, "drawing.svg", "SVG images are not accepted"),
        (SVG, "drawing.png", "SVG images are not accepted"),
        (HTML_AS_PNG, "page.png", "not a PNG, JPEG or WebP image"),
        (png() + b"x" * (1024 * 1024), "huge.png", "at most 1,024 KB (1 MB)"),
        (b"GIF89a" + b"\x00" * 40, "anim.gif", "not a PNG, JPEG or WebP image"),
    ],
)
def test_hostile_or_oversized_files_are_refused_with_a_message_and_nothing_saved(
    app, client, teacher, data, name, message
):
    response = post_new(client, data, name, prompt="Which regulator is this?")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page and "Please correct the marked fields." in page
    assert "Which regulator is this?" in page  # what was typed comes back
    with app.app_context():
        assert db.session.execute(db.select(Question)).first() is None
    assert stored_images(app) == []


def test_a_refused_upload_never_touches_the_saved_question(app, client, teacher):
    post_new(client, png())
    question = only_question(app)
    url = f"/author/questions/{question.id}/edit"
    fields = form_data(
        client,
        url,
        prompt="Changed text",
        image=question.extra["image"]["file"],
        image_alt="A red square",
    )
    response = post_form(client, url, fields, {"image_file": (HTML_AS_PNG, "trick.png")})
    assert response.status_code == 200 and "not a PNG" in response.get_data(as_text=True)
    after = only_question(app)
    assert after.version == question.version and after.prompt == question.prompt
    assert after.extra["image"] == question.extra["image"]


def test_alt_text_is_required_with_an_image(app, client, teacher):
    fields = form_data(client, image_alt="  ")
    response = post_form(client, "/author/questions/new", fields, {"image_file": (png(), "a.png")})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "people who cannot see it read this instead" in page
    # The image was good: it comes back with the form, kept, so it need not be chosen again.
    kept = IMAGE_URL.search(page).group(1)
    fields = form_data(client, image=kept.removeprefix("/images/"), image_alt="A red square")
    assert client.post("/author/questions/new", data=fields).status_code == 302
    assert only_question(app).extra["image"]["file"] == kept.removeprefix("/images/")


def test_a_made_up_kept_image_is_refused(app, client, teacher):
    fields = form_data(client, image="f" * 64 + ".png", image_alt="Nothing")
    response = client.post("/author/questions/new", data=fields)
    assert "could not be found: choose it again" in response.get_data(as_text=True)


def publish(app, question_id):
    with app.app_context():
        db.session.get(Question, question_id).state = "published"
        db.session.commit()


def test_only_users_who_may_see_the_question_fetch_its_image(app, client, teacher, auth):
    post_new(client, png())
    question = only_question(app)
    url = f"/images/{question.extra['image']['file']}"
    assert client.get(url).status_code == 200  # instructors see drafts
    auth.logout()
    assert client.get(url).status_code == 302  # visitors log in first
    auth.login("student")
    assert client.get(url).status_code == 404  # a draft's image is the authors' only
    publish(app, question.id)
    assert client.get(url).status_code == 200
    assert client.get(url.replace(".png", ".jpg")).status_code == 404
    assert client.get("/images/" + "0" * 64 + ".png").status_code == 404
    assert client.get("/images/../../instance/config.py").status_code == 404


def test_an_image_is_served_with_its_type_no_sniffing_and_cached_by_hash(app, client, teacher):
    post_new(client, png())
    name = only_question(app).extra["image"]["file"]
    response = client.get(f"/images/{name}")
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert response.headers["ETag"] == f'"{name.removesuffix(".png")}"'
    assert "sandbox" in response.headers["Content-Security-Policy"]
    again = client.get(f"/images/{name}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_removing_an_image_makes_a_version_and_past_versions_keep_it(app, client, teacher, auth):
    post_new(client, png())
    question = only_question(app)
    name = question.extra["image"]["file"]
    publish(app, question.id)
    url = f"/author/questions/{question.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert f'src="/images/{name}"' in page and 'alt="A red square"' in page
    fields = form_data(client, url, image=name, image_alt="A red square", remove_image="y")
    assert client.post(url, data=fields).status_code == 302
    after = only_question(app)
    assert "image" not in after.extra and after.version == question.version + 1
    with app.app_context():
        first = db.session.execute(
            db.select(QuestionVersion.content).where(QuestionVersion.version == 1)
        ).scalar_one()
    assert first["extra"]["image"]["file"] == name
    # A student whose review shows version 1 still gets the image.
    auth.logout()
    auth.login("student")
    assert client.get(f"/images/{name}").status_code == 200


def test_the_student_sees_the_image_with_its_alt_text_in_the_question(app, client, teacher):
    post_new(client, png())
    question = only_question(app)
    page = client.get(f"/author/questions/{question.id}").get_data(as_text=True)
    name = question.extra["image"]["file"]
    assert f'<img class="question-image" src="/images/{name}" alt="A red square"' in page


def test_an_image_added_to_a_generated_question_survives_the_bank_sync(app, client, teacher):
    load_bank(app)
    (question_id,) = first_of_type("single")
    with app.app_context():
        question = db.session.get(Question, question_id)
        fields = {
            "type": "single",
            "prompt": question.prompt,
            "text_format": "plain",
            "status": question.status,
            "as_of": question.as_of.isoformat(),
            "facts": ", ".join(question.facts),
            "explanation": question.explanation,
            "tags": ", ".join(question.tags),
            "numeric_tolerance": "0",
            "image_alt": "A red square",
            **({"conditional": "y"} if question.conditional else {}),
        }
        for i, option in enumerate(question.options):
            fields[f"options-{i}-text"] = option["text"]
            fields[f"options-{i}-feedback"] = option.get("feedback", "")
            if option["correct"]:
                fields[f"options-{i}-correct"] = "y"
    url = f"/author/questions/{question_id}/edit"
    fields["csrf_token"] = csrf_token(client, url)
    assert post_form(client, url, fields, {"image_file": (png(), "a.png")}).status_code == 302
    load_bank(app)  # the sync again: an edited question is never overwritten
    with app.app_context():
        synced = db.session.get(Question, question_id)
        assert synced.extra["image"]["alt"] == "A red square"
        generated = db.session.execute(
            db.select(Question).where(Question.origin == "generated", Question.edited.is_(False))
        ).scalars()
        assert all("image" not in (q.extra or {}) for q in generated)


def test_gift_export_writes_the_image_as_a_data_uri_and_import_brings_it_back(app, client, teacher):
    post_new(client, png(), image_alt='A red "square" <1>')
    question = only_question(app)
    gift = client.get("/author/export.gift").get_data(as_text=True)
    assert '[html]<p><img src\\="data\\:image/png;base64,' in gift
    assert "[markdown]The **NMPA** did." in gift  # the other texts keep their format
    parsed = parse_gift(gift)
    (read,) = parsed.questions
    assert read.text_format == "html" and not parsed.problems
    with app.app_context():
        (stored,) = db.session.execute(db.select(QuestionImage)).scalars()
        found, rest = image_of(read.text)
        assert found.data == stored.data and found.alt == 'A red "square" <1>'
        assert rest.startswith("<p>Which regulator approved amimestrocel?</p>")
        # The file names the question by its id: importing it again updates that question,
        # whose text is now the HTML the file holds (the same words, the same image).
        report = import_questions(parsed, "rule", date(2026, 1, 1), None)
        assert report.updated == [question.id]
        imported = db.session.get(Question, question.id)
        assert imported.extra["text_format"] == "html"
        assert imported.extra["image"] == question.extra["image"] | {"alt": 'A red "square" <1>'}
        assert imported.prompt.startswith("<p>Which regulator")
        assert len(stored_images(app)) == 1  # the same bytes: the same image


def test_a_gift_image_that_is_not_an_image_is_not_kept(app, client, teacher):
    fake = base64.b64encode(HTML_AS_PNG).decode()
    text = f'[html]<p><img src\\="data\\:image/png;base64,{fake}" alt\\="x"></p>Is it? {{T}}'
    parsed = parse_gift(text)
    with app.app_context():
        report = import_questions(parsed, "rule", date(2026, 1, 1), None)
        (question,) = (db.session.get(Question, qid) for qid in report.created)
        assert "image" not in question.extra
    assert stored_images(app) == []
    page = client.get(f"/author/questions/{question.id}").get_data(as_text=True)
    assert "<img" not in page.split("<main", 1)[1]  # the sanitiser drops it


def shown_by_the_api(app, client, auth, question: Question) -> dict:
    """The question, alone in a quiz, as the API shows it to the student starting it."""
    make_quiz(app, question_ids=[question.id])
    auth.logout()  # the API takes a token, not the browser session
    reply = client.post("/api/v1/tokens", json={"username": "student", "password": "correct horse"})
    assert reply.status_code == 201, reply.get_json()
    bearer = {"Authorization": f"Bearer {reply.get_json()['token']}"}
    started = client.post("/api/v1/quizzes/test-quiz/attempts", headers=bearer).get_json()
    (shown,) = started["questions"]
    return shown


def test_the_api_gives_a_question_its_image_url_and_alt_text(app, client, teacher, auth):
    post_new(client, png())
    question = only_question(app)
    publish(app, question.id)
    shown = shown_by_the_api(app, client, auth, question)
    ref = question.extra["image"]
    assert shown["image"] == {
        "url": f"/images/{ref['file']}",
        "alt": "A red square",
        "width": 40,
        "height": 30,
    }


def test_the_live_projector_shows_the_question_image(app, auth):
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Teacher")
    quiz_id = live_quiz(app)
    with app.app_context():
        question = db.session.get(Question, first_of_type("single")[0])
        ref = image_ref(save_image(clean_image(png()), None), "A red square")
        question.extra = {**question.extra, "image": ref}
        db.session.commit()
    host = client_as(app, "teacher")
    session_id = host_session(host, quiz_id)
    move(host, app, session_id, "question")
    page = host.get(f"/live/host/{session_id}").get_data(as_text=True)
    assert f'src="/images/{ref["file"]}" alt="A red square"' in page
