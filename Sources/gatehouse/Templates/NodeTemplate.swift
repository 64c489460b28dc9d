/// `gatehouse authorizer init --template node`: the same authorizer in Node.js, with no
/// dependencies (Node's own `crypto` imports JWKs and verifies them; `http`/`https` fetch a key
/// URL). Exemplary on purpose — users copy it: pinned algorithms, exact signature lengths,
/// scalar context values, https-only key URLs without redirects, keys cached and refreshed.
enum NodeTemplate {
    static let files: [(String, String)] = [
        ("index.js", authorizer), ("package.json", package), ("README.md", readme),
        ("gatehouse-authorizers.json", config),
    ]

    static let authorizer = #"""
        // A Lambda authorizer (TOKEN or REQUEST) that verifies a bearer JWT against a JWKS.
        //
        // Made by `gatehouse authorizer init --template node`. No dependencies: Node's crypto imports
        // JWKs and verifies RS*, PS*, ES* and EdDSA. The handler throws new Error("Unauthorized") for a
        // 401 and returns a policy covering the whole stage (API Gateway caches the response and judges
        // it again for each later method).
        //
        // Settings come from the environment:
        //   ISSUER       the accepted `iss`, compared exactly
        //   AUDIENCE     accepted audiences, comma-separated: `aud` must name one; a token without `aud`
        //                (a Cognito access token) is judged by `client_id` instead, as API Gateway does
        //   JWKS         a file path, or an https:// URL (plain http only for localhost, 127.0.0.1, ::1)
        //   ALGORITHMS   the algorithms keys may be used with (default RS256,ES256)
        //   JWKS_TTL     seconds the keys are kept before they are fetched again (default 300)
        //
        // Every failure is a 401: a token is allowed only when each check passes (fail closed).
        'use strict';
        const crypto = require('crypto');
        const fs = require('fs');
        const http = require('http');
        const https = require('https');
        const net = require('net');
        const path = require('path');

        const ISSUER = process.env.ISSUER || 'https://issuer.example.com';
        const AUDIENCES = (process.env.AUDIENCE || 'my-api').split(',').filter(Boolean);
        const JWKS = process.env.JWKS || path.join(__dirname, 'jwks.json');
        const ALGORITHMS = (process.env.ALGORITHMS || 'RS256,ES256').split(',').filter(Boolean);
        const JWKS_TTL = Number(process.env.JWKS_TTL || '300') * 1000;

        // API Gateway's own JWT authorizer fetches keys within 1.5 s and at most 150,000 bytes.
        const FETCH_MS = 1500;
        const FETCH_MAX_BYTES = 150000;
        // An unknown `kid` fetches the keys again (the issuer rotated them), at most once per 30 s:
        // tokens with made-up `kid`s cannot turn into a flood of requests to the key server.
        const REFETCH_MS = 30000;
        const RETRY_MS = 5000;
        const MAX_STALE_MS = 3600000;

        // Each algorithm: the key type it needs, and how a signature is checked and how long it is.
        const SCHEMES = {
          RS256: { type: 'rsa', hash: 'sha256' }, RS384: { type: 'rsa', hash: 'sha384' }, RS512: { type: 'rsa', hash: 'sha512' },
          PS256: { type: 'rsa', hash: 'sha256', pss: 32 }, PS384: { type: 'rsa', hash: 'sha384', pss: 48 },
          PS512: { type: 'rsa', hash: 'sha512', pss: 64 },
          ES256: { type: 'ec', curve: 'prime256v1', hash: 'sha256', length: 64 },
          ES384: { type: 'ec', curve: 'secp384r1', hash: 'sha384', length: 96 },
          ES512: { type: 'ec', curve: 'secp521r1', hash: 'sha512', length: 132 },
          EdDSA: { type: 'ed25519', hash: null, length: 64 },
        };

        /** https, or plain http only to a loopback host, judged on the parsed URL (never a prefix): no
         *  user info (`http://localhost:1@evil/`), no look-alike hosts (`localhost.evil.test`). */
        function checkKeyURL(text) {
          if (/[\u0000-\u0020\u007f-\uffff\\]/.test(text)) {
            throw new Error('the key URL has spaces, control characters, backslashes or non-ASCII');
          }
          const url = new URL(text);
          if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('the key URL must be https');
          if (url.username !== '' || url.password !== '' || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(text)) {
            throw new Error('the key URL must not carry user info');
          }
          if (url.hostname === '') throw new Error('the key URL has no host');
          if (url.protocol === 'http:') {
            const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
            const loopback = host === 'localhost' || host === '::1' || (net.isIPv4(host) && host.startsWith('127.'));
            if (!loopback) throw new Error('plain http is only for loopback key servers; use https');
          }
          return url;
        }

        /** GET the key set: no redirects (a 3xx is refused), one deadline for the whole exchange, a size cap. */
        function fetchKeySet(text) {
          const url = checkKeyURL(text);
          return new Promise((resolve, reject) => {
            const client = url.protocol === 'https:' ? https : http;
            const request = client.get(url, { headers: { accept: 'application/json' } }, (response) => {
              if (response.statusCode !== 200) {
                response.resume();
                reject(new Error(`the key server answered ${response.statusCode} (redirects are not followed)`));
                return;
              }
              const chunks = [];
              let size = 0;
              response.on('data', (chunk) => {
                size += chunk.length;
                if (size > FETCH_MAX_BYTES) request.destroy(new Error('the key set is too large'));
                else chunks.push(chunk);
              });
              response.on('end', () => {
                try { resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))); } catch (error) { reject(error); }
              });
              response.on('error', reject);
            });
            const timer = setTimeout(() => request.destroy(new Error('the key server took too long')), FETCH_MS);
            request.on('error', reject);
            request.on('close', () => clearTimeout(timer));
          });
        }

        async function readKeySet() {
          if (JWKS.includes('://')) return fetchKeySet(JWKS);
          const body = fs.readFileSync(JWKS);
          if (body.length > FETCH_MAX_BYTES) throw new Error('the key set is too large');
          return JSON.parse(body.toString('utf8'));
        }

        /** Signature keys only, each bound to the one algorithm its JWK names (and ALGORITHMS allows):
         *  shared secrets (`oct`), keys without an `alg` and keys of the wrong type are skipped. */
        function parseKeys(document) {
          const keys = new Map();
          for (const jwk of (document && Array.isArray(document.keys)) ? document.keys : []) {
            try {
              const scheme = SCHEMES[jwk.alg];
              if (!scheme || !ALGORITHMS.includes(jwk.alg) || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
              if (typeof jwk.kid !== 'string' || keys.has(jwk.kid) || !['RSA', 'EC', 'OKP'].includes(jwk.kty)) continue;
              const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
              const details = key.asymmetricKeyDetails || {};
              if (key.asymmetricKeyType !== scheme.type) continue;
              if (scheme.curve && details.namedCurve !== scheme.curve) continue;
              if (scheme.type === 'rsa' && !(details.modulusLength >= 2048)) continue;
              const length = scheme.type === 'rsa' ? Math.ceil(details.modulusLength / 8) : scheme.length;
              keys.set(jwk.kid, { alg: jwk.alg, key, scheme, length });
            } catch (error) {
              // an unusable key is skipped; the others still serve
            }
          }
          return keys;
        }

        const cache = { keys: null, fetched: -Infinity, refetched: -Infinity, failed: -Infinity, loading: null };

        async function load(now) {
          try {
            cache.keys = parseKeys(await readKeySet());
            cache.fetched = now;
          } catch (error) {
            cache.failed = now; // the keys fetched before (if any) serve until they are stale
          }
        }

        /** The key for `kid`: the keys are kept for JWKS_TTL; an unknown `kid` fetches them again at most
         *  once per REFETCH_MS; keys older than MAX_STALE_MS are never used (fail closed). */
        async function keyFor(kid) {
          while (cache.loading) await cache.loading;
          const now = Date.now();
          if (now - cache.failed < RETRY_MS) {
            // no fetch right after a failure
          } else if (cache.keys === null || now - cache.fetched >= JWKS_TTL) {
            cache.loading = load(now);
          } else if (!cache.keys.has(kid) && now - cache.refetched >= REFETCH_MS) {
            cache.refetched = now;
            cache.loading = load(now);
          }
          if (cache.loading) {
            await cache.loading;
            cache.loading = null;
          }
          if (cache.keys === null || now - cache.fetched >= Math.max(JWKS_TTL, MAX_STALE_MS)) throw new Error('no current keys');
          return cache.keys.get(kid);
        }

        function decodeSegment(segment) {
          if (!/^[A-Za-z0-9_-]+$/.test(segment)) throw new Error('not base64url');
          const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
          if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
          return value;
        }

        /** API Gateway's rule: `aud` decides when present; `client_id` only when there is no `aud`. */
        function audienceOK(claims) {
          if (Object.prototype.hasOwnProperty.call(claims, 'aud')) {
            const audiences = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
            if (!Array.isArray(audiences) || !audiences.every((a) => typeof a === 'string')) return false;
            return audiences.some((a) => AUDIENCES.includes(a));
          }
          return typeof claims.client_id === 'string' && AUDIENCES.includes(claims.client_id);
        }

        async function verify(token) {
          const parts = token.split('.');
          if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[2])) throw new Error('malformed');
          const header = decodeSegment(parts[0]);
          if (typeof header.kid !== 'string' || header.crit !== undefined) throw new Error('no trusted key');
          const entry = await keyFor(header.kid);
          // The key decides the algorithm, never the token's header (`alg` confusion, `none`).
          if (!entry || header.alg !== entry.alg) throw new Error('no trusted key');
          const signature = Buffer.from(parts[2], 'base64url');
          // Every signature has exactly one length: one byte short or long is another encoding.
          if (signature.length !== entry.length) throw new Error('bad signature');
          const options = { key: entry.key };
          if (entry.scheme.type === 'ec') options.dsaEncoding = 'ieee-p1363';
          if (entry.scheme.pss) {
            options.padding = crypto.constants.RSA_PKCS1_PSS_PADDING;
            options.saltLength = entry.scheme.pss;
          }
          if (!crypto.verify(entry.scheme.hash, Buffer.from(`${parts[0]}.${parts[1]}`), options, signature)) {
            throw new Error('bad signature');
          }
          const claims = decodeSegment(parts[1]);
          const now = Date.now() / 1000;
          if (typeof claims.exp !== 'number' || !(now < claims.exp)) throw new Error('expired');
          if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || now < claims.nbf)) throw new Error('not yet valid');
          if (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat > now)) throw new Error('issued in the future');
          if (claims.iss !== ISSUER) throw new Error('wrong issuer');
          if (!audienceOK(claims)) throw new Error('wrong audience');
          if (typeof claims.sub !== 'string' || claims.sub === '') throw new Error('no subject');
          return claims;
        }

        /** API Gateway's `context` takes only strings, numbers and booleans (anything else is a 500): a
         *  list of strings is joined with spaces (`scope` as a list), anything else becomes JSON text. */
        function contextValue(value) {
          if (typeof value === 'string' || typeof value === 'boolean') return value;
          if (typeof value === 'number' && Number.isFinite(value)) return value;
          if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(' ');
          return JSON.stringify(value === undefined ? null : value);
        }

        function tokenOf(event) {
          let token = event.authorizationToken;
          if (token === undefined) {
            const headers = Object.fromEntries(Object.entries(event.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
            token = headers.authorization || '';
          }
          if (typeof token !== 'string') throw new Error('no token');
          return token.slice(0, 7).toLowerCase() === 'bearer ' ? token.slice(7) : token;
        }

        exports.handler = async (event) => {
          let claims;
          try {
            claims = await verify(tokenOf(event));
          } catch (error) {
            throw new Error('Unauthorized');
          }
          // arn:aws:execute-api:{region}:{account}:{api}/{stage}/{verb}/{path}
          const [, , , region, account, rest] = event.methodArn.split(':');
          const [apiId, stage] = rest.split('/');
          const scope = claims.scope !== undefined ? claims.scope : (claims.scp !== undefined ? claims.scp : '');
          return {
            principalId: claims.sub,
            policyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke',
                            Resource: `arn:aws:execute-api:${region}:${account}:${apiId}/${stage}/*/*` }],
            },
            context: { scope: contextValue(scope), issuer: claims.iss },
          };
        };

        exports.checkKeyURL = checkKeyURL;
        exports.contextValue = contextValue;

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

        `index.js` verifies a bearer JWT (RS*, PS*, ES*, EdDSA; by default RS256 and ES256) against
        a JWKS file or https URL with Node's own `crypto` and returns an IAM policy, as an API
        Gateway Lambda authorizer. No dependencies.
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

        Settings: `ISSUER`, `AUDIENCE` (comma-separated), `JWKS` (a file, or an https URL),
        `ALGORITHMS` (default `RS256,ES256`), `JWKS_TTL` (seconds, default 300). The returned policy
        covers the whole stage: API Gateway caches it and judges it again for every later method.
        Run by Gatehouse as a command, it inherits none of your shell's variables (as on Lambda):
        set them in `gatehouse-authorizers.json`, beside `command`:
        `"environment": {"ISSUER": "https://issuer.example.com", "AUDIENCE": "my-api"}`.

        What it checks, so you can keep it when you change it:

        - the key decides the algorithm: a token's `alg` must equal the `alg` of the JWK with its
          `kid` (and the key's type and curve must fit it), and be in `ALGORITHMS`; shared-secret
          (`oct`) keys and keys without `alg` are ignored; a signature must have its algorithm's
          exact length;
        \#(StarterRules.claimsKeysAndContext)
        - any failure is a 401 (`new Error('Unauthorized')`).
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
