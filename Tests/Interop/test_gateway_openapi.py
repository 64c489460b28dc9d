"""A realistic SAM-style OpenAPI document (TestVectors/gateway/sam-api.yaml) served by
`gatehouse serve --openapi`, its Lambda ARNs answered by local commands (`--function`): an
AWS_PROXY integration receiving a 1.0 proxy event with the caller, a TOKEN authorizer's context
reaching the function, the resource policy's conditional Deny, the REST CORS preflight (the
OPTIONS mock people write); then the same API exported (`gatehouse export`) and served again from
the export, answering the same.
"""

import json
import subprocess
import sys

import pytest

from conftest import REPO, gatehouse_bin
from test_gateway_iam import REGION, signed
from test_gateway_serve import ROOT_KEY_ID, ROOT_SECRET, Server, http

VECTORS = REPO / "TestVectors" / "gateway"
HERE = REPO / "Tests" / "Interop" / "gateway"
ECHO = f"{sys.executable} {HERE / 'lambda_echo.py'}"
FUNCTIONS = [
    "--function", f"listPets={ECHO}", "--function", f"createPet={ECHO}", "--function", f"petsProxy={ECHO}",
    "--function", f"deletePet={ECHO}", "--function", f"requestAuth={ECHO}",
    "--function", f"tokenAuth={sys.executable} {HERE / 'token_authorizer.py'}",
]


def served(tmp_path_factory, document, name):
    server = Server(tmp_path_factory.mktemp(name), args=["--openapi", str(document), *FUNCTIONS],
                    env={"GATEHOUSE_ROOT_ACCESS_KEY_ID": ROOT_KEY_ID, "GATEHOUSE_ROOT_SECRET_ACCESS_KEY": ROOT_SECRET})
    api = next(a for a in server.apis() if a["name"] == "petstore")
    server.invoke = f"{server.base}/restapis/{api['id']}/prod/_user_request_"
    server.api_id = api["id"]
    return server


@pytest.fixture(scope="module", params=["imported", "exported"])
def petstore(request, tmp_path_factory):
    document = VECTORS / "sam-api.yaml"
    if request.param == "exported":
        folder = tmp_path_factory.mktemp("export")
        completed = subprocess.run([gatehouse_bin(), "export", "--openapi", str(document)],
                                   capture_output=True, text=True, timeout=60)
        assert completed.returncode == 0, completed.stderr
        document = folder / "exported.json"
        document.write_text(completed.stdout)
    server = served(tmp_path_factory, document, "petstore-" + request.param)
    try:
        yield server
    finally:
        server.stop()


def test_mock_root(petstore):
    status, _, body = http("GET", petstore.invoke + "/")
    assert status == 200, body
    assert json.loads(body) == {"service": "petstore"}


def test_aws_proxy_gets_a_1_0_event_with_the_signed_caller(petstore):
    status, _, body = signed("POST", petstore.invoke + "/pets", body=b'{"name":"rex"}')
    assert status == 200, body
    event = json.loads(body)
    assert event["version"] == "1.0" and event["resource"] == "/pets" and event["httpMethod"] == "POST"
    assert event["userArn"] == "arn:aws:iam::000000000000:root"
    assert event["stage"] == "prod"


def test_token_authorizer_context_reaches_the_function(petstore):
    status, _, body = http("GET", petstore.invoke + "/pets", headers={"Authorization": "Bearer allow-bob"})
    assert status == 200, body
    event = json.loads(body)
    assert event["authorizer"]["principalId"] == "bob" and event["authorizer"]["user"] == "bob"
    status, _, body = http("GET", petstore.invoke + "/pets", headers={"Authorization": "Bearer deny-me"})
    assert status == 401, body


def test_routing_precedence_proxy_and_parameters(petstore):
    status, _, body = signed("PUT", petstore.invoke + "/pets/7/toys")
    assert status == 200, body
    event = json.loads(body)
    assert event["resource"] == "/pets/{proxy+}" and event["pathParameters"] == {"proxy": "7/toys"}


def test_conditional_resource_policy_deny(petstore):
    # DELETE /pets/* is denied unless the caller is in 10.0.0.0/8; loopback is not.
    status, _, body = signed("DELETE", petstore.invoke + "/pets/1")
    assert status == 403, body
    # The document customizes DEFAULT_4XX as {"message":$context.error.messageString}, so the
    # refusal arrives in that template (lower-case key), not in the default {"Message": …}.
    assert "with an explicit deny" in json.loads(body)["message"]


def test_cors_preflight_from_the_options_mock(petstore):
    status, headers, body = http("OPTIONS", petstore.invoke + "/pets", headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"})
    assert status == 200, body
    lower = {k.lower(): v for k, v in headers.items()}
    assert lower["access-control-allow-origin"] == "*"
    assert lower["access-control-allow-methods"] == "GET,POST,OPTIONS"
    assert "X-Amz-Date" in lower["access-control-allow-headers"]
