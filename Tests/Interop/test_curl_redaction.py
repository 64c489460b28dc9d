"""`gatehouse curl` never prints presigned credentials (issue 16, F24): the values of
`X-Amz-Signature` and `X-Amz-Security-Token` in a query are redacted wherever a URL is printed —
`-v` request and response lines, time-out and connection errors — in every spelling of their
names (percent-encoded in upper or lower hex, any letter case), as header mode redacts
`Authorization` and the token header.

Servers listen on 127.0.0.1, serve a bounded number of connections and are closed by the test.
"""

from __future__ import annotations

import re
import socket
import threading
from urllib.parse import unquote

from conftest import read_http_request
from test_cli import ENV, run

TOKEN = "FQoGZXIvYXdzSESSIONTOKENsecret+/abc=="
NAMES = ("X-Amz-Signature", "X-Amz-Security-Token")


class Server:
    """Answers each request with `headers` and records the raw requests; `silent` never answers."""

    def __init__(self, headers: bytes = b"", silent: bool = False, limit: int = 2):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(20)
        self.port = self.sock.getsockname()[1]
        self.headers, self.silent, self.limit = headers, silent, limit
        self.requests: list[bytes] = []
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        for _ in range(self.limit):
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self.silent:
                self.held.append(conn)
                continue
            with conn:
                conn.settimeout(10)
                self.requests.append(read_http_request(conn))
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n%sConnection: close\r\n\r\nok" % self.headers
                )

    def close(self):
        self.sock.close()
        for conn in self.held:
            conn.close()
        self.thread.join(5)


def spellings(name: str) -> list[str]:
    """Each character escaped in turn (upper and lower hex), all escaped, other letter cases."""
    out = {name.lower(), name.upper()}
    for i, c in enumerate(name):
        for form in ("%{:02X}", "%{:02x}"):
            out.add(name[:i] + form.format(ord(c)) + name[i + 1 :])
    out.add("".join(f"%{ord(c):02X}" for c in name))
    out.add("".join(f"%{ord(c):02x}" for c in name.lower()))
    out.add(name.replace("-", "%252D"))  # encoded twice
    return sorted(out)


def env_with_token() -> dict:
    return {**ENV, "AWS_SESSION_TOKEN": TOKEN}


def presign_args(url: str, *extra: str) -> list[str]:
    return ["curl", "--presign", url, "--service", "s3", "--region", "us-east-1", *extra]


def run_with_token(args):
    import subprocess

    from conftest import gatehouse_bin

    return subprocess.run([gatehouse_bin(), *args], capture_output=True, env=env_with_token(), timeout=60)


def test_curl_verbose_redacts_a_presigned_query():
    server = Server()
    try:
        proc = run_with_token(presign_args(f"http://127.0.0.1:{server.port}/bucket/key", "-v"))
        assert proc.returncode == 0, proc.stderr.decode()
        sent = server.requests[0].split(b"\r\n")[0].decode()
        signature = re.search(r"X-Amz-Signature=([0-9a-f]{64})", sent).group(1)
        err = proc.stderr.decode()
        assert signature not in err
        assert TOKEN not in err and unquote(TOKEN) not in err and "SESSIONTOKEN" not in err
        assert "X-Amz-Signature=<redacted>" in err and "X-Amz-Security-Token=<redacted>" in err
        # What is not secret stays readable.
        assert "X-Amz-Credential=AKIDCLITEST" in err
    finally:
        server.close()


def test_every_spelling_of_the_secret_names_is_redacted_in_verbose_output():
    """A URL that already carries the parameters, spelled every way a server might read them."""
    pairs, secrets = [], []
    for name in NAMES:
        for index, spelling in enumerate(spellings(name)):
            secret = f"SECRET{name[6:9].upper()}{index:03d}"
            secrets.append(secret)
            pairs.append(f"{spelling}={secret}")
    server = Server()
    try:
        url = f"http://127.0.0.1:{server.port}/p?a=1&" + "&".join(pairs)
        proc = run(["curl", "-v", url, "--service", "execute-api", "--region", "us-east-1"])
        assert proc.returncode == 0, proc.stderr.decode()[:500]
        err = proc.stderr.decode()
        leaked = [s for s in secrets if s in err]
        assert not leaked, f"{len(leaked)} of {len(secrets)} leaked: {leaked[:5]}"
        assert err.count("<redacted>") >= len(secrets)
    finally:
        server.close()


def test_response_headers_with_presigned_urls_are_redacted():
    location = b"Location: https://b.example/k?X-Amz-Signature=RESPSECRET1&x-amz-security-token=RESPSECRET2\r\n"
    server = Server(headers=location)
    try:
        proc = run(["curl", "-v", f"http://127.0.0.1:{server.port}/p", "--service", "execute-api", "--region", "us-east-1"])
        assert proc.returncode == 0
        err = proc.stderr.decode()
        assert "RESPSECRET" not in err
        assert "X-Amz-Signature=<redacted>" in err
    finally:
        server.close()


def test_timeout_and_connection_errors_do_not_print_presigned_credentials():
    silent = Server(silent=True, limit=1)
    try:
        proc = run_with_token(presign_args(f"http://127.0.0.1:{silent.port}/bucket/key", "--max-time", "1"))
        assert proc.returncode == 28, proc.stderr.decode()
        err = proc.stderr.decode()
        assert "timed out" in err
        assert "SESSIONTOKEN" not in err
        assert not re.search(r"X-Amz-Signature=[0-9a-f]{16}", err), err
    finally:
        silent.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = run_with_token(presign_args(f"http://127.0.0.1:{port}/bucket/key"))
    assert proc.returncode == 7, proc.stderr.decode()
    err = proc.stderr.decode()
    assert "SESSIONTOKEN" not in err
    assert not re.search(r"X-Amz-Signature=[0-9a-f]{16}", err), err


def test_usage_errors_quoting_a_url_redact_it():
    """Error messages that quote the user's URL (no host, no scheme, an unclosed `[`) redact its
    secrets."""
    for url in [
        "https:///p?X-Amz-Signatur%65=USAGESECRET",
        "h.example/p?a=1&x-amz-security-token=USAGESECRET",
        "https://[zz/p?X%2DAmz%2DSignature=USAGESECRET",
    ]:
        proc = run(["curl", url, "--service", "s3", "--region", "us-east-1"])
        assert proc.returncode == 2, proc.stderr
        assert b"<redacted>" in proc.stderr, proc.stderr  # the message does quote the URL
        assert b"USAGESECRET" not in proc.stderr
