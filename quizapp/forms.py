"""The base of every form: text never carries NUL or other invisible control characters.

PostgreSQL refuses NUL in text and control characters are never meant; removing them on the
way in (tabs and line breaks kept) keeps hostile or broken input from reaching the database.
"""

from typing import Any

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField

from quizapp.core.text import without_controls as clean_text


def without_controls(value: Any) -> Any:
    """Text without control characters; other values unchanged."""
    return clean_text(value) if isinstance(value, str) else value


class _CleanMeta:
    """Adds the control-character filter to every field of the form."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        """Bind the field with the cleaning filter first (containers clean their fields)."""
        if not issubclass(unbound_field.field_class, FieldList | FormField):
            filters = unbound_field.kwargs.get("filters") or []
            if without_controls not in filters:
                unbound_field.kwargs["filters"] = [without_controls, *filters]
        return unbound_field.bind(form=form, **options)


class CleanForm(FlaskForm):
    """A Flask-WTF form (CSRF included) whose text fields drop control characters."""

    class Meta(_CleanMeta):
        pass


class CleanSubForm(Form):
    """A sub-form (inside a FieldList) with the same cleaning."""

    class Meta(_CleanMeta):
        pass
