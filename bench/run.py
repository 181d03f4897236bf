"""make bench: seed the data, serve it (bench.harness.SERVER), load it, record the figures.

    python -m bench.run [suite ...]
    suites: leaderboard answers page class postgres nginx live servers

Every figure is measured twice, and each app endpoint is set beside a bare Flask endpoint
doing the same database work in the same run, reported as a ratio. Servers listen on
127.0.0.1 only and are stopped by their pid files, pass or fail; load runs are bounded.
PostgreSQL suites need BENCH_DATABASE_URL (make bench starts a throwaway cluster).
"""

import json
import os
import sys
import time
from datetime import UTC, datetime
from typing import Any

from bench import classroom, live, services
from bench.harness import (
    DATA,
    RESULTS,
    SERVER,
    WORKERS,
    WRK_ARGS,
    measure,
    measure_all,
    probe,
    table,
    write_doc,
)
from bench.seed import seed

SUITES = ("leaderboard", "answers", "page", "class", "postgres", "nginx", "live", "servers")


def bench_env(url: str, **extra: str) -> dict[str, str]:
    """The environment of the app under test."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "QUIZAPP_INSTANCE": str(DATA / "instance"),
        **extra,
    }


def fresh_sqlite(name: str) -> str:
    """A new, empty SQLite database file under bench/.data; its URL."""
    DATA.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (DATA / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{DATA / name}.sqlite3"


def when() -> str:
    """Today, for the tables."""
    return f"{datetime.now(UTC):%Y-%m-%d}"


def leaderboard_suite() -> dict[str, Any]:
    """The leaderboard at 100,000 students and 1,000,000 finished attempts."""
    url = fresh_sqlite("leaderboard")
    database = DATA / "leaderboard.sqlite3"
    env = bench_env(url, BENCH_DATABASE=str(database))
    started = time.monotonic()
    info = seed(database, env)
    seeded = time.monotonic() - started
    print(f"Seeded {info['students']:,} students, {info['attempts']:,} attempts in {seeded:.0f} s")
    with services.servers(
        ("app", "quizapp.wsgi:app", env), ("baseline", "bench.baseline:app", env)
    ) as (app, baseline):
        slug, board = info["slug"], info["board"]
        token = {"Authorization": f"Bearer {info['viewer_token']}"}
        base, *scenarios = measure_all(
            [
                probe(
                    "Bare Flask: one indexed top-50 query (baseline)",
                    f"{baseline.url}/top50/{board}",
                ),
                probe("Quiz board page, HTML", f"{app.url}/leaderboards/quizzes/{slug}"),
                probe("Quiz board, JSON", f"{app.url}/api/v1/leaderboards/quizzes/{slug}"),
                probe(
                    "Quiz board JSON with the viewer's own rank",
                    f"{app.url}/api/v1/leaderboards/quizzes/{slug}",
                    token,
                ),
                probe("Overall board page, HTML", f"{app.url}/leaderboards/overall"),
            ]
        )
    for scenario in scenarios:
        scenario["ratio"] = scenario["rps"] / base["rps"]
    suite = {
        "suite": "leaderboard",
        "seed_seconds": round(seeded),
        **info,
        "baseline": base,
        "scenarios": scenarios,
    }
    body = "\n".join(
        [
            f"Measured {when()} on this 2-core machine: SQLite (WAL), {SERVER} with 2 "
            f"{WORKERS}, `wrk {' '.join(WRK_ARGS)}`, each figure run twice; {info['students']:,} "
            f"students, {info['attempts']:,} finished attempts (seeded in {round(seeded)} s).",
            "",
            *table(scenarios, base),
        ]
    )
    return suite | {"doc": body}


def answers_suite() -> dict[str, Any]:
    """Saving an answer with 10,000, 100,000 and 1,000,000 answers already stored."""
    from bench.seed import grow_answers, seed_class

    url = fresh_sqlite("answers")
    database = DATA / "answers.sqlite3"
    env = bench_env(url, BENCH_DATABASE=str(database))
    sizes = [
        int(s) for s in os.environ.get("BENCH_ANSWER_SIZES", "10000,100000,1000000").split(",")
    ]
    savers = services.SAVERS_PER_SIZE
    seed_class(url, env, students=0, savers=savers * len(sizes))
    rows = []
    for n, size in enumerate(sizes):
        stored = grow_answers(database, size)
        print(f"  {stored:,} answers stored", flush=True)
        with services.servers(
            ("app", "quizapp.wsgi:app", env), ("baseline", "bench.baseline:app", env)
        ) as (app, baseline):
            lua, tsv = services.save_requests(app.url, range(n * savers + 1, (n + 1) * savers + 1))
            base, saves = measure_all(
                [
                    probe(
                        f"Bare Flask: one insert and commit ({stored:,} stored)",
                        f"{baseline.url}/insert",
                    ),
                    probe(
                        f"Save an answer, JSON API ({stored:,} answers stored)",
                        f"{app.url}/",
                        script=[str(lua), str(tsv), "{run}"],
                    ),
                ]
            )
        rows.append(
            {
                "stored": stored,
                "baseline": base,
                "scenario": saves,
                "ratio": saves["rps"] / base["rps"],
            }
        )
    figures = [row["scenario"]["rps"] for row in rows]
    spread = max(figures) / min(figures) - 1
    # The bare insert writes to a table of its own that does not grow, so the ratio to it,
    # measured in the same rounds, takes the host's drift out of the comparison.
    ratios = [row["ratio"] for row in rows]
    relative_spread = max(ratios) / min(ratios) - 1
    lines = [
        f"Measured {when()}: SQLite (WAL), {SERVER} with 2 {WORKERS}, `wrk {' '.join(WRK_ARGS)}`"
        f" with a Lua script that PUTs answers of {savers:,} open attempts (20 questions each,"
        " bearer tokens, abuse limits on), each figure run twice. Target: at least 50% of the"
        " bare insert, and the three app figures within 20% of each other.",
        "",
        "| Answers stored | Save an answer, req/s (run 1, run 2) | p99 ms | errors"
        " | Bare insert req/s | vs baseline |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        s, b = row["scenario"], row["baseline"]
        lines.append(
            f"| {row['stored']:,} | {s['runs'][0]['rps']:.0f}, {s['runs'][1]['rps']:.0f} | "
            f"{max(r['p99_ms'] for r in s['runs']):.1f} | {sum(r['errors'] for r in s['runs'])} | "
            f"{b['rps']:.0f} | {row['ratio']:.0%} |"
        )
    lines += [
        "",
        f"Spread (largest over smallest): {spread:.0%} in requests per second;"
        f" {relative_spread:.0%} as a share of the bare insert measured in the same rounds.",
    ]
    return {
        "suite": "answers",
        "rows": rows,
        "spread": spread,
        "relative_spread": relative_spread,
        "doc": "\n".join(lines),
    }


def page_suite() -> dict[str, Any]:
    """A question page against a bare template of the same size."""
    from bench.seed import seed_class

    url = fresh_sqlite("page")
    page_dir = DATA / "page"
    env = bench_env(url, BENCH_DATABASE=str(DATA / "page.sqlite3"), BENCH_TEMPLATES=str(page_dir))
    seed_class(url, env, students=1, savers=0)
    with services.servers(("app", "quizapp.wsgi:app", env)) as (app,):
        cookie, path, html = services.question_page(app.url)
    services.write_page_template(page_dir, html)
    with services.servers(
        ("app", "quizapp.wsgi:app", env), ("baseline", "bench.baseline:app", env)
    ) as (app, baseline):
        base, scenario = measure_all(
            [
                probe(
                    f"Bare Flask: render a {len(html):,}-byte template (baseline)",
                    f"{baseline.url}/page",
                ),
                probe(
                    "Question page (one per page), HTML",
                    f"{app.url}{path}",
                    {"Cookie": cookie, "User-Agent": services.USER_AGENT},
                ),
            ]
        )
    ratio = scenario["rps"] / base["rps"]
    body = "\n".join(
        [
            f"Measured {when()}: SQLite (WAL), {SERVER} with 2 {WORKERS}, "
            f"`wrk {' '.join(WRK_ARGS)}`,"
            " a logged-in student's question page of an open attempt. Target: at least 40%.",
            "",
            *table([scenario], base),
        ]
    )
    return {
        "suite": "page",
        "bytes": len(html),
        "baseline": base,
        "scenario": scenario,
        "ratio": ratio,
        "doc": body,
    }


def servers_suite() -> dict[str, Any]:
    """gunicorn against granian, each with its bare baselines (bench/appservers.py)."""
    from bench import appservers

    return appservers.suite()


def class_suite() -> dict[str, Any]:
    """Logins, then the class burst, on SQLite with 2 workers; memory and start time."""
    from bench.seed import seed_class

    url = fresh_sqlite("class")
    env = bench_env(url, BENCH_DATABASE=str(DATA / "class.sqlite3"))
    seed_class(url, env, students=classroom.STUDENTS, savers=0)
    starts = services.start_times(env)
    with services.servers(
        ("app", "quizapp.wsgi:app", env), ("baseline", "bench.baseline:app", env)
    ) as (app, baseline):
        login = classroom.repeated([classroom.logins(app.url) for _ in range(2)])
        print(
            f"  logins: {login['completed']} of {classroom.STUDENTS}, {login['errors']} errors",
            flush=True,
        )
        sessions = login["sessions"]
        (DATA / "sessions.json").write_text(json.dumps(sessions), encoding="utf-8")
        burst = classroom.bursts(app.url, sessions)
        memory = app.worker_rss_mb()
        base = measure("Bare Flask: one insert and commit (baseline)", f"{baseline.url}/insert")
    check = classroom.audit(url, burst)
    print(
        f"  burst: {burst['requests']} requests in {burst['wall_seconds']} s, "
        f"{burst['errors']} errors, {check}",
        flush=True,
    )
    return {
        "suite": "class",
        "students": classroom.STUDENTS,
        "start_seconds": starts,
        "worker_rss_mb": memory,
        "login": classroom.summary(login),
        "burst": classroom.summary(burst),
        "audit": check,
        "baseline": base,
    }


def postgres_suite(sessions: list[dict[str, Any]]) -> dict[str, Any]:
    """The class burst on PostgreSQL with 4 workers."""
    from bench.seed import seed_class

    url = services.fresh_postgres("bench_class")
    env = bench_env(url)
    seed_class(url, env, students=classroom.STUDENTS, savers=0)
    with services.servers(("pg-app", "quizapp.wsgi:app", env, 4)) as (app,):
        burst = classroom.bursts(app.url, sessions)
        memory = app.worker_rss_mb()
    check = classroom.audit(url, burst)
    print(
        f"  postgres burst: {burst['wall_seconds']} s, {burst['errors']} errors, {check}",
        flush=True,
    )
    return {
        "suite": "postgres",
        "workers": 4,
        "worker_rss_mb": memory,
        "burst": classroom.summary(burst),
        "audit": check,
    }


def nginx_suite(sessions: list[dict[str, Any]]) -> dict[str, Any]:
    """Two gunicorn instances behind nginx, sharing PostgreSQL and Redis; the class burst."""
    from bench.seed import seed_class

    url = services.fresh_postgres("bench_nginx")
    with services.redis() as redis_url:
        env = bench_env(url, REDIS_URL=redis_url, BEHIND_PROXY="1")
        savers = services.SAVERS_PER_SIZE
        seed_class(url, env, students=classroom.STUDENTS, savers=2 * savers)
        with services.servers(
            ("one", "quizapp.wsgi:app", env), ("two", "quizapp.wsgi:app", env)
        ) as (one, two):
            with services.nginx([one.port, two.port]) as proxy:
                burst = classroom.bursts(proxy, sessions)
                limits = services.shared_limit_check(proxy)
                # Capacity: saving answers on one instance directly, then on both through nginx.
                lua, direct = services.save_requests(one.url, range(1, savers + 1), "direct")
                capacity = {
                    "one": measure(
                        "Save an answer, one instance",
                        one.url + "/",
                        script=[str(lua), str(direct), "{run}"],
                    ),
                }
                lua, proxied = services.save_requests(
                    proxy, range(savers + 1, 2 * savers + 1), "proxied"
                )
                capacity["two"] = measure(
                    "Save an answer, two instances behind nginx",
                    proxy + "/",
                    script=[str(lua), str(proxied), "{run}"],
                )
            served = services.requests_served([one, two])  # nginx writes its log out at stop
    check = classroom.audit(url, burst)
    print(
        f"  nginx burst: {burst['wall_seconds']} s, {burst['errors']} errors, {check}", flush=True
    )
    return {
        "suite": "nginx",
        "burst": classroom.summary(burst),
        "audit": check,
        "served_by_instance": served,
        "capacity": capacity,
        "shared_limit": limits,
    }


def live_suite() -> dict[str, Any]:
    """A live session: PLAYERS phones, the host pacing the questions, on each deploy shape;
    then the poll beside a bare Flask read of the same row."""
    sizes = [int(n) for n in os.environ.get("BENCH_LIVE_PLAYERS", "500,2000").split(",")]
    shapes = os.environ.get("BENCH_LIVE_SHAPES", "sqlite,nginx").split(",")
    # A 2,000-phone run takes a quarter of an hour on this host: each (shape, size) may be run on
    # its own, and the runs of other shapes and sizes kept from earlier invocations stay.
    earlier = RESULTS / "live.json"
    kept = json.loads(earlier.read_text()) if earlier.exists() else {}
    runs = [
        r for r in kept.get("runs", []) if (r["shape"], r["players"]) not in
        {(shape, players) for shape in shapes for players in sizes}
    ]  # fmt: skip
    for shape in shapes:
        for players in sizes:
            print(f"  {shape}, {players} players", flush=True)
            before = os.getloadavg()
            result, url = _live_run(shape, players)
            result["audit"] = live.audit(url, result)
            result["shape"], result["day"] = shape, when()
            # The host is shared: the load average beside each figure says how busy it was.
            result["load"] = {"before": before, "after": os.getloadavg()}
            del result["confirmed"]
            print(f"    {result['see_question']}, {result['audit']}", flush=True)
            runs.append(result)
    poll = _live_poll() if os.environ.get("BENCH_LIVE_POLL", "1") == "1" else kept.get("poll")
    suite = {"suite": "live", "runs": runs, "poll": poll}
    return suite | {"doc": live.section(suite, when())}


def _live_run(shape: str, players: int) -> tuple[dict[str, Any], str]:
    """One session on one shape: SQLite and one gunicorn, or PostgreSQL, Redis and two
    gunicorns behind nginx. The result and the database's URL."""
    if shape == "sqlite":
        url = fresh_sqlite(f"live-{players}")
        env = bench_env(url, **live.ENV)
        live.seed(env)
        with services.servers(("app", "quizapp.wsgi:app", env)) as (app,):
            return live.play(app.url, players), url
    url = services.fresh_postgres(f"bench_live_{players}")
    with services.redis() as redis_url:
        env = bench_env(url, REDIS_URL=redis_url, BEHIND_PROXY="1", **live.ENV)
        live.seed(env)
        with services.servers(
            ("one", "quizapp.wsgi:app", env), ("two", "quizapp.wsgi:app", env)
        ) as (one, two):
            with services.nginx([one.port, two.port]) as proxy:
                return live.play(proxy, players), url


def _live_poll() -> dict[str, Any]:
    """The players' poll (unchanged: 304; changed: 200) beside the bare read, with wrk."""
    import urllib.request

    url = fresh_sqlite("live-poll")
    database = DATA / "live-poll.sqlite3"
    env = bench_env(url, BENCH_DATABASE=str(database), **live.ENV)
    live.seed(env)
    with services.servers(
        ("app", "quizapp.wsgi:app", env), ("baseline", "bench.baseline:app", env)
    ) as (app, baseline):
        session = live.Host(app.url).session
        with urllib.request.urlopen(f"{app.url}/live/{session}/state", timeout=10) as reply:
            etag = {"If-None-Match": reply.headers["ETag"]}
        base, *scenarios = measure_all(
            [
                probe(
                    "Bare Flask: the same one-row read, unchanged: 304 (baseline)",
                    f"{baseline.url}/live-state/{session}",
                    etag,
                ),
                probe("Live poll, unchanged: 304", f"{app.url}/live/{session}/state", etag),
                probe("Live poll, changed: 200 JSON", f"{app.url}/live/{session}/state"),
            ]
        )
    for scenario in scenarios:
        scenario["ratio"] = scenario["rps"] / base["rps"]
    return {"baseline": base, "scenarios": scenarios, "table": table(scenarios, base)}


def targets() -> str:
    """The table of targets and measured figures, from every results file there is."""
    found = {p.stem: json.loads(p.read_text()) for p in RESULTS.glob("*.json")}
    rows: list[tuple[str, str, str, bool]] = []

    def row(what: str, target: str, measured: str, met: bool) -> None:
        rows.append((what, target, measured, met))

    if (c := found.get("class")) is not None:
        b, a, login = c["burst"], c["audit"], c["login"]
        row(
            f"Class burst, {c['students']:,} students, SQLite",
            "within 60 s, 0 errors, 0 lost, p99 < 250 ms",
            f"{b['wall_seconds']} s, {b['errors']} errors, {a['lost'] + a['changed']} lost,"
            f" p99 {b['p99_ms']} ms",
            b["wall_seconds"] <= 60
            and b["errors"] == b["incomplete"] == a["lost"] == a["changed"] == 0
            and a["answers_stored"] == a["answers_sent"]
            and b["p99_ms"] < 250,
        )
        row(
            f"Logins, {c['students']:,} over five minutes",
            "0 errors",
            f"{login['completed']:,} logged in, {login['errors']} errors",
            login["errors"] == login["incomplete"] == 0,
        )
        rss = max(c["worker_rss_mb"])
        row("Memory per worker after the burst", "< 120 MB", f"{rss} MB", rss < 120)
        start = c["start_seconds"]["median"]
        row("App server start to first answer", "< 0.5 s", f"{start} s", start < 0.5)
    if (a := found.get("answers")) is not None and "relative_spread" in a:
        worst = min(r["ratio"] for r in a["rows"])
        row(
            "Saving an answer vs a bare insert",
            "≥ 50%",
            ", ".join(f"{r['ratio']:.0%} at {r['stored']:,}" for r in a["rows"]),
            worst >= 0.5,
        )
        row(
            "Saving an answer, flat as data grows",
            "within 20%",
            f"{a['relative_spread']:.0%} apart as a share of the bare insert"
            f" ({a['spread']:.0%} in req/s)",
            a["relative_spread"] <= 0.2,
        )
    if (p := found.get("page")) is not None:
        row("Question page vs a bare template", "≥ 40%", f"{p['ratio']:.0%}", p["ratio"] >= 0.4)
    if (lb := found.get("leaderboard")) is not None:
        page = lb["scenarios"][0]
        row(
            "Leaderboard page at 1,000,000 attempts vs a bare top-50 query",
            "≥ 50%",
            f"{page['ratio']:.0%}",
            page["ratio"] >= 0.5,
        )
    for name, label in (("postgres", "PostgreSQL, 4 workers"), ("nginx", "nginx, 2 instances")):
        if (r := found.get(name)) is not None:
            b, a = r["burst"], r["audit"]
            row(
                f"Class burst, {label}",
                "0 errors, 0 lost",
                f"{b['wall_seconds']} s, {b['errors']} errors, {a['lost'] + a['changed']} lost,"
                f" p99 {b['p99_ms']} ms",
                b["errors"] == b["incomplete"] == a["lost"] == a["changed"] == 0
                and a["answers_stored"] == a["answers_sent"],
            )
    for run in (found.get("live") or {}).get("runs", []):
        see, a = run["see_question"], run["audit"]
        save = run["by_request"].get("POST answer", {}).get("p99_ms", 0.0)
        measured = (
            f"{see['over_2s']} of {see['count']} later than 2 s (max {see['max_s']} s),"
            f" {see['never_seen']} never seen; save p99 {save} ms;"
            f" {a['lost']} lost, {a['double']} double, {a['changed']} changed"
        )
        if run["host"].get("failed"):
            measured = (
                f"{run['joined']:,} of {run['players']:,} joined; the host's page timed out"
                " in the lobby: no question asked"
            )
        row(
            f"Live session, {run['players']:,} players, {run['shape']}",
            "each question on every phone within 2 s; answer save p99 < 250 ms; 0 lost or double",
            measured + f" (load {live._load(run.get('load', {}).get('before'))} before)",
            not run["host"].get("failed")
            and see["over_2s"] == see["never_seen"] == 0
            and save < 250
            and a["lost"] == a["double"] == a["changed"] == a["extra"] == 0,
        )
    lines = ["| What | Target | Measured | Met |", "|---|---|---|---|"]
    lines += [f"| {w} | {t} | {m} | {'yes' if ok else '**no**'} |" for w, t, m, ok in rows]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    """Run the chosen suites (all by default); write bench/results/*.json and PERFORMANCE.md."""
    chosen = argv or list(SUITES)
    unknown = set(chosen) - set(SUITES)
    if unknown:
        sys.exit(f"unknown suite: {', '.join(sorted(unknown))}; choose from {', '.join(SUITES)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for name in chosen:
        print(f"== {name}", flush=True)
        if name in ("postgres", "nginx"):
            sessions = json.loads((DATA / "sessions.json").read_text(encoding="utf-8"))
            result = (postgres_suite if name == "postgres" else nginx_suite)(sessions)
        else:
            result = globals()[f"{name}_suite"]()
        results[name] = result
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, default=str))
        if "doc" in result:
            write_doc(name, result["doc"])
    if {"class", "postgres", "nginx"} & set(chosen):
        write_doc("class", classroom.section(RESULTS))
    write_doc("targets", targets())


if __name__ == "__main__":
    main(sys.argv[1:])
