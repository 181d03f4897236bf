"""Board pages for everyone, CSV and board settings for instructors."""

from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.core.zones import to_utc
from quizapp.dates import viewer_zone
from quizapp.extensions import db
from quizapp.leaderboard import access
from quizapp.leaderboard.board import read_board
from quizapp.leaderboard.overall import OVERALL, overall_members
from quizapp.leaderboard.services import set_board_settings
from quizapp.lookup import quiz_or_404
from quizapp.models import LeaderboardVisibility, Quiz, now_utc

bp = Blueprint("leaderboard", __name__, url_prefix="/leaderboards")


def _utc_moment(text: str) -> datetime | None:
    """A datetime-local value (YYYY-MM-DDTHH:MM) typed in the viewer's zone, as UTC; None if
    empty, malformed or a time the clocks skip there."""
    try:
        return to_utc(datetime.fromisoformat(text), viewer_zone()) if text else None
    except ValueError:  # ZoneRefused is one
        return None


def _viewer_id() -> int | None:
    """The id of the logged-in viewer, if any."""
    return current_user.id if current_user.is_authenticated else None


@bp.get("/")
def index() -> str:
    """The overall board's top ten and the list of quiz boards."""
    now = now_utc()
    quizzes = [
        q
        for q in db.session.execute(
            db.select(Quiz).where(Quiz.published.is_(True)).order_by(Quiz.id)
        ).scalars()
        if q.leaderboard != LeaderboardVisibility.HIDDEN.value or access.is_instructor()
    ]
    counted = overall_members(now)
    overall = read_board(
        OVERALL, "all", now, viewer_id=_viewer_id(), per_page=10, divisor=len(counted)
    )
    return render_template(
        "leaderboard/index.html", quizzes=quizzes, overall=overall, counted=counted
    )


# The overall board and a quiz's board are one page each way (HTML, CSV): the overall board is
# the one without a quiz. Each URL keeps its own endpoint name.
@bp.get("/overall", endpoint="overall")
@bp.get("/quizzes/<slug>", endpoint="quiz")
def board(slug: str | None = None) -> str:
    """A quiz's board, or the overall board (the mean counted score across the quizzes it
    counts), for the period and page asked for."""
    quiz = quiz_or_404(slug) if slug is not None else None
    now = now_utc()
    period = access.requested_period()
    visible, note = access.board_state(quiz, now)
    counted = overall_members(now) if quiz is None else []
    result = (
        read_board(
            access.board_key(quiz),
            period,
            now,
            access.requested_page(),
            viewer_id=_viewer_id(),
            divisor=len(counted) or 1,
        )
        if visible
        else None
    )
    return render_template(
        "leaderboard/board.html",
        quiz=quiz,
        counted=counted,
        period=period,
        result=result,
        note=note,
        periods=access.PERIOD_NAMES,
        instructor=access.is_instructor(),
        visibilities=list(LeaderboardVisibility),
    )


@bp.get("/overall.csv", endpoint="overall_csv")
@bp.get("/quizzes/<slug>.csv", endpoint="quiz_csv")
def board_csv(slug: str | None = None) -> Response:
    """A quiz's board, or the overall board, for one period as a CSV download (instructors)."""
    quiz = quiz_or_404(slug) if slug is not None else None  # an unknown quiz is 404 for all
    if not access.is_instructor():
        abort(403)
    now = now_utc()
    period = access.requested_period()
    access.board_state(quiz, now)
    counted = overall_members(now) if quiz is None else []
    result = read_board(
        access.board_key(quiz), period, now, per_page=1_000_000, divisor=len(counted) or 1
    )
    name = quiz.slug if quiz else "overall"
    return Response(
        access.board_csv(result, quiz.title if quiz else "Overall"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="leaderboard-{name}-{period}.csv"'},
    )


@bp.post("/quizzes/<slug>/settings")
def settings(slug: str) -> Response:
    """Instructors set who sees the board, and freeze or unfreeze it."""
    if not access.is_instructor():
        abort(403)
    quiz = quiz_or_404(slug)
    visibility = request.form.get("visibility", quiz.leaderboard)
    freeze = request.form.get("freeze") or None
    freeze_at = _utc_moment(request.form.get("freeze_at", ""))
    if visibility not in {v.value for v in LeaderboardVisibility} or freeze not in (
        None,
        "now",
        "at",
        "unfreeze",
    ):
        flash("Choose a visibility and a freeze option from the form.", "error")
    elif freeze == "at" and freeze_at is None:
        flash("Give the date and time to freeze the board at.", "error")
    else:
        set_board_settings(quiz, visibility, freeze, now_utc(), freeze_at)
        flash("Leaderboard settings saved.", "success")
    return redirect(url_for("leaderboard.quiz", slug=slug))
