"""Flask extensions, created unbound and bound to the app in create_app."""

import importlib
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import has_request_context, request
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.pagination import Pagination
from flask_wtf import CSRFProtect
from sqlalchemy import DateTime, Engine, MetaData, TypeDecorator, event
from sqlalchemy.orm import DeclarativeBase, registry

# Named constraints make Alembic migrations painless, SQLite batch mode included.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime in UTC on every backend, SQLite included."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        """Store in UTC; refuse naive datetimes, whose zone is a guess."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        """SQLite forgets the zone: put UTC back on."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Declarative base shared by every model."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


# The largest id an INTEGER primary key holds on PostgreSQL, and so the largest page number
# worth asking for: no page past it holds a row.
LARGEST_ID = 2**31 - 1


class Database(SQLAlchemy):
    """Flask-SQLAlchemy, with ?page= bounded before it becomes an offset."""

    def paginate(self, select: Any, *, page: int | None = None, **kwargs: Any) -> Pagination:
        """A page of select; a ?page= past LARGEST_ID reads as LARGEST_ID (a page past the end).

        Flask-SQLAlchemy takes ?page= as an unbounded int, and an offset past 2**63 is more
        than the database driver can bind (SQLite: OverflowError, a 500).
        """
        if page is None and has_request_context():
            try:
                asked = int(request.args.get("page", 1))
            except ValueError:
                asked = 1  # Flask-SQLAlchemy answers these itself (404, or page 1)
            if asked > LARGEST_ID:
                page = LARGEST_ID
        return super().paginate(select, page=page, **kwargs)


db = Database(model_class=Base)
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see that page."
login_manager.login_message_category = "info"


def insert_for(dialect: str) -> Callable[..., Any]:
    """The INSERT construct with ON CONFLICT of the two databases the app supports.

    Imported by name: the engine has loaded its own dialect already, and a server on SQLite
    starts without loading PostgreSQL's (about 20 ms of every worker's start).
    """
    if dialect not in ("postgresql", "sqlite"):
        raise RuntimeError(f"quizapp supports SQLite and PostgreSQL, not {dialect}")
    insert: Callable[..., Any] = importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert
    return insert


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """Turn on WAL, foreign keys and a busy timeout on every SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def render_migration_type(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write UTCDateTime into migrations as a plain timezone-aware DateTime."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
