"""The OpenAPI 3.1 document of /api/v1, written by hand next to the endpoints it describes."""

from typing import Any

from quizapp.extensions import LARGEST_ID

ERROR = {"$ref": "#/components/responses/Error"}
JSON_BODY = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {JSON_BODY: {"schema": schema}}}


ATTEMPT_ID = {
    "name": "attempt_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_ID},
}


# An answer's JSON type depends on its question's type (see the operation's description);
# any other JSON is refused with 422.
ANSWER = {
    "anyOf": [
        {"type": "string"},
        {"type": "array", "items": {"type": "string"}},
        {"type": "boolean"},
        {"type": "number"},
        {"type": "object", "additionalProperties": {"type": "string"}},
    ]
}
PERIOD = {
    "name": "period",
    "in": "query",
    "required": False,
    "schema": {"enum": ["all", "week", "month"], "default": "all"},
}
PAGE = {
    "name": "page",
    "in": "query",
    "required": False,
    "schema": {"type": "integer", "minimum": 1, "default": 1},
}


def openapi_document() -> dict[str, Any]:
    """The whole document, as a dict ready for JSON."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "quizapp API",
            "version": "1",
            "description": "Take quizzes on whether stem cell therapy has been approved in "
            "China. Authenticate with a bearer token from POST /tokens, or with the browser "
            "session plus an X-CSRFToken header on state-changing requests. Answers are "
            "scored on the server; keys and explanations appear only when the quiz's "
            "feedback mode allows.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/tokens": {
                "post": {
                    "summary": "Exchange a login name and password for a bearer token",
                    "security": [],
                    "requestBody": {
                        "required": True,
                        "content": {
                            JSON_BODY: {
                                "schema": {
                                    "type": "object",
                                    "required": ["username", "password"],
                                    "properties": {
                                        "username": {"type": "string"},
                                        "password": {"type": "string"},
                                        "name": {
                                            "type": "string",
                                            "description": "A label for the token; "
                                            "longer ones are cut to 60 characters.",
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _ok(
                            {
                                "type": "object",
                                "properties": {
                                    "token": {"type": "string"},
                                    "token_type": {"const": "Bearer"},
                                    "expires_at": {"type": "string", "format": "date-time"},
                                },
                            },
                            "Created",
                        ),
                        "400": ERROR,
                        "401": ERROR,
                    },
                }
            },
            "/tokens/current": {
                "delete": {
                    "summary": "Revoke the bearer token sent with this request",
                    "description": "The token stops working at once. Tokens also expire "
                    "(see expires_at), end with a password change, and can be revoked "
                    "from the profile page.",
                    "responses": {
                        "204": {"description": "Revoked"},
                        "400": ERROR,
                        "401": ERROR,
                    },
                }
            },
            "/quizzes": {
                "get": {
                    "summary": "The published quizzes",
                    "responses": {
                        "200": _ok(
                            {
                                "type": "object",
                                "properties": {"quizzes": {"type": "array", "items": _ref("Quiz")}},
                            }
                        ),
                        "401": ERROR,
                    },
                }
            },
            "/quizzes/{slug}/attempts": {
                "post": {
                    "summary": "Start an attempt, or resume the open one",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": _ok(_ref("Attempt"), "Resumed"),
                        "201": _ok(_ref("Attempt"), "Started"),
                        "401": ERROR,
                        "404": ERROR,
                        "409": ERROR,
                    },
                }
            },
            "/attempts/{attempt_id}": {
                "get": {
                    "summary": "An attempt and its questions (no answer key before feedback)",
                    "parameters": [ATTEMPT_ID],
                    "responses": {"200": _ok(_ref("Attempt")), "401": ERROR, "404": ERROR},
                }
            },
            "/attempts/{attempt_id}/answers/{number}": {
                "put": {
                    "summary": "Save the answer to question number `number` of the attempt",
                    "description": "response by type: single/classify: option id; multiple: "
                    "list of option ids; true_false: boolean; numeric: number; short: string; "
                    "matching: object left -> right; ordering: list of the items in order.",
                    "parameters": [
                        ATTEMPT_ID,
                        {
                            "name": "number",
                            "in": "path",
                            "required": True,
                            "description": "The question's number in the attempt, from 1. "
                            "Questions have no other handle a student sees: their stable ids "
                            "stay on the server.",
                            "schema": {"type": "integer", "minimum": 1},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            JSON_BODY: {
                                "schema": {
                                    "type": "object",
                                    "required": ["response"],
                                    "properties": {"response": ANSWER},
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": _ok(
                            {
                                "type": "object",
                                "properties": {
                                    "saved": {"type": "boolean"},
                                    "number": {"type": "integer"},
                                    "response": {},
                                    "feedback": _ref("Feedback"),
                                },
                            }
                        ),
                        "400": ERROR,
                        "401": ERROR,
                        "404": ERROR,
                        "409": ERROR,
                        "422": ERROR,
                    },
                }
            },
            "/attempts/{attempt_id}/finish": {
                "post": {
                    "summary": "Finish and grade the attempt (idempotent)",
                    "parameters": [ATTEMPT_ID],
                    "responses": {"200": _ok(_ref("Result")), "401": ERROR, "404": ERROR},
                }
            },
            "/attempts/{attempt_id}/result": {
                "get": {
                    "summary": "The result with explanations",
                    "parameters": [ATTEMPT_ID],
                    "responses": {
                        "200": _ok(_ref("Result")),
                        "401": ERROR,
                        "404": ERROR,
                        "409": ERROR,
                    },
                }
            },
            "/leaderboards/overall": {
                "get": {
                    "summary": "The overall board (the mean counted score across its quizzes)",
                    "security": [{}, {"bearer": []}, {"session": []}],
                    "parameters": [PERIOD, PAGE],
                    "responses": {"200": _ok(_ref("Board")), "400": ERROR},
                }
            },
            "/leaderboards/quizzes/{slug}": {
                "get": {
                    "summary": "A quiz's board",
                    "security": [{}, {"bearer": []}, {"session": []}],
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        PERIOD,
                        PAGE,
                    ],
                    "responses": {"200": _ok(_ref("Board")), "400": ERROR, "404": ERROR},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
            "responses": {
                "Error": _ok(
                    {
                        "type": "object",
                        "required": ["error", "status"],
                        "properties": {
                            "error": {"type": "string"},
                            "message": {"type": "string"},
                            "status": {"type": "integer"},
                        },
                    },
                    "An error, with a message for people",
                )
            },
            "schemas": {
                "Quiz": {
                    "type": "object",
                    "properties": {
                        "slug": {"type": "string"},
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "question_count": {"type": "integer"},
                        "feedback_mode": {"enum": ["immediate", "deferred"]},
                        "one_per_page": {"type": "boolean"},
                        "time_limit_seconds": {"type": ["integer", "null"]},
                        "max_attempts": {"type": ["integer", "null"]},
                        "grading_method": {"enum": ["highest", "last", "first", "average"]},
                        "pass_mark": {"type": ["number", "null"]},
                    },
                },
                "Question": {
                    "type": "object",
                    "required": ["number", "type", "prompt"],
                    "properties": {
                        "number": {"type": "integer"},
                        "type": {
                            "enum": [
                                "single",
                                "multiple",
                                "true_false",
                                "classify",
                                "numeric",
                                "short",
                                "matching",
                                "ordering",
                            ]
                        },
                        "prompt": {"type": "string"},
                        "options": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "string"},
                                    "text": {"type": "string"},
                                },
                            },
                        },
                        "lefts": {"type": "array"},
                        "rights": {"type": "array"},
                        "items": {"type": "array"},
                        "response": {},
                        "feedback": _ref("Feedback"),
                    },
                },
                "Feedback": {
                    "type": "object",
                    "properties": {
                        "score": {"type": "number"},
                        "status": {"type": "string"},
                        "status_label": {"type": "string"},
                        "right_answer": {"type": "string"},
                        "your_answer": {"type": "string"},
                        "explanation": {"type": "string"},
                        "why_wrong": {"type": "array", "items": {"type": "string"}},
                        "article": {"type": ["object", "null"]},
                        "as_of": {"type": "string"},
                        "correction": {"type": ["string", "null"]},
                        "sources": {"type": "array"},
                    },
                },
                "Attempt": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "quiz": {"type": "string"},
                        "number": {"type": "integer"},
                        "state": {"enum": ["open", "finished"]},
                        "feedback_mode": {"type": "string"},
                        "deadline": {"type": ["string", "null"]},
                        "score": {"type": ["number", "null"]},
                        "max_score": {"type": "number"},
                        "percent": {"type": ["number", "null"]},
                        "answered": {"type": "integer"},
                        "questions": {"type": "array", "items": _ref("Question")},
                    },
                },
                "Board": {
                    "type": "object",
                    "properties": {
                        "board": {"type": "string"},
                        "period": {"enum": ["all", "week", "month"]},
                        "note": {"type": ["string", "null"]},
                        "visible": {"type": "boolean"},
                        "counts": {
                            "description": "Overall board only: the slugs of the quizzes it "
                            "counts (a student's score is the mean across them, 0 if not taken)",
                            "type": "array",
                            "items": {"type": "string"},
                        },
                        "page": {"type": "integer"},
                        "pages": {"type": "integer"},
                        "total": {"type": "integer"},
                        "rows": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "rank": {"type": "string"},
                                    "name": {"type": "string"},
                                    "score": {"type": "number"},
                                    "time_seconds": {"type": "integer"},
                                    "finished_at": {"type": "string"},
                                    "is_viewer": {"type": "boolean"},
                                },
                            },
                        },
                        "viewer_rank": {"type": ["integer", "null"]},
                        "viewer_hidden": {"type": "boolean"},
                    },
                },
                "Result": {
                    "allOf": [
                        _ref("Attempt"),
                        {
                            "type": "object",
                            "properties": {
                                "passed": {"type": ["boolean", "null"]},
                                "by_status": {"type": "array"},
                                "confusions": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    ]
                },
            },
        },
    }
