"""The command line as a user drives it: `gatehouse curl` against a local server (the request it
sends must verify), curl-like exit statuses, and the 0/1/2 contract of `verify`.

Servers listen on 127.0.0.1 only, accept a bounded number of connections and time out.
"""

import json
import os
import socket
import subprocess
import threading

import pytest

from conftest import gatehouse_bin, read_http_request

AKID = "AKIDCLITEST"
SECRET = "cli/test/secret+key"
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
    "AWS_ACCESS_KEY_ID": AKID,
    "AWS_SECRET_ACCESS_KEY": SECRET,
    "AWS_CONFIG_FILE": "/nonexistent",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
}


class CaptureServer:
    """Accepts up to `limit` connections, records each raw request, answers with `status`."""

    def __init__(self, status=200, body=b"hello from upstream", limit=4):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(20)
        self.port = self.sock.getsockname()[1]
        self.status, self.body, self.limit = status, body, limit
        self.requests = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        for _ in range(self.limit):
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(10)
                self.requests.append(read_http_request(conn))
                reason = {200: b"OK", 403: b"Forbidden"}.get(self.status, b"Status")
                conn.sendall(
                    b"HTTP/1.1 %d %s\r\nContent-Length: %d\r\nX-Upstream: yes\r\nConnection: close\r\n\r\n%s"
                    % (self.status, reason, len(self.body), self.body)
                )

    def close(self):
        self.sock.close()


def run(args, **kwargs):
    return subprocess.run([gatehouse_bin(), *args], capture_output=True, env=ENV, timeout=60, **kwargs)


def verify_captured(raw: bytes, tmp_path) -> subprocess.CompletedProcess:
    request = tmp_path / "captured.http"
    request.write_bytes(raw)
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps([{"access_key_id": AKID, "secret_access_key": SECRET}]))
    return run(["verify", "--request-file", str(request), "--credentials", str(keys), "--output", "json"])


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["-X", "POST", "-H", "Content-Type: application/json", "-d", '{"name":"x"}'],
        ["-H", "X-Amz-Meta-Color: blue", "-H", "X-Custom: a", "-H", "X-Custom: b"],
    ],
    ids=["get", "post-json", "repeated-headers"],
)
def test_curl_sends_a_request_that_verifies(tmp_path, extra):
    server = CaptureServer()
    try:
        url = f"http://127.0.0.1:{server.port}/prod/items/a%20b?limit=10&sort=asc"
        proc = run(["curl", url, "--service", "execute-api", "--region", "us-east-1", *extra])
        assert proc.returncode == 0, proc.stderr.decode()
        assert proc.stdout == b"hello from upstream"
        assert len(server.requests) == 1
        verdict = verify_captured(server.requests[0], tmp_path)
        assert verdict.returncode == 0, verdict.stdout.decode()
        assert json.loads(verdict.stdout)["reason"] == "OK"
    finally:
        server.close()


def test_curl_include_verbose_and_redaction():
    server = CaptureServer()
    try:
        url = f"http://127.0.0.1:{server.port}/prod/x"
        proc = run(["curl", "-i", "-v", url, "--service", "execute-api", "--region", "us-east-1"])
        assert proc.returncode == 0
        assert proc.stdout.startswith(b"HTTP/1.1 200 OK\r\n")
        assert b"x-upstream: yes" in proc.stdout.lower()
        assert proc.stdout.endswith(b"hello from upstream")
        err = proc.stderr.decode()
        assert "> GET /prod/x HTTP/1.1" in err
        assert "Authorization: AWS4-HMAC-SHA256 <redacted>" in err
        assert SECRET not in err and "Signature=" not in err
    finally:
        server.close()


def test_curl_fail_exit_22_and_no_body():
    server = CaptureServer(status=403, body=b'{"message":"Forbidden"}')
    try:
        url = f"http://127.0.0.1:{server.port}/prod/x"
        proc = run(["curl", "--fail", url, "--service", "execute-api", "--region", "us-east-1"])
        assert proc.returncode == 22
        assert proc.stdout == b""
        without = run(["curl", url, "--service", "execute-api", "--region", "us-east-1"])
        assert without.returncode == 0 and b"Forbidden" in without.stdout
    finally:
        server.close()


def test_curl_connection_refused_exit_7():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = run(["curl", f"http://127.0.0.1:{port}/", "--service", "execute-api", "--region", "us-east-1"])
    assert proc.returncode == 7, proc.stderr.decode()


def test_verify_exit_statuses(tmp_path):
    signed = run([
        "sign", "http://api.example.com/prod/items", "--service", "execute-api", "--region", "us-east-1",
        "--timestamp", "2026-01-15T10:00:00Z", "--output", "json",
    ])
    assert signed.returncode == 0, signed.stderr.decode()
    raw = json.loads(signed.stdout)["signedRequest"].encode()
    request = tmp_path / "signed.http"
    request.write_bytes(raw)
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps([{"access_key_id": AKID, "secret_access_key": SECRET}]))
    base = ["verify", "--request-file", str(request), "--credentials", str(keys)]
    assert run(base + ["--now", "2026-01-15T10:01:00Z"]).returncode == 0
    late = run(base + ["--now", "2026-01-15T11:00:00Z"])
    assert late.returncode == 1 and b"SignatureExpired" in late.stdout
    assert run(base).returncode == 1  # today: far outside the window
    assert run(base + ["--now", "not-a-time"]).returncode == 2
    assert run(["verify", "--request-file", str(tmp_path / "missing"), "--credentials", str(keys)]).returncode == 2
    assert run(["verify", "--bogus-flag"]).returncode == 2


def test_sign_errors_name_the_problem():
    no_service = run(["sign", "https://example.com/"])
    assert no_service.returncode == 2
    assert b"--service" in no_service.stderr
    bad_expiry = run([
        "sign", "--presign", "--expires", "604801", "https://abc.execute-api.us-east-1.amazonaws.com/p",
    ])
    assert bad_expiry.returncode == 2
    assert b"604800" in bad_expiry.stderr
    no_creds = subprocess.run(
        [gatehouse_bin(), "sign", "https://abc.execute-api.us-east-1.amazonaws.com/p"],
        capture_output=True, timeout=30,
        env={"PATH": os.environ.get("PATH", ""), "HOME": "/nonexistent"},
    )
    assert no_creds.returncode == 2
    assert b"AWS_ACCESS_KEY_ID" in no_creds.stderr


def test_bench_filters_and_unknown_names():
    # Repeated filters put benchmarks side by side; an exact name selects that benchmark alone
    # (crypto.hmac.142B without crypto.hmac.142B.evp); the JSON has exactly what was selected.
    out = run(["bench", "--json", "--seconds", "0.2", "--rounds", "2",
               "--filter", "crypto.sha256.289B", "--filter", "crypto.hmac.142B"], text=True)
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)
    assert sorted(results) == ["crypto.hmac.142B", "crypto.sha256.289B"]
    for result in results.values():
        assert result["rounds"] == 2 and result["ops_per_s"] > 0
        assert result["ops_per_s_min"] <= result["ops_per_s"] <= result["ops_per_s_max"]
    # A filter that selects nothing is a usage error that lists the names, not an empty table.
    none = run(["bench", "--filter", "sigv5."], text=True)
    assert none.returncode == 2
    assert "no benchmark has that name or prefix" in none.stderr and "sigv4.verify.cached" in none.stderr
