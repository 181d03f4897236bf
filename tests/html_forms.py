"""The POST forms of a page as a browser reads them: where each posts, and its fields' values."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin


@dataclass
class Field:
    """One named control: its kind and every value the page offers for it."""

    name: str
    kind: str  # text, hidden, checkbox, radio, file, select, textarea, submit, ...
    values: list[str] = field(default_factory=list)


@dataclass
class Form:
    """A POST form: its absolute action and its controls by name."""

    action: str
    multipart: bool
    fields: dict[str, Field] = field(default_factory=dict)

    def add(self, name: str, kind: str, value: str | None) -> None:
        """Record a control (radios and checkboxes of one name gather their values)."""
        known = self.fields.setdefault(name, Field(name, kind))
        if value is not None and value not in known.values:
            known.values.append(value)


class _FormReader(HTMLParser):
    """Collects the POST forms of a page, with their inputs, selects, textareas and buttons."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            post = (values.get("method") or "get").lower() == "post"
            multipart = values.get("enctype") == "multipart/form-data"
            action = urljoin(self.url, values.get("action") or self.url)
            self._form = Form(action, multipart) if post else None
            return
        name = values.get("name")
        if self._form is None:
            return
        if tag == "option" and self._select:
            self._form.add(self._select, "select", values.get("value") or "")
        if not name:
            return
        if tag == "input":
            kind = (values.get("type") or "text").lower()
            value = values.get("value")
            if kind in ("checkbox", "radio") and value is None:
                value = "on"  # what a browser sends for a box without a value
            self._form.add(name, kind, None if kind == "file" else value or "")
        elif tag == "button":
            self._form.add(name, "submit", values.get("value") or "")
        elif tag == "select":
            self._select = name
            self._form.add(name, "select", None)
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._form is not None and self._textarea is not None:
            self._form.add(self._textarea, "textarea", "".join(self._text).removeprefix("\n"))
            self._textarea = None


def post_forms(html: str, url: str) -> list[Form]:
    """Every POST form of the page at url, actions made absolute."""
    reader = _FormReader(url)
    reader.feed(html)
    reader.close()
    return reader.forms
