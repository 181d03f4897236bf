"""The OpenAPI 3.1 document of /api/v1, drawn from the code that serves it.

Paths, methods and path parameters come from the app's URL map, each summary and description
from its view's docstring, and every schema from the shapes the replies are built as
(quizapp.api.shapes), through pydantic, with the app's enums. What the code cannot say (which
errors an endpoint answers with, its query parameters, whether it is public) is in OPERATIONS.
"""

import re
from dataclasses import dataclass
from typing import Any

from flask import Flask
from pydantic import TypeAdapter

from quizapp.api import shapes
from quizapp.core.kinds import KINDS
from quizapp.core.ranking import PERIODS
from quizapp.extensions import LARGEST_ID

JSON_BODY = "application/json"
SCHEMAS = "#/components/schemas/{model}"
PUBLIC = [{}, {"bearer": []}, {"session": []}]  # anyone; a caller's rank if signed in

# How each type's answer is written in JSON: the one table of type knowledge here (for the
# registry of question kinds to take over).
PARAMETER_NOTES = {
    "number": "The question's number in the attempt, from 1. Questions have no other handle "
    "a student sees: their stable ids stay on the server.",
}
QUERY = {
    "period": {"schema": {"enum": list(PERIODS), "default": "all"}},
    "page": {"schema": {"type": "integer", "minimum": 1, "default": 1}},
}


@dataclass(frozen=True)
class Operation:
    """What the code of an endpoint does not say: its reply shape by status (None: no body),
    its request body, query parameters, and whether anyone may call it."""

    replies: dict[int, Any]
    errors: tuple[int, ...] = (401,)
    body: Any = None
    query: tuple[str, ...] = ()
    security: list[dict[str, list[str]]] | None = None
    description: str = ""


# By view name (endpoint api.<name>).
OPERATIONS = {
    "create_token": Operation(
        {201: shapes.Token}, (400, 401, 429), shapes.TokenRequest, security=[]
    ),
    "revoke_current_token": Operation({204: None}, (400, 401)),
    "quizzes": Operation({200: shapes.QuizList}),
    "start_attempt": Operation({200: shapes.Attempt, 201: shapes.Attempt}, (401, 404, 409)),
    "get_attempt": Operation({200: shapes.Attempt}, (401, 404)),
    "save_answer": Operation(
        {200: shapes.SavedReply},
        (400, 401, 404, 409, 422, 429),
        shapes.AnswerRequest,
        description="The response, by question type: "
        + "; ".join(f"{t.value}: {kind.json_form}" for t, kind in KINDS.items())
        + ". Any other JSON is refused with 422.",
    ),
    "finish_attempt": Operation({200: shapes.Result}, (401, 404)),
    "result": Operation({200: shapes.Result}, (401, 404, 409)),
    "overall_board": Operation(
        {200: shapes.Board}, (400,), query=("period", "page"), security=PUBLIC
    ),
    "quiz_board": Operation(
        {200: shapes.Board}, (400, 404), query=("period", "page"), security=PUBLIC
    ),
}
DESCRIPTION = (
    "Take quizzes on whether stem cell therapy has been approved in China. Authenticate with a "
    "bearer token from POST /tokens, or with the browser session plus an X-CSRFToken header on "
    "state-changing requests. Answers are scored on the server; keys and explanations appear "
    "only when the quiz's feedback mode allows."
)


def openapi_document(app: Flask) -> dict[str, Any]:
    """The whole document for the API's routes in the app, as a dict ready for JSON."""
    paths: dict[str, dict[str, Any]] = {}
    for rule in app.url_map.iter_rules():
        name = rule.endpoint.removeprefix("api.")
        if not rule.endpoint.startswith("api.") or name not in OPERATIONS:
            continue
        path, parameters = _path_of(rule.rule.removeprefix("/api/v1"))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            view = app.view_functions[rule.endpoint]
            paths.setdefault(path, {})[method.lower()] = _operation(
                OPERATIONS[name], view.__doc__ or name, parameters
            )
    return {
        "openapi": "3.1.0",
        "info": {"title": "quizapp API", "version": "1", "description": DESCRIPTION},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
            "responses": {"Error": _reply(shapes.Error, "An error, with a message for people")},
            "schemas": component_schemas(),
        },
    }


def component_schemas() -> dict[str, Any]:
    """Every shape the operations name, and what they refer to, as JSON Schema."""
    used = {shapes.Error}
    for operation in OPERATIONS.values():
        used |= {s for s in operation.replies.values() if s is not None}
        used |= {operation.body} if operation.body else set()
    adapters = [(s.__name__, "serialization", TypeAdapter(s)) for s in used]
    _, document = TypeAdapter.json_schemas(sorted(adapters), ref_template=SCHEMAS)
    return document["$defs"]


def _ref(shape: Any) -> dict[str, str]:
    """A reference to a shape's schema among the components."""
    return {"$ref": SCHEMAS.format(model=shape.__name__)}


def _reply(shape: Any, description: str) -> dict[str, Any]:
    """A response object: a description, and its JSON body's schema if it has one."""
    if shape is None:
        return {"description": description}
    return {"description": description, "content": {JSON_BODY: {"schema": _ref(shape)}}}


def _operation(operation: Operation, doc: str, parameters: list[dict[str, Any]]) -> dict[str, Any]:
    """One operation of the document, its words taken from the view's docstring."""
    summary, _, rest = doc.strip().partition("\n")
    words = " ".join((rest + " " + operation.description).split())
    item: dict[str, Any] = {
        "summary": summary.rstrip("."),
        "responses": {
            **{str(code): _reply(shape, "OK") for code, shape in operation.replies.items()},
            **{str(code): {"$ref": "#/components/responses/Error"} for code in operation.errors},
        },
    }
    if words:
        item["description"] = words
    parameters = parameters + [
        {"name": name, "in": "query", "required": False, **QUERY[name]} for name in operation.query
    ]
    if parameters:
        item["parameters"] = parameters
    if operation.body is not None:
        schema = {"content": {JSON_BODY: {"schema": _ref(operation.body)}}}
        item["requestBody"] = {"required": True, **schema}
    if operation.security is not None:
        item["security"] = operation.security
    return item


def _path_of(rule: str) -> tuple[str, list[dict[str, Any]]]:
    """A Flask rule as an OpenAPI path, and its path parameters (an <int:...> is a row id)."""
    parameters = []
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", rule):
        schema: dict[str, Any] = {"type": "string"}
        if converter == "int":
            schema = {"type": "integer", "minimum": 1, "maximum": LARGEST_ID}
        parameter = {"name": name, "in": "path", "required": True, "schema": schema}
        if name in PARAMETER_NOTES:
            parameter["description"] = PARAMETER_NOTES[name]
        parameters.append(parameter)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule), parameters
