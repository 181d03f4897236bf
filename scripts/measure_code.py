"""Measure the package for issue 17's closing note: long modules, long functions, type names.

Run from the repository root: `.venv/bin/python scripts/measure_code.py [--list]`.
The duplicate pairs are `duplicates --repo quizapp` (a tool of the machine, not of this repo).
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "quizapp"
LONG_MODULE = 300  # lines (STYLE.md: split a module when it passes about 300)
LONG_FUNCTION = 50  # lines from `def` to its last line, decorators not counted
# The question types' names, read from the source so the script needs no installed package.
QTYPE_SOURCE = PACKAGE / "core" / "questions.py"
REGISTRY = "quizapp/core/kinds/"


def type_names() -> set[str]:
    """The values of QType, read from core/questions.py."""
    tree = ast.parse(QTYPE_SOURCE.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "QType":
            return {
                stmt.value.value
                for stmt in node.body
                if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant)
            }
    raise SystemExit("QType not found in core/questions.py")


def modules() -> list[Path]:
    """Every Python module of the package, sorted."""
    return sorted(PACKAGE.rglob("*.py"))


def long_functions(tree: ast.AST) -> list[tuple[str, int, int]]:
    """(name, first line, length) of every function or method over LONG_FUNCTION lines."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > LONG_FUNCTION:
                found.append((node.name, node.lineno, length))
    return found


def type_literals(tree: ast.AST, names: set[str]) -> list[str]:
    """String literals spelling a question type, outside the QType enum itself."""
    enum_lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "QType":
            enum_lines |= set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in names and node.lineno not in enum_lines
    ]


def main() -> None:
    """Print the figures; with --list, the modules and functions behind them."""
    listing = "--list" in sys.argv[1:]
    names = type_names()
    big_modules, big_functions, literals = [], [], []
    for path in modules():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text()
        lines = len(text.splitlines())
        if lines > LONG_MODULE:
            big_modules.append((rel, lines))
        tree = ast.parse(text, filename=rel)
        big_functions += [(rel, *f) for f in long_functions(tree)]
        if not rel.startswith(REGISTRY):
            literals += [(rel, word) for word in type_literals(tree, names)]
    print(f"modules over {LONG_MODULE} lines: {len(big_modules)}")
    if listing:
        for rel, lines in big_modules:
            print(f"  {rel} ({lines})")
    print(f"functions over {LONG_FUNCTION} lines: {len(big_functions)}")
    if listing:
        for rel, name, line, length in sorted(big_functions):
            print(f"  {rel}:{line} {name} ({length})")
    # "description" is also an everyday word (a field's name): counted apart, as test_kinds does.
    everyday = sum(1 for _rel, word in literals if word == "description")
    print(
        f"type-name string literals outside {REGISTRY}: {len(literals)}"
        f" ({everyday} of them the everyday word 'description')"
    )
    if listing:
        by_module: dict[str, list[str]] = {}
        for rel, word in literals:
            by_module.setdefault(rel, []).append(word)
        for rel, words in sorted(by_module.items()):
            print(f"  {rel}: {len(words)} ({', '.join(sorted(set(words)))})")


if __name__ == "__main__":
    main()
