"""A REQUEST authorizer in the blueprint's style (AWS's REQUEST-authorizer sample, in Python).

Allows the called method when header `HeaderAuth1` is `headerValue1` and query parameter
`QueryString1` is `queryValue1` (and, if the stage variable `StageVar1` is present, it is
`stageValue1`); otherwise fails with `Unauthorized` (401). Reads the single-value maps
(`headers`, `queryStringParameters`) as the sample does. Uses the blueprint's `AuthPolicy`.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from blueprint_authorizer import AuthPolicy, _log_call  # noqa: E402


def handler(event, context):
    headers = event.get("headers") or {}
    query = event.get("queryStringParameters") or {}
    stage_variables = event.get("stageVariables") or {}

    tmp = event["methodArn"].split(":")
    api_gateway_arn = tmp[5].split("/")
    policy = AuthPolicy("request-user", tmp[4])
    policy.restApiId = api_gateway_arn[0]
    policy.region = tmp[3]
    policy.stage = api_gateway_arn[1]

    if (
        headers.get("HeaderAuth1") == "headerValue1"
        and query.get("QueryString1") == "queryValue1"
        and stage_variables.get("StageVar1", "stageValue1") == "stageValue1"
    ):
        policy.allowMethod(api_gateway_arn[2], "/" + "/".join(api_gateway_arn[3:]))
        response = policy.build()
        response["context"] = {"header": headers["HeaderAuth1"], "query": query["QueryString1"]}
        return response
    raise Exception("Unauthorized")


if __name__ == "__main__":
    _log_call()
    try:
        print(json.dumps(handler(json.load(sys.stdin), None)))
    except Exception as error:
        print(json.dumps({"errorMessage": str(error), "errorType": type(error).__name__}))
        sys.exit(1)
