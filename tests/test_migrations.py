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
