"""What a live session shows and hands back: counts, the distribution of answers, standings,
the CSV files, and the class gradebook's live columns. Reads only."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Select, func

from quizapp.core.kinds import kind_of
from quizapp.core.kinds.base import RoomRow
from quizapp.core.livescore import Tally, ranked
from quizapp.core.spreadsheet import Cell
from quizapp.extensions import db
from quizapp.live.models import LiveAnswer, LivePlayer, LiveSession, Phase
from quizapp.models import Question, User
from quizapp.quiz.present import kind_and_key, public_question


@dataclass(frozen=True)
class Standing:
    """A player's line on the session's board."""

    rank: str
    player: LivePlayer
    points: int
    time_ms: int


def players_of(session: LiveSession) -> list[LivePlayer]:
    """The session's players still in it, in the order they joined."""
    return list(
        db.session.execute(
            db.select(LivePlayer)
            .where(LivePlayer.session_id == session.id, LivePlayer.removed.is_(False))
            .order_by(LivePlayer.id)
        ).scalars()
    )


def counts(session: LiveSession) -> tuple[int, int]:
    """(players in the session, of them how many answered the current question)."""
    players = db.session.execute(
        db.select(func.count(LivePlayer.id)).where(
            LivePlayer.session_id == session.id, LivePlayer.removed.is_(False)
        )
    ).scalar_one()
    answered = db.session.execute(current_answers(session, func.count(LiveAnswer.id))).scalar_one()
    return players, answered


def current_answers(session: LiveSession, *columns: Any) -> Select[Any]:
    """A read of columns over the answers to the current question by players still in: what
    the host's count and the reveal's bars are made of (ix_live_answer_session_position)."""
    return (
        db.select(*columns)
        .join(LivePlayer, LivePlayer.id == LiveAnswer.player_id)
        .where(
            LiveAnswer.session_id == session.id,
            LiveAnswer.position == session.position,
            LivePlayer.removed.is_(False),
        )
    )


def current_question(session: LiveSession) -> Question | None:
    """The question the session is on, if it has started."""
    if not 0 <= session.position < session.count:
        return None
    return db.session.get(Question, session.question_ids[session.position])


def shown_question(session: LiveSession, question: Question) -> dict[str, Any]:
    """The question as the room sees it: prompt and options, in the session's order."""
    return {
        **public_question(question, session.seed),
        "several": kind_of(question.type).several_right,
    }


def answer_of(player: LivePlayer, position: int) -> LiveAnswer | None:
    """The player's answer to the question at position, if any."""
    return db.session.execute(
        db.select(LiveAnswer).where(
            LiveAnswer.player_id == player.id, LiveAnswer.position == position
        )
    ).scalar_one_or_none()


def distribution(session: LiveSession, question: Question) -> list[dict[str, Any]]:
    """Each option of the current question with how many picked it, its share of the players
    who answered and whether it is the key, in the order the room saw them (a question
    without options: room_distribution)."""
    responses = db.session.execute(current_answers(session, LiveAnswer.response)).scalars()
    kind, gradable = kind_and_key(question)
    if not gradable.options:
        given = list(responses)
        return room_distribution(kind.room_rows(gradable, given), len(given))
    picked: Counter[str] = Counter()
    answered = 0
    for response in responses:
        answered += 1
        # the options it picked: marked right or wrong ("missed" is a key option not picked)
        picked.update(i for i, mark in kind.marks(gradable, response).items() if mark != "missed")
    key = {i for i, mark in kind.marks(gradable, kind.right_response(gradable)).items()}
    return [
        {
            "id": option["id"],
            "text": option["text"],
            "count": picked[option["id"]],
            "share": round(100 * picked[option["id"]] / answered) if answered else 0,
            "key": option["id"] in key,
        }
        for option in shown_question(session, question).get("options", [])
    ]


def room_distribution(rows: list[RoomRow], answered: int) -> list[dict[str, Any]]:
    """A question without options: each answer given (a number, a typed text, grouped as
    grading reads them) or each row with how many got it right, and its share of those who
    answered."""
    return [
        asdict(row) | {"share": round(100 * row.count / answered) if answered else 0}
        for row in rows
    ]


def standings(session: LiveSession) -> list[Standing]:
    """The board: every player still in, by the rule of quizapp.core.livescore."""
    players = {p.id: p for p in players_of(session)}
    totals = db.session.execute(
        db.select(
            LiveAnswer.player_id,
            func.sum(LiveAnswer.points),
            func.sum(LiveAnswer.elapsed_ms).filter(LiveAnswer.points > 0),
        )
        .where(LiveAnswer.session_id == session.id)
        .group_by(LiveAnswer.player_id)
    )
    sums = {pid: (int(points or 0), int(time or 0)) for pid, points, time in totals}
    tallies = [Tally(pid, *sums.get(pid, (0, 0))) for pid in players]
    return [
        Standing(rank, players[t.player_id], t.points, t.time_ms) for rank, t in ranked(tallies)
    ]


def own_standing(session: LiveSession, player: LivePlayer) -> Standing | None:
    """The player's own line of the board."""
    return next((s for s in standings(session) if s.player.id == player.id), None)


def players_csv(session: LiveSession) -> list[list[Cell]]:
    """One line per player: rank, name, guest or not, points, correct answers, time, and the
    points of each question."""
    answers = _answers_by_player(session)
    header: list[Cell] = [
        "Rank",
        "Player",
        "Guest",
        "Points",
        "Answered",
        "Time on scoring answers (s)",
    ]
    header += [f"Q{n} points" for n in range(1, session.count + 1)]
    out = [header]
    for s in standings(session):
        mine = answers.get(s.player.id, {})
        line: list[Cell] = [s.rank, s.player.name, "yes" if s.player.guest else "no", s.points]
        line += [len(mine), round(s.time_ms / 1000, 2)]
        line += [mine[n].points if n in mine else None for n in range(session.count)]
        out.append(line)
    return out


def questions_csv(session: LiveSession) -> list[list[Cell]]:
    """One line per question asked: its text, the key, answers, right answers, mean score."""
    rows = db.session.execute(
        db.select(Question).where(Question.id.in_(session.question_ids))
    ).scalars()
    by_id = {q.id: q for q in rows}
    answers = _answers_by_player(session)
    out: list[list[Cell]] = [
        ["Question", "Prompt", "Status", "Key", "Answers", "Right", "Mean score (%)"]
    ]
    for n, qid in enumerate(session.question_ids):
        question = by_id.get(qid)
        if question is None:
            continue
        given = [a[n] for a in answers.values() if n in a]
        right = sum(1 for a in given if a.score >= 1)
        mean = round(100 * sum(a.score for a in given) / len(given), 1) if given else None
        out.append(
            [
                n + 1,
                question.prompt,
                question.status,
                right_answer_words(question),
                len(given),
                right,
                mean,
            ]
        )
    return out


def _answers_by_player(session: LiveSession) -> dict[int, dict[int, LiveAnswer]]:
    """The session's answers by player id, then by question position."""
    grouped: dict[int, dict[int, LiveAnswer]] = {}
    for answer in db.session.execute(
        db.select(LiveAnswer).where(LiveAnswer.session_id == session.id)
    ).scalars():
        grouped.setdefault(answer.player_id, {})[answer.position] = answer
    return grouped


def response_words(question: Question, answer: LiveAnswer | None) -> str:
    """What the player answered, in words."""
    if answer is None:
        return "No answer"
    kind, key = kind_and_key(question)
    return kind.response_text(key, answer.response)


def right_answer_words(question: Question) -> str:
    """The key, in words."""
    kind, key = kind_and_key(question)
    return kind.right_answer_text(key)


def class_sessions(classroom_id: int) -> list[LiveSession]:
    """The class's ended live sessions, oldest first: the gradebook's live columns."""
    return list(
        db.session.execute(
            db.select(LiveSession)
            .where(
                LiveSession.classroom_id == classroom_id,
                LiveSession.phase == Phase.ENDED.value,
            )
            .order_by(LiveSession.id)
        ).scalars()
    )


def class_percents(
    sessions: Sequence[LiveSession], members: Sequence[User]
) -> dict[tuple[int, int], float]:
    """Each member's score in each session: the mean of their answers' scores (as attempts
    grade them; no speed bonus) over every question asked, as a percent, keyed by (user id,
    session id). A question left unanswered counts 0; a member who did not play has no entry."""
    if not sessions or not members:
        return {}
    rows = db.session.execute(
        db.select(LivePlayer.user_id, LiveAnswer.session_id, func.sum(LiveAnswer.score))
        .join(LiveAnswer, LiveAnswer.player_id == LivePlayer.id)
        .where(
            LiveAnswer.session_id.in_([s.id for s in sessions]),
            LivePlayer.user_id.in_([m.id for m in members]),
            LivePlayer.removed.is_(False),
        )
        .group_by(LivePlayer.user_id, LiveAnswer.session_id)
    )
    asked = {s.id: s.count for s in sessions}
    played = {
        (p.user_id, p.session_id)
        for p in db.session.execute(
            db.select(LivePlayer).where(
                LivePlayer.session_id.in_(list(asked)), LivePlayer.removed.is_(False)
            )
        ).scalars()
        if p.user_id is not None
    }
    out = {(uid, sid): 0.0 for uid, sid in played}
    for user_id, session_id, score in rows:
        out[(user_id, session_id)] = 100 * float(score or 0) / max(asked[session_id], 1)
    return out
