"""Questions answered row by row: matching (a right-hand value for each left-hand item) and
ordering (a position for each item). A row's form field is named after its item, not its place.

A response is {left: right} (matching) or the items in the student's order (ordering).
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from random import Random
from typing import Any

from quizapp.core.gift.mapping import GiftMapping
from quizapp.core.gift.types import read_matching, write_matching, write_ordering
from quizapp.core.kinds.base import (
    EditorError,
    Gradable,
    Kind,
    ResponseError,
    RoomRow,
    field_name,
    lines,
)
from quizapp.core.questions import QType
from quizapp.core.selection import scrambled, shuffled


def pairs_of(answer: Sequence[Any]) -> list[tuple[str, str]]:
    """The (left, right) pairs of a matching answer."""
    return [(str(a), str(b)) for a, b in answer]


class Rows(Kind):
    """A question answered row by row: a live reveal counts the right answers of each row."""

    live = True

    def row_texts(self, question: Gradable) -> dict[str, str]:
        """Each row's item, by the row's field, in the key's order."""
        raise NotImplementedError

    def room_rows(self, question: Gradable, responses: Iterable[Any]) -> list[RoomRow]:
        """Each row, in the key's order, with how many of the room got it right: which part
        of the answer the room knows and which it does not."""
        keys = self.row_keys(question)
        right: Counter[str] = Counter()
        for response in responses:
            marks = self.marks(question, response)
            right.update(field for field, mark in marks.items() if mark == "right")
        return [
            RoomRow(text, right[field], True, keys[field])
            for field, text in self.row_texts(question).items()
        ]


class Matching(Rows):
    """Match each left-hand item with a right-hand value: the key is [[left, right], ...]."""

    type = QType.MATCHING
    label = "Matching"
    editor_fields = ("pairs",)
    editor_help = "Write each pair on its own line, the left item, then ->, then its match."
    gift = GiftMapping(("matching",), read_matching, write_matching)
    json_form = "an object from each left item's text to its chosen right"

    def read_form(self, question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
        """One choice per left-hand item, among the right-hand values."""
        pairs = pairs_of(question.answer)
        rights = {b for _, b in pairs}
        chosen: dict[str, str] = {}
        for left, _ in pairs:
            picked = [v for v in values.get(field_name("match", left), []) if v]
            if len(picked) != 1:
                raise ResponseError("Choose a match for every item.")
            if picked[0] not in rights:
                raise ResponseError("Choose only among the matches shown.")
            chosen[left] = picked[0]
        return chosen

    def json_ok(self, value: Any) -> bool:
        """An object from left-hand item to right-hand value."""
        return isinstance(value, dict)

    def form_values(self, question: Gradable, response: Any) -> dict[str, list[str]]:
        """A field per left-hand item."""
        return {field_name("match", str(k)): [str(v)] for k, v in response.items()}

    def grade(self, question: Gradable, response: Any) -> float:
        """The share of pairs matched right."""
        pairs = dict(pairs_of(question.answer))
        right = sum(1 for left, target in pairs.items() if response.get(left) == target)
        return right / len(pairs)

    def public(self, question: Gradable, seed: int, salt: str) -> dict[str, Any]:
        """The left-hand items and the right-hand values, each in the attempt's order."""
        pairs = pairs_of(question.answer)
        rights = sorted({b for _, b in pairs})
        return {
            "lefts": [
                {"text": left, "field": field_name("match", left)}
                for left in shuffled([a for a, _ in pairs], seed, salt + ":left")
            ],
            "rights": shuffled(rights, seed, salt + ":right"),
        }

    def right_answer_text(self, question: Gradable) -> str:
        """Every pair, left → right."""
        return "; ".join(f"{a} → {b}" for a, b in question.answer)

    def response_text(self, question: Gradable, response: Any) -> str:
        """Every pair chosen, left → right."""
        return "; ".join(f"{a} → {b}" for a, b in response.items())

    def marks(self, question: Gradable, response: Any) -> dict[str, str]:
        """Each row right or wrong."""
        given = response if isinstance(response, dict) else {}
        return {
            field_name("match", a): "right" if given.get(a) == b else "wrong"
            for a, b in pairs_of(question.answer)
        }

    def row_keys(self, question: Gradable) -> dict[str, str]:
        """Each row's right-hand value."""
        return {field_name("match", a): b for a, b in pairs_of(question.answer)}

    def row_texts(self, question: Gradable) -> dict[str, str]:
        """Each left-hand item."""
        return {field_name("match", a): a for a, _ in pairs_of(question.answer)}

    def answer_problems(self, answer: Any) -> list[str]:
        """At least two pairs."""
        return ["matching needs at least two pairs"] if len(pairs_of(answer)) < 2 else []

    def read_editor(self, fields: Mapping[str, Any]) -> tuple[list[dict[str, Any]], Any]:
        """At least two pairs written 'left -> right', each left side once."""
        pairs = []
        for line in lines(fields.get("pairs")):
            left, arrow, right = line.partition("->")
            if not arrow or not left.strip() or not right.strip():
                raise EditorError("pairs", f"Write each pair as 'left -> right': {line!r}.")
            pairs.append([left.strip(), right.strip()])
        if len(pairs) < 2:
            raise EditorError("pairs", "Give at least two pairs.")
        if len({p[0] for p in pairs}) != len(pairs):
            raise EditorError("pairs", "Each left-hand item can appear only once.")
        return [], pairs

    def editor_values(self, answer: Any) -> dict[str, str]:
        """The pairs, one per line."""
        return {"pairs": "\n".join(f"{a} -> {b}" for a, b in answer)}

    def any_response(self, shown: Mapping[str, Any], rng: Random) -> Any:
        """A right-hand value for each left-hand item."""
        return {left["text"]: rng.choice(shown["rights"]) for left in shown["lefts"]}

    def right_response(self, question: Gradable) -> Any:
        """Every pair as the key has it."""
        return dict(pairs_of(question.answer))

    def wrong_response(self, question: Gradable) -> Any:
        """Each left-hand item given the next pair's right-hand value."""
        pairs = pairs_of(question.answer)
        return {a: pairs[(n + 1) % len(pairs)][1] for n, (a, _) in enumerate(pairs)}


class Ordering(Rows):
    """Put the items in order: the key is the items in the right order."""

    type = QType.ORDERING
    label = "Ordering"
    editor_fields = ("items",)
    editor_help = "Write three or more items in the right order; students see them shuffled."
    gift = GiftMapping((), None, write_ordering)  # written as matching, comes back as it
    json_form = "a list of the items' texts, in order"

    def read_form(self, question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
        """A position for each item, each position used once."""
        items = [str(i) for i in question.answer]
        positions: dict[int, str] = {}
        for item in items:
            picked = values.get(field_name("position", item), [])
            if len(picked) != 1 or not (picked[0].isascii() and picked[0].isdigit()):
                raise ResponseError("Give every item a position.")
            # A position is a small number: thousands of digits ("000...01" too) are refused
            # before int(), which raises on more than 4,300 digits.
            digits = picked[0].lstrip("0")
            position = int(digits) if 0 < len(digits) <= 6 else 0
            if not 1 <= position <= len(items):
                raise ResponseError(f"Positions go from 1 to {len(items)}.")
            if position in positions:
                raise ResponseError("Give each item a different position.")
            positions[position] = item
        return [positions[p] for p in sorted(positions)]

    def json_ok(self, value: Any) -> bool:
        """A list of the items."""
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    def read_json(self, question: Gradable, value: Any) -> Any:
        """Every item exactly once, in the student's order."""
        if self.json_ok(value) and sorted(value) != sorted(str(i) for i in question.answer):
            raise ResponseError("List every item exactly once, in your order.")
        return super().read_json(question, value)

    def form_values(self, question: Gradable, response: Any) -> dict[str, list[str]]:
        """Each item's position."""
        return {field_name("position", item): [str(n)] for n, item in enumerate(response, 1)}

    def grade(self, question: Gradable, response: Any) -> float:
        """The share of items in the right place."""
        items = [str(i) for i in question.answer]
        right = sum(
            1 for given, expected in zip(response, items, strict=False) if given == expected
        )
        return right / len(items)

    def public(self, question: Gradable, seed: int, salt: str) -> dict[str, Any]:
        """The items, never shown already in order."""
        items = [str(i) for i in question.answer]
        return {
            "items": [
                {"text": item, "field": field_name("position", item)}
                for item in scrambled(items, seed, salt)
            ]
        }

    def right_answer_text(self, question: Gradable) -> str:
        """The items in order."""
        return " → ".join(question.answer)

    def response_text(self, question: Gradable, response: Any) -> str:
        """The items in the student's order."""
        return " → ".join(response)

    def marks(self, question: Gradable, response: Any) -> dict[str, str]:
        """Each row right or wrong."""
        given = response if isinstance(response, list) else []
        return {
            field_name("position", str(item)): "right"
            if n < len(given) and given[n] == str(item)
            else "wrong"
            for n, item in enumerate(question.answer)
        }

    def row_keys(self, question: Gradable) -> dict[str, str]:
        """Each item's right position."""
        return {field_name("position", str(i)): str(n) for n, i in enumerate(question.answer, 1)}

    def row_texts(self, question: Gradable) -> dict[str, str]:
        """Each item."""
        return {field_name("position", str(i)): str(i) for i in question.answer}

    def answer_problems(self, answer: Any) -> list[str]:
        """At least three distinct items."""
        return ["ordering needs at least three distinct items"] if len(set(answer)) < 3 else []

    def read_editor(self, fields: Mapping[str, Any]) -> tuple[list[dict[str, Any]], Any]:
        """At least three different items, one per line, in the right order."""
        items = lines(fields.get("items"))
        if len(items) < 3:
            raise EditorError("items", "Give at least three items to put in order.")
        if len(set(items)) != len(items):
            raise EditorError("items", "Each item must be different.")
        return [], items

    def editor_values(self, answer: Any) -> dict[str, str]:
        """The items, one per line."""
        return {"items": "\n".join(answer)}

    def any_response(self, shown: Mapping[str, Any], rng: Random) -> Any:
        """The items in some order."""
        items = [item["text"] for item in shown["items"]]
        rng.shuffle(items)
        return items

    def right_response(self, question: Gradable) -> Any:
        """The items in order."""
        return [str(i) for i in question.answer]

    def wrong_response(self, question: Gradable) -> Any:
        """The items reversed."""
        return [str(i) for i in reversed(question.answer)]
