#!/usr/bin/env python3
"""Measures the Python peers on Gatehouse's bench workloads (reference/sigv4.md §9, reference/iam.md §9).

Signing workload: GET https://abc123.execute-api.us-east-1.amazonaws.com/prod/items/123?limit=10&sort=asc
with Host, Accept and X-Request-Id, empty body, us-east-1 / execute-api, fixed credentials and time.

Policy workload (Gatehouse's `policy.eval.small`): alice's identity policy of 10 statements, 3 with
conditions, and one request, execute-api:Invoke on …:abc123/prod/GET/pets/42 from 203.0.113.7 over
TLS, which statement 1 allows. cedarpy evaluates the Cedar translation in CEDAR_POLICIES (its
comment explains the mapping); the decision is checked (Allow) before anything is timed.

JWT workload (Gatehouse's `jwt.verify.rs256|es256|hs256`): the exact tokens and keys Gatehouse
benches, from `gatehouse bench --export-workload DIR` (DIR/jwt.json, read with --workload DIR),
verified at the instant the file names. Without that file the PyJWT peers are skipped (one line).

Peers, each measured single-threaded for --seconds after a short warm-up, in this one run:
  botocore SigV4Auth.add_auth          a fresh AWSRequest per op, as a client builds one per call
  botocore SigV4QueryAuth.add_auth     presigning, fresh AWSRequest per op
  awscrt aws_sign_request (header)     one AwsSigningConfig reused; `.result()` per op
  awscrt aws_sign_request (header)     a new AwsSigningConfig per op
  awscrt SigV4a (V4_ASYMMETRIC)        header signing, reused config
  cedarpy is_authorized                one request per call; PolicySet and Entities parsed once
  cedarpy is_authorized_batch          100 copies of the request per call; rate is per decision
  PyJWT jwt.decode                     RS256, ES256 and HS256 on Gatehouse's tokens: signature and
                                       exp/nbf/iat (aud/iss when present) at the workload's `now`;
                                       keys loaded once, as a server holds them

With Gatehouse's numbers (`--gatehouse-json FILE` from `gatehouse bench --json`, or `--gatehouse BIN`
to run that bench first, in the same run) it prints the ratios: `sigv4.sign` / each SigV4 peer,
`sigv4a.sign` / awscrt SigV4a, `sigv4.verify.cached` / awscrt reused-config signing, and
`policy.eval.small` / each cedarpy peer (when the bench has it: older benches do not), and
`jwt.verify.<alg>` / PyJWT on the same token. The target is both sign and verify at least 10x awscrt.

Usage: bench/peers.py [--seconds S] [--gatehouse-json FILE | --gatehouse BIN] [--workload DIR] [--json]
No network; no threads of its own. Needs bench/requirements.txt and Tests/Interop/requirements.txt
(PyJWT) in .venv (`make bench` installs them).
"""

from __future__ import annotations

import argparse
import base64
import datetime
import json
import os
import subprocess
import sys
import time
from typing import Callable

try:
    from awscrt import auth as crt_auth
    from awscrt.http import HttpHeaders, HttpRequest
    from botocore import auth as botocore_auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    import cedarpy
    import jwt
    from cryptography.hazmat.primitives.serialization import load_pem_public_key
except ImportError as error:  # pragma: no cover
    sys.exit(
        "peers.py needs botocore, awscrt, cedarpy and PyJWT (run it with .venv/bin/python after"
        " `.venv/bin/python -m pip install -r Tests/Interop/requirements.txt -r bench/requirements.txt`):"
        f" {error}"
    )

HOST = "abc123.execute-api.us-east-1.amazonaws.com"
PATH = "/prod/items/123?limit=10&sort=asc"
URL = f"https://{HOST}{PATH}"
HEADERS = {"Accept": "application/json", "X-Request-Id": "6f1c2a5e-3b7d-4c9a-8e21-0d4f5b6a7c8e"}
REGION = "us-east-1"
SERVICE = "execute-api"
ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
WHEN = datetime.datetime(2015, 8, 30, 12, 36, 0, tzinfo=datetime.timezone.utc)

TARGET_RATIO = 10.0
GATEHOUSE_NAMES = (
    "sigv4.sign",
    "sigv4.verify.cached",
    "sigv4.verify.uncached",
    "sigv4a.sign",
    "sigv4a.verify",
    "crypto.sha256.289B",
    "crypto.hmac.142B",
    "policy.eval.small",
    "policy.eval.large",
    "policy.compile.1000",
    "jwt.verify.rs256",
    "jwt.verify.es256",
    "jwt.verify.hs256",
    "crypto.rsa2048.verify",
    "crypto.p256.verify",
    "authorizer.cache.hit",
    "authorizer.cache.hit.conditional",
)


# --- the peers -------------------------------------------------------------------------------


def botocore_ops() -> dict[str, Callable[[], object]]:
    # botocore.auth reads the clock through `get_current_datetime()` (from botocore.compat): pin it.
    fixed = WHEN.replace(tzinfo=None)
    botocore_auth.get_current_datetime = lambda *args, **kwargs: fixed
    credentials = Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
    header_signer = botocore_auth.SigV4Auth(credentials, SERVICE, REGION)
    query_signer = botocore_auth.SigV4QueryAuth(credentials, SERVICE, REGION, expires=3600)

    def header():
        request = AWSRequest(method="GET", url=URL, headers=HEADERS)
        header_signer.add_auth(request)
        return request

    def query():
        request = AWSRequest(method="GET", url=URL, headers=HEADERS)
        query_signer.add_auth(request)
        return request

    return {"botocore.sigv4.header": header, "botocore.sigv4.query": query}


def crt_config(algorithm, provider) -> crt_auth.AwsSigningConfig:
    return crt_auth.AwsSigningConfig(
        algorithm=algorithm,
        signature_type=crt_auth.AwsSignatureType.HTTP_REQUEST_HEADERS,
        credentials_provider=provider,
        region=REGION,
        service=SERVICE,
        date=WHEN,
    )


def crt_request() -> HttpRequest:
    return HttpRequest("GET", PATH, HttpHeaders([("Host", HOST), *HEADERS.items()]))


def awscrt_ops() -> dict[str, Callable[[], object]]:
    provider = crt_auth.AwsCredentialsProvider.new_static(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
    v4 = crt_auth.AwsSigningAlgorithm.V4
    v4a = crt_auth.AwsSigningAlgorithm.V4_ASYMMETRIC
    reused = crt_config(v4, provider)
    reused_v4a = crt_config(v4a, provider)

    def reused_config():
        return crt_auth.aws_sign_request(crt_request(), reused).result()

    def new_config():
        return crt_auth.aws_sign_request(crt_request(), crt_config(v4, provider)).result()

    def sigv4a():
        return crt_auth.aws_sign_request(crt_request(), reused_v4a).result()

    return {
        "awscrt.sigv4.header.reused_config": reused_config,
        "awscrt.sigv4.header.new_config": new_config,
        "awscrt.sigv4a.header": sigv4a,
    }


# The policy workload: one identity policy (10 statements, 3 with conditions) attached to alice, and
# one request that statement 1 allows. Gatehouse benches the IAM JSON as `policy.eval.small`:
#
#   1 Allow execute-api:Invoke    …:abc123/prod/GET/pets/*   IpAddress aws:SourceIp 203.0.113.0/24
#   2 Allow execute-api:Invoke    …:abc123/prod/POST/pets    StringEquals aws:PrincipalTag/team payments
#   3 Deny  execute-api:Invoke    …:abc123/*/DELETE/*
#   4 Deny  *                     *                          Bool aws:SecureTransport false
#   5 Allow execute-api:Invoke    …:abc123/staging/*
#   6 Allow s3:GetObject          arn:aws:s3:::reports-bucket/*
#   7 Allow dynamodb:GetItem, dynamodb:Query   arn:aws:dynamodb:us-east-1:111122223333:table/pets
#   8 Allow execute-api:ManageConnections      …:ws456/*
#   9 Deny  execute-api:InvalidateCache        *
#  10 Allow logs:CreateLogStream, logs:PutLogEvents   *
#
# where … is arn:aws:execute-api:us-east-1:111122223333.

POLICY_ACCOUNT = "111122223333"
POLICY_PRINCIPAL = f"arn:aws:iam::{POLICY_ACCOUNT}:user/alice"
POLICY_ACTION = "execute-api:Invoke"
INVOKE_ARN = f"arn:aws:execute-api:us-east-1:{POLICY_ACCOUNT}"
POLICY_RESOURCE = f"{INVOKE_ARN}:abc123/prod/GET/pets/42"
POLICY_CONTEXT = {
    "aws:SourceIp": "203.0.113.7",
    "aws:SecureTransport": "true",
    "aws:PrincipalTag/team": "payments",
    "aws:username": "alice",
}

# The same policy in Cedar, statement for statement (`@id` = the IAM statement's position):
#
# - Allow → `permit`, Deny → `forbid`. Cedar denies by default and a satisfied `forbid` overrides
#   every `permit`: IAM's ExplicitDeny > Allow > ImplicitDeny, with Cedar's single `Deny` standing
#   for both denies.
# - The principal scope is open, as an identity policy has no Principal element: this set is what
#   is attached to alice, so it only ever sees her requests.
# - Actions are `Action::"service:Name"` entities, compared with `==` or `in [ … ]` (a list is
#   IAM's OR); IAM's `*` action is an unconstrained scope. IAM compares actions case-insensitively,
#   Cedar ids exactly: the request supplies the canonical case.
# - Resources: a Cedar policy can read an entity's attributes but not its id, so each resource
#   entity carries its ARN as `arn`. An ARN pattern is `resource.arn like "…"` (Cedar's `*` is
#   IAM's: any run of characters, `/` and `:` included; no pattern here uses IAM's `?`, which
#   Cedar lacks); a pattern without wildcards is `==`; IAM's `*` resource is an open scope.
# - Conditions keep IAM's key names: `context["aws:SourceIp"]`. IAM's non-negated operators are
#   false for an absent key, hence `context has "…" &&` in front of each. IpAddress is Cedar's ip
#   extension, `ip(value).isInRange(ip("cidr"))`, parsed per request as IAM parses the request
#   value; StringEquals is `==` on strings; Bool is `==` on a Cedar boolean (the context carries
#   aws:SecureTransport as `true`, not the string IAM sees).
# - One difference the workload never reaches: a `forbid` whose condition errors is skipped by
#   Cedar, while IAM's unevaluable Deny still denies (reference/iam.md §4.5). Statement 4's guard
#   and typed value keep it from erroring.
CEDAR_POLICIES = f"""
@id("1")
permit (principal, action == Action::"execute-api:Invoke", resource)
when {{
    resource.arn like "{INVOKE_ARN}:abc123/prod/GET/pets/*" &&
    context has "aws:SourceIp" && ip(context["aws:SourceIp"]).isInRange(ip("203.0.113.0/24"))
}};
@id("2")
permit (principal, action == Action::"execute-api:Invoke", resource)
when {{
    resource.arn == "{INVOKE_ARN}:abc123/prod/POST/pets" &&
    context has "aws:PrincipalTag/team" && context["aws:PrincipalTag/team"] == "payments"
}};
@id("3")
forbid (principal, action == Action::"execute-api:Invoke", resource)
when {{ resource.arn like "{INVOKE_ARN}:abc123/*/DELETE/*" }};
@id("4")
forbid (principal, action, resource)
when {{ context has "aws:SecureTransport" && context["aws:SecureTransport"] == false }};
@id("5")
permit (principal, action == Action::"execute-api:Invoke", resource)
when {{ resource.arn like "{INVOKE_ARN}:abc123/staging/*" }};
@id("6")
permit (principal, action == Action::"s3:GetObject", resource)
when {{ resource.arn like "arn:aws:s3:::reports-bucket/*" }};
@id("7")
permit (principal, action in [Action::"dynamodb:GetItem", Action::"dynamodb:Query"], resource)
when {{ resource.arn == "arn:aws:dynamodb:us-east-1:{POLICY_ACCOUNT}:table/pets" }};
@id("8")
permit (principal, action == Action::"execute-api:ManageConnections", resource)
when {{ resource.arn like "{INVOKE_ARN}:ws456/*" }};
@id("9")
forbid (principal, action == Action::"execute-api:InvalidateCache", resource);
@id("10")
permit (principal, action in [Action::"logs:CreateLogStream", Action::"logs:PutLogEvents"], resource);
"""

CEDAR_BATCH = 100


def cedar_entity(kind: str, uid: str) -> dict[str, str]:
    return {"type": kind, "id": uid}


def cedar_request(resource: str = POLICY_RESOURCE, **context: object) -> dict:
    """The workload request in cedarpy's form; keyword arguments override context values."""
    values: dict[str, object] = {**POLICY_CONTEXT, **context}
    values["aws:SecureTransport"] = str(values["aws:SecureTransport"]).lower() == "true"
    return {
        "principal": cedar_entity("User", POLICY_PRINCIPAL),
        "action": cedar_entity("Action", POLICY_ACTION),
        "resource": cedar_entity("Resource", resource),
        "context": values,
    }


def cedar_entities(*resources: str) -> "cedarpy.Entities":
    """Alice (her tags travel in the context, as IAM's aws:PrincipalTag does) and the resources."""
    entities = [{"uid": cedar_entity("User", POLICY_PRINCIPAL), "attrs": {}, "parents": []}]
    entities += [{"uid": cedar_entity("Resource", arn), "attrs": {"arn": arn}, "parents": []} for arn in resources]
    return cedarpy.Entities.from_json_str(json.dumps(entities))


def cedarpy_ops() -> dict[str, Callable[[], object]]:
    # Parsed once, as a service holding its policies would: only the request crosses per call.
    policies = cedarpy.PolicySet.from_str(CEDAR_POLICIES)
    entities = cedar_entities(POLICY_RESOURCE)
    request = cedar_request()
    batch = [request] * CEDAR_BATCH

    def single():
        return cedarpy.is_authorized(request, policies, entities)

    def batched():
        return cedarpy.is_authorized_batch(batch, policies, entities)

    return {"cedarpy.is_authorized": single, f"cedarpy.is_authorized_batch.{CEDAR_BATCH}": batched}


# --- the JWT workload ------------------------------------------------------------------------
#
# `gatehouse bench --export-workload DIR` writes DIR/jwt.json, the tokens Gatehouse benches as
# `jwt.verify.<name>`, their keys, and the instant (epoch seconds) they are verified at:
#
#   {"rs256": {"token": "…", "public_pem": "…"}, "es256": {"token": "…", "public_pem": "…"},
#    "hs256": {"token": "…", "secret_b64": "…"}, "now": 1768471200}

JWT_WORKLOADS = (("rs256", "RS256"), ("es256", "ES256"), ("hs256", "HS256"))


def load_jwt_workload(directory: str | None) -> dict | None:
    """DIR/jwt.json, or None (and one line saying so) when there is none."""
    if directory is None:
        print("(no --workload DIR: PyJWT peers skipped)", file=sys.stderr)
        return None
    path = os.path.join(directory, "jwt.json")
    if not os.path.isfile(path):
        print(f"(no {path}: PyJWT peers skipped)", file=sys.stderr)
        return None
    with open(path) as file:
        return json.load(file)


def decode_secret(text: str) -> bytes:
    """`secret_b64`, in either base64 alphabet, padded or not."""
    text = text.strip().replace("-", "+").replace("_", "/")
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def workload_now(value: object) -> datetime.datetime:
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def pin_pyjwt_clock(at: datetime.datetime) -> None:
    """PyJWT checks exp/nbf/iat against `datetime.now(tz=timezone.utc)` in jwt.api_jwt: pin it, so the
    workload's tokens are judged at the workload's instant (and their time claims still checked)."""

    class Pinned(datetime.datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001, ANN206 (datetime's signature)
            return at.astimezone(tz) if tz else at.replace(tzinfo=None)

    jwt.api_jwt.datetime = Pinned


def pyjwt_ops(workload: dict) -> dict[str, Callable[[], object]]:
    pin_pyjwt_clock(workload_now(workload["now"]))
    ops: dict[str, Callable[[], object]] = {}
    for name, alg in JWT_WORKLOADS:
        entry = workload.get(name)
        if entry is None:
            print(f"warning: the JWT workload has no {name!r}", file=sys.stderr)
            continue
        token = entry["token"]
        # Loaded once, as a server holds its keys; jwt.decode still does all per-token work.
        if alg == "HS256":
            key: object = decode_secret(entry["secret_b64"])
        else:
            key = load_pem_public_key(entry["public_pem"].encode())
        header = jwt.get_unverified_header(token)
        if header.get("alg") != alg:
            sys.exit(f"the JWT workload's {name} token is {header.get('alg')}, not {alg}")
        # Check what the token carries, as Gatehouse's verifier does: aud and iss only when present.
        unverified = jwt.decode(token, options={"verify_signature": False})
        expected: dict[str, object] = {}
        if "aud" in unverified:
            aud = unverified["aud"]
            expected["audience"] = aud if isinstance(aud, str) else aud[0]
        if "iss" in unverified:
            expected["issuer"] = unverified["iss"]
        if "exp" not in unverified:
            print(f"warning: the JWT workload's {name} token has no exp: no time to check", file=sys.stderr)
        options = {"verify_signature": True, "verify_exp": True, "verify_nbf": True, "verify_iat": True}

        def op(token=token, key=key, alg=alg, expected=expected, options=options):  # noqa: ANN001, ANN202
            return jwt.decode(token, key, algorithms=[alg], options=options, **expected)

        ops[f"pyjwt.{name}"] = op
    return ops


def check_jwt_work(ops: dict[str, Callable[[], object]]) -> None:
    """PyJWT accepts each of Gatehouse's tokens at the workload's instant before anything is timed."""
    for name, op in ops.items():
        if name.startswith("pyjwt."):
            try:
                op()
            except jwt.PyJWTError as error:
                sys.exit(f"PyJWT rejects the JWT workload's {name.removeprefix('pyjwt.')} token: {error!r}")


# Decisions one call of a peer makes (1 unless listed); rates are reported per decision.
DECISIONS_PER_OP = {f"cedarpy.is_authorized_batch.{CEDAR_BATCH}": CEDAR_BATCH}

LABELS = {
    "botocore.sigv4.header": "botocore SigV4Auth.add_auth",
    "botocore.sigv4.query": "botocore SigV4QueryAuth (presign)",
    "awscrt.sigv4.header.reused_config": "awscrt sign, reused config",
    "awscrt.sigv4.header.new_config": "awscrt sign, new config",
    "awscrt.sigv4a.header": "awscrt SigV4a sign",
    "cedarpy.is_authorized": "cedarpy is_authorized, pre-parsed",
    f"cedarpy.is_authorized_batch.{CEDAR_BATCH}": f"cedarpy is_authorized_batch ({CEDAR_BATCH})",
    **{f"pyjwt.{name}": f"PyJWT jwt.decode {alg}" for name, alg in JWT_WORKLOADS},
}

# The Gatehouse benchmark each peer is compared with.
BASELINES = {
    "awscrt.sigv4a.header": "sigv4a.sign",
    "cedarpy.is_authorized": "policy.eval.small",
    f"cedarpy.is_authorized_batch.{CEDAR_BATCH}": "policy.eval.small",
    **{f"pyjwt.{name}": f"jwt.verify.{name}" for name, _ in JWT_WORKLOADS},
}


def section(peer: str) -> str:
    if peer.startswith("cedarpy."):
        return "policy"
    if peer.startswith("pyjwt."):
        return "jwt"
    return "sigv4"


def check_same_work(ops: dict[str, Callable[[], object]]) -> None:
    """botocore and awscrt sign the same canonical request at the same time: same Authorization."""
    botocore_auth_header = ops["botocore.sigv4.header"]().headers["Authorization"]
    signed = ops["awscrt.sigv4.header.reused_config"]()
    crt_auth_header = dict(signed.headers)["Authorization"]
    if botocore_auth_header != crt_auth_header:
        sys.exit(f"peers disagree on the workload:\n  botocore {botocore_auth_header}\n  awscrt   {crt_auth_header}")
    if "SignedHeaders=accept;host;x-amz-date;x-request-id," not in crt_auth_header:
        sys.exit(f"unexpected signed headers: {crt_auth_header}")
    v4a = dict(ops["awscrt.sigv4a.header"]().headers)["Authorization"]
    if not v4a.startswith("AWS4-ECDSA-P256-SHA256 "):
        sys.exit(f"awscrt SigV4a did not sign with SigV4a: {v4a}")


def check_policy_work(ops: dict[str, Callable[[], object]]) -> None:
    """The Cedar translation decides the workload as IAM does: Allow, by statement 1 alone."""
    results = [ops["cedarpy.is_authorized"](), *ops[f"cedarpy.is_authorized_batch.{CEDAR_BATCH}"]()]
    for result in results:
        reasons = sorted(result.diagnostics.id_annotations_by_reason.values())
        if result.decision != cedarpy.Decision.Allow or reasons != ["1"] or result.diagnostics.errors:
            sys.exit(
                f"cedarpy does not allow the policy workload: {result.decision.value} by statements {reasons},"
                f" errors {result.diagnostics.errors}"
            )
    check_cedar_translation()


def check_cedar_translation() -> None:
    """A few requests off the workload, so a slip in the translation shows before it is timed."""
    delete = f"{INVOKE_ARN}:abc123/prod/DELETE/pets/42"
    post = f"{INVOKE_ARN}:abc123/prod/POST/pets"
    policies = cedarpy.PolicySet.from_str(CEDAR_POLICIES)
    entities = cedar_entities(POLICY_RESOURCE, delete, post)
    cases = [  # (what, request, decision, deciding statements)
        ("address outside 203.0.113.0/24", cedar_request(**{"aws:SourceIp": "198.51.100.7"}), "Deny", []),
        ("no aws:SourceIp", cedar_request(**{"aws:SourceIp": None}), "Deny", []),
        ("plain HTTP", cedar_request(**{"aws:SecureTransport": "false"}), "Deny", ["4"]),
        ("DELETE", cedar_request(delete), "Deny", ["3"]),
        ("POST by team payments", cedar_request(post), "Allow", ["2"]),
        ("POST by another team", cedar_request(post, **{"aws:PrincipalTag/team": "ops"}), "Deny", []),
    ]
    for what, request, decision, statements in cases:
        request["context"] = {k: v for k, v in request["context"].items() if v is not None}
        result = cedarpy.is_authorized(request, policies, entities)
        reasons = sorted(result.diagnostics.id_annotations_by_reason.values())
        if result.decision.value != decision or reasons != statements:
            sys.exit(
                f"Cedar translation, {what}: {result.decision.value} by {reasons},"
                f" expected {decision} by {statements}"
            )


# --- measuring -------------------------------------------------------------------------------


def measure(op: Callable[[], object], seconds: float, decisions: int = 1) -> dict[str, float]:
    """Runs `op` for a warm-up, then for `seconds`, in batches sized to ~10 ms; returns the rate of
    `op`, or of decisions when one call of `op` makes `decisions` of them."""
    warm_until = time.perf_counter() + min(0.5, max(0.1, seconds / 10))
    batch = 1
    while time.perf_counter() < warm_until:
        start = time.perf_counter()
        for _ in range(batch):
            op()
        if time.perf_counter() - start < 0.01:
            batch *= 2
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(batch):
            op()
        count += batch
        now = time.perf_counter()
        if now >= deadline:
            break
    elapsed = now - start
    count *= decisions
    return {"ops_per_s": count / elapsed, "ns_per_op": elapsed * 1e9 / count}


def run_gatehouse(binary: str, seconds: float) -> dict:
    proc = subprocess.run([binary, "bench", "--json", "--seconds", str(seconds)], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"`{binary} bench --json` failed ({proc.returncode}): {proc.stderr.strip()}")
    return parse_gatehouse(proc.stdout, f"{binary} bench --json")


def parse_gatehouse(text: str, origin: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # Tolerate log lines around one JSON object line.
        lines = [l for l in text.splitlines() if l.strip().startswith("{")]
        if not lines:
            sys.exit(f"no JSON in the output of {origin}")
        data = json.loads(lines[-1])
    if not isinstance(data, dict) or not all(
        isinstance(v, dict) and "ops_per_s" in v for v in data.values()
    ):
        sys.exit(f'{origin}: expected {{"name": {{"ops_per_s": N, "ns_per_op": N}}}}')
    missing = [n for n in GATEHOUSE_NAMES if n not in data]
    if missing:
        print(f"warning: {origin} lacks {', '.join(missing)}", file=sys.stderr)
    return data


def ratios(peers: dict, gatehouse: dict) -> dict[str, dict]:
    """Gatehouse ops/s over peer ops/s (higher is faster for Gatehouse)."""
    out = {}

    def add(gh: str, peer: str) -> None:
        if gh in gatehouse and peer in peers and peers[peer]["ops_per_s"] > 0:
            out[f"{gh} / {peer}"] = {
                "gatehouse": gh,
                "peer": peer,
                "ratio": gatehouse[gh]["ops_per_s"] / peers[peer]["ops_per_s"],
            }

    for peer in peers:
        if ".sigv4." in peer:
            add("sigv4.sign", peer)
    add("sigv4a.sign", "awscrt.sigv4a.header")
    add("sigv4.verify.cached", "awscrt.sigv4.header.reused_config")
    for peer in peers:
        if peer.startswith("cedarpy."):
            add("policy.eval.small", peer)
    for name, _ in JWT_WORKLOADS:
        add(f"jwt.verify.{name}", f"pyjwt.{name}")
    return out


def targets(ratio_table: dict) -> dict[str, dict]:
    out = {}
    for gatehouse in ("sigv4.sign", "sigv4.verify.cached"):
        key = f"{gatehouse} / awscrt.sigv4.header.reused_config"
        if key in ratio_table:
            ratio = ratio_table[key]["ratio"]
            out[key] = {"ratio": ratio, "target": TARGET_RATIO, "met": ratio >= TARGET_RATIO}
    return out


def print_table(seconds: float, peers: dict, gatehouse: dict | None, ratio_table: dict, target_table: dict) -> None:
    sections = (
        ("SigV4 signing peers", "reference/sigv4.md §9 workload", "sigv4"),
        ("Policy peers", "reference/iam.md §9, `policy.eval.small` workload", "policy"),
        ("JWT verify peers", "Gatehouse's exported `jwt.verify.*` tokens", "jwt"),
    )
    shown_sections = [s for s in sections if any(section(name) == s[2] for name in peers)]
    for index, (title, workload, kind) in enumerate(shown_sections):
        if index:
            print()
        print(f"{title}, {seconds:g} s each, one thread ({workload})")
        print(f"{'peer':<36} {'ops/s':>12} {'ns/op':>10}   gatehouse / peer")
        for name, result in peers.items():
            if section(name) != kind:
                continue
            gh = BASELINES.get(name, "sigv4.sign")
            ratio = ratio_table.get(f"{gh} / {name}")
            shown = f"{gh} {ratio['ratio']:7.1f}x" if ratio else ""
            print(f"{LABELS.get(name, name):<36} {result['ops_per_s']:>12,.0f} {result['ns_per_op']:>10,.0f}   {shown}")
    if gatehouse is None:
        print("(no Gatehouse numbers: pass --gatehouse-json FILE or --gatehouse BIN for the ratios)")
        return
    print()
    print(f"{'gatehouse':<36} {'ops/s':>12} {'ns/op':>10}")
    # The names peers.py knows first, in its order, then whatever else the bench measured.
    ordered = [n for n in GATEHOUSE_NAMES if n in gatehouse] + [n for n in gatehouse if n not in GATEHOUSE_NAMES]
    for name in ordered:
        result = gatehouse[name]
        print(f"{name:<36} {result['ops_per_s']:>12,.0f} {result.get('ns_per_op', 1e9 / result['ops_per_s']):>10,.0f}")
    if "policy.eval.small" not in gatehouse:
        print("(no policy.eval.small in Gatehouse's numbers, an older bench: no policy ratio)")
    jwt_peers = [name for name in peers if section(name) == "jwt"]
    if jwt_peers and not any(BASELINES[name] in gatehouse for name in jwt_peers):
        print("(no jwt.verify.* in Gatehouse's numbers, an older bench: no JWT ratio)")
    verify = ratio_table.get("sigv4.verify.cached / awscrt.sigv4.header.reused_config")
    if verify:
        print()
        print(f"sigv4.verify.cached / awscrt reused-config signing: {verify['ratio']:.1f}x")
    for key, target in target_table.items():
        state = "met" if target["met"] else "NOT met"
        print(f"target {key} >= {TARGET_RATIO:g}x: {state} ({target['ratio']:.1f}x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="measuring time per peer (default 2)")
    parser.add_argument("--gatehouse-json", metavar="FILE", help="output of `gatehouse bench --json`")
    parser.add_argument("--gatehouse", metavar="BIN", help="run `BIN bench --json --seconds S` first")
    parser.add_argument("--workload", metavar="DIR", help="`gatehouse bench --export-workload DIR` output (jwt.json)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if args.seconds <= 0:
        parser.error("--seconds must be positive")

    gatehouse = None
    if args.gatehouse_json:
        with open(args.gatehouse_json) as file:
            gatehouse = parse_gatehouse(file.read(), args.gatehouse_json)
    elif args.gatehouse:
        gatehouse = run_gatehouse(args.gatehouse, args.seconds)

    workload = load_jwt_workload(args.workload)
    ops = {**botocore_ops(), **awscrt_ops(), **cedarpy_ops(), **(pyjwt_ops(workload) if workload else {})}
    check_same_work(ops)
    check_policy_work(ops)
    check_jwt_work(ops)
    peers = {name: measure(op, args.seconds, DECISIONS_PER_OP.get(name, 1)) for name, op in ops.items()}
    ratio_table = ratios(peers, gatehouse) if gatehouse else {}
    target_table = targets(ratio_table)

    if args.json:
        print(
            json.dumps(
                {
                    "seconds": args.seconds,
                    "workload": args.workload if workload else None,
                    "peers": peers,
                    "gatehouse": gatehouse,
                    "ratios": ratio_table,
                    "targets": target_table,
                },
                indent=2,
            )
        )
    else:
        print_table(args.seconds, peers, gatehouse, ratio_table, target_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
