#!/usr/bin/env python3
"""A REQUEST Lambda authorizer for the gateway's tests: allows the method ARN when the X-Tenant
header is `acme` (context tenant=acme, plan=gold), denies it for any other tenant, and fails
with `Unauthorized` (401) when the header is `nobody`."""
import json
import sys

event = json.load(sys.stdin)
headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
tenant = headers.get("x-tenant", "")
if tenant == "nobody":
    print(json.dumps({"errorMessage": "Unauthorized", "errorType": "Error"}))
    sys.exit(1)
effect = "Allow" if tenant == "acme" else "Deny"
print(json.dumps({
    "principalId": "user-" + tenant,
    "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]},
    "context": {"tenant": tenant, "plan": "gold"},
}))
