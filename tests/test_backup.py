"""Backups of a live SQLite database, and restoring them."""

import os
import sqlite3
import threading

import pytest

from quizapp.extensions import db
from quizapp.models import User
from tests.quizzes import load_bank

sqlite_only = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="backup and restore are for SQLite; PostgreSQL uses pg_dump (the refusal is tested "
    "on SQLite URLs below)",
)


def _users(app):
    with app.app_context():
        return sorted(db.session.execute(db.select(User.username)).scalars())


@sqlite_only
def test_a_backup_taken_while_students_write_is_consistent_and_restores(
    app, runner, auth, tmp_path
):
    load_bank(app)
    for n in range(20):
        auth.make_user(f"before{n}")
    stop = threading.Event()

    def writer():
        """Keep writing while the backup runs, as a class would."""
        n = 0
        while not stop.is_set() and n < 500:
            with app.app_context():
                db.session.add(User(username=f"during{n}", display_name=f"D{n}", password_hash="x"))
                db.session.commit()
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    target = tmp_path / "copy.sqlite3"
    try:
        result = runner.invoke(args=["backup", str(target)])
    finally:
        stop.set()
        thread.join(timeout=30)
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    saved = {r[0] for r in copy.execute("SELECT username FROM user")}
    assert {f"before{n}" for n in range(20)} <= saved
    assert copy.execute("SELECT count(*) FROM question").fetchone()[0] >= 150
    copy.close()

    with app.app_context():
        db.session.execute(db.delete(User))
        db.session.commit()
    assert _users(app) == []
    restored = runner.invoke(args=["restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert set(_users(app)) == saved


@sqlite_only
def test_backup_refuses_to_overwrite_and_restore_refuses_a_foreign_file(app, runner, tmp_path):
    existing = tmp_path / "exists.sqlite3"
    existing.write_text("x")
    refused = runner.invoke(args=["backup", str(existing)])
    assert refused.exit_code == 1 and "exists already" in refused.output
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    result = runner.invoke(args=["restore", str(foreign), "--yes"])
    assert result.exit_code == 1 and "not a quizapp database" in result.output
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code == 1 and "not a SQLite database" in result.output


def test_postgresql_is_pointed_to_pg_dump():
    from quizapp.backup import BackupError, sqlite_path

    with pytest.raises(BackupError, match="pg_dump"):
        sqlite_path("postgresql+psycopg://u@localhost/quiz")


def _mode(path):
    return oct(path.stat().st_mode & 0o777)


@sqlite_only
def test_the_database_its_wal_and_backups_are_readable_by_their_owner_only(tmp_path, monkeypatch):
    from quizapp import create_app

    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path))
    old_umask = os.umask(0o022)  # the usual umask, which would make them 0644
    try:
        database = tmp_path / "quizapp.sqlite3"
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
        with app.app_context():
            db.create_all()
            db.session.add(User(username="someone", display_name="S", password_hash="x"))
            db.session.commit()
            wal, shm = tmp_path / "quizapp.sqlite3-wal", tmp_path / "quizapp.sqlite3-shm"
            assert wal.exists() and shm.exists()
            assert [_mode(p) for p in (database, wal, shm)] == ["0o600"] * 3
            copy = tmp_path / "copy.sqlite3"
            result = app.test_cli_runner().invoke(args=["backup", str(copy)])
            assert result.exit_code == 0, result.output
            assert _mode(copy) == "0o600"
            db.engine.dispose()
    finally:
        os.umask(old_umask)


@sqlite_only
def test_an_existing_database_left_world_readable_is_made_private_at_start(tmp_path, monkeypatch):
    from quizapp import create_app

    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path))
    database = tmp_path / "quizapp.sqlite3"
    sqlite3.connect(database).close()
    database.chmod(0o644)
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    assert _mode(database) == "0o600"
