"""`gatehouse authorizer test|init` against real authorizer code, run the two ways Lambda code runs
locally: as a local command (event on stdin) and behind the Lambda Invoke API
(lambda_invoke_server.py, what `sam local start-lambda` and the Runtime Interface Emulator serve).

- authorizers/blueprint_authorizer.py, a TOKEN authorizer written like AWS's Python blueprint
  (`AuthPolicy`): allow, context, 401, 500 on crash / bad output / nested context / timeout,
  explicit deny, and the result cache — the blueprint's policy scoped to `methodArn` gives a 403
  for another method once cached (reference/gateway.md, "Authorizer result cache"), a policy for
  every method does not, Unauthorized is never cached, TTL 0 never caches.
- The python and node starters from `gatehouse authorizer init`, with keys from `gatehouse jwt
  keygen` and tokens from `gatehouse jwt sign` and PyJWT.
- authorizers/request_authorizer.py, a REQUEST authorizer over a header and a query string.
- A config-only `jwtBearer` authorizer with route scopes.

Every check is on `--output json`: AWS's status, body and error type (gateway.md, "Client-visible
errors, REST"), whether the cache answered, and whether the function really ran (the command runner
logs each call to $AUTHORIZER_CALL_LOG, set in the config's `function.environment` since a command
inherits none of gatehouse's environment; the Invoke server records each event).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from conftest import gatehouse_bin
from lambda_invoke_server import LambdaInvokeServer, NodeFunction, PythonFunction

HERE = Path(__file__).resolve().parent
AUTHORIZERS = HERE / "authorizers"
PYTHON = sys.executable  # the venv's: PyJWT is importable

REGION, ACCOUNT, API, STAGE = "us-east-1", "123456789012", "abc123", "prod"
STAGE_ARN = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API}/{STAGE}"
GET_PET = f"{STAGE_ARN}/GET/pets/42"
POST_PETS = f"{STAGE_ARN}/POST/pets"

# AWS's client-visible errors (gateway.md, "Client-visible errors, REST"), byte for byte.
UNAUTHORIZED = (401, '{"message":"Unauthorized"}', "UnauthorizedException")
EXPLICIT_DENY = (
    403,
    # The text recorded since 2024; the older one ended at "explicit deny".
    '{"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}',
    "AccessDeniedException",
)
IMPLICIT_DENY = (403, '{"Message":"User is not authorized to access this resource"}', "AccessDeniedException")
CONFIGURATION_ERROR = (500, '{"message":null}', "AuthorizerConfigurationException")  # 16 bytes, recorded

# The init templates' defaults (ISSUER, AUDIENCE); the tests run them unconfigured.
TEMPLATE_ISSUER = "https://issuer.example.com"
TEMPLATE_AUDIENCE = "my-api"
JB_ISSUER = "https://issuer.gatehouse.test"
JB_AUDIENCE = "gatehouse-api"


# --- running `gatehouse authorizer test` -----------------------------------------------------


@dataclass
class Run:
    rc: int
    reports: list[dict]
    calls: int  # how many times the function really ran
    stderr: str

    @property
    def first(self) -> dict:
        return self.reports[0]

    @property
    def last(self) -> dict:
        return self.reports[-1]


def authorizer_test(
    config: Path,
    name: str,
    method_arn: str,
    *,
    token: str | None = None,
    headers: tuple[str, ...] = (),
    query: tuple[str, ...] = (),
    stage_variables: tuple[str, ...] = (),
    repeat: int = 1,
    then: str | None = None,
    call_log: Path | None = None,
) -> tuple[int, list[dict], str]:
    args = [gatehouse_bin(), "authorizer", "test", "--config", str(config), "--authorizer", name]
    args += ["--method-arn", method_arn, "--output", "json", "--show-secrets"]
    if token is not None:
        args += ["--token", token]
    for header in headers:
        args += ["--header", header]
    for pair in query:
        args += ["--query", pair]
    for pair in stage_variables:
        args += ["--stage-variable", pair]
    if repeat != 1:
        args += ["--repeat", str(repeat)]
    if then is not None:
        args += ["--then-method-arn", then]
    env = dict(os.environ)
    env.pop("AUTHORIZER_CALL_LOG", None)
    if call_log is not None:
        env["AUTHORIZER_CALL_LOG"] = str(call_log)
    proc = subprocess.run(args, capture_output=True, timeout=60, env=env)
    stderr = proc.stderr.decode(errors="replace")
    assert proc.returncode in (0, 1), f"exit {proc.returncode}: {stderr}"
    out = json.loads(proc.stdout)
    reports = out if isinstance(out, list) else [out]
    assert len(reports) == repeat + (then is not None), reports
    return proc.returncode, reports, stderr


_RUNS = itertools.count()


class Runner:
    """One way to run a function: `command` (local command) or `lambda` (Invoke API)."""

    def __init__(self, kind: str, config: Path, server: LambdaInvokeServer, tmp: Path):
        self.kind = kind
        self.config = config
        self.server = server
        self.tmp = tmp

    def name(self, base: str) -> str:
        return f"{base}-{self.kind}"

    def run(self, base: str, function: str, method_arn: str, **kwargs: Any) -> Run:
        """Runs authorizer `{base}-{kind}` of the config; `function` is its name on the Invoke server."""
        # The command's log is named in the config (`function.environment`); gatehouse's own
        # environment gets a different one, which must stay empty (it is not passed on).
        log = self.tmp / "calls-command.log"
        log.unlink(missing_ok=True)
        leaked = self.tmp / f"calls-leaked-{next(_RUNS)}.log"
        before = self.server.calls(function)
        rc, reports, stderr = authorizer_test(self.config, self.name(base), method_arn, call_log=leaked, **kwargs)
        assert not leaked.exists(), "the command saw gatehouse's own environment"
        if self.kind == "command":
            calls = len(log.read_text().splitlines()) if log.exists() else 0
        else:
            calls = self.server.calls(function) - before
        return Run(rc, reports, calls, stderr)


GATEWAY_RESPONSE = {
    "unauthorized": "UNAUTHORIZED",
    "explicitDeny": "ACCESS_DENIED",
    "implicitDeny": "ACCESS_DENIED",
    "configurationError": "AUTHORIZER_CONFIGURATION_ERROR",
}


def assert_refused(report: dict, expected: tuple[int, str, str], decision: str) -> None:
    status, body, error_type = expected
    got = tuple(report.get(k) for k in ("decision", "status", "body", "errorType", "gatewayResponseType"))
    assert got == (decision, status, body, error_type, GATEWAY_RESPONSE[decision]), json.dumps(report, indent=1)


def assert_allowed(report: dict, principal: str) -> None:
    got = tuple(report.get(k) for k in ("decision", "status", "principalId"))
    assert got == ("Allow", 200, principal), json.dumps(report, indent=1)


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def node() -> str:
    path = shutil.which("node")
    if path is None:
        pytest.fail("node is not on PATH: the node template (authorizer init --template node) needs Node.js >= 16")
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("authorizers")


def gatehouse(*args: str) -> str:
    proc = subprocess.run([gatehouse_bin(), *args], capture_output=True, timeout=60)
    assert proc.returncode == 0, f"gatehouse {' '.join(args)}: {proc.stderr.decode(errors='replace')}"
    return proc.stdout.decode().strip()


def keygen(folder: Path, alg: str, kid: str) -> tuple[Path, dict]:
    """`gatehouse jwt keygen`: the private key's path and the public JWKS."""
    private, jwks = folder / f"{kid}.pem", folder / f"{kid}.jwks.json"
    gatehouse("jwt", "keygen", "--alg", alg, "--kid", kid, "--jwks-out", str(jwks), "--private-out", str(private))
    document = json.loads(jwks.read_text())
    assert [key["kid"] for key in document["keys"]] == [kid]
    return private, document


def gatehouse_sign(private: Path, alg: str, kid: str, claims: dict) -> str:
    return gatehouse("jwt", "sign", "--key", str(private), "--alg", alg, "--kid", kid, "--claims", json.dumps(claims))


def pyjwt_sign(private: Path | Any, kid: str, claims: dict, alg: str = "RS256") -> str:
    key = private.read_bytes() if isinstance(private, Path) else private
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid})


def token_claims(sub: str, *, issuer: str, audience: str, **overrides: Any) -> dict:
    now = int(time.time())  # the templates and jwtBearer check the real clock
    out = {"iss": issuer, "aud": audience, "sub": sub, "iat": now - 60, "nbf": now - 60, "exp": now + 3600}
    out.update(overrides)
    return out


@dataclass
class Template:
    language: str
    folder: Path
    config: Path
    rs_key: Path  # RS256, kid tpl-rs
    es_key: Path  # ES256, kid tpl-es


def make_template(language: str, workdir: Path, interpreter: str) -> tuple[Template, dict]:
    folder = workdir / f"template-{language}"
    gatehouse("authorizer", "init", "--template", language, str(folder))
    keys = workdir / f"keys-{language}"
    keys.mkdir()
    rs_key, rs_jwks = keygen(keys, "RS256", "tpl-rs")
    es_key, es_jwks = keygen(keys, "ES256", "tpl-es")
    (folder / "jwks.json").write_text(json.dumps({"keys": rs_jwks["keys"] + es_jwks["keys"]}))
    # The generated config, run with this interpreter (the venv's python, so PyJWT imports; node by
    # path), plus the same authorizer behind the Invoke API (filled in once the server runs).
    generated = json.loads((folder / "gatehouse-authorizers.json").read_text())
    entry = generated["authorizers"]["jwt"]
    script = {"python": "authorizer.py", "node": "index.js"}[language]
    assert entry["function"]["command"][-1] == script, entry
    entry["function"] = {"command": [interpreter, script]}
    return Template(language, folder, folder / "gatehouse-authorizers.json", rs_key, es_key), generated


@pytest.fixture(scope="module")
def env(workdir: Path, node: str):
    """The templates, the Invoke server hosting every function, and one config file for all."""
    templates = {}
    generated = {}
    for language, interpreter in (("python", PYTHON), ("node", node)):
        templates[language], generated[language] = make_template(language, workdir, interpreter)

    jb_key, jb_jwks = keygen(workdir, "RS256", "jb-1")
    (workdir / "jb-jwks.json").write_text(json.dumps(jb_jwks))

    functions = {
        "blueprint": PythonFunction(AUTHORIZERS / "blueprint_authorizer.py"),
        "request": PythonFunction(AUTHORIZERS / "request_authorizer.py"),
        "tpl-python": PythonFunction(templates["python"].folder / "authorizer.py"),
        "tpl-node": NodeFunction(templates["node"].folder),
    }
    with LambdaInvokeServer(functions) as server:

        def lambda_fn(name: str) -> dict:
            return {"lambda": {"endpoint": server.endpoint, "name": name}}

        def command(script: str) -> dict:
            # A command inherits none of gatehouse's environment: the call log is configured.
            log = str(workdir / "calls-command.log")
            return {"command": [PYTHON, str(AUTHORIZERS / script)], "environment": {"AUTHORIZER_CALL_LOG": log}}

        authorizers: dict[str, dict] = {}
        token = {"type": "TOKEN", "identitySource": "method.request.header.Authorization"}
        for kind in ("command", "lambda"):
            fn = command("blueprint_authorizer.py") if kind == "command" else lambda_fn("blueprint")
            authorizers[f"bp-{kind}"] = {**token, "resultTtlInSeconds": 300, "timeoutSeconds": 10, "function": fn}
            authorizers[f"bp-ttl0-{kind}"] = {**token, "resultTtlInSeconds": 0, "timeoutSeconds": 10, "function": fn}
            authorizers[f"bp-timeout-{kind}"] = {**token, "resultTtlInSeconds": 300, "timeoutSeconds": 1, "function": fn}
            authorizers[f"request-{kind}"] = {
                "type": "REQUEST",
                "identitySource": "method.request.header.HeaderAuth1, method.request.querystring.QueryString1",
                "resultTtlInSeconds": 300,
                "timeoutSeconds": 10,
                "function": command("request_authorizer.py") if kind == "command" else lambda_fn("request"),
            }
        authorizers["jwt-bearer"] = {
            **token,
            "resultTtlInSeconds": 300,
            "function": {
                "jwtBearer": {
                    "issuer": JB_ISSUER,
                    "jwks": "jb-jwks.json",  # relative: the config file's folder
                    "audiences": [JB_AUDIENCE],
                    "routeScopes": {"GET /pets/*": ["pets/read"], "DELETE /pets/*": ["pets/admin"]},
                    "claimsToContext": {"sub": "userId", "scope": "scope"},
                }
            },
        }
        config = workdir / "authorizers.json"
        config.write_text(json.dumps({"authorizers": authorizers}, indent=1))

        for language, template in templates.items():
            document = generated[language]
            command_entry = document["authorizers"].pop("jwt")
            document["authorizers"]["jwt-command"] = command_entry
            document["authorizers"]["jwt-lambda"] = {**command_entry, "function": lambda_fn(f"tpl-{language}")}
            template.config.write_text(json.dumps(document, indent=1))

        yield {"config": config, "server": server, "templates": templates, "workdir": workdir, "jb_key": jb_key}


@pytest.fixture(params=["command", "lambda"])
def runner(request: pytest.FixtureRequest, env: dict) -> Runner:
    return Runner(request.param, env["config"], env["server"], env["workdir"])


# --- (a) the blueprint authorizer --------------------------------------------------------------


def test_blueprint_allow_is_scoped_to_the_called_method(runner: Runner) -> None:
    run = runner.run("bp", "blueprint", GET_PET, token="allow")
    assert run.rc == 0, run.stderr
    report = run.first
    assert_allowed(report, "user|a1b2c3d4")
    assert report["cacheHit"] is False and report["cacheKey"]
    assert report["event"] == {"type": "TOKEN", "authorizationToken": "allow", "methodArn": GET_PET}
    response = json.loads(report["response"])
    assert response["policyDocument"]["Statement"] == [
        {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": [GET_PET]}
    ]
    assert run.calls == 1
    if runner.kind == "lambda":
        assert runner.server.invocations["blueprint"][-1] == report["event"]


def test_blueprint_context_values(runner: Runner) -> None:
    run = runner.run("bp", "blueprint", GET_PET, token="context")
    assert run.rc == 0, run.stderr
    assert_allowed(run.first, "user|a1b2c3d4")
    assert run.first["context"] == {"tenant": "t1", "level": 3, "admin": False}


def test_blueprint_unauthorized_is_401_and_never_cached(runner: Runner) -> None:
    run = runner.run("bp", "blueprint", GET_PET, token="unauthorized", repeat=2)
    assert run.rc == 1
    for report in run.reports:
        assert_refused(report, UNAUTHORIZED, "unauthorized")
        assert report["cacheHit"] is False
        assert report["event"] is not None  # the function was asked each time
    assert run.calls == 2


@pytest.mark.parametrize("token", ["crash", "garbage", "nested"])
def test_blueprint_failures_are_500(runner: Runner, token: str) -> None:
    run = runner.run("bp", "blueprint", GET_PET, token=token, repeat=2)
    assert run.rc == 1
    for report in run.reports:
        assert_refused(report, CONFIGURATION_ERROR, "configurationError")
        assert report["cacheHit"] is False  # bad output is never cached
    assert run.calls == 2


def test_blueprint_timeout_is_500(runner: Runner) -> None:
    started = time.monotonic()
    run = runner.run("bp-timeout", "blueprint", GET_PET, token="slow")
    elapsed = time.monotonic() - started
    assert run.rc == 1
    assert_refused(run.first, CONFIGURATION_ERROR, "configurationError")
    assert elapsed < 4, f"a 1 s timeout took {elapsed:.1f} s (the function sleeps 5 s)"


def test_blueprint_explicit_deny_is_403_and_cached(runner: Runner) -> None:
    run = runner.run("bp", "blueprint", GET_PET, token="deny", repeat=2, then=POST_PETS)
    assert run.rc == 1
    for report in run.reports:
        assert_refused(report, EXPLICIT_DENY, "explicitDeny")
    assert [r["cacheHit"] for r in run.reports] == [False, True, True]  # Deny is cached like Allow
    assert run.calls == 1


def test_blueprint_cache_pitfall_policy_for_one_method(runner: Runner) -> None:
    """The blueprint sample's policy names only the called method; cached, it is judged again for
    the next method (POST) and denies it: AWS's behaviour, reproduced (gateway.md)."""
    run = runner.run("bp", "blueprint", GET_PET, token="allow", then=POST_PETS)
    assert run.rc == 0, run.stderr  # the exit status follows the first --method-arn
    first, second = run.reports
    assert_allowed(first, "user|a1b2c3d4")
    assert first["cacheHit"] is False
    assert second["methodArn"] == POST_PETS
    assert second["cacheHit"] is True and second["cacheKey"] == first["cacheKey"]
    assert second["event"] is None  # not invoked: judged from the cached policy
    assert_refused(second, IMPLICIT_DENY, "implicitDeny")
    assert POST_PETS in second["reason"]  # easy to diagnose: names the method the policy lacks
    assert run.calls == 1


def test_blueprint_policy_for_every_method_allows_from_cache(runner: Runner) -> None:
    run = runner.run("bp", "blueprint", GET_PET, token="allow-all", then=POST_PETS)
    assert run.rc == 0, run.stderr
    first, second = run.reports
    assert_allowed(first, "user|a1b2c3d4")
    assert second["cacheHit"] is True and second["event"] is None
    assert_allowed(second, "user|a1b2c3d4")
    assert run.calls == 1


def test_blueprint_ttl_zero_never_caches(runner: Runner) -> None:
    run = runner.run("bp-ttl0", "blueprint", GET_PET, token="allow-all", repeat=3, then=POST_PETS)
    assert run.rc == 0, run.stderr
    for report in run.reports:
        assert_allowed(report, "user|a1b2c3d4")
        assert report["cacheHit"] is False
        assert report["event"] is not None
    assert run.calls == 4


# --- (b) the init templates --------------------------------------------------------------------


@pytest.fixture(params=["python", "node"])
def template(request: pytest.FixtureRequest, env: dict) -> Template:
    return env["templates"][request.param]


@pytest.fixture(params=["command", "lambda"])
def template_runner(request: pytest.FixtureRequest) -> str:
    return request.param


def run_template(template: Template, kind: str, token: str, **kwargs: Any) -> tuple[int, list[dict], str]:
    return authorizer_test(template.config, f"jwt-{kind}", GET_PET, token=f"Bearer {token}", **kwargs)


def test_template_layout(template: Template) -> None:
    script = {"python": "authorizer.py", "node": "index.js"}[template.language]
    assert (template.folder / script).is_file() and (template.folder / "README.md").is_file()
    keys = json.loads((template.folder / "jwks.json").read_text())["keys"]
    assert {key["kid"] for key in keys} == {"tpl-rs", "tpl-es"}
    assert all(key.get("alg") and key.get("use") == "sig" and "d" not in key for key in keys)


@pytest.mark.parametrize("minter", ["gatehouse", "pyjwt"])
def test_template_valid_token_allows_whole_stage(template: Template, template_runner: str, minter: str) -> None:
    sub = f"{minter}-{template.language}-user"
    claims = token_claims(sub, issuer=TEMPLATE_ISSUER, audience=TEMPLATE_AUDIENCE, scope="pets/read")
    if minter == "gatehouse":
        token = gatehouse_sign(template.es_key, "ES256", "tpl-es", claims)
    else:
        token = pyjwt_sign(template.rs_key, "tpl-rs", claims)
    rc, reports, stderr = run_template(template, template_runner, token, then=POST_PETS)
    assert rc == 0, stderr
    first, second = reports
    assert_allowed(first, sub)
    assert first["context"] == {"scope": "pets/read", "issuer": TEMPLATE_ISSUER}
    statement = json.loads(first["response"])["policyDocument"]["Statement"]
    assert [s["Resource"] for s in statement] == [f"{STAGE_ARN}/*/*"]
    # The whole-stage policy covers POST from the cache.
    assert second["cacheHit"] is True and second["event"] is None
    assert_allowed(second, sub)


@pytest.mark.parametrize("case", ["bad-signature", "expired", "wrong-audience", "wrong-issuer"])
def test_template_bad_token_is_401(template: Template, template_runner: str, case: str) -> None:
    now = int(time.time())
    claims = token_claims("mallory", issuer=TEMPLATE_ISSUER, audience=TEMPLATE_AUDIENCE)
    if case == "bad-signature":
        # The right kid and algorithm, someone else's key.
        attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        token = pyjwt_sign(attacker, "tpl-rs", claims)
    elif case == "expired":
        claims.update(iat=now - 7200, nbf=now - 7200, exp=now - 600)
        token = gatehouse_sign(template.es_key, "ES256", "tpl-es", claims)
    elif case == "wrong-audience":
        claims["aud"] = "someone-else"
        token = pyjwt_sign(template.rs_key, "tpl-rs", claims)
    else:
        claims["iss"] = "https://evil.example.com"
        token = gatehouse_sign(template.es_key, "ES256", "tpl-es", claims)
    rc, reports, _ = run_template(template, template_runner, token, repeat=2)
    assert rc == 1
    for report in reports:
        assert_refused(report, UNAUTHORIZED, "unauthorized")
        assert report["cacheHit"] is False and report["event"] is not None


# --- (c) a REQUEST authorizer ------------------------------------------------------------------

REQUEST_ARN = f"{STAGE_ARN}/GET/request"
GOOD_HEADER = "HeaderAuth1: headerValue1"
GOOD_QUERY = "QueryString1=queryValue1"


def test_request_authorizer_event_and_cache(runner: Runner) -> None:
    run = runner.run(
        "request",
        "request",
        REQUEST_ARN,
        headers=(GOOD_HEADER, "X-Other: o"),
        query=(GOOD_QUERY, "page=2"),
        stage_variables=("StageVar1=stageValue1",),
        repeat=2,
    )
    assert run.rc == 0, run.stderr
    first, second = run.reports
    assert_allowed(first, "request-user")
    assert first["context"] == {"header": "headerValue1", "query": "queryValue1"}
    event = first["event"]
    assert event["type"] == "REQUEST" and event["methodArn"] == REQUEST_ARN
    assert event["httpMethod"] == "GET" and event["path"] == "/request" and event["resource"] == "/request"
    assert event["headers"]["HeaderAuth1"] == "headerValue1" and event["headers"]["X-Other"] == "o"
    assert event["multiValueHeaders"]["HeaderAuth1"] == ["headerValue1"]
    assert event["multiValueHeaders"]["X-Other"] == ["o"]
    assert event["queryStringParameters"] == {"QueryString1": "queryValue1", "page": "2"}
    assert event["multiValueQueryStringParameters"] == {"QueryString1": ["queryValue1"], "page": ["2"]}
    assert event["stageVariables"] == {"StageVar1": "stageValue1"}
    assert event["requestContext"]["stage"] == STAGE
    assert "body" not in event
    assert second["cacheHit"] is True and second["event"] is None
    assert_allowed(second, "request-user")
    assert run.calls == 1


def test_request_authorizer_multi_value_query(runner: Runner) -> None:
    run = runner.run(
        "request", "request", REQUEST_ARN, headers=(GOOD_HEADER,), query=("QueryString1=first", GOOD_QUERY)
    )
    event = run.first["event"]
    assert event["multiValueQueryStringParameters"]["QueryString1"] == ["first", "queryValue1"]
    # The single-value map keeps the last value (API Gateway's proxy 1.0 event), which the sample
    # reads: allowed.
    assert event["queryStringParameters"]["QueryString1"] == "queryValue1"
    assert run.rc == 0, run.stderr
    assert_allowed(run.first, "request-user")


@pytest.mark.parametrize(
    "headers,query",
    [
        ((), (GOOD_QUERY,)),  # header missing
        ((GOOD_HEADER,), ()),  # query string missing
        (("HeaderAuth1: ",), (GOOD_QUERY,)),  # header empty
        ((GOOD_HEADER,), ("QueryString1=",)),  # query string empty
    ],
    ids=["no-header", "no-query", "empty-header", "empty-query"],
)
def test_request_authorizer_missing_source_is_401_without_invoking(
    runner: Runner, headers: tuple[str, ...], query: tuple[str, ...]
) -> None:
    run = runner.run("request", "request", REQUEST_ARN, headers=headers, query=query, repeat=2)
    assert run.rc == 1
    for report in run.reports:
        assert_refused(report, UNAUTHORIZED, "unauthorized")
        assert report["cacheHit"] is False
        assert report["event"] is None and report["response"] is None
    assert run.calls == 0


def test_request_authorizer_wrong_value_reaches_the_function(runner: Runner) -> None:
    run = runner.run("request", "request", REQUEST_ARN, headers=("HeaderAuth1: nope",), query=(GOOD_QUERY,))
    assert run.rc == 1
    assert_refused(run.first, UNAUTHORIZED, "unauthorized")
    assert run.first["event"] is not None
    assert run.calls == 1


# --- (d) jwtBearer with route scopes -----------------------------------------------------------


def jb_token(env: dict, scope: str, **overrides: Any) -> str:
    claims = token_claims("carol", issuer=JB_ISSUER, audience=JB_AUDIENCE, scope=scope, **overrides)
    return gatehouse_sign(env["jb_key"], "RS256", "jb-1", claims)


def test_jwt_bearer_route_scopes(env: dict) -> None:
    token = jb_token(env, "pets/read")
    rc, reports, stderr = authorizer_test(env["config"], "jwt-bearer", GET_PET, token=f"Bearer {token}")
    assert rc == 0, stderr
    assert_allowed(reports[0], "carol")
    assert reports[0]["context"] == {"userId": "carol", "scope": "pets/read"}

    rc, reports, _ = authorizer_test(env["config"], "jwt-bearer", f"{STAGE_ARN}/DELETE/pets/42", token=f"Bearer {token}")
    assert rc == 1
    # A missing route scope is a Deny (JWTBearerFunction), so AWS's explicit-deny 403.
    assert_refused(reports[0], EXPLICIT_DENY, "explicitDeny")

    admin = jb_token(env, "pets/read pets/admin")
    rc, reports, stderr = authorizer_test(
        env["config"], "jwt-bearer", f"{STAGE_ARN}/DELETE/pets/42", token=f"Bearer {admin}"
    )
    assert rc == 0, stderr
    assert_allowed(reports[0], "carol")


def test_jwt_bearer_bad_token_is_401(env: dict) -> None:
    token = jb_token(env, "pets/read", aud="someone-else")
    rc, reports, _ = authorizer_test(env["config"], "jwt-bearer", GET_PET, token=f"Bearer {token}")
    assert rc == 1
    assert_refused(reports[0], UNAUTHORIZED, "unauthorized")


def test_jwt_bearer_cached_token_is_judged_per_route(env: dict) -> None:
    """jwtBearer caches by token (default TTL 300), so its one cached answer must hold for every
    route the token may call: GET /pets/7 after GET /pets/42 is allowed (pets/read covers it), and
    DELETE stays refused. gateway.md ("Authorizer result cache"): the whole response is cached and
    re-judged per ARN, hence a policy must cover every method the caller may use."""
    token = jb_token(env, "pets/read")
    rc, reports, stderr = authorizer_test(
        env["config"], "jwt-bearer", GET_PET, token=f"Bearer {token}", then=f"{STAGE_ARN}/GET/pets/7"
    )
    assert rc == 0, stderr
    first, second = reports
    assert_allowed(first, "carol")
    assert second["cacheHit"] is True
    assert_allowed(second, "carol")
    rc, reports, _ = authorizer_test(
        env["config"], "jwt-bearer", GET_PET, token=f"Bearer {token}", then=f"{STAGE_ARN}/DELETE/pets/42"
    )
    assert reports[1]["status"] == 403
