"""No subcommand prints a control, format (bidi) or line-separator character raw (issue 16 F26,
review x3): `jwt verify` printed a token's issuer and kid with U+202E, U+2028 and a C1 CSI (0x9B)
raw, and `authorizer test`'s text output let a newline in a principalId start a forged line.
Every line now passes one output sink (JSON's \\uXXXX form, so JSON keeps its meaning), and the
authorizer report escapes each field to one line.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
from pathlib import Path

import pytest

from conftest import gatehouse_bin

# Each hostile string: a terminal escape, bidi controls and isolates, zero-width, separators, C1,
# DEL, CR/LF with a forged line, a tag character.
HOSTILE = [
    "a\x1b[2Jb",
    "a\x1b]0;title\x07b",
    "x\u202eevil",
    "x\u2066y\u2069",
    "x\u200by\ufeff",
    "line\u2028sep\u2029",
    "c1\x9b31m\x85\x8d",
    "del\x7f",
    "cr\rdecision: Allow (200)",
    "lf\ndecision: Allow (200)",
    "tag\U000e0041",
]
SAFE_LAYOUT = {"\n", "\t"}


def unsafe(text: str) -> list[str]:
    import unicodedata

    bad = []
    for ch in text:
        if ch in SAFE_LAYOUT or 0x20 <= ord(ch) < 0x7F:
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            bad.append(f"U+{ord(ch):04X}")
    return bad


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256(claims: dict, header: dict, key: bytes) -> str:
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT", **header}).encode())
    body = b64(json.dumps(claims).encode())
    sig = hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(sig)}"


def run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([gatehouse_bin(), *args], capture_output=True, timeout=60, cwd=cwd)


def check(proc: subprocess.CompletedProcess, forged: str | None = "decision: Allow") -> None:
    for stream in (proc.stdout, proc.stderr):
        text = stream.decode("utf-8")
        assert not unsafe(text), (unsafe(text), text[:400])
        if forged:
            # A forged line never starts a line of ours.
            assert not any(line.startswith(forged) for line in text.splitlines()[:-0 or None] if "principalId" not in line), text


@pytest.mark.parametrize("bad", HOSTILE)
@pytest.mark.parametrize("output", ["text", "json"])
@pytest.mark.parametrize("where", ["iss", "kid", "aud", "sub"])
def test_jwt_verify_never_prints_raw(tmp_path: Path, bad: str, output: str, where: str) -> None:
    key = b"k" * 32
    claims = {"sub": "s", "iss": "i", "aud": "a", "exp": 4102444800}
    header = {"kid": "k1"}
    if where == "kid":
        header["kid"] = bad
    else:
        claims[where] = bad
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{"kty": "oct", "k": b64(key), "alg": "HS256", "kid": "k1"}]}))
    token = hs256(claims, header, key)
    proc = run(["jwt", "verify", "--jwks", str(jwks), "--token", token, "--issuer", "i", "--audience", "a", "--output", output])
    assert proc.returncode in (0, 1), proc.stderr
    check(proc, forged=None)
    if output == "json":
        json.loads(proc.stdout)  # still one JSON document
    if proc.returncode == 0 and output == "json" and where == "sub":
        assert json.loads(proc.stdout)["claims"]["sub"] == bad  # the same value, escaped


@pytest.mark.parametrize("bad", HOSTILE)
@pytest.mark.parametrize("output", ["text", "json"])
@pytest.mark.parametrize("fails", [False, True])
def test_authorizer_test_never_prints_raw(tmp_path: Path, bad: str, output: str, fails: bool) -> None:
    script = tmp_path / "a.py"
    script.write_text(
        "import json, sys\nsys.stdin.read()\n"
        f"bad = {bad!r}\n"
        + (
            "sys.stderr.write('failed: ' + bad + '\\n'); sys.exit(1)\n"
            if fails
            else "print(json.dumps({'principalId': bad, 'context': {'k': bad}, 'policyDocument': {'Version': '2012-10-17',"
            " 'Statement': [{'Action': 'execute-api:Invoke', 'Effect': 'Allow', 'Resource': '*'}]}}))\n"
        )
    )
    config = tmp_path / "cfg.json"
    config.write_text(json.dumps({"authorizers": {"a": {
        "type": "TOKEN", "identitySource": "method.request.header.Authorization", "resultTtlInSeconds": 0,
        "function": {"command": ["python3", "a.py"]}}}}))
    proc = run(["authorizer", "test", "--config", str(config), "--authorizer", "a", "--method-arn",
                "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/x", "--token", "t", "--output", output])
    assert proc.returncode in (0, 1), proc.stderr
    check(proc)
    text = proc.stdout.decode()
    if output == "text":
        # Exactly one decision line, and it is ours.
        decisions = [line for line in text.splitlines() if line.startswith("decision:")]
        assert len(decisions) == 1, text
    elif not fails:
        assert json.loads(text)["principalId"] == bad


# What a server chooses reaches `curl -v`'s trace on stderr: header values, as obs-text bytes a
# parser lets through (bidi override, C1 CSI, line separator, zero-width; the client's parser
# refuses C0 bytes such as ESC itself). The trace's reason phrase is the HTTP client's own text for
# the status code, never the server's.
SERVER_CHOSEN = ["x\u202eevil", "c1\x9b31m", "line\u2028sep", "zw\u200bz"]


@pytest.mark.parametrize("bad", SERVER_CHOSEN)
def test_curl_verbose_never_prints_what_the_server_chose_raw(bad: str) -> None:
    import socket
    import threading

    from test_curl_redaction import ENV

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(2)
    sock.settimeout(20)
    port = sock.getsockname()[1]
    answer = f"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Note: {bad}\r\nConnection: close\r\n\r\nok".encode()

    def serve() -> None:
        try:
            conn, _ = sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            conn.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        proc = subprocess.run(
            [gatehouse_bin(), "curl", "-v", f"http://127.0.0.1:{port}/p", "--service", "execute-api",
             "--region", "us-east-1"],
            capture_output=True, env=ENV, timeout=60,
        )
    finally:
        sock.close()
        thread.join(5)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, err
    assert unsafe(err) == [], f"{unsafe(err)} in {err!r}"
    assert "< X-Note: " in err and "\\u" in err  # the header is shown, its hostile character escaped
