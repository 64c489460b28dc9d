"""Remote endpoints (issue 16: A6, C12, C13, C14, C15), through the CLI.

Every path that talks to another machine — `jwt verify --jwks URL` (single and batch), a
`jwtBearer` key URL, OIDC discovery (the issuer and its `jwks_uri`), the Lambda Invoke runner and
token introspection — goes through one transport with one rule:

- the URL is judged on its parsed host: https anywhere, plain http only to 127.0.0.0/8, [::1] or
  `localhost`; user names/passwords, numeric IPv4 spellings, trailing dots and other ambiguous
  shapes are refused before any connection (the server here must see no request);
- redirects are never followed (the error names the Location);
- one deadline covers the whole exchange: a server that sends its head and then trickles the body
  one byte per 200 ms is cut off at the deadline;
- a key set from a URL never contributes `oct` (shared secret) keys; a local file may.

Servers listen on 127.0.0.1 free ports and are stopped by each test, also on failure.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from conftest import gatehouse_bin
from jwt_helpers import AUDIENCE, ISSUER, NOW_ISO, KeyRing, b64url, claims, mint_pyjwt

METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"
REMOTE = "203.0.113.9"  # TEST-NET-3: never routed, never connected to


# --- a server whose every path behaves as the test says -------------------------------------


@dataclass
class Behaviour:
    kind: str  # "json", "redirect", "trickle"
    body: bytes = b""
    status: int = 200
    location: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Server:
    base: str
    port: int
    routes: dict[str, Behaviour]
    hits: list[str]


@contextlib.contextmanager
def server(routes: dict[str, Behaviour] | None = None) -> Iterator[Server]:
    routes = {} if routes is None else routes
    hits: list[str] = []
    stopping = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            path = self.path.split("?")[0]
            hits.append(path)
            behaviour = routes.get(path)
            if behaviour is None:
                self.send_error(404)
                return
            if behaviour.kind == "redirect":
                self.send_response(behaviour.status)
                self.send_header("Location", behaviour.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if behaviour.kind == "trickle":
                # The head at once, then one byte per 200 ms of a body far longer than any deadline.
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                # Under every size cap (64 KiB introspection), so only the deadline can stop it.
                self.send_header("Content-Length", "20000")
                self.end_headers()
                self.wfile.flush()
                try:
                    while not stopping.is_set():
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.2)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
                return
            self.send_response(behaviour.status)
            for name, value in behaviour.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(behaviour.body)))
            self.end_headers()
            self.wfile.write(behaviour.body)

        do_GET = answer  # noqa: N815 (http.server's naming)
        do_POST = answer  # noqa: N815

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    port = httpd.server_address[1]
    try:
        yield Server(f"http://127.0.0.1:{port}", port, routes, hits)
    finally:
        stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def run(args: list[str], timeout: float = 60, **kwargs: Any) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    proc = subprocess.run([gatehouse_bin(), *args], capture_output=True, timeout=timeout, **kwargs)
    return proc, time.monotonic() - started


def verify_args(token: str, jwks: str) -> list[str]:
    return ["jwt", "verify", "--token", token, "--jwks", jwks, "--now", NOW_ISO, "--issuer", ISSUER,
            "--audience", AUDIENCE, "--output", "json"]


def authorizer_run(
    tmp: Path, function: dict, token: str = "Bearer some-token", timeout_seconds: int = 10, env: dict | None = None
) -> tuple[subprocess.CompletedProcess, float]:
    config = tmp / f"authorizers-{time.monotonic_ns()}.json"
    config.write_text(json.dumps({"authorizers": {"a": {
        "type": "TOKEN", "identitySource": "method.request.header.Authorization", "resultTtlInSeconds": 0,
        "timeoutSeconds": timeout_seconds, "function": function}}}))
    return run(["authorizer", "test", "--config", str(config), "--authorizer", "a", "--method-arn", METHOD_ARN,
                "--token", token, "--output", "json", "--show-secrets"],
               env={**os.environ, **(env or {})})


def report(proc: subprocess.CompletedProcess) -> dict:
    out = json.loads(proc.stdout)
    return out[0] if isinstance(out, list) else out


@pytest.fixture(scope="module")
def keys() -> KeyRing:
    return KeyRing.generate()


# --- C12: URL shapes judged on the parsed host -------------------------------------------------

# Each would reach the test's server (127.0.0.1) through a lenient parser, or names another machine
# over plain http; every one must be refused before any connection. `{p}` is the server's port.
REFUSED_SHAPES = [
    "http://localhost:x@127.0.0.1:{p}/jwks.json",  # userinfo: the review's spelling
    "http://127.0.0.1:{p}@127.0.0.1:{p}/jwks.json",
    "http://[::1]:1@127.0.0.1:{p}/jwks.json",
    "http://user:secret-pw@127.0.0.1:{p}/jwks.json",
    "https://user@127.0.0.1:{p}/jwks.json",
    "http://2130706433:{p}/jwks.json",  # 127.0.0.1 to inet_aton
    "http://0x7f000001:{p}/jwks.json",
    "http://0x7f.1:{p}/jwks.json",
    "http://127.1:{p}/jwks.json",
    "http://0177.0.0.1:{p}/jwks.json",
    "http://127.0.0.1.:{p}/jwks.json",
    "http://localhost.:{p}/jwks.json",
    "http://%31%32%37.0.0.1:{p}/jwks.json",
    "http://127.0.0.1:0{p}/jwks.json",
    "http://127.0.0.1:{p}\\@evil.test/jwks.json",
    "http://evil.test#@127.0.0.1:{p}/jwks.json",
    "http://[::1%25lo]:{p}/jwks.json",
    "http://localhost.evil.test/jwks.json",  # the review's prefix trick
    f"http://{REMOTE}/jwks.json",
    f"HTTP://{REMOTE}/jwks.json",
    "ftp://127.0.0.1:{p}/jwks.json",
]


@pytest.mark.parametrize("shape", REFUSED_SHAPES)
def test_jwks_url_shapes_refused_before_any_connection(keys: KeyRing, shape: str) -> None:
    token = mint_pyjwt(keys["RS256"], claims("shape"))
    body = json.dumps(keys.jwks()).encode()
    with server({"/jwks.json": Behaviour("json", body)}) as served:
        url = shape.replace("{p}", str(served.port))
        proc, _ = run(verify_args(token, url))
        assert proc.returncode == 2, (url, proc.returncode, proc.stdout, proc.stderr)
        assert served.hits == [], f"{url} reached the server"
        stderr = proc.stderr.decode()
        assert "secret-pw" not in stderr and "x@" not in stderr, stderr
        # Batch: the same source is a line's error, and still nothing is fetched.
        line = {"token": token, "jwks": url, "now": NOW_ISO, "issuer": ISSUER, "audience": AUDIENCE}
        batch = subprocess.run([gatehouse_bin(), "jwt", "verify", "--batch"], input=(json.dumps(line) + "\n").encode(),
                               capture_output=True, timeout=60)
        answer = json.loads(batch.stdout.decode().split("\n")[0])
        assert answer["valid"] is False, (url, answer)
        assert served.hits == [], f"{url} reached the server from a batch line"


@pytest.mark.parametrize("shape", ["http://127.0.0.1:{p}/jwks.json", "http://localhost:{p}/jwks.json",
                                   "HTTP://LocalHost:{p}/jwks.json"])
def test_loopback_http_urls_are_accepted(keys: KeyRing, shape: str) -> None:
    token = mint_pyjwt(keys["RS256"], claims("loopback"))
    with server({"/jwks.json": Behaviour("json", json.dumps(keys.jwks()).encode())}) as served:
        url = shape.replace("{p}", str(served.port))
        proc, _ = run(verify_args(token, url))
        assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
        assert served.hits == ["/jwks.json"]


@pytest.mark.parametrize("jwks_uri", ["http://localhost.evil.test/keys", f"http://{REMOTE}/keys",
                                      "http://localhost:x@evil.test/keys", "http://2130706433:{p}/keys",
                                      "ftp://127.0.0.1:{p}/keys", "keys.json"])
def test_discovery_refuses_a_plain_http_remote_jwks_uri(keys: KeyRing, tmp_path: Path, jwks_uri: str) -> None:
    token = mint_pyjwt(keys["RS256"], claims("discovery"))
    with server() as served:
        issuer = served.base
        served.routes["/.well-known/openid-configuration"] = Behaviour(
            "json", json.dumps({"issuer": issuer, "jwks_uri": jwks_uri.replace("{p}", str(served.port))}).encode())
        served.routes["/keys"] = Behaviour("json", json.dumps(keys.jwks()).encode())
        function = {"jwtBearer": {"issuer": issuer, "discovery": True, "audiences": [AUDIENCE]}}
        proc, _ = authorizer_run(tmp_path, function, token=f"Bearer {token}")
        assert proc.returncode == 2, proc.stdout.decode() + proc.stderr.decode()
        assert "jwks_uri" in proc.stderr.decode(), proc.stderr.decode()
        assert "/keys" not in served.hits

        # The control: a loopback jwks_uri is used.
        served.routes["/.well-known/openid-configuration"] = Behaviour(
            "json", json.dumps({"issuer": issuer, "jwks_uri": f"{issuer}/keys"}).encode())
        proc, _ = authorizer_run(tmp_path, function, token=f"Bearer {token}")
        assert "/keys" in served.hits, proc.stdout.decode() + proc.stderr.decode()


@pytest.mark.parametrize("issuer", [f"http://{REMOTE}", "http://localhost.evil.test", "http://u:p@127.0.0.1:1"])
def test_discovery_refuses_a_plain_http_remote_issuer(tmp_path: Path, issuer: str) -> None:
    function = {"jwtBearer": {"issuer": issuer, "discovery": True, "audiences": [AUDIENCE]}}
    proc, elapsed = authorizer_run(tmp_path, function)
    assert proc.returncode == 2 and "issuer" in proc.stderr.decode(), proc.stderr.decode()
    assert elapsed < 10


@pytest.mark.parametrize("kind", ["lambda", "introspection", "jwks"])
@pytest.mark.parametrize("url", [f"http://{REMOTE}:3001", "http://localhost.evil.test", "http://x@127.0.0.1:{p}",
                                 "http://localhost:pw@127.0.0.1:{p}", "http://2130706433:{p}", "http://127.1:{p}",
                                 "http://localhost.:{p}", "http://[::1]:1@127.0.0.1:{p}"])
def test_authorizer_config_urls_follow_the_rule(tmp_path: Path, kind: str, url: str) -> None:
    with server() as served:
        url = url.replace("{p}", str(served.port))
        for path in ("/2015-03-31/functions/auth/invocations", "/introspect", "/jwks.json"):
            served.routes[path] = Behaviour("json", b'{"active": true, "aud": "api", "keys": []}')
        function = {
            "lambda": {"lambda": {"endpoint": url, "name": "auth"}},
            "introspection": {"introspection": {"endpoint": url + "/introspect", "clientId": "gw",
                                                "audiences": ["api"]}},
            "jwks": {"jwtBearer": {"issuer": ISSUER, "jwks": url + "/jwks.json", "audiences": [AUDIENCE]}},
        }[kind]
        proc, _ = authorizer_run(tmp_path, function, env={"GATEHOUSE_INTROSPECTION_SECRET": "sekrit"})
        assert proc.returncode == 2, proc.stdout.decode() + proc.stderr.decode()
        stderr = proc.stderr.decode()
        assert any(reason in stderr.lower() for reason in ("plain http", "user name or password", "ipv4", "end with")), stderr
        assert "sekrit" not in stderr and "pw@" not in stderr, stderr
        assert served.hits == [], f"{url} reached the server"


# --- C13: redirects are never followed ------------------------------------------------------


REDIRECT_TARGETS = [f"http://{REMOTE}/jwks.json", "http://127.0.0.1:{p}/jwks.json", "https://issuer.test/jwks.json",
                    "/jwks.json"]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("target", REDIRECT_TARGETS)
def test_jwks_url_redirects_are_not_followed(keys: KeyRing, status: int, target: str) -> None:
    token = mint_pyjwt(keys["RS256"], claims("redirect"))
    with server({"/jwks.json": Behaviour("json", json.dumps(keys.jwks()).encode())}) as served:
        location = target.replace("{p}", str(served.port))
        served.routes["/moved"] = Behaviour("redirect", status=status, location=location)
        proc, _ = run(verify_args(token, f"{served.base}/moved"))
        assert proc.returncode == 2, proc.stdout.decode() + proc.stderr.decode()
        stderr = proc.stderr.decode()
        assert "redirect" in stderr and location in stderr, stderr
        assert served.hits == ["/moved"], served.hits


def bearer(keys: KeyRing, kind: str) -> str:
    """The Authorization value for `kind`: a well-formed token for jwtBearer, whose keys are fetched
    only for a token that parses (a malformed one is refused with 401 before any fetch)."""
    if kind == "jwks":
        return "Bearer " + mint_pyjwt(keys["RS256"], claims("remote"))
    return "Bearer some-token"


@pytest.mark.parametrize("kind", ["lambda", "introspection", "jwks"])
def test_authorizer_redirects_are_not_followed(tmp_path: Path, kind: str, keys: KeyRing) -> None:
    with server() as served:
        for path in ("/2015-03-31/functions/auth/invocations", "/introspect", "/jwks.json"):
            served.routes[path] = Behaviour("redirect", status=307, location=f"http://{REMOTE}{path}")
        function = {
            "lambda": {"lambda": {"endpoint": served.base, "name": "auth"}},
            "introspection": {"introspection": {"endpoint": served.base + "/introspect", "clientId": "gw",
                                                "audiences": ["api"]}},
            "jwks": {"jwtBearer": {"issuer": ISSUER, "jwks": served.base + "/jwks.json", "audiences": [AUDIENCE]}},
        }[kind]
        proc, _ = authorizer_run(tmp_path, function, token=bearer(keys, kind),
                                 env={"GATEHOUSE_INTROSPECTION_SECRET": "sekrit"})
        assert proc.returncode == 1, proc.stdout.decode() + proc.stderr.decode()
        answer = report(proc)
        assert answer["status"] == 500, answer
        assert len(served.hits) >= 1 and all(hit in served.routes for hit in served.hits), served.hits


def test_discovery_redirect_is_not_followed(tmp_path: Path) -> None:
    with server() as served:
        served.routes["/.well-known/openid-configuration"] = Behaviour(
            "redirect", status=302, location=f"http://{REMOTE}/.well-known/openid-configuration")
        function = {"jwtBearer": {"issuer": served.base, "discovery": True, "audiences": [AUDIENCE]}}
        proc, _ = authorizer_run(tmp_path, function)
        assert proc.returncode == 2 and "redirect" in proc.stderr.decode(), proc.stderr.decode()


# --- A6: one deadline for the whole exchange ------------------------------------------------


def test_trickled_jwks_is_cut_off_at_the_deadline(keys: KeyRing) -> None:
    token = mint_pyjwt(keys["RS256"], claims("trickle"))
    with server({"/jwks.json": Behaviour("trickle")}) as served:
        proc, elapsed = run(verify_args(token, f"{served.base}/jwks.json"), timeout=40)
        assert proc.returncode == 2, proc.stdout.decode() + proc.stderr.decode()
        assert "no complete response within" in proc.stderr.decode(), proc.stderr.decode()
        # The documented bound is 5 s for the whole exchange; a body trickled for 5.5 hours would
        # otherwise hold the process. 4 s of slack for a debug build's start-up.
        assert 4.5 <= elapsed < 9, f"took {elapsed:.1f} s"


@pytest.mark.parametrize("kind", ["lambda", "introspection", "jwks"])
def test_trickled_authorizer_bodies_are_cut_off_at_the_deadline(tmp_path: Path, kind: str, keys: KeyRing) -> None:
    with server() as served:
        for path in ("/2015-03-31/functions/auth/invocations", "/introspect", "/jwks.json"):
            served.routes[path] = Behaviour("trickle")
        function = {
            "lambda": {"lambda": {"endpoint": served.base, "name": "auth"}},
            "introspection": {"introspection": {"endpoint": served.base + "/introspect", "clientId": "gw",
                                                "audiences": ["api"]}},
            "jwks": {"jwtBearer": {"issuer": ISSUER, "jwks": served.base + "/jwks.json", "audiences": [AUDIENCE]}},
        }[kind]
        proc, elapsed = authorizer_run(tmp_path, function, token=bearer(keys, kind), timeout_seconds=2,
                                       env={"GATEHOUSE_INTROSPECTION_SECRET": "sekrit"})
        assert proc.returncode == 1, proc.stdout.decode() + proc.stderr.decode()
        answer = report(proc)
        assert answer["status"] == 500, answer
        assert "within" in answer["reason"], answer["reason"]
        # The function's timeout is 2 s (a remote key set's fetch 1.5 s), for the whole exchange;
        # the body alone would take over an hour.
        assert 1.4 <= elapsed < 6, f"{kind}: took {elapsed:.1f} s"
        assert served.hits, "the server was never asked"


def test_trickled_discovery_is_cut_off_at_the_deadline(tmp_path: Path) -> None:
    with server({"/.well-known/openid-configuration": Behaviour("trickle")}) as served:
        function = {"jwtBearer": {"issuer": served.base, "discovery": True, "audiences": [AUDIENCE]}}
        proc, elapsed = authorizer_run(tmp_path, function)
        assert proc.returncode == 2 and "within" in proc.stderr.decode(), proc.stderr.decode()
        # Discovery's bound is 1.5 s for the whole exchange.
        assert 1.4 <= elapsed < 5, f"took {elapsed:.1f} s"


def test_oversized_jwks_body_is_refused_while_reading(keys: KeyRing) -> None:
    token = mint_pyjwt(keys["RS256"], claims("big"))
    big = b'{"keys":[],"pad":"' + b"x" * 10_000_000 + b'"}'
    with server({"/jwks.json": Behaviour("json", big)}) as served:
        proc, elapsed = run(verify_args(token, f"{served.base}/jwks.json"), timeout=40)
        assert proc.returncode == 2 and "150000 bytes" in proc.stderr.decode(), proc.stderr.decode()
        assert elapsed < 9


# --- C14: shared secrets never come from a URL -------------------------------------------------


def oct_jwk(kid: str, secret: bytes) -> dict:
    return {"kty": "oct", "kid": kid, "alg": "HS256", "k": b64url(secret)}


def test_oct_keys_from_urls_are_refused_and_from_files_allowed(keys: KeyRing, tmp_path: Path) -> None:
    hs = keys["HS256"]
    rs = keys["RS256"]
    hs_token = mint_pyjwt(hs, claims("oct"))
    rs_token = mint_pyjwt(rs, claims("rs"))
    only_oct = {"keys": [oct_jwk(hs.kid, hs.private)]}
    mixed = {"keys": [oct_jwk(hs.kid, hs.private), rs.public_jwk()]}
    single = oct_jwk(hs.kid, hs.private)  # a single JWK, not a set
    with server({"/oct.json": Behaviour("json", json.dumps(only_oct).encode()),
                 "/mixed.json": Behaviour("json", json.dumps(mixed).encode()),
                 "/single.json": Behaviour("json", json.dumps(single).encode())}) as served:
        for path in ("/oct.json", "/single.json"):
            proc, _ = run(verify_args(hs_token, served.base + path))
            assert proc.returncode == 2 and "oct" in proc.stderr.decode(), proc.stderr.decode()
        proc, _ = run(verify_args(hs_token, served.base + "/mixed.json"))
        assert proc.returncode == 1, proc.stdout.decode() + proc.stderr.decode()
        proc, _ = run(verify_args(rs_token, served.base + "/mixed.json"))
        assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()

        # Batch lines with a URL: the same.
        lines = [{"token": hs_token, "jwks": served.base + path, "now": NOW_ISO, "issuer": ISSUER,
                  "audience": AUDIENCE} for path in ("/oct.json", "/mixed.json", "/single.json")]
        lines.append({"token": rs_token, "jwks": served.base + "/mixed.json", "now": NOW_ISO, "issuer": ISSUER,
                      "audience": AUDIENCE})
        batch = subprocess.run([gatehouse_bin(), "jwt", "verify", "--batch"],
                               input="".join(json.dumps(line) + "\n" for line in lines).encode(),
                               capture_output=True, timeout=60)
        answers = [json.loads(l) for l in batch.stdout.decode().split("\n") if l.strip()]
        assert [a["valid"] for a in answers] == [False, False, False, True], answers

    # A local file (the operator's own secret) may carry an oct key, as documented.
    local = tmp_path / "oct.json"
    local.write_text(json.dumps(only_oct))
    proc, _ = run(verify_args(hs_token, str(local)))
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    inline = {"token": hs_token, "jwks": only_oct, "now": NOW_ISO, "issuer": ISSUER, "audience": AUDIENCE}
    batch = subprocess.run([gatehouse_bin(), "jwt", "verify", "--batch"], input=(json.dumps(inline) + "\n").encode(),
                           capture_output=True, timeout=60)
    assert json.loads(batch.stdout.decode().split("\n")[0])["valid"] is True, batch.stdout


def test_oct_keys_from_a_jwt_bearer_key_url_are_refused(keys: KeyRing, tmp_path: Path) -> None:
    hs = keys["HS256"]
    token = mint_pyjwt(hs, claims("bearer-oct"))
    with server({"/jwks.json": Behaviour("json", json.dumps({"keys": [oct_jwk(hs.kid, hs.private)]}).encode())}) as s:
        function = {"jwtBearer": {"issuer": ISSUER, "jwks": s.base + "/jwks.json", "audiences": [AUDIENCE]}}
        proc, _ = authorizer_run(tmp_path, function, token=f"Bearer {token}")
        assert proc.returncode == 1, proc.stdout.decode() + proc.stderr.decode()
        assert report(proc)["decision"] != "Allow"
        assert "/jwks.json" in s.hits


# --- C15: introspection end to end ------------------------------------------------------------


@pytest.mark.parametrize("answer,allowed", [
    ({"active": True, "sub": "alice", "aud": "api"}, True),
    ({"active": True, "sub": "alice", "aud": ["x", "api"]}, True),
    ({"active": True, "sub": "alice", "aud": "some-other-api"}, False),  # the regression
    ({"active": True, "sub": "alice"}, False),
    ({"active": "true", "sub": "alice", "aud": "api"}, False),
    ({"active": True, "sub": "alice", "aud": "api", "exp": 1000}, False),
    ({"active": True, "sub": "alice", "aud": 7}, False),
])
def test_introspection_checks_audience_and_activity(tmp_path: Path, answer: dict, allowed: bool) -> None:
    with server({"/introspect": Behaviour("json", json.dumps(answer).encode())}) as served:
        function = {"introspection": {"endpoint": served.base + "/introspect", "clientId": "gw",
                                      "audiences": ["api"]}}
        proc, _ = authorizer_run(tmp_path, function, env={"GATEHOUSE_INTROSPECTION_SECRET": "sekrit"})
        got = report(proc)
        assert (got["decision"] == "Allow") == allowed, got
        assert served.hits == ["/introspect"]


def test_introspection_needs_audiences(tmp_path: Path) -> None:
    function = {"introspection": {"endpoint": "https://issuer.test/introspect", "clientId": "gw"}}
    proc, _ = authorizer_run(tmp_path, function, env={"GATEHOUSE_INTROSPECTION_SECRET": "sekrit"})
    assert proc.returncode == 2 and "audiences" in proc.stderr.decode(), proc.stderr.decode()
