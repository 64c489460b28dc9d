"""An authorizer that echoes its identity values back in every encoding a careless function
might use — raw as `principalId`, and in `context` percent-encoded (upper- and lower-case hex, `+`
for spaces), JSON-escaped (as text inside a string) and `\\u`-escaped by the JSON writer — next to
text that is not secret. `gatehouse authorizer test` must hide every one of them by default
(test_authorizer_redaction.py). Allows everything; reads the event from stdin."""

import json
import re
import sys
import urllib.parse


def identity(event):
    token = event.get("authorizationToken")
    if token:
        return token
    if isinstance(event.get("identitySource"), list):
        return ",".join(event["identitySource"])
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    query = event.get("queryStringParameters") or {}
    return headers.get("x-token") or query.get("token") or ""


def main():
    event = json.load(sys.stdin)
    token = identity(event)
    quoted = urllib.parse.quote(token, safe="")
    arn = event.get("methodArn") or event.get("routeArn")
    response = {
        "principalId": token,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}],
        },
        "context": {
            "raw": token,
            "quoted": quoted,
            "quotedLower": re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quoted),
            "plus": urllib.parse.quote_plus(token, safe=""),
            "jsonText": json.dumps(token, ensure_ascii=False)[1:-1],
            "sentence": f"the token was {token} and the quick brown fox jumps over the lazy dog",
            "note": "the quick brown fox jumps over the lazy dog",
            "arn": arn,
        },
    }
    # \\u escapes for everything non-ASCII in the raw response text.
    print(json.dumps(response, ensure_ascii=True))


if __name__ == "__main__":
    main()
