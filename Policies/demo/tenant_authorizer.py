#!/usr/bin/env python3
"""The demo's REQUEST Lambda authorizer, run by `gatehouse serve` as a local command
(`--function demo-tenants=python3 Policies/demo/tenant_authorizer.py`).

Reads the Lambda REST REQUEST event on stdin, answers on stdout as a Lambda function would:
the caller's `X-Tenant` header must name a known tenant and match the `{tenant}` in the path.
Allowed callers get a policy for the method they called and a context (`tenant`, `plan`) that the
integration maps into headers for the backend. Anything else is `Unauthorized` (401).
"""

import json
import sys

TENANTS = {"acme": "gold", "globex": "silver"}


def handler(event):
    headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
    tenant = headers.get("x-tenant", "")
    path_tenant = (event.get("pathParameters") or {}).get("tenant")
    if tenant not in TENANTS or path_tenant != tenant:
        raise Exception("Unauthorized")
    return {
        "principalId": "tenant:" + tenant,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}],
        },
        "context": {"tenant": tenant, "plan": TENANTS[tenant]},
    }


if __name__ == "__main__":
    try:
        print(json.dumps(handler(json.load(sys.stdin))))
    except Exception as error:  # Lambda's error shape: the runner maps "Unauthorized" to 401
        print(json.dumps({"errorMessage": str(error), "errorType": type(error).__name__}))
        sys.exit(1)
