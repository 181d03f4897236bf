"""One process of phones for the live suite: each phone a greenlet, as a browser runs live.js.

    python -m bench.livephones --host URL --session ID --code CODE --first N --count K
        --output FILE --timeout SECONDS [--poll SECONDS] [--answer-within SECONDS]

Each phone joins as a guest (GET /join, POST /join), then polls /live/<id>/state every `poll`
seconds with If-None-Match, as live.js does. When a new question opens it loads the page (the
browser's reload), notes when it saw it, answers within `answer-within` seconds with a random
option and loads the page again, which says "Answer received" when the server kept it. The
output holds every request's latency, when each phone saw each question, and every answer the
server confirmed, for bench.live to audit against the database.
"""
# isort: skip_file

from gevent import monkey  # first: every socket below is a greenlet's

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
OPTION = re.compile(r'name="answer" value="([^"]+)"')
MULTIPLE = 'type="checkbox" name="answer"'

latencies: dict[str, list[float]] = defaultdict(list)
failures: list[str] = []
problems: list[str] = []
seen: list[list[Any]] = []  # [nickname, position, unix time the question page arrived]
confirmed: list[list[Any]] = []  # [nickname, position, response as sent]
joined: list[str] = []


def timed(phone: requests.Session, method: str, url: str, name: str, **kwargs: Any):
    """One request, its latency kept under name; None (and a failure noted) if it failed."""
    began = time.monotonic()
    try:
        reply = phone.request(method, url, timeout=30, allow_redirects=False, **kwargs)
    except requests.RequestException as exc:
        failures.append(f"{name}: {exc}"[:300])
        return None
    latencies[name].append(round((time.monotonic() - began) * 1000, 2))
    if reply.status_code >= 400:
        failures.append(f"{name}: HTTP {reply.status_code}")
    return reply


def play(args: argparse.Namespace, number: int, stop_at: float) -> None:
    """One phone, from joining to the podium (or the timeout)."""
    host, play_url = args.host, f"{args.host}/live/{args.session}"
    nickname = f"p{number:05d}"
    phone = requests.Session()
    gevent.sleep(random.uniform(0, args.join_spread))  # a room does not join in one instant
    form = timed(phone, "GET", f"{host}/join?code={args.code}", "GET /join")
    token = CSRF.search(form.text if form is not None else "")
    if token is None:
        problems.append(f"{nickname}: no join form")
        return
    data = {"csrf_token": token[1], "code": args.code, "nickname": nickname}
    reply = timed(phone, "POST", f"{host}/join", "POST /join", data=data)
    if reply is None or reply.status_code != 302:
        problems.append(f"{nickname}: join refused")
        return
    joined.append(nickname)
    etag, answered = "", set()
    gevent.sleep(random.uniform(0, args.poll))  # live.js spreads the first poll over a second
    while time.time() < stop_at:
        headers = {"If-None-Match": etag} if etag else {}
        state = timed(phone, "GET", f"{play_url}/state", "GET state (poll)", headers=headers)
        if state is not None and state.status_code == 200:
            etag = state.headers.get("ETag", "")
            now = state.json()
            if now["phase"] == "ended":
                return
            if now["phase"] == "question" and now["position"] not in answered:
                answered.add(now["position"])
                answer(args, phone, play_url, nickname, now["position"])
        gevent.sleep(args.poll)
    problems.append(f"{nickname}: timed out before the podium")


def answer(args: argparse.Namespace, phone, play_url: str, nickname: str, position: int) -> None:
    """Load the new question, answer it within the time allowed, check the server kept it."""
    page = timed(phone, "GET", play_url, "GET question page")
    if page is None or page.status_code != 200:
        return
    seen.append([nickname, position, time.time()])
    options, token = OPTION.findall(page.text), CSRF.search(page.text)
    if not options or token is None:
        problems.append(f"{nickname}: question {position + 1} had no answer buttons")
        return
    gevent.sleep(random.uniform(0.5, args.answer_within))
    choice = random.choice(options)
    data = {"csrf_token": token[1], "position": str(position), "answer": [choice]}
    sent = timed(phone, "POST", f"{play_url}/answer", "POST answer", data=data)
    if sent is None or sent.status_code != 303:
        return
    after = timed(phone, "GET", play_url, "GET page after answering")
    if after is not None and "Answer received" in after.text:
        confirmed.append([nickname, position, [choice] if MULTIPLE in page.text else choice])
    else:
        problems.append(f"{nickname}: question {position + 1}: no 'Answer received'")


def main() -> None:
    """Run the phones, then write what happened."""
    parser = argparse.ArgumentParser()
    for name in ("--host", "--session", "--code", "--output"):
        parser.add_argument(name, required=True)
    parser.add_argument("--first", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--timeout", type=float, required=True)
    parser.add_argument("--poll", type=float, default=1.0)
    parser.add_argument("--answer-within", type=float, default=8.0)
    parser.add_argument("--join-spread", type=float, default=10.0)
    args = parser.parse_args()
    stop_at = time.time() + args.timeout
    phones = [
        gevent.spawn(play, args, n, stop_at) for n in range(args.first, args.first + args.count)
    ]
    gevent.joinall(phones, timeout=args.timeout + 30)
    with open(args.output, "w", encoding="utf-8") as out:
        json.dump(
            {
                "joined": joined,
                "latencies": latencies,
                "failures": failures,
                "problems": problems,
                "seen": seen,
                "confirmed": confirmed,
            },
            out,
        )


if __name__ == "__main__":
    main()
