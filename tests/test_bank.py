"""The question bank in the database: sync, export, coverage and checks from the shell."""

import dataclasses
import json
import shutil
from pathlib import Path

import yaml

from quizapp import bank
from quizapp.extensions import db
from quizapp.models import Origin, Question, QuestionState

QUESTIONS = Path(__file__).resolve().parents[1] / "questions"
EXPORT_KEYS = {
    "id",
    "type",
    "prompt",
    "options",
    "answer",
    "status",
    "facts",
    "as_of",
    "article",
    "correction",
    "explanation",
    "state",
    "origin",
}


def _rows(app):
    with app.app_context():
        return {q.id: q for q in db.session.execute(db.select(Question)).scalars()}


def _generated(app):
    with app.app_context():
        return bank.generated_questions()


def _sync(app, questions, state=QuestionState.PUBLISHED):
    with app.app_context():
        return bank.sync_bank(questions, state)


def test_sync_loads_every_generated_question_published_and_a_second_run_changes_nothing(
    app, runner
):
    first = runner.invoke(args=["bank", "sync"])
    assert first.exit_code == 0, first.output
    rows = _rows(app)
    assert len(rows) >= 150
    assert {r.state for r in rows.values()} == {"published"}
    assert {r.origin for r in rows.values()} == {"generated"}
    before = {i: (r.prompt, r.updated_at) for i, r in rows.items()}
    second = runner.invoke(args=["bank", "sync"])
    assert "0 added, 0 updated, 0 flagged for review, 0 retired" in second.output
    assert {i: (r.prompt, r.updated_at) for i, r in _rows(app).items()} == before


def test_a_setting_makes_generated_questions_arrive_as_drafts(app, runner):
    app.config["BANK_GENERATED_STATE"] = "draft"
    runner.invoke(args=["bank", "sync"])
    assert {r.state for r in _rows(app).values()} == {"draft"}


def test_an_unedited_question_follows_its_changed_fact(app):
    questions = _generated(app)
    _sync(app, questions)
    changed = dataclasses.replace(questions[0], explanation="A corrected explanation.")
    report = _sync(app, [changed, *questions[1:]])
    assert report.updated == [changed.id]
    assert _rows(app)[changed.id].explanation == "A corrected explanation."


def test_an_instructors_edit_is_never_overwritten_but_goes_back_to_review(app):
    questions = _generated(app)
    _sync(app, questions)
    target = questions[0].id
    with app.app_context():
        row = db.session.get(Question, target)
        row.prompt, row.edited = "The instructor's wording", True
        db.session.commit()
    changed = dataclasses.replace(questions[0], explanation="The fact changed.")
    report = _sync(app, [changed, *questions[1:]])
    row = _rows(app)[target]
    assert report.flagged == [target]
    assert row.prompt == "The instructor's wording" and row.state == "review"
    assert "facts behind this question changed" in row.review_note
    assert _sync(app, [changed, *questions[1:]]).changed is False


def test_a_question_whose_fact_is_gone_is_retired_not_deleted_and_comes_back_with_it(app):
    questions = _generated(app)
    _sync(app, questions)
    gone = questions[-1].id
    report = _sync(app, questions[:-1])
    assert report.retired == [gone]
    assert _rows(app)[gone].state == "retired"
    assert _sync(app, questions).revived == [gone]
    assert _rows(app)[gone].state == "published"


def test_sync_leaves_authored_questions_alone(app):
    questions = _generated(app)
    with app.app_context():
        db.session.add(
            Question(
                id="authored-1",
                type="true_false",
                prompt="Mine",
                answer=True,
                status="rule",
                as_of=questions[0].as_of,
                explanation="x",
                origin=Origin.AUTHORED.value,
                article=None,
                correction=None,
                review_note=None,
                state="published",
            )
        )
        db.session.commit()
    _sync(app, questions)
    assert _rows(app)["authored-1"].state == "published"


def test_export_writes_the_bank_as_a_json_list_in_the_documented_schema(app, runner):
    runner.invoke(args=["bank", "sync"])
    result = runner.invoke(args=["bank", "export", "--format", "json"])
    assert result.exit_code == 0
    items = json.loads(result.output)
    assert len(items) == len(_rows(app))
    types = set()
    for item in items:
        assert EXPORT_KEYS <= item.keys(), item["id"]
        types.add(item["type"])
        assert item["status"] in {"approved_drug", "research", "rule", "withdrawn", "background"}
        if item["type"] in ("single", "multiple", "classify", "true_false"):
            assert all({"id", "text", "correct"} <= o.keys() for o in item["options"])
            # Why a wrong pick does not fit travels with the bank (reviewers read it there).
            wrong = [o for o in item["options"] if not o["correct"]]
            if item["type"] != "true_false":
                assert all(o["feedback"].strip() for o in wrong), item["id"]
        else:
            assert item["options"] == []
        if item["type"] == "numeric":
            assert {"value", "tolerance"} <= item["answer"].keys()
        if item["type"] == "true_false":
            assert isinstance(item["answer"], bool)
        if item["article"] is not None:
            assert {"quote", "section", "verdict"} <= item["article"].keys()
    assert types == {
        "single",
        "multiple",
        "true_false",
        "classify",
        "numeric",
        "short",
        "matching",
        "ordering",
    }


def test_coverage_prints_every_claim_with_what_covers_it(runner):
    result = runner.invoke(args=["bank", "coverage"])
    assert result.exit_code == 0, result.output
    assert "C20 [II] outdated" in result.output
    assert "fact amimestrocel-conditional-approval:" in result.output
    assert "excluded: " in result.output
    assert "0 teachable claim(s) in no question." in result.output


def test_a_broken_fact_base_is_refused_with_a_message_and_nothing_is_synced(app, runner, tmp_path):
    broken = tmp_path / "questions"
    shutil.copytree(QUESTIONS, broken)
    facts = broken / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            "Safety remains an absolute red line.", "Safety is sometimes a red line.", 1
        ),
        encoding="utf-8",
    )
    app.config["CONTENT_FOLDER"] = str(broken)
    result = runner.invoke(args=["bank", "sync"])
    assert result.exit_code == 1
    assert "field 'article.quote': is not verbatim in the article" in result.output
    assert "nothing was changed" in result.output
    assert _rows(app) == {}


def test_check_reports_the_counts(runner):
    result = runner.invoke(args=["bank", "check"])
    assert result.exit_code == 0
    assert "misconceptions" in result.output and "questions:" in result.output


def _quiz(slug):
    from quizapp.models import Quiz

    return db.session.execute(db.select(Quiz).filter_by(slug=slug)).scalar_one()


# The draw settings the sync before blueprints left in every database it made.
PREVIOUS_SYNC = {
    "road-to-first-stem-cell-drug": {
        "tags": ["china"],
        "statuses": ["rule", "approved_drug"],
        "types": ["single", "numeric", "ordering", "short"],
    },
    "reading-the-article-critically": {"templates": ["article-verdict", "misconception"]},
}


def test_sync_brings_a_database_made_by_the_previous_sync_in_step_and_says_so(app, runner):
    assert runner.invoke(args=["bank", "sync"]).exit_code == 0
    with app.app_context():
        for slug, old_filter in PREVIOUS_SYNC.items():
            quiz = _quiz(slug)
            quiz.draw_filter, quiz.blueprint = old_filter, {}
        _quiz("full-test").title = "Final exam"  # a setting sync never touches
        db.session.commit()
    result = runner.invoke(args=["bank", "sync"])
    assert result.exit_code == 0
    assert "2 updated (road-to-first-stem-cell-drug: draw_filter, blueprint; " in result.output
    assert "reading-the-article-critically: draw_filter, blueprint)" in result.output
    specs = {
        s["slug"]: s for s in yaml.safe_load((QUESTIONS / "quizzes.yaml").read_text())["quizzes"]
    }
    with app.app_context():
        for slug in PREVIOUS_SYNC:
            assert _quiz(slug).draw_filter == specs[slug]["draw_filter"]
            assert _quiz(slug).blueprint == specs[slug]["blueprint"]
        assert "research" in _quiz("road-to-first-stem-cell-drug").draw_filter["statuses"]
        assert _quiz("full-test").title == "Final exam"
    again = runner.invoke(args=["bank", "sync"])
    assert "0 created, 0 updated." in again.output


def test_sync_keeps_the_draw_settings_of_a_builtin_quiz_an_instructor_edited(app, runner):
    from quizapp.author.service import save_quiz

    assert runner.invoke(args=["bank", "sync"]).exit_code == 0
    with app.app_context():
        quiz = _quiz("full-test")
        save_quiz(quiz, {"draw_count": 7})
        assert quiz.edited
        quiz.blueprint = {}  # and an older blueprint than quizzes.yaml's
        db.session.commit()
    result = runner.invoke(args=["bank", "sync"])
    assert result.exit_code == 0 and "0 updated." in result.output
    assert "Kept full-test as an instructor edited it" in result.output
    with app.app_context():
        assert (_quiz("full-test").draw_count, _quiz("full-test").blueprint) == (7, {})


def test_saving_a_builtin_quiz_unchanged_is_no_edit_and_keeps_its_templates(app):
    from quizapp.author.service import save_quiz

    with app.app_context():
        bank.sync_builtin_quizzes(bank.builtin_quiz_specs())
        quiz = _quiz("reading-the-article-critically")
        templates = quiz.draw_filter["templates"]
        # What the builder sends: every filter list, and no templates field at all.
        builder_filter = {"types": [], "statuses": [], "tags": quiz.draw_filter["tags"]}
        save_quiz(quiz, {"title": "Reading it critically", "draw_filter": builder_filter})
        assert not quiz.edited and quiz.draw_filter["templates"] == templates


def test_a_malformed_blueprint_is_refused_with_its_quiz_named(app):
    specs = [{"slug": "bad", "title": "Bad", "draw_count": 2, "blueprint": {"require": [{}]}}]
    with app.app_context():
        try:
            bank.sync_builtin_quizzes(specs)
        except ValueError as refused:
            assert "quiz 'bad': need 1 names no facts, tags or statuses" in str(refused)
        else:
            raise AssertionError("a malformed blueprint was accepted")
