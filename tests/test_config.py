"""Configuration from the environment: database URL, secret key, SQLite settings."""

import os
import stat

import pytest
from sqlalchemy import column, table, text

from quizapp import config, create_app
from quizapp.extensions import db, insert_for


def test_without_secret_key_one_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path))
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) >= 64
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    other = tmp_path / "other"
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(other))
    assert create_app().config["SECRET_KEY"] != first, "never a shared default"


def test_secret_key_and_database_url_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example/quiz")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example/quiz"


def test_the_default_database_is_a_sqlite_file_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url(str(tmp_path)) == f"sqlite:///{tmp_path}/quizapp.sqlite3"


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "t"})
    with app.app_context():
        pragma = {
            name: db.session.execute(text(f"PRAGMA {name}")).scalar_one()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
        db.engine.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 15000}


def test_the_suite_runs_on_the_database_it_was_given(app):
    wanted = (
        "postgresql" if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    with app.app_context():
        assert db.engine.dialect.name == wanted


def test_app_servers_get_the_app_without_migration_tooling_and_the_command_keeps_it(tmp_path):
    """quizapp.wsgi (what gunicorn serves) never imports Alembic; `flask db` still works."""
    import subprocess
    import sys

    env = {**os.environ, "QUIZAPP_INSTANCE": str(tmp_path), "SECRET_KEY": "x"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    probe = (
        "import sys, quizapp.wsgi as w; "
        "print('migrate' in w.app.extensions, any(m.startswith('alembic') for m in sys.modules))"
    )
    served = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert served.stdout.split() == ["False", "False"]
    command = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quizapp", "db", "upgrade"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert command.returncode == 0, command.stderr
    built = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "SECRET_KEY": "x"})
    with built.app_context():
        assert "quiz" in db.inspect(db.engine).get_table_names()


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_each_supported_database_gets_its_own_upsert(dialect):
    statement = insert_for(dialect)(table("t", column("a"))).values(a=1)
    assert statement.on_conflict_do_nothing() is not None  # the dialect's own INSERT
    assert type(statement).__module__ == f"sqlalchemy.dialects.{dialect}.dml"


def test_an_unsupported_database_is_named_in_the_refusal():
    with pytest.raises(RuntimeError, match="not mysql"):
        insert_for("mysql")
