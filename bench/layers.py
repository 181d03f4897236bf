"""Which layer of the stack a sampled Python stack is spending its time in.

A sample is charged to a pipeline step (session and login, CSRF, limiter, headers) when one of
that step's frames is anywhere on the stack, the outermost winning: what a step costs includes
the queries it makes (the session check's one row shows under "session and login", not
"ORM"). Any other sample goes to the innermost frame that names a layer: a view's query is
ORM, its page is template, the view's own Python is app, and the rest is Flask and Werkzeug
dispatching (request and response objects, routing, JSON) or the WSGI server.
"""

import re

LAYERS = (
    "WSGI server",
    "Flask dispatch",
    "session and login",
    "CSRF",
    "limiter",
    "ORM",
    "template",
    "forms",
    "headers",
    "app",
    "other",
)

# Steps every request passes through; a frame of one claims everything beneath it.
STEPS = [
    ("limiter", re.compile(r"/(flask_limiter|limits)/|/quizapp/limits\.py")),
    ("CSRF", re.compile(r"/flask_wtf/csrf\.py")),
    ("headers", re.compile(r"/quizapp/security\.py")),
    (
        "session and login",
        re.compile(
            r"/flask/sessions\.py|/itsdangerous/|/flask_login/|/quizapp/auth/__init__\.py"
            r"|/quizapp/auth/sessions\.py|/quizapp/api/auth\.py"
        ),
    ),
]
# Otherwise the innermost frame that names a layer.
INNER = [
    ("ORM", re.compile(r"/(sqlalchemy|flask_sqlalchemy)/")),
    ("template", re.compile(r"/(jinja2|markupsafe)/|\.html\b")),
    ("forms", re.compile(r"/(wtforms|flask_wtf)/")),
    ("app", re.compile(r"/quizapp/|/bench/baseline\.py")),
    ("Flask dispatch", re.compile(r"/(flask|werkzeug)/")),
    ("WSGI server", re.compile(r"/gunicorn/")),
]
# Decorators that wrap a view: the view runs inside them, so they claim nothing themselves.
WRAPPERS = re.compile(r"__inner$|decorated_view$|\.limited$|^SecurityHeaders\.__call__$")
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*):\d+\)$")


def layer_of(frames: list[str]) -> str:
    """The layer of one stack, outermost frame first (py-spy's raw order)."""
    files = [
        match["file"]
        for match in map(FRAME.match, frames)
        if match and not WRAPPERS.search(match["function"])
    ]
    for file in files:
        for name, pattern in STEPS:
            if pattern.search(file):
                return name
    for file in reversed(files):
        for name, pattern in INNER:
            if pattern.search(file):
                return name
    return "other"


def samples_by_layer(raw: str) -> dict[str, int]:
    """py-spy's raw (collapsed) output, "frame;frame;... count" a line, summed by layer."""
    found = dict.fromkeys(LAYERS, 0)
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        found[layer_of(stack.split(";"))] += int(count)
    return found
