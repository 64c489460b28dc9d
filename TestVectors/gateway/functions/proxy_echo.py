#!/usr/bin/env python3
"""A Lambda proxy function for the gateway's AWS_PROXY tests: reads the event on stdin and
answers as the event's query string asks.

mode=echo (default): 200, the event itself as the JSON body, a header and a multi-value header.
mode=v2plain: a bare JSON object without statusCode (payload 2.0 reads it as the body).
mode=malformed: an unknown top-level key (API Gateway answers 502).
mode=notjson: text that is not JSON (502).
mode=binary: 200, `image/png`, eight PNG signature bytes base64-encoded with isBase64Encoded.
"""
import base64
import json
import sys

event = json.load(sys.stdin)
query = event.get("queryStringParameters") or {}
mode = query.get("mode", "echo")
if mode == "malformed":
    print(json.dumps({"statusCode": 200, "body": "x", "surprise": True}))
elif mode == "notjson":
    print("Task timed out after 3.00 seconds")
elif mode == "binary":
    print(json.dumps({
        "statusCode": 200,
        "headers": {"Content-Type": "image/png"},
        "body": base64.b64encode(b"\x89PNG\r\n\x1a\n").decode(),
        "isBase64Encoded": True,
    }))
elif mode == "v2plain":
    print(json.dumps({"plain": True}))
else:
    print(json.dumps({
        "statusCode": "201",
        "headers": {"X-Fn": "yes", "X-Flag": True},
        "multiValueHeaders": {"X-Multi": ["a", "b"]},
        "body": json.dumps(event),
    }))
