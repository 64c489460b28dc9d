"""The embedded demo's AWS_IAM routes end to end with real clients: botocore's SigV4Auth and
SigV4QueryAuth (presigned), `curl --aws-sigv4`, and an identity policy from `gatehouse principals` allowing only GET /pets*.
(The resource policy's public Allow and explicit Deny wait for the gateway to expand the policy's
`execute-api:/` shorthand: see the serve helper's notes.)
Its own server on a free loopback port and data dir, stopped in a finally.
"""

import json
import subprocess
import time

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


def test_botocore_signed_reaches_backend_unsigned_is_missing_token(demo):
    status, _, body = signed("GET", demo.invoke + "/pets")
    assert status == 200 and json.loads(body)["path"] == "/pets", body
    status, _, body = http("GET", demo.invoke + "/pets")
    assert status == 403 and json.loads(body) == {"message": "Missing Authentication Token"}


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
    def curl(path, secret=ROOT_SECRET, method="GET"):
        out = subprocess.run(["curl", "-sS", "-X", method, "-w", "\n%{http_code}", "--aws-sigv4", f"aws:amz:{REGION}:execute-api",
                              "--user", f"{ROOT_KEY_ID}:{secret}", demo.invoke + path],
                             capture_output=True, text=True, timeout=30)
        body, _, status = out.stdout.rpartition("\n")
        return int(status), body

    status, body = curl("/pets")
    assert status == 200 and json.loads(body)["path"] == "/pets", body
    status, body = curl("/pets/1", method="DELETE")
    assert status == 200 and json.loads(body)["method"] == "DELETE", body
    status, body = curl("/pets", secret="wrong" + ROOT_SECRET[5:])
    assert status == 403 and "signature we calculated does not match" in json.loads(body)["message"], body


def test_presigned_url(demo):
    request = AWSRequest(method="GET", url=demo.invoke + "/pets")
    SigV4QueryAuth(Credentials(ROOT_KEY_ID, ROOT_SECRET), "execute-api", REGION, expires=300).add_auth(request)
    assert http("GET", request.url)[0] == 200


