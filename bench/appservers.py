"""The `servers` suite: gunicorn (sync workers) against granian (WSGI), measured side by side.

Both serve the app and the bare baselines with the same settings (2 worker processes, one
request at a time in each) on the same SQLite database; every probe of both servers runs in
each of the two interleaved rounds, so a busy moment of this shared host falls on both.
"""

import urllib.request
from pathlib import Path
from typing import Any

from bench import services
from bench.harness import DATA, SERVER_KINDS, WRK_ARGS, measure_all, probe
from bench.run import bench_env, fresh_sqlite, when
from bench.seed import seed_class

# What each server is asked, in this order, the bare endpoint before the app's own.
SCENARIOS = (
    ("hello", "Bare Flask: a constant string (the server's ceiling)"),
    ("page-base", "Bare Flask: render the question page's HTML as a template"),
    ("page", "Question page (one per page), HTML"),
    ("insert", "Bare Flask: one insert and commit"),
    ("save", "Save an answer, JSON API"),
)


def suite() -> dict[str, Any]:
    """Seed one class, start both servers (app and baseline each), measure every scenario."""
    url = fresh_sqlite("servers")
    page_dir = DATA / "servers-page"
    env = bench_env(
        url, BENCH_DATABASE=str(DATA / "servers.sqlite3"), BENCH_TEMPLATES=str(page_dir)
    )
    savers = services.SAVERS_PER_SIZE
    seed_class(url, env, students=1, savers=savers * len(SERVER_KINDS))
    specs = []
    for kind in SERVER_KINDS:
        specs += [
            (f"app-{kind}", "quizapp.wsgi:app", env, 2, kind),
            (f"baseline-{kind}", "bench.baseline:app", env, 2, kind),
        ]
    with services.servers(*specs) as started:
        cookie, path, html = services.question_page(started[0].url)
        services.write_page_template(page_dir, html)
        probes = []
        for n, kind in enumerate(SERVER_KINDS):
            app, base = started[2 * n], started[2 * n + 1]
            # Each server saves into attempts of its own, so neither overwrites the other's.
            lua, tsv = services.save_requests(
                app.url, range(n * savers + 1, (n + 1) * savers + 1), name=f"saves-{kind}"
            )
            session = {"Cookie": cookie, "User-Agent": services.USER_AGENT}
            urls = {
                "hello": (f"{base.url}/hello", None, None),
                "page-base": (f"{base.url}/page", None, None),
                "page": (f"{app.url}{path}", session, None),
                "insert": (f"{base.url}/insert", None, None),
                "save": (f"{app.url}/", None, [str(lua), str(tsv), "{run}"]),
            }
            _check_page(f"{app.url}{path}", session)
            _check_save(app.url, tsv)
            for key, name in SCENARIOS:
                target, headers, script = urls[key]
                probes.append(probe(f"{kind}: {name}", target, headers, script))
        found = measure_all(probes)
    by_kind = {
        kind: {key: found[n * len(SCENARIOS) + i] for i, (key, _) in enumerate(SCENARIOS)}
        for n, kind in enumerate(SERVER_KINDS)
    }
    ratios = {
        kind: {
            "page": rows["page"]["rps"] / rows["page-base"]["rps"],
            "save": rows["save"]["rps"] / rows["insert"]["rps"],
        }
        for kind, rows in by_kind.items()
    }
    return {
        "suite": "servers",
        "bytes": len(html),
        "results": by_kind,
        "ratios": ratios,
        "doc": _doc(by_kind, ratios, len(html)),
    }


def _check_page(url: str, headers: dict[str, str]) -> None:
    """The question page answers itself under this server (not a redirect to the login)."""
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as reply:
        if reply.status != 200 or reply.geturl() != url or b"csrf_token" not in reply.read():
            raise RuntimeError(f"{url} did not answer the question page")


def _check_save(url: str, tsv: Path) -> None:
    """The first save of the script is accepted under this server."""
    path, token, body = tsv.read_text(encoding="utf-8").splitlines()[0].split("\t")
    request = urllib.request.Request(url + path, data=body.encode(), method="PUT")
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as reply:
        if reply.status != 200:
            raise RuntimeError(f"saving through {url} answered {reply.status}")


def _doc(by_kind: dict[str, dict[str, Any]], ratios: dict[str, dict[str, float]], size: int):
    """The section of docs/PERFORMANCE.md: one row per scenario, both servers side by side."""
    first, second = SERVER_KINDS
    lines = [
        f"Measured {when()}: SQLite (WAL), each server with 2 worker processes (gunicorn `-k sync`,"
        " granian `--interface wsgi --blocking-threads 1`), `wrk "
        f"{' '.join(WRK_ARGS)}`, every probe of both servers in each of two interleaved rounds;"
        f" the question page is {size:,} bytes.",
        "",
        f"| Scenario | {first} req/s (run 1, run 2) | p99 ms | errors "
        f"| {second} req/s (run 1, run 2) | p99 ms | errors | {second} / {first} |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, name in SCENARIOS:
        cells = []
        for kind in SERVER_KINDS:
            runs = by_kind[kind][key]["runs"]
            cells += [
                f"{runs[0]['rps']:.0f}, {runs[1]['rps']:.0f}",
                f"{max(r['p99_ms'] for r in runs):.1f}",
                str(sum(r["errors"] for r in runs)),
            ]
        share = by_kind[second][key]["rps"] / by_kind[first][key]["rps"]
        lines.append(f"| {name} | {' | '.join(cells)} | {share:.2f}× |")
    lines += [
        "",
        "Ratios under the same server: question page vs its bare template "
        + ", ".join(f"{k} {r['page']:.0%}" for k, r in ratios.items())
        + "; saving an answer vs the bare insert "
        + ", ".join(f"{k} {r['save']:.0%}" for k, r in ratios.items())
        + ".",
    ]
    return "\n".join(lines)
