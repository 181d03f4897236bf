"""quizapp: has stem cell therapy been approved in China? A quiz app that teaches it."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from markupsafe import Markup

from quizapp import (
    admin,
    api,
    auth,
    author,
    classes,
    cli,
    config,
    credentials,
    dates,
    errors,
    images,
    inbound,
    leaderboard,
    limits,
    live,
    quiz,
    reports,
    security,
    site,
)
from quizapp.core.markup import render_inline, render_text
from quizapp.core.numbers import percent_text, points_text
from quizapp.core.status import STATUS_SYMBOLS, Status, badge_label
from quizapp.extensions import (
    csrf,
    db,
    login_manager,
    render_migration_type,
)
from quizapp.models import Origin, QuestionState, ReportOutcome, Role, now_utc

ROOT = Path(__file__).resolve().parent.parent


def rich_text(text: str | None, text_format: str | None = "plain") -> Markup:
    """Question text as safe HTML (Markdown rendered and sanitised; plain text escaped)."""
    return Markup(render_text(text or "", text_format or "plain"))


def rich_inline(text: str | None, text_format: str | None = "plain") -> Markup:
    """A short text (an option) as safe inline HTML."""
    return Markup(render_inline(text or "", text_format or "plain"))


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the environment, then test_config."""
    # The design card keeps templates/ and static/ at the top level of the project.
    app = Flask(
        __name__,
        instance_path=os.environ.get("QUIZAPP_INSTANCE", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    inbound.init_app(app)  # before any blueprint adds its routes
    _configure(app, test_config)
    _init_extensions(app)
    _init_templates(app)

    auth.init_app(app)
    site.init_app(app)
    admin.init_app(app)
    quiz.init_app(app)
    api.init_app(app)
    leaderboard.init_app(app)
    author.init_app(app)
    reports.init_app(app)
    classes.init_app(app)
    live.init_app(app)
    images.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    return app


def _configure(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """The defaults, then instance/config.py, then the environment, then test_config."""
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=3600 * 8,
        CONTENT_FOLDER=str(ROOT / "questions"),
        MIGRATIONS=True,  # `flask db`; quizapp.wsgi (app servers) turns it off
        BANK_SEED=2025,
        # "published" or "draft": how generated questions arrive in the bank.
        BANK_GENERATED_STATE=os.environ.get("BANK_GENERATED_STATE", "published"),
        RATELIMIT_STORAGE_URI=os.environ.get("RATELIMIT_STORAGE_URI")
        or os.environ.get("REDIS_URL")
        or "memory://",
        RATELIMIT_ENABLED=os.environ.get("RATELIMIT_ENABLED", "1") != "0",
        API_TOKEN_DAYS=int(os.environ.get("API_TOKEN_DAYS", credentials.TOKEN_DAYS)),
        **{name: os.environ.get(name, value) for name, value in limits.DEFAULTS.items()},
    )
    app.config.from_pyfile("config.py", silent=True)
    if test_config is None or "SQLALCHEMY_DATABASE_URI" not in test_config:
        app.config["SQLALCHEMY_DATABASE_URI"] = config.database_url(app.instance_path)
    if test_config is None or "SECRET_KEY" not in test_config:
        app.config["SECRET_KEY"] = config.secret_key(app.instance_path)
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", config.engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )


def _init_extensions(app: Flask) -> None:
    """Bind the database (and migrations where they run), CSRF, logins and the rate limiter."""
    config.keep_database_private(app.config["SQLALCHEMY_DATABASE_URI"])
    db.init_app(app)
    if app.config["MIGRATIONS"]:
        # Alembic (and Mako, Pygments) only where migrations run: the flask command and the
        # tests. App servers (quizapp.wsgi) start faster and smaller without them.
        from flask_migrate import Migrate

        Migrate(
            app,
            db,
            directory=str(ROOT / "migrations"),
            render_as_batch=True,
            render_item=render_migration_type,
        )
    csrf.init_app(app)
    login_manager.init_app(app)
    limits.init_app(app)


def _init_templates(app: Flask) -> None:
    """The filters and names every template may use, and the viewer's dates."""
    app.jinja_env.filters["pct"] = percent_text
    app.jinja_env.filters["points"] = points_text
    app.jinja_env.filters["rich"] = rich_text
    app.jinja_env.filters["rich_inline"] = rich_inline
    dates.init_app(app)
    app.jinja_env.globals.update(
        Role=Role,
        Status=Status,
        QuestionState=QuestionState,
        Origin=Origin,
        ReportOutcome=ReportOutcome,
        badge_label=badge_label,
        STATUS_SYMBOLS=STATUS_SYMBOLS,
        now_utc=now_utc,
    )
