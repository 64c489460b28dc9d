"""Query-string identity values through `gatehouse authorizer test`: decoded strictly (`%` and two
hex digits, `+` a space, UTF-8 after decoding). Anything else is a 401 before the function runs
and before the cache, for REQUEST and HTTP API authorizers, at every position and in every
parameter; legal spellings of the same bytes share one cache key, different bytes never do."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import gatehouse_bin

HERE = Path(__file__).resolve().parent
ECHO = [sys.executable, str(HERE / "authorizers" / "echo_authorizer.py")]
ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/42"
MALFORMED = ["%", "%4", "%G1", "%1G", "%+4", "%-0", "% 1", "%%41", "%FF", "%FE", "%C3", "%C0%AF", "%ED%A0%80"]


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("query")
    source = "method.request.querystring.token"
    authorizers = {
        "request": {"type": "REQUEST", "identitySource": source, "resultTtlInSeconds": 300,
                    "function": {"command": ECHO}},
        "request-nocache": {"type": "REQUEST", "identitySource": source, "resultTtlInSeconds": 0,
                            "function": {"command": ECHO}},
        "http": {"type": "HTTP", "identitySource": "$request.querystring.token", "resultTtlInSeconds": 300,
                 "function": {"command": ECHO}},
    }
    path = folder / "authorizers.json"
    path.write_text(json.dumps({"authorizers": authorizers}))
    return path


def run(config: Path, name: str, *query: str) -> dict:
    argv = [gatehouse_bin(), "authorizer", "test", "--config", str(config), "--authorizer", name,
            "--method-arn", ARN, "--output", "json", "--show-secrets"]
    for pair in query:
        argv += ["--query", pair]
    proc = subprocess.run(argv, capture_output=True, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr.decode(errors="replace")
    return json.loads(proc.stdout)


@pytest.mark.parametrize("name", ["request", "request-nocache", "http"])
@pytest.mark.parametrize("escape", MALFORMED)
def test_malformed_escapes_are_401_without_invoking(config: Path, name: str, escape: str) -> None:
    for query in (f"token={escape}", f"token=xy{escape}zz", f"token=ok&page={escape}", f"to{escape}ken=ok&token=ok"):
        report = run(config, name, *query.split("&"))
        assert (report["decision"], report["status"]) == ("unauthorized", 401), (query, report)
        assert report["event"] is None and report["response"] is None and report["cacheKey"] is None, report
        assert "query" in report["reason"] and "xy" not in report["reason"].split("query", 1)[1], report["reason"]


def test_spellings_of_the_same_bytes_share_a_key_and_others_do_not(config: Path) -> None:
    def key(value: str) -> str:
        report = run(config, "request", f"token={value}")
        assert report["decision"] == "Allow", report
        return report["cacheKey"]

    assert key("A%20b") == key("A+b") == key("%41%20%62") == key("%41+%62")
    assert key("%C3%A9") == key("%c3%a9") == key("é")
    assert key("%C3%A9") != key("%C3%A8")
    assert key("%EF%BF%BD") != key("%EF%BF%BC")
    # The value the function sees is the exact decoded text.
    report = run(config, "request", "token=%2B%25+%26")
    assert report["event"]["queryStringParameters"]["token"] == "+% &"
