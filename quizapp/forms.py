"""The base of every form: text never carries NUL or other invisible control characters.

PostgreSQL refuses NUL in text and control characters are never meant; removing them on the
way in (tabs and line breaks kept) keeps hostile or broken input from reaching the database.
Whole numbers have a size limit for the same reason.
"""

import re
from typing import Any

from flask import has_request_context, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import DateTimeLocalField, FieldList, FileField, Form, FormField, IntegerField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField

from quizapp.core.text import without_controls as clean_text
from quizapp.core.vocabulary import Vocabulary
from quizapp.core.zones import DEFAULT_ZONE, ZoneRefused, form_value, to_utc
from quizapp.dates import viewer_zone
from quizapp.extensions import LARGEST_ID


def choices_of(vocabulary: type[Vocabulary]) -> list[SelectChoice]:
    """A select or radio field's choices: the enum's values, shown by their labels."""
    return [SelectChoice(member.value, member.label) for member in vocabulary]


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


# Our own "read the request" default, so the form need not know Flask-WTF's private one.
_REQUEST = object()


class CleanForm(FlaskForm):
    """A Flask-WTF form (CSRF included) whose text fields drop control characters."""

    def __init__(self, formdata: Any = _REQUEST, **kwargs: Any) -> None:
        """Read the posted fields unless formdata is given (None: read nothing)."""
        super().__init__(formdata=formdata, **kwargs)

    class Meta(_CleanMeta):
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            """The posted fields, with uploads only under the form's own file fields.

            Flask-WTF would hand every upload, or a JSON body, to every field: a file sent
            under a text field's name, or a JSON number or list, then reached validators
            that expect text (a 500). Forms take form posts; JSON is the API's.
            """
            if formdata is not _REQUEST:
                return super().wrap_formdata(form, formdata)
            if not form.is_submitted():
                return None
            uploads = [
                (name, upload)
                for name in request.files
                if _file_field_named(form, name)
                for upload in request.files.getlist(name)
            ]
            return (
                CombinedMultiDict((MultiDict(uploads), request.form))
                if uploads
                else (request.form or None)
            )


def _file_field_named(form: Any, name: str) -> bool:
    """Whether the form has a file field of this name: its own, or one in the rows of a
    FieldList of sub-forms (`options-1-image_file`), which exist only once the form is read."""
    for field in form:
        if isinstance(field, FileField) and field.name == name:
            return True
        inner = field.unbound_field if isinstance(field, FieldList) else None
        if inner is not None and issubclass(inner.field_class, FormField):
            row = re.fullmatch(re.escape(field.name) + r"-\d+-(\w+)", name)
            sub = getattr(inner.args[0], row.group(1), None) if row else None
            if isinstance(sub, UnboundField) and issubclass(sub.field_class, FileField):
                return True
    return False


class CleanSubForm(Form):
    """A sub-form (inside a FieldList) with the same cleaning."""

    class Meta(_CleanMeta):
        pass


class WholeNumberField(IntegerField):
    """An IntegerField that refuses numbers past LARGEST_ID either way: none is ever meant.

    WTForms reads an int of any size, and its NumberRange then overflows turning it into a
    float (a 500); a column would overflow storing it.
    """

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the number, or say it is not one we can take."""
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > LARGEST_ID:
            self.data = None
            raise ValueError(self.gettext("That number is too large."))


class LocalDateTimeField(DateTimeLocalField):
    """A date and time typed in the viewer's time zone, which its label names; `data` is an
    aware UTC datetime (a stored one is shown back in the same zone).

    WTForms' own `tz` attaches the zone as given, so a time the clocks skip would be stored as
    a moment that never showed on any clock there: quizapp.core.zones.to_utc refuses it.
    """

    def __init__(self, label: str, *args: Any, **kwargs: Any) -> None:
        """Name the zone in the label (the form is made while serving a request)."""
        self.zone_name = viewer_zone() if has_request_context() else DEFAULT_ZONE
        super().__init__(f"{label} ({self.zone_name})", *args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the local time and turn it into UTC, or say why it cannot be."""
        super().process_formdata(valuelist)
        if self.data is not None:
            try:
                self.data = to_utc(self.data, self.zone_name)
            except ZoneRefused as refused:
                self.data = None
                raise ValueError(str(refused)) from refused

    def _value(self) -> str:
        """What the input shows: the typed text, else the stored moment in the zone."""
        if self.raw_data:
            return " ".join(self.raw_data)
        shown = form_value(self.data, self.zone_name)
        return shown.strftime("%Y-%m-%dT%H:%M") if shown else ""
