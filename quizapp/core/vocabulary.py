"""Enums that carry their words: a stored value, a label for people, a one-line description.

Every vocabulary of the app is one of these (as `Status` in core/status.py is), so a form, a
template or the API reads the words from the enum instead of spelling them again.
"""

from enum import StrEnum
from typing import Self


class Vocabulary(StrEnum):
    """A StrEnum whose members are written `NAME = value, label, description`."""

    _value_: str
    label: str
    description: str

    # The defaults are for type checkers only, which read a lookup `Kind("value")` as a call
    # of __new__; Python calls it only to make the members, always with a label.
    def __new__(cls, value: str, label: str = "", description: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.description = description
        return member
