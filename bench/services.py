"""The parts a suite stands up and tears down: app servers, PostgreSQL databases, Redis, nginx.

Everything listens on 127.0.0.1 and is stopped by its pid, pass or fail.
"""

import contextlib
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from bench.harness import DATA, ROOT, Server, free_port
from bench.seed import CLASS_PASSWORD, SAVER_TOKEN

SAVERS_PER_SIZE = int(os.environ.get("BENCH_SAVERS", 2000))
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
USER_AGENT = "quizapp-bench"


@contextlib.contextmanager
def servers(*specs: tuple) -> Iterator[list[Server]]:
    """Start app servers (name, target, env[, workers[, kind]]); wait until they answer; stop
    them all."""
    started: list[Server] = []
    try:
        for name, target, env, *workers in specs:
            started.append(Server(name, target, env, *workers))
        for server in started:
            server.wait("/hello" if "baseline" in server.name else "/healthz")
        yield started
    finally:
        for server in started:
            server.stop()


def start_times(env: dict[str, str], runs: int = 5) -> dict[str, Any]:
    """Seconds from launching the app server (2 workers) to the first answer of /healthz.

    Taken after os.sync(), so the writeback of the data just seeded does not run beside it.
    """
    os.sync()
    times = []
    for _ in range(runs):
        server = Server("start", "quizapp.wsgi:app", env)
        try:
            times.append(round(server.wait("/healthz"), 3))
        finally:
            server.stop()
    return {"runs": times, "median": statistics.median(times)}


def _call(url: str, method: str, token: str, body: Any = None) -> Any:
    """One JSON API call with a bearer token."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.loads(reply.read())


def save_requests(url: str, savers: Iterable[int], name: str = "saves") -> tuple[Path, Path]:
    """Start a full test for each saver; write one PUT per question of each attempt to a file."""
    # Not bench.loadgen's answer_for: importing locust (gevent's patching) after this process
    # has loaded ssl recurses forever.
    from quizapp.core.kinds import kind_of

    rng = random.Random()

    def start(n: int) -> list[str]:
        token = SAVER_TOKEN.format(n=n)
        attempt = _call(f"{url}/api/v1/quizzes/full-test/attempts", "POST", token)
        return [
            f"/api/v1/attempts/{attempt['id']}/answers/{q['number']}\t{token}\t"
            + json.dumps({"response": kind_of(q["type"]).any_response(q, rng)})
            for q in attempt["questions"]
        ]

    with ThreadPoolExecutor(4) as pool:
        lines = [line for lines in pool.map(start, savers) for line in lines]
    path = DATA / f"{name}.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ROOT / "bench" / "saves.lua", path


def question_page(url: str) -> tuple[str, str, str]:
    """Log in as class00001, start a one-per-page quiz; the cookie, the page's path and HTML."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    # wrk then sends the same User-Agent: the session's login check compares it.
    opener.addheaders = [("User-Agent", USER_AGENT)]

    def form(path: str, fields: dict[str, str]) -> tuple[str, str]:
        with opener.open(url + path, timeout=30) as page:
            token = CSRF.search(page.read().decode())[1]
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        target = fields.pop("_target", path)
        with opener.open(url + target, data=data, timeout=30) as reply:
            return reply.geturl(), reply.read().decode()

    form("/auth/login", {"username": "class00001", "password": CLASS_PASSWORD})
    slug = "reading-the-article-critically"
    landed, html = form(f"/quizzes/{slug}", {"_target": f"/quizzes/{slug}/start"})
    path = urllib.parse.urlsplit(landed).path
    if "/questions/" not in path:
        raise RuntimeError(f"starting the quiz landed on {landed}")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, path, html


def write_page_template(folder: Path, html: str) -> None:
    """The question page's HTML as a Jinja template of the same size (its title a variable)."""
    folder.mkdir(parents=True, exist_ok=True)
    if "{{" in html or "{%" in html:
        raise RuntimeError("the page holds Jinja syntax; cannot use it as a template")
    template = re.sub(r"<title>.*?</title>", "<title>{{ title }}</title>", html, count=1)
    (folder / "page.html").write_text(template, encoding="utf-8")


def fresh_postgres(name: str) -> str:
    """A new, empty database on the PostgreSQL of BENCH_DATABASE_URL; its URL."""
    import psycopg

    server = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not server:
        raise RuntimeError("set BENCH_DATABASE_URL (make bench starts a throwaway PostgreSQL)")
    parts = urllib.parse.urlsplit(server)
    plain = parts._replace(scheme="postgresql").geturl()
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return parts._replace(path=f"/{name}").geturl()


@contextlib.contextmanager
def redis() -> Iterator[str]:
    """A redis-server on 127.0.0.1 without persistence; its URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


NGINX_CONF = """\
worker_processes 1;
# Every browser holds a kept-alive connection and each request a second one upstream: a class
# of 2,000 needs more than 4,096, or nginx closes idle ones under the browsers' next request.
worker_rlimit_nofile 16384;
pid {data}/nginx.pid;
error_log {data}/error.log warn;
daemon off;
events {{ worker_connections 8192; }}
http {{
  log_format upstream "$upstream_addr $status";
  access_log {data}/access.log upstream buffer=256k;
  client_body_temp_path {data}/body;
  proxy_temp_path {data}/proxy;
  fastcgi_temp_path {data}/fastcgi;
  uwsgi_temp_path {data}/uwsgi;
  scgi_temp_path {data}/scgi;
  upstream quizapp {{
{servers}
  }}
{cache_path}
  server {{
    listen 127.0.0.1:{port};
{cached}
    location / {{
      proxy_pass http://quizapp;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;
    }}
  }}
}}
"""


# Measured by bench/ssevspoll.py, not the deploy shape: nginx answers the players' poll of a
# live session from a one-second cache (the same JSON for every player of a session), so the
# app serves about one poll a second per session whatever the room's size.
STATE_CACHE_PATH = "  proxy_cache_path {data}/cache keys_zone=livestate:1m max_size=10m;"
STATE_CACHE = """\
    location ~ ^/live/[0-9]+/state$ {{
      proxy_pass http://quizapp;
      proxy_cache livestate;
      proxy_cache_key $uri;
      proxy_cache_valid 200 1s;
      proxy_cache_lock on;
      proxy_cache_use_stale updating;
      proxy_ignore_headers Cache-Control Expires;
      proxy_set_header Host $http_host;
    }}"""


def nginx_binary() -> str:
    """Debian's nginx."""
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found is None:
        raise RuntimeError("nginx is not installed: scripts/install-system-deps nginx")
    return found


@contextlib.contextmanager
def nginx(ports: list[int], cache_state: bool = False) -> Iterator[str]:
    """nginx on 127.0.0.1 in front of the given app servers (round robin); its URL.

    cache_state: answer live sessions' state polls from a one-second cache (STATE_CACHE)."""
    folder = DATA / "nginx"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    port = free_port()
    upstreams = "\n".join(f"    server 127.0.0.1:{p};" for p in ports)
    conf = folder / "nginx.conf"
    cache_path = STATE_CACHE_PATH.format(data=folder) if cache_state else ""
    conf.write_text(
        NGINX_CONF.format(
            data=folder,
            servers=upstreams,
            port=port,
            cache_path=cache_path,
            cached=STATE_CACHE.format() if cache_state else "",
        )
    )
    process = subprocess.Popen(
        [nginx_binary(), "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "stderr.log", "w"),  # noqa: SIM115
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"nginx did not start; see {folder}") from None
                time.sleep(0.05)
        yield url
    finally:
        pidfile = folder / "nginx.pid"
        try:
            os.kill(int(pidfile.read_text()), 15)
        except (OSError, ValueError):
            process.terminate()
        process.wait(timeout=10)


def requests_served(app_servers: list[Server]) -> dict[str, int]:
    """How many requests nginx sent to each app server (from its access log, flushed at stop)."""
    log = DATA / "nginx" / "access.log"
    counts = Counter(line.split()[0] for line in log.read_text().splitlines() if line.strip())
    return {s.name: counts.get(f"127.0.0.1:{s.port}", 0) for s in app_servers}


def shared_limit_check(url: str, tries: int = 12) -> dict[str, Any]:
    """Token requests for one login name through nginx: the limit (10 a minute) holds across
    both app servers only if they share their counts in Redis."""
    statuses = []
    for _ in range(tries):
        request = urllib.request.Request(
            f"{url}/api/v1/tokens",
            data=json.dumps({"username": "class00002", "password": "wrong"}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                statuses.append(reply.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
            error.close()
    return {"statuses": statuses, "first_429": statuses.index(429) + 1 if 429 in statuses else None}
