"""Flask commands: `flask --app quizapp users ...`."""

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from quizapp import backup
from quizapp import bank as question_bank
from quizapp.auth import service as accounts
from quizapp.author import gift_io
from quizapp.core.facts import FactBaseError, Verdict
from quizapp.core.gift import GiftError, decode_gift, parse_gift
from quizapp.core.status import Status
from quizapp.core.text import canonical_username, without_controls
from quizapp.models import (
    DISPLAY_NAME_MAX,
    PASSWORD_MAX,
    PASSWORD_MIN,
    USERNAME_MAX,
    USERNAME_MIN,
    USERNAME_PATTERN,
    QuestionState,
    Role,
)

users = AppGroup("users", help="Create accounts and change roles.")
ROLE_CHOICE = click.Choice([role.value for role in Role])


def _read_password() -> str:
    """The password from stdin when piped, else asked for twice at the prompt."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("create")
@click.argument("username")
@click.option("--role", type=ROLE_CHOICE, default=Role.STUDENT.value, show_default=True)
@click.option("--display-name", help="Name shown on leaderboards (default: the login name).")
def create_user(username: str, role: str, display_name: str | None) -> None:
    """Create an account; the password is prompted for, or read from stdin."""
    username = canonical_username(username)
    if not (USERNAME_MIN <= len(username) <= USERNAME_MAX and USERNAME_PATTERN.match(username)):
        raise click.BadParameter(
            f"use {USERNAME_MIN} to {USERNAME_MAX} letters, digits, dot, dash or underscore",
            param_hint="USERNAME",
        )
    display_name = (display_name or username).strip()
    if not display_name or len(display_name) > DISPLAY_NAME_MAX:
        raise click.BadParameter(f"1 to {DISPLAY_NAME_MAX} characters", param_hint="--display-name")
    password = _read_password()
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise click.ClickException(f"A password has {PASSWORD_MIN} to {PASSWORD_MAX} characters.")
    try:
        accounts.create_user(username, display_name, password, Role(role))
    except accounts.UsernameTaken as exc:
        raise click.ClickException(f"The login name {username!r} is taken.") from exc
    except accounts.NameTaken as exc:
        raise click.ClickException(
            f"Another account shows the name {display_name!r}; choose another --display-name."
        ) from exc
    click.echo(f"Created {role} {username!r}.")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=ROLE_CHOICE)
def set_role(username: str, role: str) -> None:
    """Give an existing account a role."""
    try:
        accounts.set_role(username, Role(role))
    except accounts.UnknownUser as exc:
        raise click.ClickException(f"There is no account {username!r}.") from exc
    click.echo(f"{canonical_username(username)!r} is now {role}.")


bank = AppGroup("bank", help="Check the fact base and keep the question bank in step with it.")


def _load_or_fail() -> None:
    """Load the fact base, or stop with every problem listed."""
    try:
        question_bank.fact_base()
    except FactBaseError as exc:
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise click.ClickException(
            f"The fact base has {len(exc.problems)} problem(s); nothing was changed."
        ) from exc


@bank.command("check")
def check() -> None:
    """Validate the fact base and count what it generates."""
    _load_or_fail()
    base = question_bank.fact_base()
    questions = question_bank.generated_questions()
    kinds = Counter(q.type.value for q in questions)
    click.echo(
        f"{len(base.facts)} facts, {len(base.misconceptions)} misconceptions, "
        f"{len(base.claims)} claims: OK"
    )
    click.echo(f"{len(questions)} questions: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))


@bank.command("sync")
def sync() -> None:
    """Upsert the generated questions into the database (safe to repeat)."""
    _load_or_fail()
    arrive_as = QuestionState(current_app.config["BANK_GENERATED_STATE"])
    report = question_bank.sync_bank(question_bank.generated_questions(), arrive_as)
    click.echo(
        f"Question bank: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.flagged)} flagged for review, {len(report.retired)} retired, "
        f"{len(report.revived)} revived, {report.unchanged} unchanged."
    )
    quizzes = question_bank.sync_builtin_quizzes(question_bank.builtin_quiz_specs())
    click.echo(
        f"Built-in quizzes: {len(quizzes.created)} created"
        + (f" ({', '.join(quizzes.created)})" if quizzes.created else "")
        + f", {len(quizzes.updated)} updated"
        + (
            " ("
            + "; ".join(f"{slug}: {', '.join(names)}" for slug, names in quizzes.updated.items())
            + ")"
            if quizzes.updated
            else ""
        )
        + "."
    )
    for slug in quizzes.kept:
        click.echo(
            f"Kept {slug} as an instructor edited it: its draw settings differ from quizzes.yaml."
        )


@bank.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "gift"]), default="json", show_default=True
)
@click.option(
    "--state",
    type=click.Choice([state.value for state in QuestionState]),
    help="GIFT only: export just the questions in this state (default: all but retired).",
)
def export(fmt: str, state: str | None) -> None:
    """Write the bank to stdout: JSON (docs/QUESTION-SCHEMA.md) or GIFT."""
    if fmt == "gift":
        text, skipped = gift_io.export_questions(state)
        click.echo(text)
        if skipped:
            click.echo(
                f"Skipped {len(skipped)} question(s) GIFT cannot hold: " + ", ".join(skipped),
                err=True,
            )
        return
    click.echo(json.dumps(question_bank.export_rows(), ensure_ascii=False, indent=2))


@bank.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--status",
    type=click.Choice([s.value for s in Status]),
    required=True,
    help="Status of the imported questions (research, approved_drug, rule ...).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    help="The date the imported answers hold as of (YYYY-MM-DD).",
)
@click.option("--author", default=None, help="Login name recorded as the importer.")
@click.option("--yes", is_flag=True, help="Save without asking after the preview.")
def import_(path: str, status: str, as_of: Any, author: str | None, yes: bool) -> None:
    """Import a GIFT file as drafts: show what it holds and every problem, then save."""
    try:
        parsed = parse_gift(without_controls(decode_gift(Path(path).read_bytes())))
    except GiftError as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in parsed.problems:
        click.echo(f"  line {problem.line}, {problem.question!r}: {problem.reason}", err=True)
    merged, clashes = gift_io.duplicates(parsed)
    click.echo(
        f"{len(parsed.questions)} question(s), {len(parsed.problems)} problem(s)"
        + (f", {merged} exact duplicate(s) to merge" if merged else "")
        + (f", {clashes} sharing another's [id:...] to skip" if clashes else "")
        + "."
    )
    if not parsed.questions:
        raise click.ClickException("Nothing to import.")
    if not yes and not click.confirm("Import them as drafts?", default=False):
        click.echo("Nothing was saved.")
        return
    importer = accounts.find_user(author) if author else None
    if author and importer is None:
        raise click.ClickException(f"There is no account {author!r}.")
    report = gift_io.import_questions(parsed, status, as_of.date(), importer)
    click.echo(report.summary())


@bank.command("coverage")
def coverage() -> None:
    """Print each checkable claim of the article and what covers it."""
    _load_or_fail()
    base = question_bank.fact_base()
    per_fact = Counter(f for q in question_bank.generated_questions() for f in q.facts)
    uncovered = 0
    for claim in base.claims:
        click.echo(f"{claim.id} [{claim.section}] {claim.verdict}: {claim.text}")
        if claim.excluded:
            click.echo(f"    excluded: {claim.excluded}")
        for fact_id in claim.covered_by:
            click.echo(f"    fact {fact_id}: {per_fact[fact_id]} question(s)")
        if claim.verdict is Verdict.UNVERIFIABLE:
            click.echo("    never scored: the claim could not be verified")
        elif not claim.excluded and not any(per_fact[f] for f in claim.covered_by):
            uncovered += 1
            click.echo("    NOT IN ANY QUESTION")
    covered = sum(1 for c in base.claims if not c.excluded)
    click.echo(
        f"{len(base.claims)} claims: {covered} covered by facts, "
        f"{len(base.claims) - covered} excluded with a reason, "
        f"{uncovered} teachable claim(s) in no question."
    )
    if uncovered:
        raise click.ClickException("every teachable claim must be in at least one question")


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Write a consistent copy of the live SQLite database to TARGET (a new file)."""
    try:
        pages = backup.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {pages} pages to {target}.")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database's content with a backup made by `backup`."""
    if not yes and not click.confirm("Replace everything in the database with the backup?"):
        click.echo("Nothing was changed.")
        return
    try:
        backup.restore(source, current_app.config["SQLALCHEMY_DATABASE_URI"])
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored the database from {source}.")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(users)
    app.cli.add_command(bank)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
