"""Abuse limits: password guessing, registration, answer saving and API tokens; Redis shares
the counts between app servers."""

import shutil
import socket
import subprocess
import time

import pytest

from quizapp import create_app
from quizapp.extensions import db
from tests.accounts import AuthActions, csrf_token

SMALL = {
    "LIMIT_LOGIN_ACCOUNT": "3 per minute",
    "LIMIT_LOGIN_ADDRESS": "100 per minute",
    "LIMIT_REGISTER": "2 per hour",
    "LIMIT_ANSWERS": "5 per minute",
    "LIMIT_TOKENS": "2 per minute",
    "LIMIT_TOKENS_ADDRESS": "4 per minute",
    "RATELIMIT_STORAGE_URI": "memory://",
}


@pytest.mark.ratelimits(**SMALL)
def test_guessing_a_password_is_slowed_with_a_clear_429_page(app, client, auth):
    auth.make_user("student")
    for _ in range(3):
        assert auth.login("student", "wrong guess").status_code == 200
    limited = auth.login("student", "correct horse")
    assert limited.status_code == 429
    html = limited.get_data(as_text=True)
    assert "<h1>Too many requests</h1>" in html and "wait a moment" in html
    assert limited.headers.get("Retry-After")
    # Another account from the same address is not locked out by it.
    auth.make_user("other")
    assert auth.login("other", "correct horse").status_code == 302


# One account, spelt as login reads it: padded, with control or zero-width characters,
# in capitals, or in full-width look-alike letters (NFKC folds them to "victim").
SPELLINGS = ["victim\x01", " victim ", "VICTIM", "vic\x02tim", "vic\u200btim", "ｖｉｃｔｉｍ"]


@pytest.mark.ratelimits(**SMALL)
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_a_login_name_counts_against_one_limit(app, client, auth, spelling):
    auth.make_user("victim")
    for _ in range(3):
        assert auth.login(spelling, "wrong guess").status_code == 200
    assert auth.login("victim", "correct horse").status_code == 429
    assert auth.login(spelling, "correct horse").status_code == 429


@pytest.mark.ratelimits(**SMALL)
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_a_name_counts_against_one_token_limit(app, client, auth, spelling):
    auth.make_user("victim")
    for _ in range(2):
        guess = client.post("/api/v1/tokens", json={"username": spelling, "password": "wrong"})
        assert guess.status_code == 401
    right = {"username": "victim", "password": "correct horse"}
    assert client.post("/api/v1/tokens", json=right).status_code == 429
    assert client.post("/api/v1/tokens", json={**right, "username": spelling}).status_code == 429


@pytest.mark.ratelimits(**SMALL)
def test_token_requests_from_one_address_are_limited_whatever_the_names(app, client, auth):
    codes = [
        client.post("/api/v1/tokens", json={"username": f"name{n}", "password": "guess"})
        for n in range(5)
    ]
    assert [c.status_code for c in codes] == [401] * 4 + [429]


@pytest.mark.ratelimits(**SMALL)
def test_registrations_from_one_address_are_limited(client, auth):
    assert auth.register("first").status_code == 302
    auth.logout()
    assert auth.register("second").status_code == 302
    auth.logout()
    assert auth.register("third").status_code == 429


@pytest.mark.ratelimits(**SMALL)
def test_api_tokens_are_limited_with_a_json_429(app, client, auth):
    auth.make_user("student")
    body = {"username": "student", "password": "correct horse"}
    for _ in range(2):
        assert client.post("/api/v1/tokens", json=body).status_code == 201
    limited = client.post("/api/v1/tokens", json=body)
    assert limited.status_code == 429 and limited.get_json()["status"] == 429


@pytest.mark.ratelimits(**SMALL)
def test_answer_saving_is_limited_per_account(app, client, auth):
    from tests.quizzes import first_of_type, load_bank, make_quiz

    load_bank(app, with_builtins=False)
    make_quiz(app, question_ids=first_of_type("true_false"))
    auth.make_user("student")
    auth.login()
    token = csrf_token(client, "/quizzes/test-quiz")
    started = client.post("/quizzes/test-quiz/start", data={"csrf_token": token})
    attempt = started.headers["Location"].rsplit("/", 1)[-1]
    url = f"/attempts/{attempt}/questions/1"
    codes = [
        client.post(url, data={"csrf_token": token, "answer": "true", "action": "save"}).status_code
        for _ in range(6)
    ]
    assert codes[:5] == [302] * 5 and codes[5] == 429


@pytest.mark.ratelimits(**SMALL)
def test_api_answer_saving_is_limited_per_token_not_per_address(app, auth):
    """Two students with bearer tokens behind one address each get their own allowance."""
    from tests.quizzes import first_of_type, load_bank, make_quiz

    load_bank(app, with_builtins=False)
    make_quiz(app, question_ids=first_of_type("true_false"), published=True)
    codes = {}
    for name in ("ann", "bob"):
        auth.make_user(name)
        client = app.test_client()
        reply = client.post("/api/v1/tokens", json={"username": name, "password": "correct horse"})
        token = {"Authorization": f"Bearer {reply.get_json()['token']}"}
        attempt = client.post("/api/v1/quizzes/test-quiz/attempts", headers=token).get_json()
        url = f"/api/v1/attempts/{attempt['id']}/answers/{attempt['questions'][0]['number']}"
        codes[name] = [
            client.put(url, json={"response": True}, headers=token).status_code for _ in range(6)
        ]
        assert client.put(url, json={"response": True}, headers=token).get_json()["status"] == 429
    assert codes == {"ann": [200] * 5 + [429], "bob": [200] * 5 + [429]}


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway Redis on 127.0.0.1, stopped by its pid file."""
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: scripts/install-system-deps installs it"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    pidfile = tmp_path / "redis.pid"
    subprocess.run(
        [
            server,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--pidfile",
            str(pidfile),
            "--dir",
            str(tmp_path),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        if pidfile.exists():
            break
        time.sleep(0.1)
    subprocess.run(["kill", pidfile.read_text().strip()], check=False)


def test_two_app_servers_share_the_limits_through_redis(app, redis_url, tmp_path, monkeypatch):
    settings = {
        **SMALL,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": redis_url,
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
    }
    first, second = create_app(settings), create_app(settings)
    AuthActions(first, first.test_client()).make_user("student")
    codes = []
    for server in (first, second, first, second):
        client = server.test_client()
        codes.append(AuthActions(server, client).login("student", "wrong").status_code)
    assert codes == [200, 200, 200, 429]
    with first.app_context():
        db.engine.dispose()
    with second.app_context():
        db.engine.dispose()


def test_counting_in_memory_starts_no_thread_per_request_and_counts_expire():
    """limits' MemoryStorage started a timer thread per count; ProcessMemory sweeps inline."""
    import threading

    from limits import parse
    from limits.strategies import FixedWindowRateLimiter

    from quizapp.limits import ProcessMemory, storage_for

    storage = storage_for("memory://")
    assert isinstance(storage, ProcessMemory)
    limiter, once = FixedWindowRateLimiter(storage), parse("1 per second")
    time.sleep(0.05)  # the one timer MemoryStorage's constructor starts has run
    threads = threading.active_count()
    for n in range(5):
        assert limiter.hit(once, "test", f"key{n}")
        assert not limiter.hit(once, "test", f"key{n}")
        assert threading.active_count() <= threads  # MemoryStorage's timer would be running
        time.sleep(0.02)  # past the 10 ms after which MemoryStorage started another timer
    time.sleep(1.05)
    assert limiter.hit(once, "test", "key0")  # the window passed: counted afresh
    assert "key1" not in str(list(storage.storage))  # and the sweep freed the others
