"""A TOKEN Lambda authorizer for the gateway tests: `Bearer allow-*` is allowed (principal from the
token, context {"token": ...}), anything else is Unauthorized."""

import json
import sys

event = json.load(sys.stdin)
token = event.get("authorizationToken", "")
if not token.startswith("Bearer allow-"):
    print(json.dumps({"errorMessage": "Unauthorized", "errorType": "Exception"}))
    sys.exit(1)
user = token[len("Bearer allow-"):]
print(json.dumps({
    "principalId": user,
    "policyDocument": {"Version": "2012-10-17",
                       "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]},
    "context": {"user": user},
}))
