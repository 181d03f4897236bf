"""JSON nested deeper than any request of ours needs is refused with a message, never a 500."""

import re

import pytest

from quizapp.inbound import MAX_JSON_DEPTH, json_depth
from tests.quizzes import first_of_type, load_bank, make_quiz


@pytest.fixture
def api_urls(app, client, auth):
    """A bearer token, and every API route of the URL map with each of its methods.

    Parameters are filled with a real quiz, an open attempt and its first question, so each
    request reaches its view rather than a 404.
    """
    load_bank(app, with_builtins=False)
    make_quiz(app, question_ids=first_of_type("true_false"))
    auth.make_user("student")
    reply = client.post("/api/v1/tokens", json={"username": "student", "password": "correct horse"})
    headers = {"Authorization": f"Bearer {reply.get_json()['token']}"}
    attempt = client.post("/api/v1/quizzes/test-quiz/attempts", headers=headers).get_json()
    values = {
        "slug": "test-quiz",
        "attempt_id": str(attempt["id"]),
        "number": str(attempt["questions"][0]["number"]),
    }
    urls = [
        (method, re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]
    assert len(urls) >= 10
    return headers, urls


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1_000, 100_000])
def test_deeply_nested_json_gets_400_with_a_message_on_every_json_endpoint(client, api_urls, depth):
    headers, urls = api_urls
    nested = "[" * depth + "]" * depth
    for method, url in urls:
        for body in (nested, '{"username": ' + nested + ', "response": ' + nested + "}"):
            reply = client.open(
                url, method=method, data=body, content_type="application/json", headers=headers
            )
            assert reply.status_code == 400, (method, url, reply.status_code)
            assert reply.get_json()["message"] == (
                f"The JSON sent is nested more than {MAX_JSON_DEPTH} levels deep."
            )


def test_json_of_ordinary_depth_still_reaches_the_views(client, api_urls):
    headers, _ = api_urls
    body = {"username": "student", "password": "correct horse", "name": "x"}
    assert client.post("/api/v1/tokens", json=body).status_code == 201


def test_depth_counts_lists_and_objects_without_recursion():
    assert json_depth(3) == 0 and json_depth([]) == 1 and json_depth({"a": [1, {"b": []}]}) == 4
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert json_depth(deep) == 100_001
