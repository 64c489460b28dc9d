"""A TOKEN authorizer written the way AWS's Python blueprint (`api-gateway-authorizer-python`) is.

The shape follows the blueprint as reference/gateway.md describes it ("The official blueprint's
AuthPolicy"): a `HttpVerb` list, an `AuthPolicy` class with allowMethod / denyMethod /
allowAllMethods / denyAllMethods / allowMethodWithConditions / denyMethodWithConditions / build,
and a handler that splits `methodArn` into region, account, API id and stage. Written for the
interop tests from that description, not copied.

The token picks the behaviour:

| token        | answer                                                                    |
| ------------ | ------------------------------------------------------------------------- |
| allow        | Allow for the called method only (the blueprint sample's scoping: once    |
|              | cached, other methods get a 403 — the documented cache pitfall)           |
| allow-all    | allowAllMethods()                                                         |
| deny         | denyAllMethods() (explicit deny, 403)                                     |
| unauthorized | raise Exception("Unauthorized") (401)                                     |
| crash        | raise ValueError (500)                                                    |
| garbage      | return a string, not a policy (500)                                      |
| context      | Allow for the called method, with context {tenant, level, admin}          |
| nested       | Allow with a nested object in context (invalid on REST: 500)              |
| slow         | sleep 5 s, then allow-all (a 1 s timeout gives 500)                       |

Runs as a Lambda handler (`blueprint_authorizer.handler`) and as a local command: the event on
stdin, the response on stdout, and on failure Lambda's error shape (`errorMessage`,
`errorType`) on stdout with exit status 1.
"""

import json
import os
import re
import sys
import time

PRINCIPAL_ID = "user|a1b2c3d4"


def handler(event, context):
    token = event["authorizationToken"]

    # arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{verb}/{path}
    tmp = event["methodArn"].split(":")
    api_gateway_arn = tmp[5].split("/")
    aws_account_id = tmp[4]

    policy = AuthPolicy(PRINCIPAL_ID, aws_account_id)
    policy.restApiId = api_gateway_arn[0]
    policy.region = tmp[3]
    policy.stage = api_gateway_arn[1]
    called_verb = api_gateway_arn[2]
    called_resource = "/" + "/".join(api_gateway_arn[3:])

    if token == "allow":
        policy.allowMethod(called_verb, called_resource)
    elif token == "allow-all":
        policy.allowAllMethods()
    elif token == "deny":
        policy.denyAllMethods()
    elif token == "unauthorized":
        raise Exception("Unauthorized")  # the blueprint's way to a 401
    elif token == "crash":
        raise ValueError("the authorizer crashed")
    elif token == "garbage":
        return "this is not a policy"
    elif token == "context":
        policy.allowMethod(called_verb, called_resource)
        response = policy.build()
        response["context"] = {"tenant": "t1", "level": 3, "admin": False}
        return response
    elif token == "nested":
        policy.allowAllMethods()
        response = policy.build()
        response["context"] = {"tenant": "t1", "nested": {"level": 3}}
        return response
    elif token == "slow":
        time.sleep(5)
        policy.allowAllMethods()
    else:
        raise Exception("Unauthorized")

    return policy.build()


class HttpVerb:
    GET = "GET"
    POST = "POST"
    PUT = "PUT"
    PATCH = "PATCH"
    HEAD = "HEAD"
    DELETE = "DELETE"
    OPTIONS = "OPTIONS"
    ALL = "*"


class AuthPolicy:
    # The AWS account the API belongs to.
    awsAccountId = ""
    # The principal the policy is for.
    principalId = ""
    # The policy language version.
    version = "2012-10-17"
    # Resource paths may use letters, digits, '-', '.', '/' and '*'.
    pathRegex = r"^[/.a-zA-Z0-9-\*]+$"

    # Filled by allow*/deny*: {"resourceArn", "conditions"} each.
    allowMethods = []
    denyMethods = []

    # API id, region and stage default to '*'. Note that in IAM's matching this wildcard also
    # spans '/', so an unset stage matches every stage and more.
    restApiId = "*"
    region = "*"
    stage = "*"

    def __init__(self, principal, awsAccountId):
        self.awsAccountId = awsAccountId
        self.principalId = principal
        self.allowMethods = []
        self.denyMethods = []

    def _addMethod(self, effect, verb, resource, conditions):
        """Adds a method ARN for an effect; resource is a path such as /pets/* (leading / dropped)."""
        if verb != "*" and not hasattr(HttpVerb, verb):
            raise NameError("Invalid HTTP verb " + verb + ". Allowed verbs in HttpVerb class")
        resource_pattern = re.compile(self.pathRegex)
        if not resource_pattern.match(resource):
            raise NameError("Invalid resource path: " + resource + ". Path should match " + self.pathRegex)

        if resource[:1] == "/":
            resource = resource[1:]

        resource_arn = "arn:aws:execute-api:{}:{}:{}/{}/{}/{}".format(
            self.region, self.awsAccountId, self.restApiId, self.stage, verb, resource
        )

        entry = {"resourceArn": resource_arn, "conditions": conditions}
        if effect.lower() == "allow":
            self.allowMethods.append(entry)
        elif effect.lower() == "deny":
            self.denyMethods.append(entry)

    def _getEmptyStatement(self, effect):
        return {
            "Action": "execute-api:Invoke",
            "Effect": effect[:1].upper() + effect[1:].lower(),
            "Resource": [],
        }

    def _getStatementForEffect(self, effect, methods):
        """One statement per conditioned method, then one holding every unconditioned ARN."""
        statements = []
        if len(methods) > 0:
            statement = self._getEmptyStatement(effect)
            for method in methods:
                if method["conditions"] is None or len(method["conditions"]) == 0:
                    statement["Resource"].append(method["resourceArn"])
                else:
                    conditional = self._getEmptyStatement(effect)
                    conditional["Resource"].append(method["resourceArn"])
                    conditional["Condition"] = method["conditions"]
                    statements.append(conditional)
            # The blueprint's quirk: this statement is emitted even when every method had
            # conditions, leaving it with "Resource": [].
            statements.append(statement)
        return statements

    def allowAllMethods(self):
        self._addMethod("Allow", HttpVerb.ALL, "*", [])

    def denyAllMethods(self):
        self._addMethod("Deny", HttpVerb.ALL, "*", [])

    def allowMethod(self, verb, resource):
        self._addMethod("Allow", verb, resource, [])

    def denyMethod(self, verb, resource):
        self._addMethod("Deny", verb, resource, [])

    def allowMethodWithConditions(self, verb, resource, conditions):
        self._addMethod("Allow", verb, resource, conditions)

    def denyMethodWithConditions(self, verb, resource, conditions):
        self._addMethod("Deny", verb, resource, conditions)

    def build(self):
        """The response API Gateway expects: principalId and policyDocument."""
        if (self.allowMethods is None or len(self.allowMethods) == 0) and (
            self.denyMethods is None or len(self.denyMethods) == 0
        ):
            raise NameError("No statements defined for the policy")

        policy = {
            "principalId": self.principalId,
            "policyDocument": {"Version": self.version, "Statement": []},
        }
        policy["policyDocument"]["Statement"].extend(self._getStatementForEffect("Allow", self.allowMethods))
        policy["policyDocument"]["Statement"].extend(self._getStatementForEffect("Deny", self.denyMethods))
        return policy


def _log_call():
    """Appends a line to $AUTHORIZER_CALL_LOG, if set, so tests can count real invocations."""
    path = os.environ.get("AUTHORIZER_CALL_LOG")
    if path:
        with open(path, "a") as log:
            log.write("call\n")


if __name__ == "__main__":
    # Gatehouse's local-command runner: the event on stdin, the response on stdout; a failure
    # prints Lambda's error shape and exits 1 ("Unauthorized" becomes API Gateway's 401).
    _log_call()
    try:
        print(json.dumps(handler(json.load(sys.stdin), None)))
    except Exception as error:
        print(json.dumps({"errorMessage": str(error), "errorType": type(error).__name__}))
        sys.exit(1)
