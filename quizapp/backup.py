"""Backups of a live SQLite database with SQLite's online backup API, and restoring them.

The backup API copies pages while the app keeps running; the copy is consistent (a snapshot
of one moment), unlike copying the file while the WAL holds recent writes.
"""

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from quizapp.config import private_file


class BackupError(RuntimeError):
    """The backup or restore cannot be done; the message says why."""


def sqlite_path(database_url: str) -> Path:
    """The file of a SQLite database URL, or BackupError for other databases."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise BackupError(
            "backup and restore work on SQLite; for PostgreSQL use pg_dump and "
            "pg_restore (see docs/DEPLOY.md)"
        )
    return Path(url.database)


def backup(database_url: str, target: Path) -> int:
    """Copy the live database into target (a new file); return the number of pages copied."""
    source_path = sqlite_path(database_url)
    if not source_path.exists():
        raise BackupError(f"there is no database at {source_path}")
    try:
        private_file(target)  # 0600 like the database: the copy holds the same hashes
    except FileExistsError:
        raise BackupError(f"{target} exists already; choose a new file") from None
    except OSError as exc:
        raise BackupError(f"cannot create {target}: {exc.strerror}") from exc
    source = sqlite3.connect(source_path, timeout=15)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=256)
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("the copy failed its integrity check")
    finally:
        copy.close()
        source.close()
    return int(pages)


def restore(backup_file: Path, database_url: str) -> None:
    """Replace the database's content with the backup's, through the same online API."""
    target_path = sqlite_path(database_url)
    if not backup_file.exists():
        raise BackupError(f"there is no backup at {backup_file}")
    copy = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{backup_file} is damaged (integrity check failed)")
        tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"user", "question", "attempt"} <= tables:
            raise BackupError(f"{backup_file} is not a quizapp database")
        live = sqlite3.connect(target_path, timeout=15)
        try:
            copy.backup(live)
        finally:
            live.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup_file} is not a SQLite database ({exc})") from exc
    finally:
        copy.close()
