"""gunicorn settings for tests: a worker that stops in the middle of a transaction, to be killed.

When the file named by QUIZAPP_KILL_TRAP appears, the next worker to insert a leaderboard entry
(among the last writes of finishing an attempt: the attempt is marked finished and its answers
scored, nothing is committed yet) claims it by renaming it to <file>.<pid>, then waits there for
the test to kill it. Only one worker can claim it: the rename is atomic.
"""

import os
import time
from typing import Any

from sqlalchemy import Engine, event


def post_worker_init(worker: Any) -> None:
    """Set the trap in each worker once it has loaded the app."""
    trap = os.environ["QUIZAPP_KILL_TRAP"]

    @event.listens_for(Engine, "after_cursor_execute")
    def wait_to_be_killed(connection: Any, cursor: Any, statement: str, *args: Any) -> None:
        """Hold the open transaction until killed (gunicorn's own timeout ends it at worst)."""
        if statement.startswith("INSERT INTO leaderboard_entry") and os.path.exists(trap):
            try:
                os.rename(trap, f"{trap}.{os.getpid()}")
            except FileNotFoundError:
                return  # the other worker claimed it first
            time.sleep(60)
