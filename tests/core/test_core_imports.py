"""quizapp.core stays pure Python: no web framework, no database, no app code."""

import ast
from pathlib import Path

import quizapp.core

FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "sqlalchemy", "werkzeug")
CORE = Path(quizapp.core.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_core_imports_no_web_or_database_package_and_nothing_outside_core():
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        bad = {
            name
            for name in _imported_modules(path)
            if name.split(".")[0] in FORBIDDEN
            or (name.startswith("quizapp") and not name.startswith("quizapp.core"))
        }
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}
    assert len(list(CORE.rglob("*.py"))) >= 2
