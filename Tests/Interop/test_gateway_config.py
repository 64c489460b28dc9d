"""`gatehouse serve` refuses a configuration with an error before serving anything (the error names
file:line:column and the JSON path, exit 2, nothing listening), `--check` reports what would be
served, and `gatehouse export` round-trips a SAM-style OpenAPI document: import, export,
re-import, export again gives the same document.
"""

import json
import socket
import subprocess
import time

import pytest

from conftest import REPO, gatehouse_bin

VECTORS = REPO / "TestVectors" / "gateway"
ERRORS = json.loads((VECTORS / "config-errors.json").read_text())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(*args, timeout=60, cwd=REPO):
    return subprocess.run([gatehouse_bin(), "serve", *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)


@pytest.mark.parametrize("case", ERRORS, ids=[case["id"] for case in ERRORS])
def test_config_error_names_the_place_and_nothing_is_served(tmp_path, case):
    path = tmp_path / ("gatehouse." + ("json" if case["format"] == "json" else "yaml"))
    path.write_text(case["text"])
    port = free_port()
    started = time.monotonic()
    completed = serve("--config", str(path), "--port", str(port), "--data-dir", str(tmp_path / "data"))
    assert completed.returncode == 2, completed.stderr
    assert time.monotonic() - started < 30
    message = completed.stderr.strip()
    assert message.startswith(f"error: {path}:{case['line']}:"), message
    assert f": {case['path']}: " in message and f"[{case['code']}]" in message, message
    assert completed.stdout == ""
    with socket.socket() as probe:  # nothing was left listening
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    assert not (tmp_path / "data").exists(), "a refused configuration must not create state"


def test_check_reports_the_example_configuration_without_serving(tmp_path):
    completed = serve("--config", str(VECTORS / "config-example.yaml"), "--check", "--data-dir", str(tmp_path / "d"))
    assert completed.returncode == 0, completed.stderr
    report = completed.stdout
    assert "API pets (REST)" in report and "API orders (HTTP) id h77tt55rr3" in report
    assert "/restapis/h77tt55rr3/$default/_user_request_/" in report
    assert "notice:" in report  # throttling, caching, the access log format, the canary: not enforced
    assert not (tmp_path / "d").exists()


def test_check_reports_the_embedded_demo(tmp_path):
    completed = serve("--check", "--data-dir", str(tmp_path / "d"))
    assert completed.returncode == 0, completed.stderr
    assert "API demo (REST)" in completed.stdout
    assert "GET /admin — AWS_IAM" in completed.stdout
    assert "function demo-tenants: local command" in completed.stdout


def test_usage_errors_exit_2():
    for args in (["--port", "70000"], ["--threads", "0"], ["--tls-cert", "c.pem"], ["--function", "noequals"],
                 ["--region", "US EAST"], ["--account-id", "123"]):
        completed = serve(*args, "--check")
        assert completed.returncode == 2, (args, completed.stderr)


def export(*args):
    completed = subprocess.run([gatehouse_bin(), "export", *args], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_sam_openapi_export_round_trip(tmp_path):
    first = export("--openapi", str(VECTORS / "sam-api.yaml"))
    document = json.loads(first)
    assert document["openapi"].startswith("3.0")
    assert "/pets" in document["paths"]
    exported = tmp_path / "exported.json"
    exported.write_text(first)
    second = export("--openapi", str(exported))
    assert json.loads(second) == document
    check = serve("--openapi", str(exported), "--check", "--data-dir", str(tmp_path / "d"))
    assert check.returncode == 0, check.stderr
    original = serve("--openapi", str(VECTORS / "sam-api.yaml"), "--check", "--data-dir", str(tmp_path / "d"))
    routes = lambda text: sorted(l.strip() for l in text.splitlines() if l.startswith("      "))  # noqa: E731
    assert routes(check.stdout) == routes(original.stdout) and routes(check.stdout)


def test_export_of_the_demo_and_of_one_api_by_name(tmp_path):
    demo = json.loads(export())
    assert demo["info"]["title"] == "demo"
    pets = json.loads(export("--config", str(VECTORS / "config-example.yaml"), "--api", "pets"))
    assert pets["info"]["title"] == "pets"
    completed = subprocess.run([gatehouse_bin(), "export", "--config", str(VECTORS / "config-example.yaml")],
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2 and "--api" in completed.stderr
