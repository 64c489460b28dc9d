"""The `gatehouse authorizer init` starters (python, node) under the attacks the review used on the
rest of Gatehouse — users copy these, so each must hold on its own:

- claims that are not strings (`scope` as a list, an object, a number): `context` stays scalar
  (API Gateway answers 500 for a non-scalar context value), through `gatehouse authorizer test`;
- key URLs: plain http to a non-loopback host, user info that makes a prefix check see
  `localhost`, look-alike hosts, a key server that redirects — all refused, the key server never
  (or only once, for the redirect) contacted;
- key rotation: an unknown `kid` fetches the keys again, at most once per 30 s (made-up `kid`s
  cannot flood the key server), and the keys expire after `JWKS_TTL`;
- `alg` confusion (HS256 with the public key, `none`, another key's algorithm, a shared-secret
  key in the set), signatures one byte short or long, and the audience rule (`aud` decides when
  present; `client_id` only without `aud`).

Each template runs in its own process (a warm Lambda: the module stays loaded) through a small
driver that takes a list of steps — an event, or a pause — and answers each.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from conftest import gatehouse_bin

ISSUER = "https://issuer.example.com"
AUDIENCE = "my-api"
ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/42"

PYTHON_DRIVER = r"""
import importlib.util, json, sys, time
spec = importlib.util.spec_from_file_location("authorizer", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
out = []
for step in json.load(sys.stdin):
    if "sleep" in step:
        time.sleep(step["sleep"])
        continue
    try:
        out.append({"ok": module.handler(step["event"], None)})
    except Exception as error:
        out.append({"error": str(error)})
print(json.dumps(out))
"""

NODE_DRIVER = r"""
const target = require(process.argv[1]);
let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', async () => {
  const out = [];
  for (const step of JSON.parse(input)) {
    if (step.sleep !== undefined) { await new Promise((r) => setTimeout(r, step.sleep * 1000)); continue; }
    try { out.push({ ok: await target.handler(step.event, {}) }); }
    catch (error) { out.push({ error: error.message }); }
  }
  process.stdout.write(JSON.stringify(out));
});
"""


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Keys:
    def __init__(self) -> None:
        self.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.rsa2 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ec = ec.generate_private_key(ec.SECP256R1())

    @staticmethod
    def jwk(key: Any, kid: str, alg: str) -> dict:
        algorithm = jwt.algorithms.RSAAlgorithm if alg.startswith(("RS", "PS")) else jwt.algorithms.ECAlgorithm
        out = json.loads(algorithm.to_jwk(key.public_key()))
        out.update(kid=kid, alg=alg, use="sig")
        return out

    def set_a(self) -> dict:
        return {"keys": [self.jwk(self.rsa, "rs-a", "RS256"), self.jwk(self.ec, "es-a", "ES256"),
                         self.jwk(self.rsa, "ps-a", "PS256")]}

    def set_b(self) -> dict:
        return {"keys": [self.jwk(self.rsa2, "rs-b", "RS256")]}

    def pem(self, key: Any) -> bytes:
        return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def claims(**overrides: Any) -> dict:
    now = int(time.time())
    out = {"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "iat": now - 60, "nbf": now - 60, "exp": now + 3600}
    out.update(overrides)
    return {k: v for k, v in out.items() if v is not DROP}


DROP = object()


def sign(key: Any, kid: str, alg: str = "RS256", **overrides: Any) -> str:
    return jwt.encode(claims(**overrides), key, algorithm=alg, headers={"kid": kid})


def event(token: str) -> dict:
    return {"type": "TOKEN", "authorizationToken": f"Bearer {token}", "methodArn": ARN}


class KeyServer:
    """Serves `documents` at /jwks.json one after another (the last one from then on), and a
    redirect to it at /redirect; counts every request by path."""

    def __init__(self, documents: list[dict]) -> None:
        self.documents = documents
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                with server.lock:
                    count = server.hits.get(self.path, 0)
                    server.hits[self.path] = count + 1
                if self.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", f"http://127.0.0.1:{server.port}/jwks.json")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path != "/jwks.json":
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = json.dumps(server.documents[min(count, len(server.documents) - 1)]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "KeyServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str = "/jwks.json") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture(scope="module")
def keys() -> Keys:
    return Keys()


@pytest.fixture(scope="module", params=["python", "node"])
def template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    language = request.param
    if language == "node" and shutil.which("node") is None:
        pytest.fail("node is not on PATH: the node template needs Node.js >= 16")
    folder = tmp_path_factory.mktemp(f"starter-{language}") / "auth"
    proc = subprocess.run(
        [gatehouse_bin(), "authorizer", "init", "--template", language, str(folder)], capture_output=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return language, folder


def run(template: tuple[str, Path], steps: list[dict], **settings: str) -> list[dict]:
    language, folder = template
    env = {k: v for k, v in os.environ.items() if k not in ("ISSUER", "AUDIENCE", "JWKS", "ALGORITHMS", "JWKS_TTL")}
    env.update(settings)
    if language == "python":
        args = [sys.executable, "-c", PYTHON_DRIVER, str(folder / "authorizer.py")]
    else:
        args = [shutil.which("node") or "node", "-e", NODE_DRIVER, str(folder / "index.js")]
    proc = subprocess.run(args, input=json.dumps(steps).encode(), capture_output=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    out = json.loads(proc.stdout)
    assert len(out) == len([s for s in steps if "event" in s])
    return out


def allowed(answer: dict) -> bool:
    return "ok" in answer and answer["ok"]["principalId"] == "alice"


def refused(answer: dict) -> bool:
    return answer == {"error": "Unauthorized"}


# --- context values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scope,expected",
    [
        ("pets/read pets/write", "pets/read pets/write"),
        (["pets/read", "pets/write"], "pets/read pets/write"),
        ([], ""),
        ({"pets": ["read"]}, '{"pets":["read"]}'),
        (7, 7),
        (True, True),
        (None, "null"),
        (["a", 1, {"b": 2}], '["a",1,{"b":2}]'),
        (DROP, ""),
    ],
    ids=["string", "list", "empty-list", "object", "number", "bool", "null", "mixed-list", "absent"],
)
def test_context_values_are_scalars(template: tuple[str, Path], keys: Keys, tmp_path: Path, scope: Any, expected: Any) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(keys.set_a()))
    answer = run(template, [{"event": event(sign(keys.rsa, "rs-a", scope=scope))}], JWKS=str(jwks))[0]
    assert allowed(answer), answer
    context = answer["ok"]["context"]
    assert context == {"scope": expected, "issuer": ISSUER}
    for value in context.values():
        assert isinstance(value, (str, int, float, bool)), context


def test_list_scope_through_gatehouse_is_allowed(template: tuple[str, Path], keys: Keys, tmp_path: Path) -> None:
    """The regression end to end: API Gateway (and `gatehouse authorizer test`) answer 500 for a
    non-scalar context value; a list `scope` now reaches the backend as one string."""
    language, folder = template
    # The template's default key file (the command runner gives the function a minimal
    # environment, so JWKS is not passed through).
    (folder / "jwks.json").write_text(json.dumps(keys.set_a()))
    interpreter = sys.executable if language == "python" else (shutil.which("node") or "node")
    script = {"python": "authorizer.py", "node": "index.js"}[language]
    config = json.loads((folder / "gatehouse-authorizers.json").read_text())
    entry = config["authorizers"]["jwt"]
    entry["function"] = {"command": [interpreter, str(folder / script)]}
    entry["resultTtlInSeconds"] = 0
    config_path = tmp_path / "authorizers.json"
    config_path.write_text(json.dumps(config))
    token = sign(keys.rsa, "rs-a", scope=["pets/read", "pets/write"])
    env = {k: v for k, v in os.environ.items() if k not in ("JWKS", "ISSUER", "AUDIENCE", "ALGORITHMS")}
    proc = subprocess.run(
        [gatehouse_bin(), "authorizer", "test", "--config", str(config_path), "--authorizer", "jwt",
         "--method-arn", ARN, "--token", f"Bearer {token}", "--output", "json", "--show-secrets"],
        capture_output=True, timeout=60, env=env,
    )
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, report
    assert report["decision"] == "Allow" and report["status"] == 200
    assert report["context"] == {"scope": "pets/read pets/write", "issuer": ISSUER}


# --- key URLs -------------------------------------------------------------------------------------


def test_loopback_http_key_url_works(template: tuple[str, Path], keys: Keys) -> None:
    with KeyServer([keys.set_a()]) as server:
        for host in ("127.0.0.1", "localhost"):
            url = f"http://{host}:{server.port}/jwks.json"
            answers = run(template, [{"event": event(sign(keys.rsa, "rs-a"))}], JWKS=url)
            assert allowed(answers[0]), (url, answers)


@pytest.mark.parametrize(
    "shape",
    [
        "http://example.invalid:{port}/jwks.json",  # plain http, not loopback
        "http://localhost.example.invalid:{port}/jwks.json",  # a look-alike of localhost
        "http://127.0.0.1.example.invalid:{port}/jwks.json",
        "http://localhost:{port}@127.0.0.1:{port}/jwks.json",  # user info: a prefix check sees localhost
        "http://[::1]:{port}@127.0.0.1:{port}/jwks.json",
        "http://127.0.0.1:{port}@example.invalid/jwks.json",
        "http://user:pass@127.0.0.1:{port}/jwks.json",
        "https://user@127.0.0.1:{port}/jwks.json",
        "http://127.0.0.1:{port}\\@example.invalid/jwks.json",
        "HTTP://example.invalid:{port}/jwks.json",
        "ftp://127.0.0.1:{port}/jwks.json",
        "file:///etc/passwd",
        "http://127.0.0.1:{port}/redirect",  # a redirect is not followed
    ],
)
def test_unsafe_key_urls_are_refused(template: tuple[str, Path], keys: Keys, shape: str) -> None:
    with KeyServer([keys.set_a()]) as server:
        url = shape.format(port=server.port)
        answers = run(template, [{"event": event(sign(keys.rsa, "rs-a"))}], JWKS=url)
        assert refused(answers[0]), (url, answers)
        # The keys were never served: a user-info URL never reached this server, a redirect
        # was not followed to /jwks.json.
        assert server.hits.get("/jwks.json", 0) == 0, (url, server.hits)


# --- rotation and caching ------------------------------------------------------------------------


def test_unknown_kid_refetches_once_rate_limited(template: tuple[str, Path], keys: Keys) -> None:
    with KeyServer([keys.set_a(), keys.set_b()]) as server:
        steps = [
            {"event": event(sign(keys.rsa, "rs-a"))},  # first fetch: set A
            {"event": event(sign(keys.rsa, "rs-a"))},  # cached
            {"event": event(sign(keys.rsa2, "rs-b"))},  # unknown kid: the issuer rotated, fetch again
            {"event": event(sign(keys.rsa2, "rs-b"))},  # cached
        ]
        # Made-up kids: at most one more fetch per 30 s, whatever their number.
        steps += [{"event": event(sign(keys.rsa, f"made-up-{n}"))} for n in range(6)]
        steps.append({"event": event(sign(keys.rsa, "rs-a"))})  # rotated out: refused
        answers = run(template, steps, JWKS=server.url())
        assert [allowed(a) for a in answers[:4]] == [True] * 4, answers
        assert all(refused(a) for a in answers[4:]), answers
        assert server.hits.get("/jwks.json") == 2, server.hits


def test_keys_expire_after_ttl(template: tuple[str, Path], keys: Keys) -> None:
    with KeyServer([keys.set_a()]) as server:
        steps = [{"event": event(sign(keys.rsa, "rs-a"))}, {"sleep": 1.3}, {"event": event(sign(keys.ec, "es-a", "ES256"))}]
        answers = run(template, steps, JWKS=server.url(), JWKS_TTL="1")
        assert all(allowed(a) for a in answers), answers
        assert server.hits.get("/jwks.json") == 2, server.hits


# --- tokens ---------------------------------------------------------------------------------------


def forged(keys: Keys) -> dict[str, str]:
    """Tokens that must all be refused."""
    header = lambda h: b64(json.dumps(h).encode())  # noqa: E731
    body = b64(json.dumps(claims()).encode())
    genuine = sign(keys.rsa, "rs-a")
    head, payload, signature = genuine.split(".")
    raw_signature = base64.urlsafe_b64decode(signature + "==")
    longer, zero_prefixed, shorter = raw_signature + b"\x00", b"\x00" + raw_signature, raw_signature[:-1]

    def hs(secret: bytes, h: dict) -> str:
        data = f"{header(h)}.{body}".encode()
        return f"{header(h)}.{body}.{b64(hmac.new(secret, data, hashlib.sha256).digest())}"

    return {
        "hs256-with-public-pem": hs(keys.pem(keys.rsa), {"alg": "HS256", "kid": "rs-a"}),
        "hs256-with-oct-key": hs(b"shared-secret-in-the-key-set-0123456789", {"alg": "HS256", "kid": "oct-1"}),
        "alg-none": f"{header({'alg': 'none', 'kid': 'rs-a'})}.{body}.",
        "alg-None-signed": f"{header({'alg': 'None', 'kid': 'rs-a'})}.{body}.{signature}",
        "rs256-header-es-key": sign(keys.rsa, "es-a"),
        "es256-header-rs-key": f"{header({'alg': 'ES256', 'kid': 'rs-a'})}.{payload}.{signature}",
        "ps256-for-rs-key": sign(keys.rsa, "rs-a", "PS256"),
        "no-kid": jwt.encode(claims(), keys.rsa, algorithm="RS256"),
        "signature-k+1": f"{head}.{payload}.{b64(longer)}",
        "signature-zero-prefixed": f"{head}.{payload}.{b64(zero_prefixed)}",
        "signature-k-1": f"{head}.{payload}.{b64(shorter)}",
        "crit": jwt.encode(claims(), keys.rsa, algorithm="RS256", headers={"kid": "rs-a", "crit": ["exp"]}),
        "wrong-aud-right-client-id": sign(keys.rsa, "rs-a", aud="someone-else", client_id=AUDIENCE),
        "aud-list-wrong": sign(keys.rsa, "rs-a", aud=["x", "y"], client_id=AUDIENCE),
        "aud-number": sign(keys.rsa, "rs-a", aud=7),
        "no-aud-wrong-client-id": sign(keys.rsa, "rs-a", aud=DROP, client_id="someone-else"),
        "no-aud-no-client-id": sign(keys.rsa, "rs-a", aud=DROP),
        "wrong-issuer": sign(keys.rsa, "rs-a", iss="https://issuer.example.com/"),
        "expired": sign(keys.rsa, "rs-a", exp=int(time.time()) - 10),
        "no-exp": sign(keys.rsa, "rs-a", exp=DROP),
        "exp-string": sign(keys.rsa, "rs-a", exp=str(int(time.time()) + 3600)),
        "not-yet-valid": sign(keys.rsa, "rs-a", nbf=int(time.time()) + 600),
        "issued-in-future": sign(keys.rsa, "rs-a", iat=int(time.time()) + 600),
        "no-sub": sign(keys.rsa, "rs-a", sub=DROP),
        "sub-number": sign(keys.rsa, "rs-a", sub=7),
        "another-key": sign(rsa.generate_private_key(public_exponent=65537, key_size=2048), "rs-a"),
        "ps256-leading-zero-stripped": stripped_pss(keys),
        "ps256-signature-longer": sign(keys.rsa, "ps-a", "PS256")[:-1] + "AAA",
    }


def stripped_pss(keys: Keys) -> str:
    """A PS256 token whose signature starts with a zero byte, with that byte dropped: the same
    number, one byte short (RFC 8017 §8.1.2 step 1 refuses it; OpenSSL's PSS check did not)."""
    for serial in range(5000):
        token = sign(keys.rsa, "ps-a", "PS256", jti=f"zero-{serial}")
        head, body, signature = token.split(".")
        raw = base64.urlsafe_b64decode(signature + "==")
        if raw[0] == 0:
            return f"{head}.{body}.{b64(raw[1:])}"
    raise AssertionError("no PS256 signature started with a zero byte in 5000")


def test_forged_tokens_are_refused(template: tuple[str, Path], keys: Keys, tmp_path: Path) -> None:
    document = keys.set_a()
    # A shared secret in the set must never be used (and must not stop the other keys working).
    document["keys"].append({"kty": "oct", "kid": "oct-1", "alg": "HS256", "k": b64(b"shared-secret-in-the-key-set-0123456789")})
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(document))
    tokens = forged(keys)
    names = list(tokens)
    steps = [{"event": event(tokens[name])} for name in names]
    steps += [
        {"event": event(sign(keys.rsa, "rs-a"))},
        {"event": event(sign(keys.ec, "es-a", "ES256"))},
        {"event": event(sign(keys.rsa, "ps-a", "PS256"))},
        {"event": event(sign(keys.rsa, "rs-a", aud=DROP, client_id=AUDIENCE))},  # a Cognito access token
        {"event": event(sign(keys.rsa, "rs-a", aud=["x", AUDIENCE], client_id="other"))},
    ]
    answers = run(template, steps, JWKS=str(jwks), ALGORITHMS="RS256,ES256,PS256,HS256")
    for name, answer in zip(names, answers):
        assert refused(answer), (name, answer)
    assert all(allowed(a) for a in answers[len(names):]), answers[len(names):]
