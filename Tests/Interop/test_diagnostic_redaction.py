"""Presigned credentials never print in diagnostics (issue 16, F24), whichever command prints them:
`authorizer test`'s reason, event and response (text and JSON), `jwt verify --batch` messages and
`verify --explain`'s canonical request (text, JSON and batch). Gatehouse.main already redacted the
errors it prints itself; these sinks print their own text and used to show a redirect's
`Location`, a function's error message or a presigned request's session token in full.

Every spelling of the two secret names is swept (exact, lower/upper case, percent-encoded in
either hex case, double-encoded); the access key id in `X-Amz-Credential` is kept. Servers listen
on 127.0.0.1 and are closed by the test.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import threading

import pytest

from conftest import gatehouse_bin

SIG = "LEAKSIGNATURE0123456789abcdef"
TOK = "LEAKSESSIONTOKEN+/abc=="
TOK_Q = "LEAKSESSIONTOKEN%2B%2Fabc%3D%3D"

# Spellings a server could read as the two secret parameters.
SIG_NAMES = ["X-Amz-Signature", "x-amz-signature", "X-AMZ-SIGNATURE", "X-Amz-Signatur%65", "%58-Amz-Signature",
             "X-Amz-Signatur%2565", "X%2dAmz%2dSignature"]
TOK_NAMES = ["X-Amz-Security-Token", "x-amz-security-token", "X-Amz-Security-Toke%6E", "X-Amz-Security-Toke%6e",
             "%2558-Amz-Security-Token"]
SPELLINGS = [(s, t) for s in SIG_NAMES for t in TOK_NAMES[:1]] + [(SIG_NAMES[0], t) for t in TOK_NAMES[1:]]


def leaked(text: str) -> bool:
    return SIG in text or "LEAKSESSIONTOKEN" in text


def location(sig_name: str, tok_name: str) -> str:
    return (f"https://bucket.s3.amazonaws.com/k?X-Amz-Credential=AKIDKEPT%2F20260101%2Fus-east-1%2Fs3%2Faws4_request"
            f"&{tok_name}={TOK_Q}&{sig_name}={SIG}")


class Server:
    """Answers every request as `answer(path)` says: (status, headers, body)."""

    def __init__(self, answer):
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def handle_any(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, headers, body = answer(self.path)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = handle_any

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def redirecting():
    servers = []

    def make(sig_name, tok_name, status=307):
        server = Server(lambda path: (status, [("Location", location(sig_name, tok_name))], b""))
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


def run(args, stdin=None, env=None):
    proc = subprocess.run([gatehouse_bin(), *args], input=stdin, capture_output=True, text=True, timeout=60,
                          env=env or {"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    return proc


def authorizer_config(tmp_path, function, kind="TOKEN", source="method.request.header.Authorization"):
    path = tmp_path / "authorizers.json"
    path.write_text(json.dumps({"authorizers": {"a": {"type": kind, "identitySource": source,
                                                      "function": function}}}))
    return str(path)


ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"


@pytest.mark.parametrize("sig_name,tok_name", SPELLINGS)
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_authorizer_test_redirect_location_redacted(tmp_path, redirecting, sig_name, tok_name, status):
    server = redirecting(sig_name, tok_name, status)
    config = authorizer_config(tmp_path, {"lambda": {"endpoint": f"http://127.0.0.1:{server.port}", "name": "f"}})
    for output in ("text", "json"):
        proc = run(["authorizer", "test", "--config", config, "--authorizer", "a", "--method-arn", ARN,
                    "--token", "tok-0123456789", "--output", output])
        assert proc.returncode == 1, proc.stderr
        assert "redirect" in proc.stdout and "AKIDKEPT" in proc.stdout, proc.stdout
        assert not leaked(proc.stdout + proc.stderr), proc.stdout


@pytest.mark.parametrize("sig_name,tok_name", SPELLINGS[:3])
def test_authorizer_test_key_url_redirect_redacted(tmp_path, redirecting, sig_name, tok_name):
    server = redirecting(sig_name, tok_name)
    config = authorizer_config(tmp_path, {"jwtBearer": {"issuer": "https://issuer.example.com",
                                                        "audiences": ["api"],
                                                        "jwks": f"http://127.0.0.1:{server.port}/jwks.json"}})
    token = "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJzdWIiOiJ4In0.c2ln"
    for output in ("text", "json"):
        proc = run(["authorizer", "test", "--config", config, "--authorizer", "a", "--method-arn", ARN,
                    "--token", token, "--output", output])
        assert not leaked(proc.stdout + proc.stderr), proc.stdout


def test_authorizer_test_function_error_and_event_redacted(tmp_path):
    """A function's error message quoting a presigned URL, and non-identity query parameters and
    headers carrying one (rawQueryString, queryStringParameters, a Referer), print redacted."""
    message = "failed fetching " + location("X-Amz-Signature", "X-Amz-Security-Token")
    body = json.dumps({"errorMessage": message, "errorType": "Error"}).encode()
    server = Server(lambda path: (200, [("X-Amz-Function-Error", "Unhandled")], body))
    try:
        config = authorizer_config(tmp_path, {"lambda": {"endpoint": f"http://127.0.0.1:{server.port}", "name": "f"}},
                                   kind="REQUEST", source="method.request.header.X-Tenant")
        for output in ("text", "json"):
            proc = run(["authorizer", "test", "--config", config, "--authorizer", "a", "--method-arn", ARN,
                        "--header", "X-Tenant: acme", "--header", "Referer: " + location("x-amz-signature",
                                                                                           "X-Amz-Security-Token"),
                        "--query", f"X-Amz-Signature={SIG}", "--query", f"x-amz-security-token={TOK_Q}",
                        "--query", "X-Amz-Credential=AKIDKEPT", "--output", output])
            assert proc.returncode == 1, proc.stderr
            assert "AKIDKEPT" in proc.stdout and "queryStringParameters" in proc.stdout, proc.stdout
            assert not leaked(proc.stdout + proc.stderr), proc.stdout
        # --show-secrets shows what was sent.
        proc = run(["authorizer", "test", "--config", config, "--authorizer", "a", "--method-arn", ARN,
                    "--header", "X-Tenant: acme", "--query", f"X-Amz-Signature={SIG}", "--output", "json",
                    "--show-secrets"])
        assert SIG in proc.stdout
    finally:
        server.close()


@pytest.mark.parametrize("sig_name,tok_name", SPELLINGS)
def test_jwt_verify_batch_key_url_redirect_redacted(redirecting, sig_name, tok_name):
    server = redirecting(sig_name, tok_name)
    url = f"http://127.0.0.1:{server.port}/jwks.json"
    line = json.dumps({"token": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "jwks": url}) + "\n"
    proc = run(["jwt", "verify", "--batch"], stdin=line)
    assert "redirect" in proc.stdout and "AKIDKEPT" in proc.stdout, proc.stdout
    assert not leaked(proc.stdout + proc.stderr), proc.stdout
    # The single form (printed by Gatehouse.main) agrees.
    proc = run(["jwt", "verify", "--token", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "--jwks", url])
    assert proc.returncode == 2 and "redirect" in proc.stderr
    assert not leaked(proc.stdout + proc.stderr), proc.stderr


CREDS = {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
         "token": "LEAKSESSIONTOKEN+/abc=="}


def signed(presign: bool) -> str:
    env = {"PATH": os.environ.get("PATH", ""), "AWS_ACCESS_KEY_ID": CREDS["access_key_id"],
           "AWS_SECRET_ACCESS_KEY": CREDS["secret_access_key"], "AWS_SESSION_TOKEN": CREDS["token"],
           "AWS_REGION": "us-east-1", "HOME": "/nonexistent"}
    args = ["sign", "https://example.com/x?a=1", "--service", "s3", "--s3", "--output", "json",
            "--timestamp", "2026-01-01T00:00:00Z"]
    proc = run(args + (["--presign"] if presign else []), env=env)
    assert proc.returncode == 0, proc.stderr
    # Tamper with the signed query so the signature no longer matches.
    return json.loads(proc.stdout)["signedRequest"].replace("a=1", "a=2", 1)


@pytest.mark.parametrize("presign", [True, False])
def test_verify_explain_hides_the_session_token(tmp_path, presign):
    request = signed(presign)
    (tmp_path / "req.txt").write_text(request.replace("\n", "\r\n"))
    (tmp_path / "creds.json").write_text(json.dumps({"credentials": [CREDS]}))
    base = ["verify", "--request-file", str(tmp_path / "req.txt"), "--credentials", str(tmp_path / "creds.json"),
            "--service", "s3", "--s3", "--now", "2026-01-01T00:01:00Z", "--explain"]
    for output in ("text", "json"):
        proc = run(base + ["--output", output])
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "SignatureDoesNotMatch" in proc.stdout and "a=2" in proc.stdout, proc.stdout
        assert "x-amz-security-token" in proc.stdout.lower()
        assert not leaked(proc.stdout + proc.stderr), proc.stdout
    line = {"request": request, "credentials": [CREDS], "region": "us-east-1", "service": "s3", "s3": True,
            "now": "2026-01-01T00:01:00Z", "explain": True}
    proc = run(["verify", "--batch"], stdin=json.dumps(line) + "\n")
    answer = json.loads(proc.stdout)
    assert answer["reason"] == "SignatureDoesNotMatch" and "a=2" in answer["canonicalRequest"], answer
    assert not leaked(proc.stdout), proc.stdout


@pytest.mark.parametrize("times", [1, 2])
def test_nested_presigned_url_in_a_redirect_is_redacted(tmp_path, times):
    """A login redirect carrying the presigned URL percent-encoded in its own query
    (`?return_to=https%3A…%3FX-Amz-Signature%3D…`), encoded once or twice."""
    from urllib.parse import quote
    inner = location("X-Amz-Signature", "X-Amz-Security-Token")
    for _ in range(times):
        inner = quote(inner, safe="")
    loc = f"https://login.example/sso?return_to={inner}&x=1"
    server = Server(lambda path: (302, [("Location", loc)], b""))
    try:
        url = f"http://127.0.0.1:{server.port}/jwks.json"
        batch = run(["jwt", "verify", "--batch"], stdin=json.dumps({"token": "a.b.c", "jwks": url}) + "\n")
        single = run(["jwt", "verify", "--token", "a.b.c", "--jwks", url])
        config = authorizer_config(tmp_path, {"lambda": {"endpoint": f"http://127.0.0.1:{server.port}", "name": "f"}})
        report = run(["authorizer", "test", "--config", config, "--authorizer", "a", "--method-arn", ARN,
                      "--token", "tok-0123456789", "--output", "json"])
        for proc in (batch, single, report):
            text = proc.stdout + proc.stderr
            assert "return_to" in text and "AKIDKEPT" in text, text
            assert not leaked(text), text
    finally:
        server.close()


def test_sign_batch_results_keep_the_token():
    """What a caller asked for is not a diagnostic: sign --batch's url, canonicalRequest and
    signedRequest keep the session token (and the url its signature)."""
    request = "GET /x?a=1 HTTP/1.1\nHost: example.com\n\n"
    context = {"credentials": CREDS, "region": "us-east-1", "service": "s3", "timestamp": "2026-01-01T00:00:00Z",
               "signature_type": "query", "expiration_in_seconds": 600}
    proc = run(["sign", "--batch"], stdin=json.dumps({"request": request, "context": context}) + "\n")
    answer = json.loads(proc.stdout)
    for field in ("url", "canonicalRequest", "signedRequest"):
        assert "LEAKSESSIONTOKEN" in answer[field], answer
    assert answer["signature"] in answer["url"]
