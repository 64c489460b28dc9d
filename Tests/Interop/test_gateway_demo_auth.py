"""The embedded demo's authorization beyond test_gateway_iam.py (which signs with botocore, presigns
and uses `curl --aws-sigv4` against the same demo): the public MOCK route, the resource policy's
explicit deny beating root, PyJWT tokens through the jwt authorizer, and `make run`'s script played
without a terminal."""

import json
import subprocess
import time

import jwt

from conftest import REPO, gatehouse_bin
from test_gateway_iam import REGION, demo, signed  # noqa: F401 (demo is a fixture)
from test_gateway_serve import http

DEMO = REPO / "Policies" / "demo"


def test_public_mock(demo):
    status, _, body = http("GET", demo.invoke + "/hello")
    assert status == 200 and json.loads(body) == {"message": "hello from the gateway (MOCK, no authorization)"}


def test_resource_policy_explicit_deny_beats_root(demo):
    status, _, body = signed("GET", demo.invoke + "/admin")
    # The method ARN with the account masked to its last four digits, and the explicit-deny suffix
    # Gatehouse uses (reference/gateway.md, "Client-visible errors").
    arn = f"arn:aws:execute-api:{REGION}:********0000:{demo.api_id}/prod/GET/admin"
    assert status == 403, body
    assert json.loads(body) == {
        "Message": "User: arn:aws:iam::000000000000:root is not authorized to perform: execute-api:Invoke"
        f" on resource: {arn} with an explicit deny in a resource-based policy"
    }


def token(**claims):
    now = int(time.time())
    payload = {"iss": "https://demo.gatehouse.local", "aud": "demo", "sub": "alice", "iat": now, "exp": now + 600, **claims}
    return jwt.encode(payload, (DEMO / "jwt" / "demo-private-key.pem").read_bytes(), algorithm="ES256", headers={"kid": "demo-es256"})


def test_pyjwt_bearer(demo):
    assert http("GET", demo.invoke + "/orders", headers={"Authorization": "Bearer " + token()})[0] == 200
    for claims in ({"aud": "other"}, {"iss": "https://elsewhere"}, {"exp": int(time.time()) - 60}):
        assert http("GET", demo.invoke + "/orders", headers={"Authorization": "Bearer " + token(**claims)})[0] == 401


def test_make_run_script_noninteractive(tmp_path):
    import os
    from test_gateway_serve import free_port
    env = dict(os.environ, PORT=str(free_port()), DATA_DIR=str(tmp_path / "d"), DEMO_NONINTERACTIVE="1")
    out = subprocess.run(["bash", str(DEMO / "serve-demo.sh"), gatehouse_bin()], env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stdout[-3000:]
