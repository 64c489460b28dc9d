"""A Lambda proxy function for the gateway tests, run by `gatehouse serve --function NAME=...`:
reads the proxy event (1.0 or 2.0) on stdin and answers 200 with the parts the tests check."""

import json
import sys

event = json.load(sys.stdin)
context = event.get("requestContext") or {}
body = {
    "version": event.get("version", "1.0"),
    "resource": event.get("resource"),
    "routeKey": event.get("routeKey"),
    "path": event.get("path") or event.get("rawPath"),
    "httpMethod": event.get("httpMethod") or (context.get("http") or {}).get("method"),
    "pathParameters": event.get("pathParameters"),
    "userArn": (context.get("identity") or {}).get("userArn"),
    "authorizer": context.get("authorizer"),
    "stage": context.get("stage"),
}
print(json.dumps({"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}))
