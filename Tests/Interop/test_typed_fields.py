"""Every field of every batch line and configuration file the CLI reads has one JSON type and range.

Issue 16 B8: `jwt verify --batch` dropped an `issuer` of the wrong type and verified without it;
`"resultTtlInSeconds": "0"` meant the default 300 s cache. Here every field of each shape is sent
with every JSON type it must not have (string, number, bool, null, array, object, a list holding a
wrong element) and with out-of-range numbers; each must be refused with a message naming the field.
The untouched shape must still work, so a refusal is never the only possible answer.
"""

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, gatehouse_bin

AUTHORIZERS = REPO / "Tests" / "Interop" / "authorizers"
NOW = 1_768_471_200  # 2026-01-15T10:00:00Z
ISSUER = "https://issuer.example.com"
AUDIENCE = "my-api"

# One sample of each JSON type.
SAMPLES: dict[str, Any] = {
    "string": "x",
    "number": 7,
    "bool": True,
    "null": None,
    "array": ["x"],
    "object": {"x": "y"},
    "array-of-number": [7],
    "empty-array": [],
}


def wrong_values(allowed: set[str]) -> list[tuple[str, Any]]:
    """The samples whose type a field does not allow (`allowed` names SAMPLES keys)."""
    return [(name, value) for name, value in SAMPLES.items() if name not in allowed]


def set_path(document: dict, path: str, value: Any) -> dict:
    """A copy of `document` with `path` (dotted) set to `value`."""
    out = copy.deepcopy(document)
    *parents, last = path.split(".")
    target = out
    for key in parents:
        target = target[key]
    target[last] = value
    return out


def run(args: list[str], stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    proc = subprocess.run([gatehouse_bin(), *args], input=stdin, capture_output=True, timeout=timeout)
    assert proc.returncode >= 0, f"crashed with signal {-proc.returncode}: {proc.stderr.decode(errors='replace')}"
    return proc


def batch(subcommand: list[str], lines: list[dict]) -> tuple[int, list[dict]]:
    payload = "".join(json.dumps(line) + "\n" for line in lines).encode()
    proc = run([*subcommand, "--batch"], stdin=payload)
    out = [json.loads(l) for l in proc.stdout.decode().split("\n") if l.strip()]
    assert len(out) == len(lines), proc.stderr.decode(errors="replace")
    return proc.returncode, out


# --------------------------------------------------------------------------------------------------
# jwt verify --batch
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def jwt_line(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("typed-jwt")
    jwks, private = folder / "jwks.json", folder / "key.pem"
    assert run(["jwt", "keygen", "--alg", "ES256", "--jwks-out", str(jwks), "--private-out", str(private), "--kid", "k1"]).returncode == 0
    claims = {
        "iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "exp": NOW + 3600, "iat": NOW - 10,
        "token_use": "access", "scope": "pets/read",
    }
    proc = run(["jwt", "sign", "--key", str(private), "--alg", "ES256", "--kid", "k1", "--claims", json.dumps(claims)])
    assert proc.returncode == 0, proc.stderr
    return {
        "token": proc.stdout.decode().strip(),
        "jwks": json.loads(jwks.read_text()),
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "algorithms": ["ES256"],
        "now": NOW,
        "token_use": "access",
        "leeway": 60,
        "scopes": ["pets/read"],
    }


# field -> the SAMPLES types it accepts (the sample values themselves may still be refused later,
# but never as a type error naming the field).
JWT_FIELDS = {
    "token": {"string"},
    "jwks": {"object", "string"},
    "issuer": {"string", "array"},
    "audience": {"string", "array"},
    "algorithms": set(),  # ["x"] is not an algorithm: refused naming `algorithms[0]`
    "now": {"string", "number"},
    "token_use": set(),  # "x" is not access or id
    "leeway": {"number"},
    "scopes": {"array"},
}


def test_jwt_batch_every_wrong_type_is_refused_naming_the_field(jwt_line: dict) -> None:
    cases = [(field, kind, set_path(jwt_line, field, value)) for field, allowed in JWT_FIELDS.items() for kind, value in wrong_values(allowed)]
    cases += [(field, "absent-required", {k: v for k, v in jwt_line.items() if k != field}) for field in ("token", "jwks")]
    cases += [("extra", "unknown", {**jwt_line, "extra": 1}), ("isuser", "misspelt", {**jwt_line, "isuser": "https://other"})]
    status, results = batch(["jwt", "verify"], [jwt_line] + [line for _, _, line in cases])
    assert results[0]["valid"] is True, results[0]
    assert status == 2
    for (field, kind, _), result in zip(cases, results[1:]):
        assert result["valid"] is False and result["error"] == "badInput", (field, kind, result)
        assert f"`{field}" in result["message"], (field, kind, result["message"])


@pytest.mark.parametrize(
    "field, value",
    [("leeway", -1), ("leeway", 3601), ("leeway", 1e400), ("now", -5), ("now", 1e300), ("now", "99999999999999999999"),
     ("now", "253402300800"), ("now", "1e3"), ("now", "yesterday"), ("token_use", "Access"),
     ("issuer", []), ("audience", []), ("scopes", []), ("algorithms", []), ("algorithms", ["none"])],
)
def test_jwt_batch_out_of_range_is_refused(jwt_line: dict, field: str, value: Any) -> None:
    # json.dumps writes 1e400 as Infinity, which is not JSON; send the literal number text instead.
    text = json.dumps(set_path(jwt_line, field, value)).replace("Infinity", "1e400")
    proc = run(["jwt", "verify", "--batch"], stdin=(text + "\n").encode())
    result = json.loads(proc.stdout)
    assert proc.returncode == 2 and result["error"] == "badInput", result
    assert f"`{field}" in result["message"], result


def test_jwt_batch_fields_are_judged_before_keys_are_loaded(jwt_line: dict) -> None:
    """A bad field is reported as such, before any key source is read or fetched."""
    for jwks in ({"keys": []}, "http://127.0.0.1:9/unreachable.json", "/nonexistent/jwks.json"):
        line = {**set_path(jwt_line, "issuer", 123), "jwks": jwks}
        status, results = batch(["jwt", "verify"], [line])
        assert status == 2 and "`issuer`" in results[0]["message"], results


def test_jwt_batch_wrong_typed_issuer_never_verifies(jwt_line: dict) -> None:
    """The regression: an issuer the verifier cannot read must not mean "no issuer check"."""
    for value in (123, True, None, {"iss": ISSUER}, [7]):
        line = set_path(jwt_line, "issuer", value)
        status, results = batch(["jwt", "verify"], [line])
        assert results[0]["valid"] is False and status == 2, (value, results)


# --------------------------------------------------------------------------------------------------
# sign --batch
# --------------------------------------------------------------------------------------------------

SIGN_LINE = {
    "request": "GET /pets HTTP/1.1\nHost: example.amazonaws.com\n\n",
    "body_base64": "",
    "context": {
        "credentials": {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token": "t"},
        "region": "us-east-1",
        "service": "execute-api",
        "timestamp": "2015-08-30T12:36:00Z",
        "expiration_in_seconds": 3600,
        "normalize": True,
        "sign_body": False,
        "omit_session_token": False,
        "signature_type": "query",
        "algorithm": "v4",
        "double_uri_encode": True,
        "unsigned_payload": False,
    },
}

SIGN_FIELDS = {
    "request": {"string"},
    "body_base64": {"string"},
    "context": {"object"},
    "context.credentials": {"object"},
    "context.credentials.access_key_id": {"string"},
    "context.credentials.secret_access_key": {"string"},
    "context.credentials.token": {"string"},
    "context.region": {"string"},
    "context.service": {"string"},
    "context.timestamp": set(),  # "x" is not a time
    "context.expiration_in_seconds": {"number"},
    "context.normalize": {"bool"},
    "context.sign_body": {"bool"},
    "context.omit_session_token": {"bool"},
    "context.signature_type": set(),
    "context.algorithm": set(),
    "context.double_uri_encode": {"bool"},
    "context.unsigned_payload": {"bool"},
}


def test_sign_batch_every_wrong_type_is_refused_naming_the_field() -> None:
    cases = [(field, kind, set_path(SIGN_LINE, field, value)) for field, allowed in SIGN_FIELDS.items() for kind, value in wrong_values(allowed)]
    # An object sample for `context` still lacks its fields: the message names one of them.
    cases += [("context.regoin", "unknown", set_path(SIGN_LINE, "context.regoin", "x")), ("extra", "unknown", {**SIGN_LINE, "extra": 1})]
    cases += [("context.credentials.tokne", "unknown", set_path(SIGN_LINE, "context.credentials.tokne", "x"))]
    cases += [(f"context.{f}", "absent", {**SIGN_LINE, "context": {k: v for k, v in SIGN_LINE["context"].items() if k != f}}) for f in ("region", "service", "timestamp", "credentials")]
    status, results = batch(["sign"], [SIGN_LINE] + [line for _, _, line in cases])
    assert "signature" in results[0], results[0]
    for (field, kind, _), result in zip(cases, results[1:]):
        assert "signature" not in result and result.get("code") == "invalidInput", (field, kind, result)
        assert f"`{field}" in result["error"] or (kind == "object" and f"`{field}." in result["error"]), (field, kind, result)


@pytest.mark.parametrize("value", [0, -1, 604_801, 1.5, 1e3, 10**30, "3600"])
def test_sign_batch_expiration_out_of_range(value: Any) -> None:
    status, results = batch(["sign"], [set_path(SIGN_LINE, "context.expiration_in_seconds", value)])
    assert results[0].get("code") == "invalidInput" and "`context.expiration_in_seconds`" in results[0]["error"], results


@pytest.mark.parametrize("value", [1, 604_800])
def test_sign_batch_expiration_bounds_are_accepted(value: int) -> None:
    status, results = batch(["sign"], [set_path(SIGN_LINE, "context.expiration_in_seconds", value)])
    assert f"X-Amz-Expires={value}" in results[0]["url"], results


# --------------------------------------------------------------------------------------------------
# authorizer configuration files
# --------------------------------------------------------------------------------------------------

METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"


def authorizer(config: dict, folder: Path, name: str = "a", yaml: bool = False) -> subprocess.CompletedProcess:
    path = folder / ("config.yaml" if yaml else "config.json")
    if yaml:
        # JSON is YAML: flow style keeps every type as written.
        path.write_text(json.dumps(config))
    else:
        path.write_text(json.dumps(config))
    return run(["authorizer", "test", "--config", str(path), "--authorizer", name, "--method-arn", METHOD_ARN,
                "--token", "allow", "--output", "json"], timeout=60)


def base_config() -> dict:
    return {
        "authorizers": {
            "a": {
                "type": "TOKEN",
                "identitySource": "method.request.header.Authorization",
                "identityValidationExpression": "^allow$",
                "resultTtlInSeconds": 300,
                "timeoutSeconds": 10,
                "function": {"command": [sys.executable, str(AUTHORIZERS / "blueprint_authorizer.py")]},
            }
        }
    }


CONFIG_FIELDS = {
    "authorizers": {"object"},
    "authorizers.a.type": set(),
    "authorizers.a.identitySource": {"string", "array"},
    "authorizers.a.identityValidationExpression": {"string"},
    "authorizers.a.resultTtlInSeconds": {"number"},
    "authorizers.a.timeoutSeconds": {"number"},
    "authorizers.a.function": set(),
    "authorizers.a.function.command": {"array"},
}

FUNCTION_SHAPES = {
    "lambda": ({"endpoint": "http://127.0.0.1:9", "name": "f"}, {"endpoint": {"string"}, "name": {"string"}}),
    "jwtBearer": (
        {"issuer": ISSUER, "jwks": "jwks.json", "discovery": False, "audiences": ["a"],
         "routeScopes": {"GET /pets": ["s"]}, "claimsToContext": {"sub": "user"}},
        {"issuer": {"string"}, "jwks": {"string"}, "discovery": {"bool"}, "audiences": {"array"},
         "routeScopes": {"object"}, "claimsToContext": {"object"}},
    ),
    "introspection": (
        {"endpoint": "https://127.0.0.1:9/introspect", "clientId": "c", "clientSecretEnv": "SECRET",
         "audiences": ["a"], "requiredScopes": ["s"], "tokenType": "Bearer"},
        {"endpoint": {"string"}, "clientId": {"string"}, "clientSecretEnv": {"string"}, "audiences": {"array"},
         "requiredScopes": {"array"}, "tokenType": {"string"}},
    ),
}


def config_cases() -> list[tuple[str, str, dict]]:
    base = base_config()
    cases = []
    for field, allowed in CONFIG_FIELDS.items():
        for kind, value in wrong_values(allowed):
            cases.append((field, kind, set_path(base, field, value)))
    for function, (fields, types) in FUNCTION_SHAPES.items():
        shaped = set_path(base, "authorizers.a.function", {function: fields})
        for field, allowed in types.items():
            for kind, value in wrong_values(allowed):
                cases.append((f"authorizers.a.function.{function}.{field}", kind, set_path(shaped, f"authorizers.a.function.{function}.{field}", value)))
        cases.append((f"authorizers.a.function.{function}.extra", "unknown", set_path(shaped, f"authorizers.a.function.{function}.extra", 1)))
    # The values of routeScopes and claimsToContext, and unknown fields at each level.
    jb = set_path(base, "authorizers.a.function", {"jwtBearer": FUNCTION_SHAPES["jwtBearer"][0]})
    for kind, value in wrong_values({"array"}):
        cases.append(("authorizers.a.function.jwtBearer.routeScopes.GET /pets", kind, set_path(jb, "authorizers.a.function.jwtBearer.routeScopes", {"GET /pets": value})))
    for kind, value in wrong_values({"string"}):
        cases.append(("authorizers.a.function.jwtBearer.claimsToContext.sub", kind, set_path(jb, "authorizers.a.function.jwtBearer.claimsToContext", {"sub": value})))
    cases.append(("authorizers.a.resultTtl", "unknown", set_path(base, "authorizers.a.resultTtl", 0)))
    cases.append(("extra", "unknown", set_path(base, "extra", {})))
    # HTTP-only fields on a TOKEN authorizer, and their types on an HTTP one.
    cases.append(("authorizers.a.enableSimpleResponses", "token-only", set_path(base, "authorizers.a.enableSimpleResponses", True)))
    http = set_path(set_path(base, "authorizers.a.type", "HTTP"), "authorizers.a.identitySource", "$request.header.Authorization")
    for kind, value in wrong_values({"bool"}):
        cases.append(("authorizers.a.enableSimpleResponses", kind, set_path(http, "authorizers.a.enableSimpleResponses", value)))
    for kind, value in wrong_values(set()):
        cases.append(("authorizers.a.payloadFormatVersion", kind, set_path(http, "authorizers.a.payloadFormatVersion", value)))
    # Two function kinds at once.
    cases.append(("authorizers.a.function", "two-kinds", set_path(base, "authorizers.a.function.lambda", {"endpoint": "http://127.0.0.1:9", "name": "f"})))
    return cases


@pytest.mark.parametrize("yaml", [False, True], ids=["json", "yaml"])
def test_authorizer_config_every_wrong_type_is_refused_naming_the_field(tmp_path: Path, yaml: bool) -> None:
    proc = authorizer(base_config(), tmp_path, yaml=yaml)
    assert proc.returncode == 0, proc.stderr.decode()
    failures = []
    for field, kind, config in config_cases():
        proc = authorizer(config, tmp_path, yaml=yaml)
        stderr = proc.stderr.decode(errors="replace")
        # An object sample for an object field lacks that object's fields: a child is named.
        if proc.returncode != 2 or f"`{field}" not in stderr:
            failures.append((field, kind, proc.returncode, stderr.strip()[-300:]))
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize(
    "field, value, accepted",
    [
        ("resultTtlInSeconds", 0, True), ("resultTtlInSeconds", 3600, True), ("resultTtlInSeconds", -1, False),
        ("resultTtlInSeconds", 3601, False), ("resultTtlInSeconds", 1.5, False), ("resultTtlInSeconds", 3e2, False),
        ("resultTtlInSeconds", "0", False), ("resultTtlInSeconds", 10**25, False),
        ("timeoutSeconds", 1, True), ("timeoutSeconds", 29, True), ("timeoutSeconds", 0, False),
        ("timeoutSeconds", 30, False), ("timeoutSeconds", "30", False), ("timeoutSeconds", 10.0, False),
        ("timeoutSeconds", -10, False),
    ],
)
def test_authorizer_config_ranges(tmp_path: Path, field: str, value: Any, accepted: bool) -> None:
    proc = authorizer(set_path(base_config(), f"authorizers.a.{field}", value), tmp_path)
    stderr = proc.stderr.decode(errors="replace")
    if accepted:
        assert proc.returncode == 0, stderr
    else:
        assert proc.returncode == 2 and f"`authorizers.a.{field}`" in stderr, stderr


def test_http_authorizer_timeout_is_at_most_ten_seconds(tmp_path: Path) -> None:
    http = set_path(set_path(base_config(), "authorizers.a.type", "HTTP"), "authorizers.a.identitySource", "$request.header.Authorization")
    http["authorizers"]["a"].pop("identityValidationExpression")
    proc = authorizer(set_path(http, "authorizers.a.timeoutSeconds", 11), tmp_path)
    assert proc.returncode == 2 and "`authorizers.a.timeoutSeconds` must be an integer from 1 to 10" in proc.stderr.decode()
    proc = authorizer(set_path(http, "authorizers.a.timeoutSeconds", 10), tmp_path)
    assert proc.returncode in (0, 1), proc.stderr.decode()


def test_quoted_yaml_numbers_are_strings(tmp_path: Path) -> None:
    """YAML `resultTtlInSeconds: "0"` is a string, refused; plain `0` is the number."""
    lines = [
        "authorizers:",
        "  a:",
        "    type: TOKEN",
        "    resultTtlInSeconds: \"0\"",
        "    function:",
        f"      command: [{json.dumps(sys.executable)}, {json.dumps(str(AUTHORIZERS / 'blueprint_authorizer.py'))}]",
    ]
    path = tmp_path / "c.yaml"
    path.write_text("\n".join(lines) + "\n")
    proc = run(["authorizer", "test", "--config", str(path), "--authorizer", "a", "--method-arn", METHOD_ARN, "--token", "allow"])
    assert proc.returncode == 2 and "`authorizers.a.resultTtlInSeconds` must be an integer from 0 to 3600, not a string" in proc.stderr.decode()
    path.write_text("\n".join(lines).replace('"0"', "0") + "\n")
    proc = run(["authorizer", "test", "--config", str(path), "--authorizer", "a", "--method-arn", METHOD_ARN, "--token", "allow"])
    assert proc.returncode == 0, proc.stderr.decode()


# --------------------------------------------------------------------------------------------------
# verify --batch and the --credentials file
# --------------------------------------------------------------------------------------------------

VERIFY_CREDENTIAL = {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}


@pytest.fixture(scope="module")
def verify_line() -> dict:
    """A request signed by `sign --batch` and the line that verifies it."""
    line = set_path(SIGN_LINE, "context.signature_type", "header")
    del line["context"]["credentials"]["token"]
    _, results = batch(["sign"], [line])
    return {
        "request": results[0]["signedRequest"],
        "body_base64": "",
        "credentials": [dict(VERIFY_CREDENTIAL)],
        "region": "us-east-1",
        "service": "execute-api",
        "now": "2015-08-30T12:36:30Z",
        "skew_seconds": 300,
        "s3": False,
        "normalize": True,
        "double_uri_encode": True,
        "allow_unsigned_session_token": False,
        "explain": False,
    }


VERIFY_FIELDS = {
    "request": {"string"},
    "body_base64": {"string"},
    # ["x"]: an element that is not an object, named `credentials[0]`; [] knows no key (every
    # request is refused as UnrecognizedClient, which fails closed), so it is not an input error.
    "credentials": {"array", "empty-array"},
    "region": {"string"},
    "service": {"string"},
    "now": set(),  # "x" is not a time
    "skew_seconds": {"number"},
    "s3": {"bool"},
    "normalize": {"bool"},
    "double_uri_encode": {"bool"},
    "allow_unsigned_session_token": {"bool"},
    "explain": {"bool"},
}

CREDENTIAL_FIELDS = {"access_key_id": {"string"}, "secret_access_key": {"string"}, "token": {"string"},
                     "principal": {"string"}, "expiration": set()}


def test_verify_batch_every_wrong_type_is_refused_naming_the_field(verify_line: dict) -> None:
    cases = [(field, kind, set_path(verify_line, field, value)) for field, allowed in VERIFY_FIELDS.items() for kind, value in wrong_values(allowed)]
    for field, allowed in CREDENTIAL_FIELDS.items():
        for kind, value in wrong_values(allowed):
            cases.append((f"credentials[0].{field}", kind, {**verify_line, "credentials": [{**VERIFY_CREDENTIAL, field: value}]}))
    cases += [("credentials[0].extra", "unknown", {**verify_line, "credentials": [{**VERIFY_CREDENTIAL, "extra": 1}]})]
    cases += [("skew", "unknown", {**verify_line, "skew": 1}), ("now", "absent", {k: v for k, v in verify_line.items() if k != "now"})]
    _, results = batch(["verify"], [verify_line] + [line for _, _, line in cases])
    assert results[0]["valid"] is True, results[0]
    for (field, kind, _), result in zip(cases, results[1:]):
        assert result["valid"] is False and result["reason"] == "InputError", (field, kind, result)
        assert f"`{field}" in result["error"], (field, kind, result)


@pytest.mark.parametrize("value", [-1, 86_401, 1.5, "300", 10**30])
def test_verify_batch_skew_out_of_range(verify_line: dict, value: Any) -> None:
    _, results = batch(["verify"], [set_path(verify_line, "skew_seconds", value)])
    assert results[0]["reason"] == "InputError" and "`skew_seconds`" in results[0]["error"], results


@pytest.mark.parametrize(
    "document, field",
    [
        ([{**VERIFY_CREDENTIAL, "token": 5}], "[0].token"),
        ([{**VERIFY_CREDENTIAL, "principal": None}], "[0].principal"),
        ([{**VERIFY_CREDENTIAL, "acces_key_id": "x"}], "[0].acces_key_id"),
        ([VERIFY_CREDENTIAL, "AKID"], "[1]"),
        ({"credentials": [{**VERIFY_CREDENTIAL, "expiration": 1}]}, "credentials[0].expiration"),
        ({"credentials": {"access_key_id": "x"}}, "credentials"),
        ({"credentials": [VERIFY_CREDENTIAL], "extra": True}, "extra"),
    ],
)
def test_credentials_file_fields(tmp_path: Path, verify_line: dict, document: Any, field: str) -> None:
    request = tmp_path / "request.txt"
    request.write_text(verify_line["request"])
    credentials = tmp_path / "credentials.json"
    credentials.write_text(json.dumps(document))
    proc = run(["verify", "--request-file", str(request), "--credentials", str(credentials), "--now", verify_line["now"]])
    assert proc.returncode == 2 and f"`{field}" in proc.stderr.decode(), proc.stderr.decode()
    credentials.write_text(json.dumps([VERIFY_CREDENTIAL]))
    proc = run(["verify", "--request-file", str(request), "--credentials", str(credentials), "--now", verify_line["now"]])
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()


# --------------------------------------------------------------------------------------------------
# policy simulate --input cases
# --------------------------------------------------------------------------------------------------

SIMULATE_CASE = {
    "policies": {"identity": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]},
    "request": {
        "principal": "arn:aws:iam::111122223333:user/alice",
        "action": "s3:GetObject",
        "resource": "arn:aws:s3:::bucket/key",
        "context": {"aws:SourceIp": "203.0.113.7"},
        "sameAccount": True,
        "resourceAccount": "111122223333",
        "federatingUser": "arn:aws:iam::111122223333:user/bob",
    },
}

SIMULATE_FIELDS = {
    "policies": {"object"},
    "request": {"object"},
    "request.principal": set(),  # "x" is not an ARN: refused naming the principal, not by type
    "request.action": {"string"},
    "request.resource": {"string"},
    "request.context": {"object"},
    "request.sameAccount": {"bool"},
    "request.resourceAccount": {"string"},
    "request.federatingUser": {"string"},
}


def test_simulate_every_wrong_type_is_refused_naming_the_field(tmp_path: Path) -> None:
    cases = [(field, kind, set_path(SIMULATE_CASE, field, value)) for field, allowed in SIMULATE_FIELDS.items() for kind, value in wrong_values(allowed)]
    cases += [("request.principle", "misspelt", set_path(SIMULATE_CASE, "request.principle", "arn:aws:iam::111122223333:user/eve"))]
    cases += [("extra", "unknown", {**SIMULATE_CASE, "extra": 1})]
    cases += [("request", "absent", {"policies": SIMULATE_CASE["policies"]})]
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([SIMULATE_CASE] + [case for _, _, case in cases]))
    proc = run(["policy", "simulate", "--input", str(path)])
    results = json.loads(proc.stdout)
    assert proc.returncode == 2 and results[0].get("decision") == "Allow", results[0]
    failures = []
    for (field, kind, _), result in zip(cases, results[1:]):
        # A principal "x" has the right type and is refused for its value (`x` is not a caller).
        named = "`x` is not a caller" if (field, kind) == ("request.principal", "string") else f"`{field}"
        if named not in result.get("error", ""):
            failures.append((field, kind, result))
    assert not failures, "\n".join(map(str, failures))
