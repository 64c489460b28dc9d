"""The embedded demo's authorizers through `gatehouse serve`: the REQUEST Lambda authorizer run as a
local command (Policies/demo/tenant_authorizer.py) with its context reaching the backend as mapped
headers, and the JWT authorizer refusing PyJWT tokens that are tampered, for another audience or
expired (test_gateway_demo_auth.py has a valid token's 200).
"""

import json
import time

import jwt
import pytest

from conftest import REPO
from test_gateway_serve import Server, http

DEMO = REPO / "Policies" / "demo"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("demo-authorizers"))
    try:
        api_id = server.apis()[0]["id"]
        server.invoke = f"{server.base}/restapis/{api_id}/prod/_user_request_"
        yield server
    finally:
        assert server.stop() == 0


def test_request_authorizer_context_reaches_the_backend(demo):
    status, _, body = http("GET", demo.invoke + "/tenants/acme", headers={"X-Tenant": "acme"})
    assert status == 200, body
    reply = json.loads(body)
    assert reply["tenant"] == "acme" and reply["backend"] == "gatehouse demo backend"
    assert reply["headers"]["x-demo-tenant"] == "acme" and reply["headers"]["x-demo-plan"] == "gold"


def test_request_authorizer_refusal_is_401(demo):
    status, _, body = http("GET", demo.invoke + "/tenants/nobody", headers={"X-Tenant": "nobody"})
    assert status == 401 and json.loads(body) == {"message": "Unauthorized"}, body


def test_another_tenants_path_is_the_authorizers_401(demo):
    # The demo's tenants authorizer has no result cache (TTL 0: it judges the path too), so acme's
    # header on globex's path reaches the authorizer, which refuses: 401, not a cached policy's 403.
    assert http("GET", demo.invoke + "/tenants/acme", headers={"X-Tenant": "acme"})[0] == 200
    status, _, body = http("GET", demo.invoke + "/tenants/globex", headers={"X-Tenant": "acme"})
    assert status == 401 and json.loads(body) == {"message": "Unauthorized"}, body


def demo_token(**claims):
    now = int(time.time())
    payload = {"iss": "https://demo.gatehouse.local", "aud": "demo", "sub": "alice", "iat": now, "exp": now + 600}
    payload.update(claims)
    key = (DEMO / "jwt" / "demo-private-key.pem").read_bytes()
    return jwt.encode(payload, key, algorithm="ES256", headers={"kid": "demo-es256"})


@pytest.mark.parametrize("why,token", [
    ("tampered signature", lambda: (lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"))(demo_token())),
    ("another audience", lambda: demo_token(aud="someone-else")),
    ("expired", lambda: demo_token(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200)),
])
def test_jwt_authorizer_refuses_bad_pyjwt_tokens(demo, why, token):
    status, _, body = http("GET", demo.invoke + "/orders", headers={"Authorization": "Bearer " + token()})
    assert status == 401 and json.loads(body) == {"message": "Unauthorized"}, (why, body)
