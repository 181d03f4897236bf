"""Accounts moved to quizapp.auth.service; this name stays until the API imports them there."""

from quizapp.auth.service import authenticate

__all__ = ["authenticate"]
