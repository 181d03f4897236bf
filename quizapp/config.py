"""Configuration: defaults, then instance/config.py, then the environment."""

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

PRIVATE = 0o600  # the database holds password and token hashes: its owner reads it, nobody else


def database_url(instance_path: str) -> str:
    """The database URL from DATABASE_URL, defaulting to a SQLite file in instance/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "quizapp.sqlite3")
    # Hosting platforms hand out postgres:// URLs; we ship psycopg 3, not psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    # O_EXCL: two workers starting at once must not write different keys.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def private_file(path: Path) -> None:
    """Create path empty and readable by its owner only; FileExistsError if it is there."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))


def keep_database_private(url: str) -> None:
    """A SQLite database file, its WAL and shared memory: created 0600, or tightened to it.

    SQLite gives the WAL and -shm files the mode of the database file, so creating that
    file first, before SQLite would with the umask's 0644, keeps all three private.
    Files someone else owns are left as they are.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    database = Path(parsed.database)
    try:
        private_file(database)
    except FileExistsError:
        pass
    except OSError:
        return  # a missing folder: SQLite reports it when it connects
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(PRIVATE)
        except OSError:
            continue  # not there (no WAL yet) or not ours


def engine_options(url: str) -> dict[str, object]:
    """Engine options per backend: a busy timeout for SQLite, pool health checks for servers."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 15}}
    return {"pool_pre_ping": True}
