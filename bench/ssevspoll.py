"""Polling against Server-Sent Events for the live players' state, on the deploy shape.

    scripts/with-postgres .venv/bin/python -m bench.ssevspoll [variant ...]
        variants: poll poll-cached sse-gevent sse-sync     (BENCH_SSE_PLAYERS, default 500)

PLAYERS phones (greenlets of this process) follow one live session through nginx and two
gunicorns on PostgreSQL while the host (this process too, straight to an app server) moves it
on CHANGES times, every GAP seconds. A phone only watches the state (no page loads, no answers:
those are the same whichever way the news arrives), so the figures are what telling a room
that the session moved costs:

- poll: GET /live/<id>/state every second with If-None-Match (static/live.js), 2 x 2 sync
  workers (the product as it is);
- poll-cached: the same, nginx answering the polls from a one-second cache;
- sse-gevent: bench/sse.py's stream, 2 x 2 gevent workers (sync workers cannot hold it);
- sse-sync: the same stream on 2 x 2 sync workers.

Measured: per phone and change, the delay from the host's click to the phone's knowing; the
CPU seconds the app servers and nginx used over the window; requests served. Bounded: every
phone stops at the window's end, streams end by themselves (bench/sse.py: LIFETIME).
Results go to bench/results/sse-vs-poll.json.
"""
# isort: skip_file

from gevent import monkey  # first: every socket below is a greenlet's

monkey.patch_all()

import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402

from bench import live, services  # noqa: E402
from bench.classroom import percentile  # noqa: E402
from bench.harness import RESULTS, Server, cpu_seconds, write_doc  # noqa: E402
from bench.run import bench_env  # noqa: E402

PLAYERS = int(os.environ.get("BENCH_SSE_PLAYERS", 500))
CHANGES = int(os.environ.get("BENCH_SSE_CHANGES", 10))
GAP = float(os.environ.get("BENCH_SSE_GAP", 4))
SETTLE = 10.0  # phones connect over this many seconds before the first change
VARIANTS = ("poll", "poll-cached", "sse-gevent", "sse-sync")


class Phones:
    """What every phone saw: version -> the time each phone first knew it."""

    def __init__(self) -> None:
        self.seen: dict[str, list[float]] = {}
        self.statuses: Counter[str] = Counter()
        self.connected = 0

    def saw(self, version: Any, known: set) -> None:
        """Note the time a phone first knew a version."""
        if version not in known:
            known.add(version)
            self.seen.setdefault(str(version), []).append(time.time())


def poller(url: str, phones: Phones, stop_at: float) -> None:
    """One phone as static/live.js polls: every second, If-None-Match, 304 while unchanged."""
    web, etag, known = requests.Session(), "", set()
    gevent.sleep(random.uniform(0, 1))
    while time.time() < stop_at:
        try:
            reply = web.get(url, headers={"If-None-Match": etag} if etag else {}, timeout=10)
            phones.statuses[str(reply.status_code)] += 1
            if reply.status_code == 200:
                etag = reply.headers.get("ETag", "")
                phones.saw(reply.json()["version"], known)
        except requests.RequestException:
            phones.statuses["error"] += 1
        gevent.sleep(1.0)


def listener(url: str, phones: Phones, stop_at: float) -> None:
    """One phone holding an event stream (EventSource), reconnecting if it drops."""
    known: set = set()
    gevent.sleep(random.uniform(0, SETTLE / 2))
    while time.time() < stop_at:
        try:
            with requests.get(url, stream=True, timeout=(10, stop_at - time.time() + 5)) as reply:
                phones.statuses[str(reply.status_code)] += 1
                phones.connected += 1
                for line in reply.iter_lines():
                    if line.startswith(b"data: "):
                        phones.saw(json.loads(line[6:])["version"], known)
                    if time.time() >= stop_at:
                        return
        except requests.RequestException:
            if time.time() >= stop_at:  # the stream's read ran to the window's end
                return
            phones.statuses["error"] += 1
            gevent.sleep(1.0)


def run(variant: str, env: dict[str, str]) -> dict[str, Any]:
    """One variant: start its servers, run the room, stop them; the figures."""
    sse = variant.startswith("sse")
    host_app = Server("host-app", "quizapp.wsgi:app", env)
    phone_side = [
        Server(
            f"{variant}-{n}",
            "bench.sse:app" if sse else "quizapp.wsgi:app",
            env,
            2,
            kind="gunicorn",  # measured on gunicorn: granian has no gevent worker class
            worker_class="gevent" if variant == "sse-gevent" else "sync",
        )
        for n in (1, 2)
    ]
    try:
        for server in (host_app, *phone_side):
            server.wait("/healthz", 120)  # five servers starting on a busy shared host
        with services.nginx(
            [s.port for s in phone_side], cache_state=variant == "poll-cached"
        ) as proxy:
            host = live.Host(host_app.url)
            url = f"{proxy}/live/{host.session}/" + ("events" if sse else "state")
            phones, stop_at = Phones(), time.time() + SETTLE + CHANGES * GAP + 5
            pool = [
                gevent.spawn(listener if sse else poller, url, phones, stop_at)
                for _ in range(PLAYERS)
            ]
            nginx_pids = _nginx_pids()
            gevent.sleep(SETTLE)
            before = sum(s.cpu_seconds() for s in phone_side) + cpu_seconds(nginx_pids, True)
            began, clicks = time.monotonic(), {}
            for n in range(CHANGES):
                clicked = time.time()
                host.move("question" if n % 2 == 0 else "reveal", None)
                clicks[str(host.state()["version"])] = clicked
                gevent.sleep(GAP)
            window = time.monotonic() - began
            used = sum(s.cpu_seconds() for s in phone_side) + cpu_seconds(nginx_pids, True)
            used -= before
            load = os.getloadavg()
            gevent.joinall(pool, timeout=max(0, stop_at - time.time()) + 20)
            gevent.killall(pool, timeout=5)
    finally:
        for server in (host_app, *phone_side):
            server.stop()
    delays = [t - clicks[v] for v, times in phones.seen.items() if v in clicks for t in times]
    return {
        "variant": variant,
        "players": PLAYERS,
        "changes": CHANGES,
        "delay_s": {
            "count": len(delays),
            "expected": PLAYERS * CHANGES,
            "p50": percentile(delays, 0.5),
            "p99": percentile(delays, 0.99),
            "max": round(max(delays), 2) if delays else None,
            "over_2s": sum(1 for d in delays if d > 2),
        },
        "cpu_seconds_per_minute": round(used / window * 60, 1),
        # what one request or stream cost the servers: comparable whatever the host's load
        "cpu_ms_per_phone_minute": round(used / window * 60 / PLAYERS * 1000, 1),
        "window_s": round(window, 1),
        "statuses": dict(phones.statuses),
        "streams_opened": phones.connected if sse else None,
        "load_1min_after": round(load[0], 2),
    }


NAMES = {
    "poll": "poll every second, 2 × 2 sync workers",
    "poll-cached": "poll every second, nginx caches the state 1 s, 2 × 2 sync workers",
    "sse-gevent": "SSE stream, 2 × 2 gevent workers",
    "sse-sync": "SSE stream, 2 × 2 sync workers",
}


def section(results: list[dict[str, Any]], day: str) -> str:
    """The table of PERFORMANCE.md's 'Polling or Server-Sent Events'."""
    lines = [
        f"Measured {day}, {results[0]['players']} phones, {results[0]['changes']} changes.",
        "",
        "| Variant | changes known (of all) | delay p50 / p99 / max s | later than 2 s"
        " | servers' CPU s per minute | CPU ms per phone-minute | CPU ms per poll served"
        " | responses | host's load after (1 min) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        d, st = r["delay_s"], r["statuses"]
        served = st.get("200", 0) + st.get("304", 0)
        per_poll = "–"
        if r["variant"].startswith("poll") and served:
            per_poll = f"{r['cpu_seconds_per_minute'] * r['window_s'] / 60 / served * 1000:.2f}"
        responses = ", ".join(f"{k}: {v:,}" for k, v in sorted(st.items()))
        lines.append(
            f"| {NAMES[r['variant']]} | {d['count']:,} of {d['expected']:,} | {d['p50']} /"
            f" {d['p99']} / {d['max']} | {d['over_2s']:,} | {r['cpu_seconds_per_minute']}"
            f" | {r.get('cpu_ms_per_phone_minute', '–')} | {per_poll} | {responses}"
            f" | {r['load_1min_after']} |"
        )
    return "\n".join(lines)


def _nginx_pids() -> list[int]:
    """nginx's master and its worker."""
    from bench.harness import DATA

    master = int((DATA / "nginx" / "nginx.pid").read_text())
    children = open(f"/proc/{master}/task/{master}/children").read().split()
    return [master, *(int(pid) for pid in children)]


def main(chosen: list[str]) -> None:
    """Seed one database, run each variant on it, write the results."""
    url = services.fresh_postgres("bench_sse")
    with services.redis() as redis_url:
        env = bench_env(url, REDIS_URL=redis_url, BEHIND_PROXY="1", **live.ENV)
        live.seed(env)
        results = []
        for variant in chosen or VARIANTS:
            print(f"== {variant}, {PLAYERS} phones", flush=True)
            results.append(run(variant, env))
            print(f"   {results[-1]}", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "sse-vs-poll.json"
    earlier = json.loads(out.read_text()) if out.exists() else []
    done = {r["variant"] for r in results}
    results = [r for r in earlier if r["variant"] not in done] + results
    out.write_text(json.dumps(results, indent=2))
    write_doc("ssevspoll", section(results, time.strftime("%Y-%m-%d", time.gmtime())))


if __name__ == "__main__":
    main(sys.argv[1:])
