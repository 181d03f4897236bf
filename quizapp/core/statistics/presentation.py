"""The quiz statistics shown and handed out: an accessible SVG histogram with its description
in words, and the rows of the CSV downloads (items, options, attempts)."""

import html
from collections.abc import Iterable, Mapping, Sequence

from quizapp.core.statistics.maths import AttemptRecord, HistogramBin, ItemStats

Cell = str | int | float  # see quizapp.core.spreadsheet, which writes them
NOT_ANSWERED_LABEL = "(not answered)"


def histogram_svg(
    bins: Sequence[HistogramBin], title: str, element_id: str = "score-histogram"
) -> str:
    """An accessible bar chart of the bins as inline SVG: no script, no external reference."""
    left, right, top, bottom = 30.0, 390.0, 30.0, 210.0
    tallest = max((b.count for b in bins), default=0)
    bar_width = (right - left) / max(len(bins), 1)
    ident = html.escape(element_id, quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 240" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="sans-serif" font-size="12">',
        f'<title id="{ident}-title">{html.escape(title)}</title>',
        f'<desc id="{ident}-desc">{html.escape(describe_histogram(bins))}</desc>',
    ]
    for index, histogram_bin in enumerate(bins):
        height = (bottom - top) * histogram_bin.count / tallest if tallest else 0.0
        x = left + index * bar_width
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{bottom - height:.1f}" width="{bar_width - 2:.1f}" '
            f'height="{height:.1f}" fill="#1d4f91"/>'
        )
        parts.append(
            f'<text x="{x + bar_width / 2:.1f}" y="{bottom - height - 4:.1f}" '
            f'text-anchor="middle" fill="#1a1a1a">{histogram_bin.count}</text>'
        )
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#1a1a1a"/>')
    for position, label, anchor in (
        (left, "0%", "start"),
        ((left + right) / 2, "50%", "middle"),
        (right, "100%", "end"),
    ):
        parts.append(
            f'<text x="{position:.1f}" y="{bottom + 20:.1f}" text-anchor="{anchor}" '
            f'fill="#1a1a1a">{label}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def describe_histogram(bins: Sequence[HistogramBin]) -> str:
    """The distribution in words, for people who cannot see the bars."""
    total = sum(b.count for b in bins)
    counts = "; ".join(f"{b.label}: {b.count}" for b in bins)
    if total == 0:
        return f"No attempts yet, so every score range is empty. {counts}."
    tallest = max(b.count for b in bins)
    modes = [b.label for b in bins if b.count == tallest]
    if len(modes) == 1:
        most = f"The most common range is {modes[0]}, with {_attempts(tallest)}"
    else:
        ranges = f"{', '.join(modes[:-1])} and {modes[-1]}"
        most = f"The most common ranges are {ranges}, with {_attempts(tallest)} each"
    return f"{_attempts(total)} by score. {most}. Attempts per range: {counts}."


def item_csv_rows(items: Iterable[ItemStats]) -> list[list[Cell]]:
    """A header and one row per question, percentages as Moodle shows them; blank for none."""
    rows: list[list[Cell]] = [
        ["question", "attempts", "facility_%", "sd_%", "discrimination_index_%", "median_seconds"]
    ]
    for item in items:
        rows.append(
            [
                item.question_id,
                item.attempts,
                _number_cell(100 * item.facility),
                _number_cell(None if item.sd is None else 100 * item.sd),
                _number_cell(None if item.discrimination is None else 100 * item.discrimination),
                _number_cell(item.median_seconds),
            ]
        )
    return rows


def option_csv_rows(items: Iterable[ItemStats]) -> list[list[Cell]]:
    """A header and one row per question and option chosen, "not answered" included."""
    rows: list[list[Cell]] = [["question", "option", "count", "share_%"]]
    for item in items:
        for option in item.options:
            label = NOT_ANSWERED_LABEL if option.option is None else option.option
            rows.append(
                [
                    item.question_id,
                    label,
                    option.count,
                    _number_cell(100 * option.share),
                ]
            )
    return rows


def attempt_csv_rows(
    records: Iterable[AttemptRecord], student_names: Mapping[int, str] | None = None
) -> list[list[Cell]]:
    """A header and one row per attempt: student (name if given, else id), score and time."""
    names = student_names or {}
    rows: list[list[Cell]] = [["student", "attempt", "score", "out_of", "percent", "seconds"]]
    for record in records:
        student: Cell = record.student_id
        if record.student_id in names:
            student = names[record.student_id]
        rows.append(
            [
                student,
                record.number,
                _number_cell(record.score),
                _number_cell(record.max_score),
                _number_cell(record.percent),
                _number_cell(record.seconds),
            ]
        )
    return rows


def _attempts(count: int) -> str:
    """A count of attempts in words: 1 attempt, 2 attempts."""
    return f"{count} attempt" if count == 1 else f"{count} attempts"


def _number_cell(value: float | None) -> Cell:
    """A number rounded for a spreadsheet, or a blank cell for none."""
    return "" if value is None else round(value, 2)
