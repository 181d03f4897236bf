"""The host's pages: open a session, project it, move it on, and take the results away.

Instructors only (the guard); a session answers its own host and admins, anyone else 404.
"""

import re

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from quizapp.auth.guard import owned_or_404, require_role
from quizapp.classes import service as classes
from quizapp.core.spreadsheet import Cell, csv_text
from quizapp.extensions import db
from quizapp.live import results, service
from quizapp.live.forms import ActionForm, HostForm, MoveForm
from quizapp.live.models import LiveSession, Phase
from quizapp.live.views import polled
from quizapp.models import Quiz, Role, now_utc
from quizapp.qr import qr_response
from quizapp.quiz.present import feedback

bp = Blueprint("host", __name__, url_prefix="/live/host")
require_role(bp, Role.INSTRUCTOR)


def hosted(session_id: int) -> LiveSession:
    """A session the current user hosts (an admin: any); 404 for anyone else."""
    return owned_or_404(LiveSession, session_id, lambda session: session.host_id)


def join_url(session: LiveSession) -> str:
    """The link that opens the join form with the session's code filled in."""
    return url_for("live.join", code=session.code, _external=True)


@bp.get("/")
def index() -> str:
    """The sessions the instructor hosted, newest first, and a button to host one."""
    query = db.select(LiveSession).order_by(LiveSession.id.desc()).limit(50)
    if not current_user.has_role(Role.ADMIN):
        query = query.where(LiveSession.host_id == current_user.id)
    return render_template(
        "live/host_index.html", sessions=db.session.execute(query).scalars(), phases=Phase
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> str | Response:
    """Open a lobby for a quiz (?quiz=<id> picks it), for a class or for anyone with the code."""
    form = HostForm()
    # Unpublished quizzes too: a selection of questions built in the quiz builder for one
    # lesson need not go on the students' quiz list to be played live.
    form.quiz_id.choices = [
        (q.id, q.title if q.published else f"{q.title} (not published)")
        for q in db.session.execute(
            db.select(Quiz).where(Quiz.exam_pool.is_(False)).order_by(Quiz.title)
        ).scalars()
    ]
    form.classroom_id.choices = [(0, "No class")] + [
        (c.id, c.name) for c in classes.classes_taught(current_user)
    ]
    if request.method == "GET":  # links from a class's page or a quiz fill the form in
        form.quiz_id.data = request.args.get("quiz", type=int) or form.quiz_id.data
        form.classroom_id.data = request.args.get("classroom", type=int) or 0
    if form.validate_on_submit():
        quiz = db.get_or_404(Quiz, form.quiz_id.data)
        try:
            session = service.create_session(
                quiz,
                current_user.id,
                now_utc(),
                classroom_id=form.classroom_id.data or None,
                timer_seconds=form.timer_seconds.data,
                speed_bonus=bool(form.speed_bonus.data),
            )
        except service.LiveRefused as exc:
            form.quiz_id.errors = [str(exc)]
        else:
            return redirect(url_for("host.screen", session_id=session.id))
    return render_template("live/host_new.html", form=form)


@bp.get("/<int:session_id>")
def screen(session_id: int) -> str:
    """The projector view with the host's buttons: lobby, question, reveal, board, podium."""
    session = hosted(session_id)
    now = now_utc()
    phase = session.phase_at(now)  # a question whose timer ran out is at its reveal
    question = results.current_question(session)
    players, answered = results.counts(session)
    board = results.standings(session) if phase in ("board", "ended") else []
    revealed = question is not None and phase == "reveal"
    return render_template(
        "live/host.html",
        session=session,
        phase=phase,
        question=question,
        shown=results.shown_question(session, question) if question else None,
        distribution=results.distribution(session, question) if revealed else [],
        verdict=feedback(question, None) if revealed else None,
        lobby=results.players_of(session) if phase == Phase.LOBBY.value else [],
        players=players,
        answered=answered,
        board=board[:5] if phase == "board" else board[:3],
        join_url=join_url(session) if session.code else None,
        move=MoveForm(),
        action=ActionForm(),
        now=now,
    )


@bp.get("/<int:session_id>/state")
def state(session_id: int) -> Response:
    """What the host's page polls: version, players and answers, names in the lobby; 304 while
    none of them changed."""
    session = hosted(session_id)
    players, answered = results.counts(session)
    version = session.view_version(now_utc())  # moves when the timer reveals the question
    body: dict[str, object] = {
        "version": version,
        "players": players,
        "answered": answered,
    }
    if session.phase == Phase.LOBBY.value:  # the lobby's list grows in place from these
        lobby = results.players_of(session)
        body["names"] = [p.name for p in lobby]
        body["lobby"] = [{"id": p.id, "name": p.name} for p in lobby]
    return polled(body, f"v{version}.{players}.{answered}")


@bp.get("/<int:session_id>/qr.svg")
def qr(session_id: int) -> Response:
    """The join link as a QR code, drawn here as SVG (no third party sees the code)."""
    session = hosted(session_id)
    if not session.code:
        abort(404)
    return qr_response(join_url(session), scale=8)


@bp.post("/<int:session_id>/move")
def move(session_id: int) -> Response:
    """Take the session to the next question, the reveal, the board or the end."""
    session = hosted(session_id)
    form = MoveForm()
    seen = form.version.data or ""
    # A version is a small whole number in ASCII digits ("²" is a digit to isdigit()).
    if form.validate_on_submit() and seen.isascii() and seen.isdigit() and len(seen) < 10:
        try:
            service.advance(session, form.to.data or "", int(seen), now_utc())
        except service.LiveRefused as exc:
            flash(str(exc), "error")
    else:
        flash("The page was out of date; nothing changed. Here is where the session is.", "error")
    return redirect(url_for("host.screen", session_id=session_id), code=303)


@bp.post("/<int:session_id>/lock")
def lock(session_id: int) -> Response:
    """Lock the room, or open it again."""
    session = hosted(session_id)
    if ActionForm().validate_on_submit():
        service.set_locked(session, not session.locked)
        flash(
            "The room is locked: no one new can join." if session.locked else "The room is open.",
            "success",
        )
    return redirect(url_for("host.screen", session_id=session_id), code=303)


@bp.post("/<int:session_id>/players/<int:player_id>/remove")
def remove(session_id: int, player_id: int) -> Response:
    """Remove a player; they cannot come back to this session."""
    session = hosted(session_id)
    if ActionForm().validate_on_submit():
        service.remove_player(session, player_id)
        flash("The player was removed.", "success")
    return redirect(url_for("host.screen", session_id=session_id), code=303)


def _csv(session: LiveSession, rows: list[list[Cell]], what: str) -> Response:
    """A formula-safe CSV download named after the quiz and the session."""
    name = re.sub(r"[^A-Za-z0-9._-]", "-", f"live-{session.id}-{session.quiz.title}")[:70]
    return Response(
        csv_text(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}-{what}.csv"'},
    )


@bp.get("/<int:session_id>/players.csv")
def players_csv(session_id: int) -> Response:
    """The results per player."""
    session = hosted(session_id)
    return _csv(session, results.players_csv(session), "players")


@bp.get("/<int:session_id>/questions.csv")
def questions_csv(session_id: int) -> Response:
    """The results per question."""
    session = hosted(session_id)
    return _csv(session, results.questions_csv(session), "questions")
