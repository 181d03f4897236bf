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
