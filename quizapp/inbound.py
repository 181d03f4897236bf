"""What a request may bring in: ids in URLs that a database column can hold, form parts
with names, uploads that are always closed, and JSON of a sane depth."""

from typing import Any

from flask import Flask, Request, abort, request
from werkzeug.formparser import FormDataParser
from werkzeug.routing import IntegerConverter, Map

from quizapp.extensions import LARGEST_ID


class RowIdConverter(IntegerConverter):
    """<int:...> in a route: past LARGEST_ID it names no row, so the URL matches nothing (404).

    Without the bound a huge number reaches the database driver, which cannot bind it
    (SQLite: OverflowError, a 500).
    """

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


class NamedPartsParser(FormDataParser):
    """Werkzeug's form parser, without the multipart parts that have no name.

    Werkzeug files such a part under the key None, and code that reads field names (WTForms'
    FieldList, the answer readers) fails on it (a 500). A browser never sends one.
    """

    def parse(self, *args: Any, **kwargs: Any) -> Any:
        """The stream, the named fields and the named uploads."""
        stream, form, files = super().parse(*args, **kwargs)
        if None not in form and None not in files:
            return stream, form, files
        for upload in files.getlist(None):
            upload.close()
        return (
            stream,
            self.cls([(k, v) for k, v in form.items(multi=True) if k is not None]),
            self.cls([(k, v) for k, v in files.items(multi=True) if k is not None]),
        )


class InboundRequest(Request):
    """Flask's request, parsing forms with NamedPartsParser and closing every upload it spooled.

    A body refused halfway (a field past MAX_FORM_MEMORY_SIZE, a 413) never reaches
    request.files, so werkzeug's close() would leave the uploads before it open.
    """

    form_data_parser_class = NamedPartsParser

    def _get_file_stream(self, *args: Any, **kwargs: Any) -> Any:
        """A stream for one upload, remembered so close() can close it."""
        stream = super()._get_file_stream(*args, **kwargs)
        self.__dict__.setdefault("_spooled", []).append(stream)
        return stream

    def close(self) -> None:
        """Close the uploads, those of a refused body included."""
        super().close()
        for stream in self.__dict__.get("_spooled", []):
            stream.close()


# No request of ours nests deeper than a few levels; 32 leaves room and stays far from the
# interpreter's recursion limit, which a 2 KB body of brackets reaches (a RecursionError, a 500).
MAX_JSON_DEPTH = 32
TOO_DEEP = f"The JSON sent is nested more than {MAX_JSON_DEPTH} levels deep."


def json_depth(value: object) -> int:
    """How deeply lists and objects nest in a parsed JSON value (a scalar: 0), iteratively."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


def refuse_deep_json() -> None:
    """A 400 with a message for JSON nested too deeply, before any view or limit reads it.

    One check for every route: the parsed body is cached on the request, so the view's own
    get_json() reads it again for free.
    """
    if not request.is_json:
        return
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        abort(400, TOO_DEEP)
    if json_depth(body) > MAX_JSON_DEPTH:
        abort(400, TOO_DEEP)


def init_app(app: Flask) -> None:
    """Use the bounded ids, the request and the JSON check above.

    Called before any blueprint adds its routes, and before any limit is counted, so
    the depth check runs first.
    """
    app.url_map.converters["int"] = RowIdConverter
    app.request_class = InboundRequest
    app.before_request(refuse_deep_json)
