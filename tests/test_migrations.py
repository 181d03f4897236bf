"""Migrations build the same schema as the models, and `make run` can repeat them safely."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from quizapp.extensions import db


@pytest.fixture
def empty_app(app):
    """The app with no tables at all, as on a first `make run`."""
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    yield app
    with app.app_context(), db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_migrations_build_exactly_the_schema_of_the_models(empty_app):
    with empty_app.app_context():
        upgrade()
        upgrade()  # a second run changes nothing and does not fail
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_migrations_can_be_undone_to_an_empty_database(empty_app):
    with empty_app.app_context():
        upgrade()
        downgrade(revision="base")
        remaining = set(db.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()


def test_migration_0009_renames_look_alike_names_and_dates_old_tokens(empty_app):
    """Accounts named alike before names were unique: the oldest keeps its display name."""
    with empty_app.app_context():
        upgrade(revision="0008")
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                'INSERT INTO "user" (username, display_name, password_hash, role,'
                " session_version, board_privacy, pseudonym, created_at) VALUES"
                " ('a', 'Anna Lee', 'x', 'student', 1, 'named', NULL, '2026-01-01 00:00:00+00'),"
                " ('b', 'ANNA  LEE', 'x', 'student', 1, 'pseudonym', 'Ｂｏｂ',"
                " '2026-01-01 00:00:00+00'),"
                " ('c', 'bob', 'x', 'student', 1, 'named', NULL, '2026-01-01 00:00:00+00')"
            )
            conn.exec_driver_sql(
                "INSERT INTO api_token (user_id, token_hash, name, created_at)"
                " VALUES (1, 'h', 't', '2026-11-20 10:00:00+00')"
            )
        upgrade()
        with db.engine.connect() as conn:
            users = conn.exec_driver_sql(
                'SELECT display_name, pseudonym, display_key FROM "user" ORDER BY id'
            ).all()
            expires = conn.exec_driver_sql("SELECT expires_at FROM api_token").scalar_one()
    assert [tuple(u) for u in users] == [
        ("Anna Lee", None, "anna lee"),
        ("ANNA  LEE (2)", "Ｂｏｂ (2)", "anna lee (2)"),
        ("bob", None, "bob"),
    ]
    assert str(expires).startswith("2026-12-20 10:00:00")


def test_migration_0010_makes_the_full_test_an_exam_pool_and_ends_open_attempts_at_the_close(
    empty_app,
):
    from datetime import UTC, datetime

    from sqlalchemy import text

    closes, later = datetime(2026, 5, 1, 12, tzinfo=UTC), datetime(2026, 5, 1, 13, tzinfo=UTC)
    quiz = (
        "INSERT INTO quiz (id, slug, title, description, builtin, published, question_ids,"
        " draw_filter, shuffle_questions, one_per_page, feedback_mode, grading_method,"
        " leaderboard, created_at, closes_at) VALUES (:id, :slug, 't', '', :builtin, :yes,"
        " '[]', '{}', :yes, :yes, 'deferred', 'highest', 'public', :at, :closes)"
    )
    attempt = (
        "INSERT INTO attempt (id, quiz_id, user_id, number, seed, question_ids, feedback_mode,"
        " position, started_at, deadline, max_score) VALUES (:id, :quiz, 1, :id, 1, '[]',"
        " 'deferred', 0, :at, :deadline, 0)"
    )
    with empty_app.app_context():
        upgrade(revision="0008")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    'INSERT INTO "user" (id, username, display_name, password_hash, role,'
                    " session_version, board_privacy, created_at)"
                    " VALUES (1, 'ann', 'Ann', 'x', 'student', 1, 'named', :at)"
                ),
                {"at": closes},
            )
            for n, slug, builtin in ((1, "full-test", True), (2, "mine", False)):
                values = {"id": n, "slug": slug, "builtin": builtin, "yes": True}
                conn.execute(text(quiz), {**values, "at": closes, "closes": closes})
            conn.execute(text(attempt), {"id": 1, "quiz": 2, "at": closes, "deadline": later})
            conn.execute(text(attempt), {"id": 2, "quiz": 2, "at": closes, "deadline": None})
        upgrade()
        with db.engine.connect() as conn:
            pools = dict(conn.execute(text("SELECT slug, exam_pool FROM quiz")).all())
            deadlines = conn.execute(text("SELECT deadline FROM attempt")).scalars().all()
    assert {slug: bool(pool) for slug, pool in pools.items()} == {"full-test": True, "mine": False}
    assert len(deadlines) == 2 and all(str(d).startswith("2026-05-01 12:00") for d in deadlines)


def test_migration_0016_marks_every_report_resolved_before_it_as_sent_back_to_review(empty_app):
    """Before 0016 resolving a report always sent its question back to review."""
    with empty_app.app_context():
        upgrade(revision="0015")
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                'INSERT INTO "user" (username, display_name, password_hash, role,'
                " session_version, board_privacy, created_at) VALUES"
                " ('ann', 'Ann', 'x', 'student', 1, 'named', '2026-01-01 00:00:00+00')"
            )
            conn.exec_driver_sql(
                "INSERT INTO question (id, type, prompt, options, answer, status, conditional,"
                " facts, as_of, sources, explanation, tags, extra, template, state, origin,"
                " content_hash, edited, orphaned, version, created_at, updated_at) VALUES"
                " ('q1', 'true_false', 'P', '[]', 'true', 'rule', false, '[]', '2025-01-01',"
                " '[]', 'E', '[]', '{}', '', 'review', 'authored', '', true, false, 1,"
                " '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00')"
            )
            conn.exec_driver_sql(
                "INSERT INTO question_report (question_id, user_id, reason, comment, created_at,"
                " resolved_at, resolver_id, resolution) VALUES"
                " ('q1', 1, 'wrong', '', '2026-01-01 00:00:00+00', '2026-01-02 00:00:00+00', 1,"
                " 'Fixed.'),"
                " ('q1', 1, 'outdated', '', '2026-01-03 00:00:00+00', NULL, NULL, NULL)"
            )
        upgrade()
        with db.engine.connect() as conn:
            outcomes = (
                conn.exec_driver_sql("SELECT outcome FROM question_report ORDER BY id")
                .scalars()
                .all()
            )
    assert outcomes == ["review", None]
