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

        Settings come from the environment:
          ISSUER       the accepted `iss`, compared exactly
          AUDIENCE     accepted audiences, comma-separated: `aud` must name one; a token without `aud`
                       (a Cognito access token) is judged by `client_id` instead, as API Gateway does
          JWKS         a file path, or an https:// URL (plain http only for localhost, 127.0.0.1, ::1)
          ALGORITHMS   the algorithms keys may be used with (default RS256,ES256)
          JWKS_TTL     seconds the keys are kept before they are fetched again (default 300)

        Every failure is a 401: a token is allowed only when each check passes (fail closed).
        """
        import ipaddress
        import json
        import math
        import os
        import sys
        import threading
        import time
        import urllib.error
        import urllib.parse
        import urllib.request

        import jwt  # PyJWT

        ISSUER = os.environ.get("ISSUER", "https://issuer.example.com")
        AUDIENCES = [a for a in os.environ.get("AUDIENCE", "my-api").split(",") if a]
        JWKS = os.environ.get("JWKS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "jwks.json"))
        ALGORITHMS = [a for a in os.environ.get("ALGORITHMS", "RS256,ES256").split(",") if a]
        JWKS_TTL = float(os.environ.get("JWKS_TTL", "300"))

        # API Gateway's own JWT authorizer fetches keys within 1.5 s and at most 150,000 bytes.
        FETCH_SECONDS = 1.5
        FETCH_MAX_BYTES = 150_000
        # An unknown `kid` fetches the keys again (the issuer rotated them), at most once per this many
        # seconds: tokens with made-up `kid`s cannot turn into a flood of requests to the key server.
        REFETCH_SECONDS = 30.0
        RETRY_SECONDS = 5.0
        MAX_STALE_SECONDS = 3600.0
        ASYMMETRIC = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
        CURVES = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "EdDSA": "Ed25519"}
        SIGNATURE_BYTES = {"ES256": 64, "ES384": 96, "ES512": 132, "EdDSA": 64}
        LOOPBACK_NAMES = {"localhost"}
        BASE64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


        class KeyURLError(ValueError):
            pass


        def check_key_url(url):
            """https, or plain http only to a loopback host, judged on the parsed URL (never a prefix):
            no user info (`http://localhost:1@evil/`), no look-alike hosts (`localhost.evil.test`)."""
            if any(ord(c) <= 0x20 or ord(c) >= 0x7F or c == "\\" for c in url):
                raise KeyURLError("the key URL has spaces, control characters, backslashes or non-ASCII")
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("https", "http"):
                raise KeyURLError("the key URL must be https")
            if "@" in parts.netloc:
                raise KeyURLError("the key URL must not carry user info")
            host = parts.hostname
            if not host:
                raise KeyURLError("the key URL has no host")
            parts.port  # raises ValueError for a port that is not a number in 0-65535
            if parts.scheme == "http":
                try:
                    loopback = ipaddress.ip_address(host).is_loopback
                except ValueError:
                    loopback = host.lower() in LOOPBACK_NAMES
                if not loopback:
                    raise KeyURLError("plain http is only for loopback key servers; use https")
            return url


        class _NoRedirect(urllib.request.HTTPRedirectHandler):
            """A key server that redirects is refused: a redirect could lead anywhere, plain http included."""

            def redirect_request(self, req, fp, code, msg, headers, newurl):
                raise KeyURLError(f"the key server redirected ({code}); redirects are not followed")


        _opener = urllib.request.build_opener(_NoRedirect)


        def _fetch(url):
            check_key_url(url)
            deadline = time.monotonic() + FETCH_SECONDS
            request = urllib.request.Request(url, headers={"Accept": "application/json"})
            with _opener.open(request, timeout=FETCH_SECONDS) as response:
                if response.status != 200:
                    raise KeyURLError(f"the key server answered {response.status}")
                body = b""
                # One deadline for the whole exchange: a server that trickles its body is cut off.
                while True:
                    if time.monotonic() > deadline:
                        raise KeyURLError("the key server took too long")
                    chunk = response.read1(16384)
                    if not chunk:
                        break
                    body += chunk
                    if len(body) > FETCH_MAX_BYTES:
                        raise KeyURLError("the key set is too large")
            return json.loads(body)


        def _read_key_set():
            if "://" in JWKS:
                return _fetch(JWKS)
            with open(JWKS, "rb") as file:
                body = file.read(FETCH_MAX_BYTES + 1)
            if len(body) > FETCH_MAX_BYTES:
                raise KeyURLError("the key set is too large")
            return json.loads(body)


        def _parse_keys(document):
            """Signature keys only, each bound to the one algorithm its JWK names (and that ALGORITHMS
            allows): shared secrets (`oct`) and keys without an `alg` are skipped."""
            keys = {}
            for jwk in document.get("keys", []) if isinstance(document, dict) else []:
                try:
                    if not isinstance(jwk, dict) or jwk.get("kty") not in ("RSA", "EC", "OKP"):
                        continue
                    if jwk.get("use", "sig") != "sig" or jwk.get("alg") not in ALGORITHMS or jwk.get("alg") not in ASYMMETRIC:
                        continue
                    kid = jwk.get("kid")
                    if not isinstance(kid, str) or kid in keys:
                        continue
                    alg = jwk["alg"]
                    # The key must fit its algorithm: the curve for ES*/EdDSA, 2048 bits or more for RSA.
                    if jwk.get("crv", "") != CURVES.get(alg, "") or (jwk["kty"] == "RSA") != (alg[:2] in ("RS", "PS")):
                        continue
                    key = jwt.PyJWK(jwk, algorithm=alg)
                    if jwk["kty"] == "RSA" and key.key.key_size < 2048:
                        continue
                    keys[kid] = key
                except Exception:
                    continue  # an unusable key is skipped; the others still serve
            return keys


        class _KeyCache:
            """The keys, kept for JWKS_TTL seconds (a warm Lambda reuses them). An unknown `kid` fetches
            them again at most once per REFETCH_SECONDS; after a failed fetch none is tried for
            RETRY_SECONDS, and keys older than MAX_STALE_SECONDS are never used (fail closed)."""

            def __init__(self):
                self._lock = threading.Lock()
                self._keys = None
                self._fetched = -math.inf
                self._refetched = -math.inf
                self._failed = -math.inf

            def key(self, kid):
                with self._lock:
                    now = time.monotonic()
                    if now - self._failed < RETRY_SECONDS:
                        pass
                    elif self._keys is None or now - self._fetched >= JWKS_TTL:
                        self._load(now)
                    elif kid not in self._keys and now - self._refetched >= REFETCH_SECONDS:
                        self._refetched = now
                        self._load(now)
                    if self._keys is None or now - self._fetched >= max(JWKS_TTL, MAX_STALE_SECONDS):
                        raise KeyURLError("no current keys")
                    return self._keys.get(kid)

            def _load(self, now):
                try:
                    self._keys = _parse_keys(_read_key_set())
                    self._fetched = now
                except Exception:
                    self._failed = now  # the keys fetched before (if any) serve until they are stale


        _key_cache = _KeyCache()


        def _token(event):
            token = event.get("authorizationToken")
            if token is None:  # REQUEST authorizers: the header itself
                headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
                token = headers.get("authorization", "")
            if not isinstance(token, str):
                raise ValueError("no token")
            return token[7:] if token[:7].lower() == "bearer " else token


        def _audience_ok(claims):
            """API Gateway's rule: `aud` decides when present; `client_id` only when there is no `aud`."""
            if "aud" in claims:
                aud = claims["aud"]
                audiences = [aud] if isinstance(aud, str) else aud
                if not isinstance(audiences, list) or not all(isinstance(a, str) for a in audiences):
                    return False
                return any(a in AUDIENCES for a in audiences)
            client_id = claims.get("client_id")
            return isinstance(client_id, str) and client_id in AUDIENCES


        def verify(token):
            header = jwt.get_unverified_header(token)
            if "crit" in header:
                raise ValueError("critical extensions are not understood")
            kid = header.get("kid")
            key = _key_cache.key(kid) if isinstance(kid, str) else None
            # The key decides the algorithm, never the token's header (`alg` confusion, `none`).
            if key is None or header.get("alg") != key.algorithm_name:
                raise ValueError("no trusted key")
            # Every signature has exactly one length (RSA: the modulus): one byte short or long is another
            # encoding, which the libraries' own PSS check lets through.
            signature = token.rsplit(".", 1)[-1]
            if not signature or any(c not in BASE64URL for c in signature):
                raise ValueError("malformed signature")
            expected = SIGNATURE_BYTES.get(key.algorithm_name) or (key.key.key_size + 7) // 8
            if len(signature) * 6 // 8 != expected or len(signature) % 4 == 1:
                raise ValueError("bad signature length")
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=[key.algorithm_name],
                issuer=ISSUER,
                options={"require": ["exp", "iss", "sub"], "verify_aud": False},
            )
            # Times are JSON numbers (PyJWT also reads "1768474800", a string, as a time): `exp` in the
            # future, `nbf` and `iat` (when present) in the past.
            now = time.time()
            times = {name: claims.get(name, default) for name, default in (("exp", None), ("nbf", 0), ("iat", 0))}
            if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in times.values()):
                raise ValueError("`exp`, `nbf` and `iat` must be numbers")
            if not (now < times["exp"] and times["nbf"] <= now and times["iat"] <= now):
                raise ValueError("the token is expired or not yet valid")
            if not _audience_ok(claims):
                raise ValueError("wrong audience")
            if not isinstance(claims.get("sub"), str) or not claims["sub"]:
                raise ValueError("no subject")
            return claims


        def context_value(value):
            """API Gateway's `context` takes only strings, numbers and booleans (anything else is a 500):
            a list of strings is joined with spaces (`scope` as a list), anything else becomes JSON text."""
            if isinstance(value, str) or isinstance(value, bool):
                return value
            if isinstance(value, (int, float)) and math.isfinite(value):
                return value
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return " ".join(value)
            return json.dumps(value, separators=(",", ":"), sort_keys=True)


        def handler(event, context):
            try:
                claims = verify(_token(event))
            except Exception:
                raise Exception("Unauthorized")

            # arn:aws:execute-api:{region}:{account}:{api}/{stage}/{verb}/{path}
            _, _, _, region, account, rest = event["methodArn"].split(":", 5)
            api_id, stage = rest.split("/")[:2]
            scope = claims.get("scope", claims.get("scp", ""))
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
                "context": {"scope": context_value(scope), "issuer": claims["iss"]},
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

        Settings: `ISSUER`, `AUDIENCE` (comma-separated), `JWKS` (a file, or an https URL), `ALGORITHMS`
        (default `RS256,ES256`), `JWKS_TTL` (seconds, default 300).
        Run by Gatehouse as a command, it inherits none of your shell's variables (as on Lambda):
        set them in `gatehouse-authorizers.json`, beside `command`:
        `"environment": {"ISSUER": "https://issuer.example.com", "AUDIENCE": "my-api"}`.

        What it checks, so you can keep it when you change it:

        - the key decides the algorithm: a token's `alg` must equal the `alg` of the JWK with its
          `kid` (and the key's type and curve must fit it, RSA 2048 bits or more), and be in
          `ALGORITHMS` (no `none`, no HMAC with a public key); shared-secret (`oct`) keys and
          keys without `alg` are ignored; a signature must have its algorithm's exact length
          (PyJWT alone accepts a PS256 signature with its leading zero byte dropped);
        \#(StarterRules.claimsKeysAndContext)
        - any failure is a 401 (`Exception("Unauthorized")`).

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
