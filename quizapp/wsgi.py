"""The app for WSGI servers: `gunicorn 'quizapp.wsgi:app'` (docs/DEPLOY.md).

Migrations run once, from the flask command, before app servers start; so the servers' app
is built without the migration tooling, which starts each worker faster and smaller.
"""

from quizapp import create_app

app = create_app({"MIGRATIONS": False})
