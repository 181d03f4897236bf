"""Players' pages of live sessions: join with a code, play on a phone, poll for changes.

No role guard: guests play too. A session's pages answer only its players (an account that
joined, or a browser holding the guest cookie of that session); anyone else gets 404, so
session numbers reveal nothing.
"""

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from quizapp.extensions import db
from quizapp.limits import limit
from quizapp.live import joining, results, service
from quizapp.live.forms import ActionForm, JoinForm
from quizapp.live.models import LivePlayer, LiveSession, Phase, timed_out
from quizapp.models import now_utc
from quizapp.quiz.present import feedback

bp = Blueprint("live", __name__)
COOKIE_HOURS = 12
ANSWER_FORM_ONLY = ("csrf_token", "position")  # the answer form's fields that are no answer


def cookie_name(session: LiveSession) -> str:
    """The guest cookie of one session: each session has its own."""
    return f"live-{session.id}"


def current_player(session: LiveSession) -> LivePlayer | None:
    """The requester's player in the session: by account, else by the guest cookie."""
    if current_user.is_authenticated:
        player = joining.player_of_user(session, current_user.id)
        if player is not None:
            return player
    return joining.player_of_token(session, request.cookies.get(cookie_name(session)))


def player_key() -> str:
    """Answer limits count per player (its cookie or account), not per address: a class
    behind one address answers together."""
    session_id = (request.view_args or {}).get("session_id")
    token = request.cookies.get(f"live-{session_id}", "")
    who = f"user:{current_user.id}" if current_user.is_authenticated else f"guest:{token[:16]}"
    return f"live:{session_id}:{who}"


@bp.route("/join", methods=["GET", "POST"])
@limit("LIMIT_LIVE_JOIN", "live-join")
def join() -> str | Response:
    """Join a live session with its code: as the logged-in account, or as a guest."""
    form = JoinForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
        # The join link again (a closed tab, a new phone for an account): straight back in.
        session = joining.find_by_code(form.code.data)
        player = current_player(session) if session is not None else None
        if session is not None and player is not None and not player.removed:
            return redirect(url_for("live.play", session_id=session.id))
    if form.validate_on_submit():
        session = joining.find_by_code(form.code.data or "")
        if session is None:
            form.code.errors = ["No session is running with that code. Check the teacher's screen."]
        elif (player := current_player(session)) is not None and player.removed:
            form.code.errors = ["The host removed you from this session."]
        elif player is not None:
            return redirect(url_for("live.play", session_id=session.id))
        else:
            try:
                return _join(session, form)
            except service.LiveRefused as exc:
                field = form.nickname if "nickname" in str(exc) else form.code
                field.errors = [str(exc)]
    return render_template("live/join.html", form=form)


def _join(session: LiveSession, form: JoinForm) -> Response:
    """Add the requester to the session and send them to its page; a guest gets its cookie."""
    target = redirect(url_for("live.play", session_id=session.id))
    if current_user.is_authenticated:
        joining.join_as_user(session, current_user, now_utc())
        return target
    if not (form.nickname.data or "").strip():
        raise service.LiveRefused("Choose a nickname to join as a guest (or log in first).")
    _, token = joining.join_as_guest(session, form.nickname.data or "", now_utc())
    target.set_cookie(
        cookie_name(session),
        token,
        max_age=COOKIE_HOURS * 3600,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return target


def _own(session_id: int) -> tuple[LiveSession, LivePlayer]:
    """The session and the requester's player in it; 404 for anyone not playing it."""
    session = db.session.get(LiveSession, session_id)
    player = current_player(session) if session is not None else None
    if session is None or player is None:
        abort(404)
    return session, player


@bp.get("/live/<int:session_id>")
def play(session_id: int) -> str:
    """The player's screen: the lobby, the question's buttons, the verdict, the rank."""
    session, player = _own(session_id)
    now = now_utc()
    phase = session.phase_at(now)
    question = results.current_question(session)
    answer = results.answer_of(player, session.position) if question else None
    verdict = feedback(question, answer) if question and phase != "question" else None
    standing = None
    if phase in (Phase.BOARD.value, Phase.ENDED.value, Phase.REVEAL.value):
        standing = results.own_standing(session, player)
    return render_template(
        "live/play.html",
        session=session,
        phase=phase,
        player=player,
        question=question,
        shown=results.shown_question(session, question) if question else None,
        answer=answer,
        verdict=verdict,
        why=one_line_why(verdict) if verdict else "",
        answer_words=results.response_words(question, answer) if question and answer else "",
        standing=standing,
        players=results.counts(session)[0],
        podium=results.standings(session)[:3] if session.phase == Phase.ENDED.value else [],
        open=session.accepting(now),
        now=now,
        form=ActionForm(),
    )


def one_line_why(verdict: dict[str, Any]) -> str:
    """One line of why, for a phone: the chosen wrong option's own feedback when it has one,
    else the explanation's first sentence that says more than the answer."""
    if verdict["why_wrong"]:
        return str(verdict["why_wrong"][0])
    text = " ".join(str(verdict["explanation"] or "").split())
    sentences = text.split(". ")
    # A typed question's explanation opens with "The answer is 14.": the phone shows the
    # right answer on its own line, so the next sentence is the why.
    if len(sentences) > 1 and sentences[0].startswith("The answer is"):
        sentences = sentences[1:]
    return sentences[0] + ("." if len(sentences) > 1 else "")


@bp.post("/live/<int:session_id>/answer")
@limit("LIMIT_LIVE_ANSWERS", "live-answers", key=player_key)
def answer(session_id: int) -> Response:
    """Save the player's answer; the page then says it was received (or why not)."""
    session, player = _own(session_id)
    if not ActionForm().validate_on_submit():
        flash("The page was out of date; your answer was not sent. Please answer again.", "error")
        return redirect(url_for("live.play", session_id=session.id), code=303)
    position = request.form.get("position", type=int)
    # `answer`, or a field per row of a matching or ordering question (the kind reads them).
    values = {k: request.form.getlist(k) for k in request.form if k not in ANSWER_FORM_ONLY}
    try:
        service.submit_answer(
            session, player, -1 if position is None else position, values, now_utc()
        )
    except (service.LiveRefused, service.ResponseError) as exc:
        flash(str(exc), "error")
    return redirect(url_for("live.play", session_id=session.id), code=303)


@bp.get("/live/<int:session_id>/state")
def state(session_id: int) -> Response:
    """What a player's page polls: the session's version and phase, 304 while unchanged.

    One indexed read of one row: a room of phones polls it every second or so.
    """
    row = db.session.execute(
        db.select(
            LiveSession.version, LiveSession.phase, LiveSession.position, LiveSession.deadline
        ).where(LiveSession.id == session_id)
    ).first()
    if row is None:
        abort(404)
    # A question whose timer ran out is revealed on every screen, without the host's click.
    closed = timed_out(row.phase, row.deadline, now_utc())
    version = f"{row.version}r" if closed else str(row.version)
    phase = Phase.REVEAL.value if closed else row.phase
    return polled({"version": version, "phase": phase, "position": row.position}, f"v{version}")


def polled(body: dict[str, object], etag: str) -> Response:
    """A polled state as JSON with its ETag: 304 with no body while the poller has it."""
    response = jsonify(body)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)
