/// `gatehouse authorizer init --template node`: the same authorizer in Node.js, with no
/// dependencies (Node's own `crypto` imports JWKs and verifies RS256/ES256).
enum NodeTemplate {
    static let files: [(String, String)] = [
        ("index.js", authorizer), ("package.json", package), ("README.md", readme),
        ("gatehouse-authorizers.json", config),
    ]

    static let authorizer = #"""
        // A Lambda authorizer (TOKEN or REQUEST) that verifies a bearer JWT against a JWKS.
        //
        // Made by `gatehouse authorizer init --template node`. No dependencies: Node's crypto
        // imports JWKs and verifies RS256 and ES256. The handler throws new Error("Unauthorized")
        // for a 401 and returns a policy covering the whole stage (API Gateway caches the response
        // and judges it again for each later method).
        //
        // Settings: ISSUER, AUDIENCE, JWKS (a file path), ALGORITHMS (default RS256,ES256).
        'use strict';
        const crypto = require('crypto');
        const fs = require('fs');
        const path = require('path');

        const ISSUER = process.env.ISSUER || 'https://issuer.example.com';
        const AUDIENCE = process.env.AUDIENCE || 'my-api';
        const JWKS = process.env.JWKS || path.join(__dirname, 'jwks.json');
        const ALGORITHMS = (process.env.ALGORITHMS || 'RS256,ES256').split(',');
        const HASHES = { RS256: 'sha256', ES256: 'sha256' };

        let keys = null;
        function loadKeys() {
          if (keys === null) {
            keys = new Map();
            for (const jwk of JSON.parse(fs.readFileSync(JWKS, 'utf8')).keys) {
              keys.set(jwk.kid, { alg: jwk.alg, key: crypto.createPublicKey({ key: jwk, format: 'jwk' }) });
            }
          }
          return keys;
        }

        function decodeSegment(segment) {
          return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
        }

        function verify(token) {
          const parts = token.split('.');
          if (parts.length !== 3) throw new Error('malformed');
          const header = decodeSegment(parts[0]);
          const entry = loadKeys().get(header.kid);
          // The key decides the algorithm, never the token's header.
          if (!entry || entry.alg !== header.alg || !ALGORITHMS.includes(entry.alg)) throw new Error('no trusted key');
          const options = entry.alg.startsWith('ES') ? { key: entry.key, dsaEncoding: 'ieee-p1363' } : entry.key;
          const ok = crypto.verify(HASHES[entry.alg], Buffer.from(`${parts[0]}.${parts[1]}`), options,
                                   Buffer.from(parts[2], 'base64url'));
          if (!ok) throw new Error('bad signature');
          const claims = decodeSegment(parts[1]);
          const now = Date.now() / 1000;
          if (typeof claims.exp !== 'number' || now >= claims.exp) throw new Error('expired');
          if (typeof claims.nbf === 'number' && now < claims.nbf) throw new Error('not yet valid');
          if (claims.iss !== ISSUER) throw new Error('wrong issuer');
          const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
          if (!audiences.includes(AUDIENCE)) throw new Error('wrong audience');
          if (typeof claims.sub !== 'string') throw new Error('no subject');
          return claims;
        }

        function tokenOf(event) {
          let token = event.authorizationToken;
          if (token === undefined) {
            const headers = Object.fromEntries(Object.entries(event.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
            token = headers.authorization || '';
          }
          return token.toLowerCase().startsWith('bearer ') ? token.slice(7) : token;
        }

        exports.handler = async (event) => {
          let claims;
          try {
            claims = verify(tokenOf(event));
          } catch (error) {
            throw new Error('Unauthorized');
          }
          // arn:aws:execute-api:{region}:{account}:{api}/{stage}/{verb}/{path}
          const [, , , region, account, rest] = event.methodArn.split(':');
          const [apiId, stage] = rest.split('/');
          return {
            principalId: claims.sub,
            policyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke',
                            Resource: `arn:aws:execute-api:${region}:${account}:${apiId}/${stage}/*/*` }],
            },
            context: { scope: claims.scope || '', issuer: claims.iss },
          };
        };

        if (require.main === module) {
          // Gatehouse's local-command runner: the event on stdin, the response on stdout; a failure
          // prints Lambda's error shape and exits 1 ("Unauthorized" becomes API Gateway's 401).
          let input = '';
          process.stdin.on('data', (chunk) => { input += chunk; });
          process.stdin.on('end', async () => {
            try {
              process.stdout.write(JSON.stringify(await exports.handler(JSON.parse(input))) + '\n');
            } catch (error) {
              process.stdout.write(JSON.stringify({ errorMessage: error.message, errorType: error.name }) + '\n');
              process.exitCode = 1;
            }
          });
        }
        """#

    static let package = #"""
        {
          "name": "gatehouse-jwt-authorizer",
          "version": "1.0.0",
          "description": "A Lambda authorizer that verifies a bearer JWT against a JWKS",
          "main": "index.js",
          "license": "Apache-2.0",
          "engines": {"node": ">=16"}
        }
        """#

    static let readme = #"""
        # A JWT Lambda authorizer (Node.js)

        `index.js` verifies a bearer JWT (RS256 or ES256) against a JWKS file with Node's own
        `crypto` and returns an IAM policy, as an API Gateway Lambda authorizer. No dependencies.
        It runs unchanged on AWS Lambda (handler `index.handler`), behind the Lambda Invoke API
        (`sam local start-lambda`), and as a local command (`node index.js < event.json`), which
        is how `gatehouse-authorizers.json` runs it.

        ```sh
        gatehouse jwt keygen --alg ES256 --kid demo --jwks-out jwks.json --private-out private.pem
        TOKEN=$(gatehouse jwt sign --key private.pem --alg ES256 --kid demo \
            --claims '{"iss":"https://issuer.example.com","aud":"my-api","sub":"alice","exp":4102444800}')
        gatehouse authorizer test --config gatehouse-authorizers.json --authorizer jwt \
            --method-arn arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets --token "Bearer $TOKEN"
        ```

        Settings: `ISSUER`, `AUDIENCE`, `JWKS`, `ALGORITHMS`. The returned policy covers the whole
        stage: API Gateway caches it and judges it again for every later method.
        """#

    static let config = #"""
        {
          "authorizers": {
            "jwt": {
              "type": "TOKEN",
              "identitySource": "method.request.header.Authorization",
              "resultTtlInSeconds": 300,
              "timeoutSeconds": 10,
              "function": {"command": ["node", "index.js"]}
            }
          }
        }
        """#
}
