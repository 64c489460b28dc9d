"""The embedded demo's authorization end to end with real clients: botocore (header and presigned)
and `curl --aws-sigv4` signing for the root key and a user with an identity policy, the resource
policy's explicit deny, PyJWT tokens through the jwt authorizer, the REQUEST authorizer's context
reaching the backend, and `make run`'s script played without a terminal."""

import json
import subprocess
import time

import jwt
import pytest
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from conftest import REPO, gatehouse_bin
from test_gateway_serve import ROOT_KEY_ID, ROOT_SECRET, Server, http

REGION = "us-east-1"
DEMO = REPO / "Policies" / "demo"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("demo-auth"),
                    env={"GATEHOUSE_ROOT_ACCESS_KEY_ID": ROOT_KEY_ID, "GATEHOUSE_ROOT_SECRET_ACCESS_KEY": ROOT_SECRET})
    try:
        server.api_id = server.apis()[0]["id"]
        server.invoke = f"{server.base}/restapis/{server.api_id}/prod/_user_request_"
        yield server
    finally:
        server.stop()


def signed(method, url, key_id=ROOT_KEY_ID, secret=ROOT_SECRET, token=None, body=None):
    request = AWSRequest(method=method, url=url, data=body)
    SigV4Auth(Credentials(key_id, secret, token), "execute-api", REGION).add_auth(request)
    return http(method, url, headers=dict(request.headers.items()), body=body)


def test_public_mock(demo):
    status, _, body = http("GET", demo.invoke + "/hello")
    assert status == 200 and json.loads(body) == {"message": "hello from the gateway (MOCK, no authorization)"}


def test_botocore_signed_reaches_backend_unsigned_is_missing_token(demo):
    status, _, body = signed("GET", demo.invoke + "/pets")
    assert status == 200 and json.loads(body)["path"] == "/pets", body
    status, _, body = http("GET", demo.invoke + "/pets")
    assert status == 403 and json.loads(body) == {"message": "Missing Authentication Token"}


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


def test_identity_policy(demo):
    run = lambda *a: subprocess.run([gatehouse_bin(), "principals", *a, "--data-dir", str(demo.data_dir)],  # noqa: E731
                                    capture_output=True, text=True, timeout=60)
    assert run("create-user", "--name", "reader").returncode == 0
    assert run("put-policy", "--user", "reader", "--name", "read-pets", "--document", f"file://{DEMO / 'reader-policy.json'}").returncode == 0
    key = json.loads(run("create-access-key", "--user", "reader", "--output", "json").stdout)["AccessKey"]
    time.sleep(1.2)
    assert signed("GET", demo.invoke + "/pets", key["AccessKeyId"], key["SecretAccessKey"])[0] == 200
    assert signed("DELETE", demo.invoke + "/pets/1", key["AccessKeyId"], key["SecretAccessKey"])[0] == 403


def test_curl_aws_sigv4(demo):
    out = subprocess.run(["curl", "-sS", "-w", "\n%{http_code}", "--aws-sigv4", f"aws:amz:{REGION}:execute-api",
                          "--user", f"{ROOT_KEY_ID}:{ROOT_SECRET}", demo.invoke + "/pets"], capture_output=True, text=True, timeout=30)
    assert out.stdout.rsplit("\n", 1)[1] == "200", out.stdout


def test_presigned_url(demo):
    request = AWSRequest(method="GET", url=demo.invoke + "/pets")
    SigV4QueryAuth(Credentials(ROOT_KEY_ID, ROOT_SECRET), "execute-api", REGION, expires=300).add_auth(request)
    assert http("GET", request.url)[0] == 200


def token(**claims):
    now = int(time.time())
    payload = {"iss": "https://demo.gatehouse.local", "aud": "demo", "sub": "alice", "iat": now, "exp": now + 600, **claims}
    return jwt.encode(payload, (DEMO / "jwt" / "demo-private-key.pem").read_bytes(), algorithm="ES256", headers={"kid": "demo-es256"})


def test_pyjwt_bearer(demo):
    assert http("GET", demo.invoke + "/orders", headers={"Authorization": "Bearer " + token()})[0] == 200
    for claims in ({"aud": "other"}, {"iss": "https://elsewhere"}, {"exp": int(time.time()) - 60}):
        assert http("GET", demo.invoke + "/orders", headers={"Authorization": "Bearer " + token(**claims)})[0] == 401


def test_request_authorizer_context_reaches_backend(demo):
    status, _, body = http("GET", demo.invoke + "/tenants/acme", headers={"X-Tenant": "acme"})
    assert status == 200, body
    assert json.loads(body)["headers"] == {"x-demo-tenant": "acme", "x-demo-plan": "gold"} | json.loads(body)["headers"]
    assert http("GET", demo.invoke + "/tenants/globex", headers={"X-Tenant": "acme"})[0] == 401


def test_make_run_script_noninteractive(tmp_path):
    import os
    from test_gateway_serve import free_port
    env = dict(os.environ, PORT=str(free_port()), DATA_DIR=str(tmp_path / "d"), DEMO_NONINTERACTIVE="1")
    out = subprocess.run(["bash", str(DEMO / "serve-demo.sh"), gatehouse_bin()], env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stdout[-3000:]
