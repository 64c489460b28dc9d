"""`gatehouse authorizer test` hides identity values (tokens) unless `--show-secrets`: by position
(the source header, every repeated header value, the source query parameter in
`queryStringParameters`, `multiValueQueryStringParameters` and `rawQueryString`, the cache key)
and by value everywhere else, in every encoding the output holds — raw, JSON-escaped, `\\u`-escaped,
percent-encoded in upper- and lower-case hex, `+` for spaces. Short tokens are hidden only where
they are whole values: other text keeps its letters.

authorizers/echo_authorizer.py echoes the token back in each of those encodings; the sweep runs a
TOKEN, a REQUEST (header and query sources) and an HTTP API 2.0 authorizer, text and JSON output.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from conftest import gatehouse_bin

HERE = Path(__file__).resolve().parent
ECHO = [sys.executable, str(HERE / "authorizers" / "echo_authorizer.py")]
ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/42"
NOTE = "the quick brown fox jumps over the lazy dog"
FAILING = [
    sys.executable,
    "-c",
    "import json, sys; token = json.load(sys.stdin)['authorizationToken']; "
    "print(json.dumps({'errorMessage': 'refused ' + token + ' / ' + json.dumps(token), 'errorType': 'E'})); "
    "sys.exit(1)",
]

LONG_TOKENS = [
    'tok"en\\with/slash é ü 😀 &=+%?#;,',  # JSON escapes, percent-encoding, non-ASCII
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl",  # a JWT's shape
    "secret value with spaces",
    "%41%42%43-already-encoded",
]
SHORT_TOKENS = ["a", "e", "%", "7", "é", "ab"]


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("redaction")
    authorizers = {
        "token": {"type": "TOKEN", "identitySource": "method.request.header.Authorization",
                  "resultTtlInSeconds": 300, "function": {"command": ECHO}},
        "request": {"type": "REQUEST",
                    "identitySource": "method.request.header.X-Token, method.request.querystring.token",
                    "resultTtlInSeconds": 300, "function": {"command": ECHO}},
        "request-query": {"type": "REQUEST", "identitySource": "method.request.querystring.token",
                          "resultTtlInSeconds": 300, "function": {"command": ECHO}},
        "http": {"type": "HTTP", "payloadFormatVersion": "2.0", "identitySource": "$request.querystring.token",
                 "resultTtlInSeconds": 300, "function": {"command": ECHO}},
        # A function that fails quoting the token: the reason (execution log) must not show it.
        "failing": {"type": "TOKEN", "identitySource": "method.request.header.Authorization",
                    "resultTtlInSeconds": 300, "function": {"command": FAILING}},
    }
    path = folder / "authorizers.json"
    path.write_text(json.dumps({"authorizers": authorizers}))
    return path


def run(config: Path, name: str, *args: str, output: str = "json", show: bool = False) -> str:
    argv = [gatehouse_bin(), "authorizer", "test", "--config", str(config), "--authorizer", name,
            "--method-arn", ARN, "--output", output, *args]
    if show:
        argv.append("--show-secrets")
    proc = subprocess.run(argv, capture_output=True, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr.decode(errors="replace")
    return proc.stdout.decode()


def spellings(token: str) -> set[str]:
    quoted = urllib.parse.quote(token, safe="")
    lower = re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quoted)
    return {
        token,
        json.dumps(token)[1:-1],  # \u escapes, \" and \\
        json.dumps(token, ensure_ascii=False)[1:-1],
        json.dumps(token).replace("/", "\\/")[1:-1],
        quoted,
        lower,
        urllib.parse.quote_plus(token, safe=""),
        json.dumps(quoted)[1:-1],
    }


def invocations(config: Path, token: str) -> list[tuple[str, list[str]]]:
    """(authorizer, arguments) for every way the token reaches an authorizer."""
    wire = urllib.parse.quote(token, safe="")
    return [
        ("token", ["--token", token]),
        ("token", ["--token", f"Bearer {token}"]),
        ("request", ["--header", f"X-Token: {token}", "--query", f"token={wire}"]),
        # A repeated header: the identity value is both joined with `,`; each appears alone too.
        ("request", ["--header", f"X-Token: {token}", "--header", f"X-Token: {token}-second", "--query", f"token={wire}"]),
        ("request-query", ["--query", f"token={wire}", "--query", "page=2"]),
        ("http", ["--query", f"token={wire}", "--query", "page=2"]),
    ]


@pytest.mark.parametrize("token", LONG_TOKENS)
@pytest.mark.parametrize("output", ["json", "text"])
def test_long_tokens_never_appear_in_any_encoding(config: Path, token: str, output: str) -> None:
    for name, args in invocations(config, token):
        shown = run(config, name, *args, output=output, show=True)
        # The echo really put the token in the output (so the test can fail).
        assert any(spelling in shown for spelling in spellings(token)), (name, args)
        out = run(config, name, *args, output=output)
        for spelling in spellings(token) | spellings(f"{token}-second"):
            assert spelling not in out, (name, args, spelling, out)
        assert NOTE in out and ARN in out, out
        assert "<redacted" in out


@pytest.mark.parametrize("token", SHORT_TOKENS)
def test_short_tokens_redacted_by_position_only(config: Path, token: str) -> None:
    wire = urllib.parse.quote(token, safe="")
    placeholder = f"<redacted {len(token.encode())} bytes>"
    # TOKEN: the header, the event's token, the cache key and whole echoed values.
    report = json.loads(run(config, "token", "--token", token))
    assert report["event"]["authorizationToken"] == placeholder
    assert report["principalId"] == placeholder
    assert report["context"]["raw"] == placeholder and report["context"]["quoted"] == placeholder
    assert report["context"]["note"] == NOTE and report["context"]["arn"] == ARN
    assert report["methodArn"] == ARN and report["event"]["methodArn"] == ARN
    assert report["cacheKey"].endswith(placeholder) and report["cacheKey"].startswith("5:token4:prod")
    # The surrounding sentence keeps its letters (a one-character token is not cut out of words).
    assert report["context"]["sentence"] == f"the token was {token} and {NOTE}"
    response = json.loads(report["response"])
    assert response["principalId"] == placeholder and response["context"]["note"] == NOTE

    # REQUEST: a header and a query source, the header repeated.
    report = json.loads(run(config, "request", "--header", f"X-Token: {token}", "--header", f"x-token: {token}",
                            "--query", f"token={wire}", "--query", "page=2"))
    event = report["event"]
    assert event["headers"]["X-Token"] == placeholder or event["headers"].get("x-token") == placeholder
    for values in event["multiValueHeaders"].values():
        assert values == [placeholder] * len(values)
    assert event["queryStringParameters"] == {"token": placeholder, "page": "2"}
    assert event["multiValueQueryStringParameters"] == {"token": [placeholder], "page": ["2"]}
    assert placeholder in report["cacheKey"]

    # HTTP API 2.0: rawQueryString keeps the other parameters, the token's value is replaced.
    report = json.loads(run(config, "http", "--query", f"token={wire}", "--query", "page=2"))
    assert report["event"]["rawQueryString"] == f"token={placeholder}&page=2"
    assert report["event"]["queryStringParameters"] == {"token": placeholder, "page": "2"}
    assert report["event"]["identitySource"] == [placeholder]


def test_show_secrets_prints_them(config: Path) -> None:
    report = json.loads(run(config, "token", "--token", "a", show=True))
    assert report["event"]["authorizationToken"] == "a" and report["principalId"] == "a"


@pytest.mark.parametrize("token", LONG_TOKENS)
@pytest.mark.parametrize("output", ["json", "text"])
def test_function_errors_quoting_the_token_are_redacted(config: Path, token: str, output: str) -> None:
    shown = run(config, "failing", "--token", token, output=output, show=True)
    assert "refused" in shown and any(spelling in shown for spelling in spellings(token))
    out = run(config, "failing", "--token", token, output=output)
    assert "refused <redacted" in out, out
    for spelling in spellings(token):
        assert spelling not in out, (spelling, out)
