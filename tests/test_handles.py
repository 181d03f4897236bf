"""Students see questions by their number in the attempt, never by their stable ids.

Stable ids are made from the fact and the answer (`alofisel-withdrawn-2024.short-product.1`),
so an id in a page, a field name, a URL or the API would give answers away (issue 15, item 1).
"""

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from quizapp.core.grading import grade
from quizapp.extensions import db
from quizapp.models import Attempt, Question
from tests.accounts import AuthActions, csrf_token
from tests.quizzes import load_bank, make_quiz

PASSWORD = "correct horse"
WORD = re.compile(r"[a-z0-9]+")


def token_for(app: Flask, client: FlaskClient, username: str) -> dict[str, str]:
    """A new student's bearer token header."""
    AuthActions(app, client).make_user(username, PASSWORD)
    reply = client.post("/api/v1/tokens", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}


def words(*texts: str) -> list[str]:
    """The lower-case words and numbers of some texts, in order, cut to their first six
    letters so that "withdrawn" meets "withdrawal"."""
    return [w[:6] for text in texts for w in WORD.findall(text.lower())]


def handles(item: dict[str, Any]) -> list[str]:
    """Everything of a question the API shows that is not text for people: ids, fields."""
    found = [str(item.get("id", item["number"]))]
    found += [str(o["id"]) for o in item.get("options", [])]
    found += [str(x["field"]) for x in item.get("lefts", []) + item.get("items", [])]
    return found


def attack(item: dict[str, Any], clues: list[str]) -> Any:
    """An answer made from the clues (words of handles that are not in the prompt)."""
    options = item.get("options", [])
    kind = item["type"]
    if kind in ("single", "classify", "multiple"):
        overlap = [len(set(words(o["text"])) & set(clues)) for o in options]  # first on ties
        best = options[overlap.index(max(overlap))]["id"]
        return [best] if kind == "multiple" else best
    if kind == "true_false":
        return True
    if kind == "numeric":
        return next((float(w) for w in clues if w.isdigit()), 0.0)
    if kind == "short":
        return clues[0] if clues else "no idea"
    if kind == "matching":
        return {left["text"]: item["rights"][0] for left in item["lefts"]}
    return [i["text"] for i in item["items"]]  # ordering, as shown


def clues_of(item: dict[str, Any]) -> list[str]:
    """The words the handles carry beyond the prompt and the options' texts."""
    seen = set(words(item["prompt"], *(o["text"] for o in item.get("options", []))))
    return [w for w in words(*handles(item)) if w not in seen]


def score(question: Question, response: Any) -> float:
    """What the server would score that response."""
    from quizapp.quiz.service import gradable

    return grade(gradable(question), response)


def test_an_attacker_reading_ids_fields_and_urls_scores_no_better_than_chance(app, client):
    """Sixteen Full tests over the API: answers made from every handle the attacker can see
    score the same as the same script given no handles at all (its chance level)."""
    load_bank(app)
    informed = blind = 0.0
    total = 0
    for n in range(16):
        token = token_for(app, client, f"attacker{n}")
        attempt = client.post("/api/v1/quizzes/full-test/attempts", headers=token).get_json()
        shown = client.get(f"/api/v1/attempts/{attempt['id']}", headers=token).get_json()
        with app.app_context():
            ids = db.session.get(Attempt, attempt["id"]).question_ids
            questions = [db.session.get(Question, qid) for qid in ids]
            for item, question in zip(shown["questions"], questions, strict=True):
                informed += score(question, attack(item, clues_of(item)))
                blind += score(question, attack(item, []))
                total += 1
    assert total == 320
    gain = 100 * (informed - blind) / total
    print(f"informed {informed:.0f}, blind {blind:.0f} of {total}")
    assert gain < 2, f"handles gave the attacker {gain:.0f} points over chance"


def open_attempt_pages(client: FlaskClient, attempt_id: int, count: int, one_per_page: bool):
    """Every page of an open attempt a student can open."""
    pages = ["/quizzes", "/attempts", f"/attempts/{attempt_id}/finish"]
    if one_per_page:
        pages += [f"/attempts/{attempt_id}/questions/{n}" for n in range(1, count + 1)]
    else:
        pages.append(f"/attempts/{attempt_id}/all")
    return {page: client.get(page).get_data(as_text=True) for page in pages}


def test_no_stable_question_id_reaches_a_student_during_an_attempt(app, client, auth):
    """Pages, form fields, links and every API reply of open attempts, both layouts and both
    feedback modes, after saving answers (immediate feedback shown) too."""
    load_bank(app, with_builtins=False)
    make_quiz(app, slug="paged", feedback_mode="immediate", shuffle_questions=True)
    make_quiz(app, slug="whole", one_per_page=False)
    token = token_for(app, client, "student")
    auth.login("student", PASSWORD)
    bodies: dict[str, str] = {}
    all_ids: set[str] = set()
    for slug in ("paged", "whole"):
        started = client.post(f"/api/v1/quizzes/{slug}/attempts", headers=token)
        attempt = started.get_json()
        bodies[f"start {slug}"] = started.get_data(as_text=True)
        with app.app_context():
            all_ids |= set(db.session.get(Attempt, attempt["id"]).question_ids)
        for item in attempt["questions"]:
            path = f"/api/v1/attempts/{attempt['id']}/answers/{item['number']}"
            reply = client.put(path, headers=token, json={"response": attack(item, [])})
            assert reply.status_code in (200, 422), reply.get_json()
            bodies[f"PUT {path}"] = reply.get_data(as_text=True)
        path = f"/api/v1/attempts/{attempt['id']}"
        bodies[path] = client.get(path, headers=token).get_data(as_text=True)
        bodies.update(open_attempt_pages(client, attempt["id"], 8, slug == "paged"))
        bodies[f"/quizzes/{slug}"] = client.get(f"/quizzes/{slug}").get_data(as_text=True)
    page = "/attempts/1/questions/1"
    form = {"csrf_token": csrf_token(client, page), "answer": "true", "action": "check"}
    bodies["POST " + page] = client.post(page, data=form).get_data(as_text=True)
    assert len(all_ids) == 8 and any('"feedback"' in b for b in bodies.values())
    leaks = {(where, qid) for where, body in bodies.items() for qid in all_ids if qid in body}
    assert leaks == set()
