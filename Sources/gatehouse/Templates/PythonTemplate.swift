/// `gatehouse authorizer init --template python`: a Lambda authorizer in the AWS blueprint's shape
/// that verifies a bearer JWT against a JWKS with PyJWT, and runs unchanged under Lambda, the
/// Invoke API (`sam local start-lambda`) and Gatehouse's local-command runner.
enum PythonTemplate {
    static let files: [(String, String)] = [
        ("authorizer.py", authorizer), ("requirements.txt", "PyJWT[crypto]==2.15.1\n"), ("README.md", readme),
        ("gatehouse-authorizers.json", config),
    ]

    static let authorizer = #"""
        """A Lambda authorizer (TOKEN or REQUEST) that verifies a bearer JWT against a JWKS.

        Made by `gatehouse authorizer init --template python`. The handler is AWS's: it returns a
        policy for `execute-api:Invoke` and raises Exception("Unauthorized") for a 401. The policy
        covers every method of the stage, because API Gateway caches the whole response and judges
        it again for each later method (a policy scoped to `event["methodArn"]` turns into 403s on
        other methods once cached).

        Settings come from the environment: ISSUER, AUDIENCE, JWKS (a file path or an https URL),
        ALGORITHMS (comma-separated, default RS256,ES256).
        """
        import json
        import os
        import sys
        import urllib.request

        import jwt  # PyJWT

        ISSUER = os.environ.get("ISSUER", "https://issuer.example.com")
        AUDIENCE = os.environ.get("AUDIENCE", "my-api")
        JWKS = os.environ.get("JWKS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "jwks.json"))
        ALGORITHMS = os.environ.get("ALGORITHMS", "RS256,ES256").split(",")

        _keys = None


        def _load_keys():
            """The JWKS, read once per process (a warm Lambda keeps it)."""
            global _keys
            if _keys is None:
                if JWKS.startswith("https://") or JWKS.startswith("http://"):
                    with urllib.request.urlopen(JWKS, timeout=2) as response:
                        document = json.load(response)
                else:
                    with open(JWKS) as file:
                        document = json.load(file)
                _keys = {key.get("kid"): jwt.PyJWK(key) for key in document["keys"]}
            return _keys


        def _token(event):
            token = event.get("authorizationToken")
            if token is None:  # REQUEST authorizers: the header itself
                headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
                token = headers.get("authorization", "")
            return token[7:] if token.lower().startswith("bearer ") else token


        def handler(event, context):
            try:
                token = _token(event)
                key = _load_keys().get(jwt.get_unverified_header(token).get("kid"))
                if key is None or key.algorithm_name not in ALGORITHMS:
                    raise ValueError("no trusted key")
                # The key decides the algorithm, never the token's header.
                claims = jwt.decode(token, key=key.key, algorithms=[key.algorithm_name], audience=AUDIENCE,
                                    issuer=ISSUER, options={"require": ["exp", "iss", "sub"]})
            except Exception:
                raise Exception("Unauthorized")

            # arn:aws:execute-api:{region}:{account}:{api}/{stage}/{verb}/{path}
            _, _, _, region, account, rest = event["methodArn"].split(":", 5)
            api_id, stage = rest.split("/")[:2]
            return {
                "principalId": claims["sub"],
                "policyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Action": "execute-api:Invoke",
                        "Resource": f"arn:aws:execute-api:{region}:{account}:{api_id}/{stage}/*/*",
                    }],
                },
                "context": {"scope": claims.get("scope", ""), "issuer": claims["iss"]},
            }


        if __name__ == "__main__":
            # Gatehouse's local-command runner: the event on stdin, the response on stdout; a failure
            # prints Lambda's error shape and exits 1 ("Unauthorized" becomes API Gateway's 401).
            try:
                print(json.dumps(handler(json.load(sys.stdin), None)))
            except Exception as error:
                print(json.dumps({"errorMessage": str(error), "errorType": type(error).__name__}))
                sys.exit(1)
        """#

    static let readme = #"""
        # A JWT Lambda authorizer (Python)

        `authorizer.py` verifies a bearer JWT against a JWKS and returns an IAM policy, as an API
        Gateway Lambda authorizer (TOKEN or REQUEST). It runs unchanged:

        - **on AWS Lambda**: handler `authorizer.handler`, with `requirements.txt` packaged;
        - **behind the Lambda Invoke API** (`sam local start-lambda`, the Runtime Interface
          Emulator): point a Gatehouse authorizer's `function.lambda` at it;
        - **as a local command**: `python3 authorizer.py < event.json` — which is how
          `gatehouse-authorizers.json` runs it.

        Settings: `ISSUER`, `AUDIENCE`, `JWKS` (file or URL), `ALGORITHMS`.

        Try it:

        ```sh
        pip install -r requirements.txt
        gatehouse jwt keygen --alg RS256 --kid demo --jwks-out jwks.json --private-out private.pem
        TOKEN=$(gatehouse jwt sign --key private.pem --alg RS256 --kid demo \
            --claims '{"iss":"https://issuer.example.com","aud":"my-api","sub":"alice","exp":4102444800}')
        gatehouse authorizer test --config gatehouse-authorizers.json --authorizer jwt \
            --method-arn arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets --token "Bearer $TOKEN"
        ```

        `gatehouse authorizer test` prints the event sent, the response, the cache key and the
        decision with API Gateway's status and body, like the console's test-invoke-authorizer.
        The policy it returns covers the whole stage on purpose: API Gateway caches the response
        (300 s by default) and judges it again for every method, so a policy for one method only
        makes later calls to other methods fail with 403.
        """#

    static let config = #"""
        {
          "authorizers": {
            "jwt": {
              "type": "TOKEN",
              "identitySource": "method.request.header.Authorization",
              "identityValidationExpression": "^Bearer [-0-9a-zA-Z_.]+$",
              "resultTtlInSeconds": 300,
              "timeoutSeconds": 10,
              "function": {"command": ["python3", "authorizer.py"]}
            }
          }
        }
        """#
}
