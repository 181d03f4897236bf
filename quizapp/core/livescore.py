"""Live sessions' scoring and ranking: understanding first, speed only to break ties.

The rule, as the projector states it:
  1. A question is worth POINTS, times the score attempts would give the answer (0 to 1:
     partial credit for a partly right multiple choice, as in attempts).
  2. Speed only breaks ties: on equal points, the player whose scoring answers took less time
     in total ranks higher. Players equal on both share a rank, shown as "=3"; the next
     rank after two players at "=3" is 5.
  3. If the host turns the speed bonus on, a scoring answer earns up to a fifth of the
     question's points more, in proportion to the time left (the timer, else BONUS_WINDOW).
There are no streaks: a lucky run is not understanding.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

POINTS = 100
BONUS_SHARE = 0.2  # the bonus is capped at a fifth of a question's points
BONUS_WINDOW_MS = 30_000  # the bonus's clock when the question has no timer


def points_for(score: float, elapsed_ms: int, timer_seconds: int | None, bonus: bool) -> int:
    """The points of an answer that scored `score` (0 to 1), given elapsed_ms after the start."""
    base = POINTS * max(0.0, min(1.0, score))
    if not bonus or base == 0:
        return round(base)
    window = timer_seconds * 1000 if timer_seconds else BONUS_WINDOW_MS
    left = max(0.0, 1.0 - max(0, elapsed_ms) / window)
    return round(base + base * BONUS_SHARE * left)


@dataclass(frozen=True)
class Tally:
    """A player's totals: points, and the time their scoring answers took."""

    player_id: int
    points: int
    time_ms: int

    def sort_key(self) -> tuple[int, int]:
        """Order: most points, then least time."""
        return (-self.points, self.time_ms)


def ranked(tallies: Sequence[Tally]) -> list[tuple[str, Tally]]:
    """The tallies in board order with their rank labels ("=n" when shared, per the rule)."""
    ordered = sorted(tallies, key=lambda t: (*t.sort_key(), t.player_id))
    ranks: list[int] = []
    for i, tally in enumerate(ordered):
        same = i > 0 and tally.sort_key() == ordered[i - 1].sort_key()
        ranks.append(ranks[-1] if same else i + 1)
    shared = {r for r, n in Counter(ranks).items() if n > 1}
    return [(f"={r}" if r in shared else str(r), t) for r, t in zip(ranks, ordered, strict=True)]
