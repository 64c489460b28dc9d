"""`gatehouse serve` end to end on loopback: a configuration with NONE routes (MOCK and HTTP_PROXY to a
real backend started here), routing as API Gateway routes (precedence, unknown route and stage,
path and host invoke URLs), `/_gatehouse/apis` and its export against `gatehouse export`, the
access log, ids stable across restarts of one data dir, the generated root key, SIGTERM, and the
embedded demo starting with its own backend. Every server runs on a free loopback port with its own
data dir and is stopped in a finally.

(Authorization end to end — botocore/curl SigV4, presigned URLs, PyJWT, the REQUEST authorizer —
is added when the gateway wires the access layer: until then those routes answer 500 by design.)
"""

import json
import os
import resource
import signal
import socket
import ssl
import stat
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import REPO, gatehouse_bin

ROOT_KEY_ID = "AKIAGATEWAYTESTROOT1"
ROOT_SECRET = "gatewayTestRootSecret/000000000000000000"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TLS_CERT = REPO / "TestVectors" / "gateway" / "tls" / "cert.pem"
TLS_KEY = REPO / "TestVectors" / "gateway" / "tls" / "key.pem"


def tls_context() -> ssl.SSLContext:
    """Trusts only the test certificate (TestVectors/gateway/tls, for localhost and 127.0.0.1)."""
    return ssl.create_default_context(cafile=str(TLS_CERT))


def http(method, url, headers=None, body=None, timeout=10):
    """(status, headers with lower-case names, body bytes), never raising on 4xx/5xx. https URLs
    trust the test certificate."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    context = tls_context() if url.startswith("https:") else None
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


class Server:
    """`gatehouse serve ARGS` on a free port, healthy before use; stop() ends it (SIGTERM). With
    `tls`, it serves the test certificate and `base` is https://127.0.0.1:PORT."""

    def __init__(self, tmp: Path, args=(), env=None, data_dir=None, tls=False, open_files=None):
        self.port = free_port()
        self.base = f"https://127.0.0.1:{self.port}" if tls else f"http://127.0.0.1:{self.port}"
        if tls:
            args = ("--tls-cert", str(TLS_CERT), "--tls-key", str(TLS_KEY), *args)
        self.data_dir = data_dir or tmp / "data"
        self.access_log = tmp / "access.log"
        self.log_path = tmp / f"serve-{self.port}.log"
        environment = dict(os.environ)
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
            environment.pop(name, None)
        environment.update(env or {})
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [gatehouse_bin(), "serve", "--port", str(self.port), "--data-dir", str(self.data_dir),
             "--access-log", str(self.access_log), *args],
            stdout=self.log, stderr=subprocess.STDOUT, env=environment, start_new_session=True, cwd=REPO,
            preexec_fn=(lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))) if open_files else None,
        )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited {self.process.returncode}: {self.log_path.read_text()}")
            try:
                if http("GET", self.base + "/_gatehouse/health", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError("serve did not become healthy within 60 s: " + self.log_path.read_text())
            time.sleep(0.1)

    def apis(self):
        status, _, body = http("GET", self.base + "/_gatehouse/apis")
        assert status == 200, body
        return json.loads(body)

    def output(self, waiting_for=None, timeout=10):
        """What serve printed so far; with `waiting_for`, once that text is in it (bounded): the
        start-up report is printed when the listener is bound, and a health check can be
        answered before it is written."""
        deadline = time.monotonic() + timeout
        while waiting_for is not None and waiting_for not in self.log_path.read_text():
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        return self.log_path.read_text()

    def stop(self, timeout=15):
        """SIGTERM, then SIGKILL after `timeout`; the exit status."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        return self.process.returncode


class Backend(BaseHTTPRequestHandler):
    """Echoes what reached it as JSON."""

    def do_GET(self):
        body = json.dumps({"backend": "test", "method": self.command, "path": self.path,
                           "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = do_DELETE = do_GET

    def log_message(self, *args):
        pass


CONFIG = """
version: 1
apis:
  shop:
    resources:
      /mock:
        GET:
          integration:
            type: MOCK
            requestTemplates: {{application/json: '{{"statusCode": 200}}'}}
            responses:
              default: {{statusCode: 200, responseTemplates: {{application/json: '{{"from":"mock"}}'}}}}
      /items:
        GET:
          integration: {{type: HTTP_PROXY, httpMethod: GET, uri: 'http://${{stageVariables.backend}}/items'}}
      /items/special:
        GET:
          integration:
            type: MOCK
            requestTemplates: {{application/json: '{{"statusCode": 200}}'}}
            responses:
              default: {{statusCode: 200, responseTemplates: {{application/json: '{{"route":"special"}}'}}}}
      /items/{{proxy+}}:
        ANY:
          integration:
            type: HTTP_PROXY
            httpMethod: ANY
            uri: 'http://${{stageVariables.backend}}/items/{{proxy}}'
            requestParameters: {{integration.request.path.proxy: method.request.path.proxy}}
    stages:
      prod:
        variables: {{backend: '127.0.0.1:{backend_port}'}}
"""


@pytest.fixture(scope="module")
def backend():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def shop(tmp_path_factory, backend):
    tmp = tmp_path_factory.mktemp("serve-shop")
    config = tmp / "shop.yaml"
    config.write_text(CONFIG.format(backend_port=backend))
    server = Server(tmp, args=["--config", str(config)],
                    env={"GATEHOUSE_ROOT_ACCESS_KEY_ID": ROOT_KEY_ID, "GATEHOUSE_ROOT_SECRET_ACCESS_KEY": ROOT_SECRET})
    try:
        server.config = config
        server.api_id = next(a["id"] for a in server.apis() if a["name"] == "shop")
        server.invoke = f"{server.base}/restapis/{server.api_id}/prod/_user_request_"
        yield server
    finally:
        assert server.stop() == 0, server.output()


def test_listing_and_start_up_report(shop):
    [entry] = shop.apis()
    assert entry["name"] == "shop" and len(entry["id"]) == 10 and entry["id"].isalnum() and entry["id"].islower()
    assert entry["stages"] == [{"name": "prod", "invokeUrl": shop.invoke + "/"}]
    report = shop.output()
    assert f"API shop (REST) id {shop.api_id}" in report
    assert shop.invoke + "/" in report
    assert f"root credentials: access key {ROOT_KEY_ID} from GATEHOUSE_ROOT_ACCESS_KEY_ID" in report
    assert ROOT_SECRET not in report


def test_mock_route(shop):
    status, headers, body = http("GET", shop.invoke + "/mock")
    assert status == 200 and json.loads(body) == {"from": "mock"}
    assert "x-amzn-requestid" in headers


def test_http_proxy_reaches_the_backend_with_x_forwarded_for(shop):
    status, _, body = http("GET", shop.invoke + "/items?limit=2")
    assert status == 200, body
    reply = json.loads(body)
    assert reply["backend"] == "test" and reply["path"] == "/items?limit=2"
    assert "127.0.0.1" in reply["headers"]["x-forwarded-for"]


def test_routing_precedence_and_greedy_proxy(shop):
    status, _, body = http("GET", shop.invoke + "/items/special")
    assert status == 200 and json.loads(body) == {"route": "special"}
    status, _, body = http("DELETE", shop.invoke + "/items/7/toys")
    assert status == 200, body
    reply = json.loads(body)
    assert reply["method"] == "DELETE" and reply["path"] == "/items/7/toys"


def test_unknown_route_and_method_are_missing_authentication_token(shop):
    for method, path in (("GET", "/nothing"), ("POST", "/mock")):
        status, headers, body = http(method, shop.invoke + path)
        assert status == 403 and json.loads(body) == {"message": "Missing Authentication Token"}, (method, path)
        assert headers["x-amzn-errortype"].startswith("MissingAuthenticationTokenException")


def test_unknown_stage_is_forbidden(shop):
    status, _, body = http("GET", f"{shop.base}/restapis/{shop.api_id}/dev/_user_request_/mock")
    assert status == 403 and json.loads(body) == {"message": "Forbidden"}


def test_host_form_invoke_url(shop):
    status, _, body = http("GET", f"{shop.base}/prod/mock",
                           headers={"Host": f"{shop.api_id}.execute-api.localhost:{shop.port}"})
    assert status == 200 and json.loads(body) == {"from": "mock"}


def test_export_endpoint_matches_gatehouse_export(shop):
    status, _, body = http("GET", f"{shop.base}/_gatehouse/apis/{shop.api_id}/export")
    assert status == 200, body
    completed = subprocess.run([gatehouse_bin(), "export", "--config", str(shop.config)],
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(body)["paths"] == json.loads(completed.stdout)["paths"]


def test_access_log_line_per_request(shop):
    http("GET", shop.invoke + "/mock", headers={"User-Agent": "access-log-probe"})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [json.loads(l) for l in shop.access_log.read_text().splitlines() if l.strip()]
        mine = [l for l in lines if l.get("resourcePath") == "/mock" and l.get("status") == 200]
        if mine:
            break
        time.sleep(0.1)
    assert mine, lines[-3:]
    for field in ("requestId", "ip", "method", "path", "apiId", "stage", "status", "latency"):
        assert field in mine[-1], mine[-1]


def test_ids_are_stable_across_restarts_and_the_root_key_is_generated_0600(tmp_path, backend):
    config = tmp_path / "shop.yaml"
    config.write_text(CONFIG.format(backend_port=backend))
    data = tmp_path / "data"
    ids = []
    for _ in range(2):
        server = Server(tmp_path, args=["--config", str(config)], data_dir=data)
        try:
            ids.append(server.apis()[0]["id"])
            output = server.output(waiting_for="the secret is in")
        finally:
            assert server.stop() == 0
    assert ids[0] == ids[1]
    credentials = data / "root-credentials"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert f"the secret is in {credentials}" in output
    secret = [l for l in credentials.read_text().splitlines() if l.startswith("aws_secret_access_key")][0]
    assert secret.split("=", 1)[1].strip() not in output


def test_the_embedded_demo_starts_with_its_backend(tmp_path):
    server = Server(tmp_path)
    try:
        [entry] = server.apis()
        assert entry["name"] == "demo" and entry["stages"][0]["name"] == "prod"
        output = server.output(waiting_for="function demo-tenants: local command")
        assert "the embedded demo (Policies/demo/gateway.yaml); its backend is on http://127.0.0.1:" in output
        backend_port = int(output.split("its backend is on http://127.0.0.1:")[1].split()[0])
        status, _, body = http("GET", f"http://127.0.0.1:{backend_port}/pets")
        assert status == 200 and [p["name"] for p in json.loads(body)["pets"]] == ["Rex", "Tom"]
        assert "function demo-tenants: local command" in output
    finally:
        assert server.stop() == 0


def test_connections_are_capped_under_the_open_file_limit(tmp_path):
    """Under `ulimit -n 600` the 10,000-connection default cannot hold: serve says so and caps
    connections at what the limit leaves after its 512 reserved descriptors (88), so one client
    cannot take the last descriptor the listener and the integrations need."""
    server = Server(tmp_path, open_files=600)
    sockets = []
    try:
        assert "the open-file limit is 600: at most 88 connections at once, not 10000" in server.output()
        for _ in range(88):
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sockets.append(connection)
            connection.sendall(b"GET /_gatehouse/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert connection.recv(64).startswith(b"HTTP/1.1 200")
        extra = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        sockets.append(extra)
        try:
            assert extra.recv(64) == b""  # closed by the server as soon as accepted
        except ConnectionResetError:
            pass
    finally:
        for connection in sockets:
            connection.close()
        assert server.stop() == 0
