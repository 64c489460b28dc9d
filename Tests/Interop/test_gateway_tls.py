"""`gatehouse serve --tls-cert/--tls-key` with real clients: curl negotiating HTTP/2 by ALPN and
speaking HTTP/1.1 when told, `curl --aws-sigv4` and botocore signing over TLS, invoke URLs with
the https scheme, and a plain-HTTP request to the TLS port refused. The embedded demo (AWS_IAM
routes, its own backend) on a free loopback port and data dir, with the test certificate in
TestVectors/gateway/tls; stopped in a finally.
"""

import json
import socket
import subprocess

import pytest

from test_gateway_iam import REGION, signed
from test_gateway_serve import ROOT_KEY_ID, ROOT_SECRET, TLS_CERT, Server


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("demo-tls"), tls=True,
                    env={"GATEHOUSE_ROOT_ACCESS_KEY_ID": ROOT_KEY_ID, "GATEHOUSE_ROOT_SECRET_ACCESS_KEY": ROOT_SECRET})
    try:
        server.api = server.apis()[0]
        server.invoke = f"{server.base}/restapis/{server.api['id']}/prod/_user_request_"
        yield server
    finally:
        server.stop()


def curl(url, *options):
    """(status, HTTP version curl used, body) of a curl call trusting only the test certificate."""
    out = subprocess.run(["curl", "-sS", "--cacert", str(TLS_CERT), "-w", "\n%{http_code} %{http_version}", *options, url],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    body, _, tail = out.stdout.rpartition("\n")
    status, version = tail.split(" ")
    return int(status), version, body


@pytest.mark.parametrize("version_option, version", [("--http2", "2"), ("--http1.1", "1.1")])
def test_curl_sigv4_over_tls(demo, version_option, version):
    status, used, body = curl(demo.invoke + "/pets", version_option, "--aws-sigv4", f"aws:amz:{REGION}:execute-api",
                              "--user", f"{ROOT_KEY_ID}:{ROOT_SECRET}")
    assert (status, used) == (200, version), body
    assert json.loads(body)["path"] == "/pets"
    # Unsigned over either version: API Gateway's Missing Authentication Token, nothing else changed.
    status, used, body = curl(demo.invoke + "/pets", version_option)
    assert (status, used) == (403, version)
    assert json.loads(body) == {"message": "Missing Authentication Token"}


def test_botocore_signed_over_tls(demo):
    status, _, body = signed("GET", demo.invoke + "/pets")
    assert status == 200 and json.loads(body)["path"] == "/pets", body


def test_invoke_urls_name_https(demo):
    for stage in demo.api["stages"]:
        assert stage["invokeUrl"].startswith(f"https://127.0.0.1:{demo.port}/"), stage


def test_plain_http_to_the_tls_port_gets_no_http_answer(demo):
    with socket.create_connection(("127.0.0.1", demo.port), timeout=10) as connection:
        connection.sendall(b"GET /_gatehouse/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        received = b""
        try:
            while chunk := connection.recv(4096):
                received += chunk
        except ConnectionResetError:
            pass
    assert not received.startswith(b"HTTP/"), received[:80]
