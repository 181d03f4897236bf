"""The app for WSGI servers: `gunicorn 'quizapp.wsgi:app'` (docs/DEPLOY.md).

Migrations run once, from the flask command, before app servers start; so the servers' app
is built without the migration tooling, which starts each worker faster and smaller.
"""

from quizapp import create_app

app = create_app({"MIGRATIONS": False})

if app.config.get("RATELIMIT_ENABLED", True) and str(
    app.config.get("RATELIMIT_STORAGE_URI")
).startswith("memory"):
    # Each worker process keeps its own counts in memory: with `-w 2` every abuse limit is
    # twice its setting. Say so where operators look, at every worker's start.
    app.logger.warning(
        "Abuse limits are counted in this process's memory: with several worker processes or "
        "servers each keeps its own counts. Set REDIS_URL so that limits hold across them."
    )
