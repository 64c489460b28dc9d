"""`gatehouse jwt verify|sign|keygen|decode` against two independent JOSE libraries, PyJWT and joserfc.

- Tokens PyJWT and joserfc mint, for every algorithm, verify in Gatehouse; tokens Gatehouse mints
  (`jwt sign`, and with keys from `jwt keygen`) verify in PyJWT.
- An attack suite, each case rejected with its own stable code: `alg: none`, algorithm confusion,
  `kid` injection, `jku`/`x5u`/embedded `jwk`, time and audience claims, tampering, truncation,
  oversize tokens, bad encodings, unknown `crit`.
- JWKS from a file, a single JWK, a PEM key and an http URL, and a URL that is down.

Most cases run through `gatehouse jwt verify --batch`, one process per test function, which then
reports every case that came back wrong. Every fixture is first checked against the contract's
reference model in jwt_helpers.py (`test_every_fixture_fails_only_for_its_own_reason`), which needs
no gatehouse binary. Keys are generated per run; time is fixed: each token's exp/nbf/iat is set
relative to NOW (2026-01-15T10:00:00Z) and `now` is always passed explicitly.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from conftest import gatehouse_bin
from jwt_helpers import (
    ALGORITHMS,
    AUDIENCE,
    DROP,
    ISSUER,
    MAX_TOKEN_BYTES,
    NOW_ISO,
    NOW_TS,
    PRIVATE_JWK_MEMBERS,
    SIGNATURE_BYTES,
    Key,
    KeyRing,
    b64url,
    b64url_decode,
    claims,
    compact_json,
    mint_joserfc,
    mint_pyjwt,
    pyjwt_clock,
    reference_verify,
    segments,
    serve,
    sign_raw,
    token_of_length,
    unused_port,
)

COGNITO_ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Gatehouse"
COGNITO_CLIENT = "7n2bq0ks1h5c4m8e9f3g6d1a0b"
CRASH_MARKERS = (b"Traceback", b"Fatal error", b"Stack dump", b"panic")
JSON_OUTPUT_FIELDS = {"valid", "error", "message", "claims", "header"}


@pytest.fixture(scope="module")
def keys() -> KeyRing:
    return KeyRing.generate()


@pytest.fixture(scope="module")
def attacker() -> Key:
    return Key(kid="attacker-1", alg="RS256", private=rsa.generate_private_key(public_exponent=65537, key_size=2048))


def run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess:
    return subprocess.run([gatehouse_bin(), *args], capture_output=True, timeout=60, **kwargs)


def assert_no_crash(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}: {proc.stderr.decode(errors='replace')}"
    for marker in CRASH_MARKERS:
        assert marker not in proc.stderr, proc.stderr.decode(errors="replace")


# --- cases -----------------------------------------------------------------------------------


@dataclass
class Case:
    """One token and how to verify it. `expect`: None for valid, else the error code, or a set of
    codes where the contract allows more than one."""

    label: str
    token: str
    expect: str | frozenset[str] | None
    jwks: dict | str | None = None  # None: the key ring's JWKS; a str is a file path or URL
    options: dict = field(default_factory=dict)  # batch fields; None drops a default

    def settings(self) -> dict:
        out: dict[str, Any] = {"now": NOW_ISO, "issuer": ISSUER, "audience": AUDIENCE}
        out.update(self.options)
        return {name: value for name, value in out.items() if value is not None}

    def line(self, default_jwks: dict) -> dict:
        return {"token": self.token, "jwks": default_jwks if self.jwks is None else self.jwks, **self.settings()}

    def cli_args(self, jwks_source: str) -> list[str]:
        args = ["jwt", "verify", "--token", self.token, "--jwks", jwks_source, "--output", "json"]
        flags = {"now": "--now", "issuer": "--issuer", "token_use": "--token-use", "leeway": "--leeway"}
        for name, value in self.settings().items():
            if name in flags:
                args += [flags[name], str(value)]
            else:
                repeated = {"audience": "--audience", "algorithms": "--alg", "scopes": "--scope"}[name]
                for item in [value] if isinstance(value, str) else value:
                    args += [repeated, item]
        return args

    def accepts(self, code: str | None) -> bool:
        if isinstance(self.expect, frozenset):
            return code in self.expect
        return code == self.expect


def payload_of(token: str) -> dict | None:
    try:
        return segments(token)[1]
    except (ValueError, json.JSONDecodeError):
        return None


def check_result(case: Case, result: dict) -> str | None:
    """What is wrong with Gatehouse's answer for `case`, or None."""
    if case.expect is None:
        if result.get("valid") is not True or result.get("error") is not None:
            return "should be valid"
        payload = payload_of(case.token)
        got = result.get("claims") or {}
        for name in ("jti", "sub"):
            if got.get(name) != payload.get(name):
                return f"claims[{name!r}] is {got.get(name)!r}, not {payload.get(name)!r}"
        return None
    if result.get("valid") is not False:
        return "should be invalid"
    if not case.accepts(result.get("error")):
        return "wrong error code"
    return None


def run_jwt_batch(lines: list[dict | str], expect_status: int = 0) -> list[dict]:
    """`gatehouse jwt verify --batch`: one JSON line per input line, in order (a str line goes in as is)."""
    payload = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    proc = subprocess.run(
        [gatehouse_bin(), "jwt", "verify", "--batch"], input=payload.encode(), capture_output=True, timeout=300
    )
    assert_no_crash(proc)
    assert proc.returncode == expect_status, proc.stderr.decode(errors="replace")
    # Split on "\n" only: JSON carries U+2028 and friends unescaped inside strings.
    out = [json.loads(l) for l in proc.stdout.decode().split("\n") if l.strip()]
    assert len(out) == len(lines), f"{len(out)} outputs for {len(lines)} inputs"
    return out


def judge(cases: list[Case], default_jwks: dict) -> None:
    results = run_jwt_batch([case.line(default_jwks) for case in cases])
    wrong = []
    for case, result in zip(cases, results):
        problem = check_result(case, result)
        if problem:
            expected = "valid" if case.expect is None else case.expect
            wrong.append(f"{case.label}: {problem} (expected {expected}, got {json.dumps(result)[:300]})")
    assert not wrong, f"{len(wrong)} of {len(cases)} cases wrong:\n" + "\n".join(wrong)


def valid_header(key: Key) -> dict:
    return {"alg": key.alg, "kid": key.kid, "typ": "JWT"}


def interop_cases(keys: KeyRing, jwks_path: str) -> list[Case]:
    """PyJWT and joserfc tokens for every algorithm; half restrict --alg, EC/OKP read the JWKS from a file."""
    cases = []
    for index, alg in enumerate(ALGORITHMS):
        key = keys[alg]
        restrict = {"algorithms": [alg]} if index % 2 == 0 else {"algorithms": ["ES256", alg, "HS256"]}
        source = jwks_path if alg.startswith(("ES", "Ed")) else None
        cases += [
            Case(f"PyJWT {alg}", mint_pyjwt(key, claims(f"pyjwt-{alg}")), None, source, restrict),
            Case(f"joserfc {alg}", mint_joserfc(key, claims(f"joserfc-{alg}")), None, source),
            # No kid: the one key bound to the header's algorithm verifies it.
            Case(f"PyJWT {alg}, no kid", mint_pyjwt(key, claims(f"pyjwt-nokid-{alg}"), kid=False), None, source),
        ]
    return cases


def binding_cases(keys: KeyRing) -> tuple[list[Case], dict]:
    """Keys without `alg`: bound by type and curve, and to nothing else."""
    rs, es384, ed, hs = keys["RS256"], keys["ES384"], keys["EdDSA"], keys["HS256"]
    bare = {
        "keys": [
            rs.public_jwk(with_alg=False, kid="bare-rsa"),
            es384.public_jwk(with_alg=False, kid="bare-p384"),
            ed.public_jwk(with_alg=False, kid="bare-ed25519"),
            hs.public_jwk(with_alg=False, kid="bare-oct"),
        ]
    }

    def token(alg: str, key: Key, kid: str, jti: str) -> str:
        return sign_raw(alg, key.private, {"alg": alg, "kid": kid, "typ": "JWT"}, claims(jti))

    cases = [
        Case("RSA key without alg: RS256", token("RS256", rs, "bare-rsa", "b1"), None),
        Case("RSA key without alg: PS256", token("PS256", rs, "bare-rsa", "b2"), "algorithmNotAllowed"),
        Case("RSA key without alg: RS512", token("RS512", rs, "bare-rsa", "b3"), "algorithmNotAllowed"),
        Case("P-384 key without alg: ES384", token("ES384", es384, "bare-p384", "b4"), None),
        Case("Ed25519 key without alg: EdDSA", token("EdDSA", ed, "bare-ed25519", "b5"), None),
        Case("oct key without alg: HS256", token("HS256", hs, "bare-oct", "b6"), None),
        Case("oct key without alg: HS512", token("HS512", hs, "bare-oct", "b7"), "algorithmNotAllowed"),
    ]
    for case in cases:
        case.jwks = bare
    return cases, bare


def attack_cases(keys: KeyRing, attacker: Key, attacker_base: str) -> list[Case]:
    rs, es, ed, hs, ps = keys["RS256"], keys["ES256"], keys["EdDSA"], keys["HS256"], keys["PS256"]
    cases: list[Case] = []

    def add(label: str, token: str, expect: str | frozenset[str], **kwargs: Any) -> None:
        cases.append(Case(label, token, expect, **kwargs))

    def good(jti: str, **overrides: Any) -> dict:
        return claims(f"attack-{jti}", **overrides)

    # alg: none, in every casing, with and without a signature and a kid.
    for index, casing in enumerate(("none", "None", "NONE", "nOnE")):
        for signature in ("", b64url(b"not a signature, but not empty either")):
            header = {"alg": casing, "typ": "JWT"}
            if (index + bool(signature)) % 2 == 0:
                header["kid"] = rs.kid
            unsigned = f"{b64url(compact_json(header))}.{b64url(compact_json(good(f'none-{index}')))}"
            shape = f"{'non-empty' if signature else 'empty'} signature, {'kid' if 'kid' in header else 'no kid'}"
            add(f"alg {casing!r}, {shape}", f"{unsigned}.{signature}", "algNone")

    # Algorithm confusion: HS256 MAC'd with the RSA public key's PEM as the secret.
    for fmt, name in (
        (serialization.PublicFormat.SubjectPublicKeyInfo, "SPKI"),
        (serialization.PublicFormat.PKCS1, "PKCS#1"),
    ):
        pem = rs.public_pem(fmt)
        header = {"alg": "HS256", "kid": rs.kid, "typ": "JWT"}
        add(f"HS256 MAC'd with the RS256 key's {name} PEM", sign_raw("HS256", pem, header, good(name)),
            "algorithmNotAllowed")
    confusion_no_kid = sign_raw("HS256", rs.public_pem(), {"alg": "HS256", "typ": "JWT"}, good("confusion-nokid"))
    add("HS256 MAC'd with the RSA PEM, no kid, only that RSA key in the JWKS", confusion_no_kid,
        frozenset({"keyNotFound", "algorithmNotAllowed"}), jwks={"keys": [rs.public_jwk()]})

    # The header's alg never chooses: each key verifies only its own algorithm.
    add("RS384 under the RS256 key's kid", sign_raw("RS384", rs.private, {**valid_header(rs), "alg": "RS384"},
        good("rs384")), "algorithmNotAllowed")
    add("PS256 under the RS256 key's kid", sign_raw("PS256", rs.private, {**valid_header(rs), "alg": "PS256"},
        good("ps256")), "algorithmNotAllowed")
    add("RS256 under the PS256 key's kid", sign_raw("RS256", ps.private, {**valid_header(ps), "alg": "RS256"},
        good("rs-under-ps")), "algorithmNotAllowed")
    add("ES256 under the ES384 key's kid", sign_raw("ES256", es.private, {**valid_header(es), "kid": "gh-es384"},
        good("es256-es384")), "algorithmNotAllowed")
    add("RS256 token, --alg ES256 --alg EdDSA", mint_pyjwt(rs, good("restricted")), "algorithmNotAllowed",
        options={"algorithms": ["ES256", "EdDSA"]})

    # kid injection: paths, quotes, a NUL a C string would stop at, case, trailing space.
    for kid in ("../../etc/passwd", 'x" or "1"="1', "/dev/null", f"{rs.kid}\u0000", rs.kid.upper(), f"{rs.kid} "):
        add(f"kid {kid!r}", sign_raw("RS256", rs.private, {**valid_header(rs), "kid": kid}, good("kid")), "keyNotFound")
    add("RS256 without kid, no RS256 key in the JWKS", mint_pyjwt(rs, good("no-rs-key"), kid=False), "keyNotFound",
        jwks={"keys": [es.public_jwk()]})

    # jku / x5u / embedded jwk naming the attacker's key, signed by it: never fetched, never trusted.
    rejected = frozenset({"keyNotFound", "badSignature"})
    attacker_jwk = attacker.public_jwk()
    for label, extra in (
        ("jku, attacker kid", {"jku": f"{attacker_base}/jwks.json", "kid": attacker.kid}),
        ("jku, trusted kid", {"jku": f"{attacker_base}/jwks.json", "kid": rs.kid}),
        ("jku, no kid", {"jku": f"{attacker_base}/jwks.json"}),
        ("x5u, attacker kid", {"x5u": f"{attacker_base}/cert.pem", "kid": attacker.kid}),
        ("x5u, trusted kid", {"x5u": f"{attacker_base}/cert.pem", "kid": rs.kid}),
        ("embedded jwk, no kid", {"jwk": attacker_jwk}),
        ("embedded jwk, attacker kid", {"jwk": attacker_jwk, "kid": attacker.kid}),
        ("embedded jwk, trusted kid", {"jwk": attacker_jwk, "kid": rs.kid}),
    ):
        header = {"alg": "RS256", "typ": "JWT", **extra}
        add(label, sign_raw("RS256", attacker.private, header, good(label)), rejected)

    # Time, issuer, audience, token use, claim types.
    add("expired an hour ago", mint_pyjwt(rs, good("exp", exp=NOW_TS - 3600, iat=NOW_TS - 7200, nbf=NOW_TS - 7200)),
        "expired")
    add("exp == now, leeway 0", mint_pyjwt(rs, good("exp-now", exp=NOW_TS)), "expired", options={"leeway": 0})
    add("expired 90 s ago, leeway 60", mint_pyjwt(es, good("exp-90", exp=NOW_TS - 90, iat=NOW_TS - 600,
        nbf=NOW_TS - 600)), "expired", options={"leeway": 60})
    add("nbf in an hour", mint_pyjwt(rs, good("nbf", nbf=NOW_TS + 3600, exp=NOW_TS + 7200)), "notYetValid")
    add("iat in an hour", mint_pyjwt(rs, good("iat", iat=NOW_TS + 3600, nbf=DROP, exp=NOW_TS + 7200)),
        "issuedInFuture")
    add("wrong iss", mint_pyjwt(rs, good("iss", iss="https://evil.example")), "wrongIssuer")
    add("iss with a trailing slash", mint_pyjwt(rs, good("iss-slash", iss=ISSUER + "/")), "wrongIssuer")
    add("wrong aud (string)", mint_pyjwt(rs, good("aud-str", aud="other-api")), "wrongAudience")
    add("wrong aud (list)", mint_pyjwt(rs, good("aud-list", aud=["other-api", "third-api"])), "wrongAudience")
    add("aud not among expected (list)", mint_pyjwt(rs, good("aud-expected")), "wrongAudience",
        options={"audience": ["other-api", "third-api"]})
    add("no aud, audience required", mint_pyjwt(rs, good("aud-none", aud=DROP)), "wrongAudience")
    # API Gateway's audience rule: `aud` decides when present; `client_id` only without `aud`.
    add("wrong aud, matching client_id", mint_pyjwt(rs, good("aud-cid", aud="other-api", client_id=AUDIENCE)),
        "wrongAudience")
    add("wrong aud list, matching client_id",
        mint_pyjwt(rs, good("aud-list-cid", aud=["other-api"], client_id=AUDIENCE)), "wrongAudience")
    add("empty aud list, matching client_id", mint_pyjwt(rs, good("aud-empty-cid", aud=[], client_id=AUDIENCE)),
        "wrongAudience")
    add("no aud, other client_id", mint_pyjwt(rs, good("cid-other", aud=DROP, client_id="other-api")),
        "wrongAudience")
    add("aud a number", mint_pyjwt(rs, good("aud-num", aud=7, client_id=AUDIENCE)), "invalidClaim")
    add("aud null", sign_raw("ES256", es.private, valid_header(es), good("aud-null", aud=None, client_id=AUDIENCE)),
        "invalidClaim")
    add("aud list with a number", sign_raw("ES256", es.private, valid_header(es), good("aud-mixed", aud=[AUDIENCE, 7])),
        "invalidClaim")

    # Every signature has exactly its algorithm's length: one byte long or short is refused, for
    # every algorithm; and a signature with a leading zero byte, stripped (the same number, one
    # byte short — OpenSSL's PSS check accepted it), is refused too.
    for alg in ALGORITHMS:
        genuine = mint_pyjwt(keys[alg], good(f"len-{alg}"))
        head, body, signature = genuine.split(".")
        raw = b64url_decode(signature)
        longer, zero_prefixed = raw + bytes(1), bytes(1) + raw
        add(f"{alg} signature one byte long", f"{head}.{body}.{b64url(longer)}", "badSignature")
        add(f"{alg} signature zero-prefixed", f"{head}.{body}.{b64url(zero_prefixed)}", "badSignature")
        add(f"{alg} signature one byte short", f"{head}.{body}.{b64url(raw[:-1])}", "badSignature")
    for alg in ("PS256", "RS256", "ES256"):
        for serial in range(5000):
            token = mint_pyjwt(keys[alg], good(f"zero-{alg}-{serial}"))
            head, body, signature = token.split(".")
            raw = b64url_decode(signature)
            if raw[0] == 0:
                add(f"{alg} signature with its leading zero stripped", f"{head}.{body}.{b64url(raw[1:])}",
                    "badSignature")
                break
        else:
            raise AssertionError(f"no {alg} signature started with a zero byte in 5000")
    add("id token where access is required", mint_pyjwt(rs, good("use", token_use="id")), "wrongTokenUse",
        options={"token_use": "access"})
    add("exp is a string", mint_pyjwt(rs, good("exp-str", exp="tomorrow")), "invalidClaim")
    add("nbf is a boolean", mint_pyjwt(rs, good("nbf-bool", nbf=True)), "invalidClaim")
    add("iat is a date string", mint_pyjwt(rs, good("iat-str", iat="2026-01-15T09:59:00Z")), "invalidClaim")

    # Tampering.
    for key in (rs, es, ed, hs):
        head, body, signature = mint_pyjwt(key, good(f"tamper-{key.alg}")).split(".")
        forged_body = b64url(compact_json(good(f"tamper-{key.alg}", sub="admin")))
        add(f"{key.alg} tampered payload", f"{head}.{forged_body}.{signature}", "badSignature")
        forged_head = b64url(compact_json({**valid_header(key), "x-note": "tampered"}))
        add(f"{key.alg} tampered header", f"{forged_head}.{body}.{signature}", "badSignature")
        raw = bytearray(b64url_decode(signature))
        raw[len(raw) // 2] ^= 0x01
        add(f"{key.alg} one signature bit flipped", f"{head}.{body}.{b64url(bytes(raw))}", "badSignature")

    # Truncation and shape.
    token = mint_pyjwt(rs, good("truncated"))
    head, body, signature = token.split(".")
    add("truncated to two segments", f"{head}.{body}", "malformed")
    add("cut inside the payload", token[: len(head) + 1 + len(body) // 2], "malformed")
    add("signature cut to 255 bytes", f"{head}.{body}.{signature[:340]}", "badSignature")
    add("empty token", "", "malformed")
    add("four segments", token + ".", "malformed")
    add("five segments (JWE shape)", f"{head}.{body}.{signature}.{body}.{signature}", "malformed")
    add("17 KiB token", token_of_length(rs, 17 * 1024, "attack-17k"), "tooLarge")

    # Bad base64url.
    add("'+' in the header", f"{head[:5]}+{head[6:]}.{body}.{signature}", "malformed")
    add("'/' in the payload", f"{head}.{body[:5]}/{body[6:]}.{signature}", "malformed")
    add("'*' in the signature", f"{head}.{body}.{signature[:5]}*{signature[6:]}", "malformed")
    add("non-ASCII in the payload", f"{head}.{body[:5]}é{body[6:]}.{signature}", "malformed")
    add("signature of impossible length", f"{head}.{body}.{signature}AAA", "malformed")  # 345 ≡ 1 (mod 4)

    # Segments that are not JSON (or not an object), signed properly.
    def signed(header: dict | bytes, payload: dict | bytes) -> str:
        return sign_raw("RS256", rs.private, header, payload)

    add("header not JSON", signed(b"not json", good("h-text")), "malformed")
    add("header a JSON array", signed(b'["alg","RS256"]', good("h-array")), "malformed")
    add("header a JSON string", signed(b'"RS256"', good("h-string")), "malformed")
    add("payload not JSON", signed(valid_header(rs), b'{"sub": "user-123"'), "malformed")
    add("payload a JSON array", signed(valid_header(rs), b"[1,2,3]"), frozenset({"malformed", "invalidClaim"}))

    # crit: extensions Gatehouse does not implement.
    add("crit names an unknown header", signed({**valid_header(rs), "crit": ["x-gatehouse-unknown"],
        "x-gatehouse-unknown": True}, good("crit")), "unknownCritical")
    add("crit b64 (RFC 7797)", signed({**valid_header(rs), "crit": ["b64"], "b64": False}, good("crit-b64")),
        "unknownCritical")
    return cases


def passing_claim_cases(keys: KeyRing) -> list[Case]:
    rs, es, ed = keys["RS256"], keys["ES256"], keys["EdDSA"]
    cognito_id = claims(
        "cognito-id",
        iss=COGNITO_ISSUER,
        aud=COGNITO_CLIENT,
        token_use="id",
        auth_time=NOW_TS - 60,
        email="alice@example.com",
        **{"cognito:username": "alice", "cognito:groups": ["admins"]},
    )
    cognito_access = claims(
        "cognito-access",
        iss=COGNITO_ISSUER,
        aud=DROP,
        nbf=DROP,
        client_id=COGNITO_CLIENT,
        token_use="access",
        scope="openid pets/read pets/write",
        username="alice",
    )
    return [
        Case("expired 30 s ago, leeway 60", mint_pyjwt(rs, claims("leeway-exp", exp=NOW_TS - 30, iat=NOW_TS - 600,
             nbf=NOW_TS - 600)), None, options={"leeway": 60}),
        Case("nbf in 30 s, leeway 60", mint_pyjwt(es, claims("leeway-nbf", nbf=NOW_TS + 30)), None,
             options={"leeway": 60}),
        Case("iat in 30 s, leeway 60", mint_pyjwt(ed, claims("leeway-iat", iat=NOW_TS + 30, nbf=DROP)), None,
             options={"leeway": 60}),
        Case("nbf == now, leeway 0", mint_pyjwt(rs, claims("nbf-now", nbf=NOW_TS, iat=NOW_TS)), None,
             options={"leeway": 0}),
        Case("exp a second from now, leeway 0", mint_pyjwt(rs, claims("exp-1", exp=NOW_TS + 1)), None,
             options={"leeway": 0}),
        Case("fractional exp", mint_pyjwt(es, claims("exp-frac", exp=NOW_TS + 3600.5)), None),
        Case("aud as a list", mint_pyjwt(rs, claims("aud-list", aud=["other-api", AUDIENCE])), None),
        Case("expected audiences as a list", mint_pyjwt(rs, claims("aud-expected")), None,
             options={"audience": ["other-api", AUDIENCE]}),
        Case("aud list meets expected list", mint_pyjwt(ed, claims("aud-both", aud=["x-api", "other-api"])), None,
             options={"audience": ["other-api", "y-api"]}),
        Case("Cognito id token", mint_pyjwt(rs, cognito_id), None,
             options={"issuer": COGNITO_ISSUER, "audience": COGNITO_CLIENT, "token_use": "id"}),
        Case("Cognito access token (no aud)", mint_pyjwt(rs, cognito_access), None,
             options={"issuer": COGNITO_ISSUER, "audience": None, "token_use": "access"}),
        Case("Cognito access token, audience checked on client_id", mint_pyjwt(rs, cognito_access), None,
             options={"issuer": COGNITO_ISSUER, "audience": COGNITO_CLIENT, "token_use": "access"}),
        Case("aud matches, client_id differs", mint_pyjwt(es, claims("aud-cid-other", client_id="other-api")), None),
        Case("no issuer or audience asked for", mint_pyjwt(rs, claims("no-checks", iss=DROP, aud=DROP)), None,
             options={"issuer": None, "audience": None}),
        Case("exactly 16 KiB", token_of_length(rs, MAX_TOKEN_BYTES, "exactly-16k"), None),
        Case("non-ASCII and U+2028 in claims", mint_joserfc(es, claims("unicode", sub="zoë\u2028ü")), None),
    ]


def scope_cases(keys: KeyRing) -> list[Case]:
    """Single-token CLI cases (--scope is not a batch field)."""
    rs = keys["RS256"]
    access = claims("scope", iss=COGNITO_ISSUER, aud=DROP, token_use="access", scope="openid pets/read pets/write")
    cognito = {"issuer": COGNITO_ISSUER, "audience": None, "token_use": "access"}
    token = mint_pyjwt(rs, access)
    return [
        Case("scope has pets/read", token, None, options={**cognito, "scopes": ["pets/read"]}),
        Case("scope has both", token, None, options={**cognito, "scopes": ["pets/read", "pets/write"]}),
        Case("scope lacks pets/delete", token, "missingScope", options={**cognito, "scopes": ["pets/delete"]}),
        Case("scope lacks all asked for", token, "missingScope", options={**cognito, "scopes": ["a/b", "c/d"]}),
        Case("scope is not matched by prefix", mint_pyjwt(rs, {**access, "scope": "pets/readwrite"}), "missingScope",
             options={**cognito, "scopes": ["pets/read"]}),
        Case("no scope claim", mint_pyjwt(rs, {k: v for k, v in access.items() if k != "scope"}), "missingScope",
             options={**cognito, "scopes": ["pets/read"]}),
        Case("scp as a list (Okta)", mint_pyjwt(rs, claims("scp-list", scp=["pets.read", "pets.write"])), None,
             options={"scopes": ["pets.write"]}),
        Case("scp as a string (Entra ID)", mint_pyjwt(rs, claims("scp-str", scp="pets.read pets.write")), None,
             options={"scopes": ["pets.read"]}),
        Case("access required, id token (CLI)", mint_pyjwt(rs, {**access, "token_use": "id"}), "wrongTokenUse",
             options=cognito),
        Case("--now as epoch seconds", token, None, options={**cognito, "now": str(NOW_TS)}),
        Case("--audience twice", mint_pyjwt(rs, claims("two-aud")), None,
             options={"audience": ["other-api", AUDIENCE]}),
        Case("--alg twice", mint_pyjwt(rs, claims("two-alg")), None, options={"algorithms": ["ES256", "RS256"]}),
    ]


# --- the reference model checks the fixtures (no gatehouse binary needed) ---------------------


def model_code(case: Case, default_jwks: dict) -> str | None:
    source = default_jwks if case.jwks is None else case.jwks
    if isinstance(source, str):
        source = json.loads(Path(source).read_text())
    settings = case.settings()
    settings["algorithms"] = settings.get("algorithms")
    return reference_verify(case.token, source, **settings)[0]


def test_every_fixture_fails_only_for_its_own_reason(keys, attacker, tmp_path):
    jwks = keys.jwks()
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks))
    cases = [
        *interop_cases(keys, str(path)),
        *binding_cases(keys)[0],
        *attack_cases(keys, attacker, "http://127.0.0.1:9"),
        *passing_claim_cases(keys),
        *scope_cases(keys),
    ]
    wrong = [(c.label, c.expect, code) for c in cases if not c.accepts(code := model_code(c, jwks))]
    assert not wrong, wrong
    labels = [c.label for c in cases]
    assert len(labels) == len(set(labels)), "labels should be unique"


# --- Gatehouse verifies -----------------------------------------------------------------------


def test_pyjwt_and_joserfc_tokens_verify_for_every_algorithm(keys, tmp_path):
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(keys.jwks()))
    cases = interop_cases(keys, str(path))
    assert len(cases) == 3 * len(ALGORITHMS)
    judge(cases, keys.jwks())


def test_each_key_verifies_only_its_bound_algorithm(keys):
    cases, bare = binding_cases(keys)
    judge(cases, bare)


def test_attacks_are_rejected_each_with_its_own_code(keys, attacker):
    attacker_jwks = json.dumps({"keys": [attacker.public_jwk()]}).encode()
    routes = {
        "/jwks.json": (attacker_jwks, {"Content-Type": "application/json"}),
        "/cert.pem": (attacker.public_pem(), {"Content-Type": "application/x-pem-file"}),
    }
    with serve(routes) as served:
        cases = attack_cases(keys, attacker, served.base_url)
        judge(cases, keys.jwks())
    # A verifier that fetched jku/x5u would be an SSRF: it must not have asked.
    assert served.hits == [], f"gatehouse fetched the attacker's URLs: {served.hits}"


def test_claims_that_pass_leeway_audience_lists_cognito(keys):
    judge(passing_claim_cases(keys), keys.jwks())


def test_single_token_cli_scopes_token_use_and_json_output(keys, tmp_path):
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(keys.jwks()))
    wrong = []
    for case in scope_cases(keys):
        proc = run(case.cli_args(str(path)))
        assert_no_crash(proc)
        expected_status = 0 if case.expect is None else 1
        try:
            result = json.loads(proc.stdout)
        except json.JSONDecodeError:
            wrong.append(f"{case.label}: status {proc.returncode}, stdout not JSON: {proc.stdout[:200]!r}")
            continue
        problem = check_result(case, result)
        if proc.returncode != expected_status:
            problem = f"exit status {proc.returncode}, not {expected_status}"
        elif set(result) != JSON_OUTPUT_FIELDS:
            problem = f"fields {sorted(result)}"
        elif case.expect is None and (result["message"] is not None or result["header"].get("alg") != "RS256"):
            problem = "a valid token has message null and its header"
        elif case.expect is not None and not (isinstance(result["message"], str) and result["message"]):
            problem = "an invalid token has a message"
        if problem:
            wrong.append(f"{case.label}: {problem} ({proc.stdout.decode(errors='replace')[:300]})")
    assert not wrong, "\n".join(wrong)


def test_cli_exit_statuses_token_file_and_text_output(keys, tmp_path):
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(keys.jwks()))
    token = mint_pyjwt(keys["ES256"], claims("cli"))
    base = ["jwt", "verify", "--jwks", str(jwks), "--issuer", ISSUER, "--audience", AUDIENCE, "--now", NOW_ISO]

    valid = run(base + ["--token", token])
    assert valid.returncode == 0, valid.stderr.decode()
    expired = run(base + ["--token", mint_pyjwt(keys["ES256"], claims("cli-exp", exp=NOW_TS - 3600))])
    assert expired.returncode == 1 and b"expired" in expired.stdout + expired.stderr

    token_file = tmp_path / "token.txt"
    token_file.write_text(token + "\n")  # as `echo "$TOKEN" > token.txt` writes it
    from_file = run(["jwt", "verify", "--token-file", str(token_file), "--jwks", str(jwks), "--now", NOW_ISO,
                     "--output", "json"])
    assert from_file.returncode == 0, from_file.stdout.decode() + from_file.stderr.decode()
    assert json.loads(from_file.stdout)["claims"]["jti"] == "cli"

    usage = {
        "no --jwks": ["jwt", "verify", "--token", token, "--now", NOW_ISO],
        "no token": ["jwt", "verify", "--jwks", str(jwks), "--now", NOW_ISO],
        "bad --token-use": base + ["--token", token, "--token-use", "refresh"],
        "bad --now": base[:-1] + ["yesterday", "--token", token],
        "bad --output": base + ["--token", token, "--output", "yaml"],
        "unknown --alg": base + ["--token", token, "--alg", "XS256"],
    }
    for label, args in usage.items():
        proc = run(args)
        assert_no_crash(proc)
        assert proc.returncode == 2, f"{label}: exit {proc.returncode}"


def test_jwks_from_a_single_jwk_and_pem_keys(keys, tmp_path):
    rs, es, ed = keys["RS256"], keys["ES256"], keys["EdDSA"]
    now = ["--now", NOW_ISO, "--output", "json"]

    single = tmp_path / "es256.jwk.json"
    single.write_text(json.dumps(es.public_jwk()))
    proc = run(["jwt", "verify", "--token", mint_joserfc(es, claims("single")), "--jwks", str(single), *now])
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()

    rsa_pem = tmp_path / "rs256.pem"
    rsa_pem.write_bytes(rs.public_pem())
    rsa_token = mint_pyjwt(rs, claims("pem"), kid=False)
    proc = run(["jwt", "verify", "--token", rsa_token, "--jwks", str(rsa_pem), "--alg", "RS256", *now])
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert json.loads(proc.stdout)["claims"]["jti"] == "pem"
    # A kid in the token does not stop a bare PEM key from verifying it.
    proc = run(["jwt", "verify", "--token", mint_pyjwt(rs, claims("pem-kid")), "--jwks", str(rsa_pem), "--alg",
                "RS256", *now])
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()

    ed_pem = tmp_path / "ed25519.pem"
    ed_pem.write_bytes(ed.public_pem())
    proc = run(["jwt", "verify", "--token", mint_pyjwt(ed, claims("ed-pem")), "--jwks", str(ed_pem), "--alg",
                "EdDSA", *now])
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()

    # A PEM key carries no algorithm: --alg is required.
    proc = run(["jwt", "verify", "--token", rsa_token, "--jwks", str(rsa_pem), "--now", NOW_ISO])
    assert_no_crash(proc)
    assert proc.returncode == 2

    # The classic confusion, against the PEM file itself: HS256 keyed with those very bytes.
    forged = sign_raw("HS256", rsa_pem.read_bytes(), {"alg": "HS256", "typ": "JWT"}, claims("forged"))
    proc = run(["jwt", "verify", "--token", forged, "--jwks", str(rsa_pem), "--alg", "RS256", *now])
    assert_no_crash(proc)
    assert proc.returncode == 1 and json.loads(proc.stdout)["error"] == "algorithmNotAllowed", proc.stdout


def test_jwks_over_http(keys):
    body = json.dumps(keys.jwks()).encode()
    routes = {"/jwks.json": (body, {"Content-Type": "application/json", "Cache-Control": "max-age=60"})}
    with serve(routes) as served:
        url = f"{served.base_url}/jwks.json"
        rs = keys["RS256"]
        proc = run(["jwt", "verify", "--token", mint_pyjwt(rs, claims("http")), "--jwks", url, "--now", NOW_ISO,
                    "--issuer", ISSUER, "--audience", AUDIENCE, "--output", "json"])
        assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
        assert json.loads(proc.stdout)["claims"]["jti"] == "http"
        assert "/jwks.json" in served.hits

        cases = [Case(f"over http: {alg}", mint_pyjwt(keys[alg], claims(f"http-{alg}")), None, url)
                 for alg in ("RS256", "PS384", "ES512", "EdDSA")]
        # A key set from a URL is published: its `oct` (shared secret) key is never used (issue 16 C14).
        cases.append(Case("over http: HS256 from a published oct key", mint_pyjwt(keys["HS256"], claims("http-HS256")),
                          frozenset({"keyNotFound", "algorithmNotAllowed"}), url))
        stranger = Key("gh-unknown", "RS256", rs.private)
        cases.append(Case("over http: unknown kid", mint_pyjwt(stranger, claims("http-unknown")), "keyNotFound", url))
        judge(cases, keys.jwks())


def test_jwks_url_down_or_broken_fails_closed(keys):
    token = mint_pyjwt(keys["RS256"], claims("down"))
    args = ["jwt", "verify", "--token", token, "--now", NOW_ISO, "--output", "json", "--jwks"]
    routes = {
        "/jwks.json": (json.dumps(keys.jwks()).encode(), {"Content-Type": "application/json"}),
        "/garbage.json": (b"<html>not a key set</html>", {"Content-Type": "text/html"}),
    }
    with serve(routes) as served:
        # The control: the same command with a key set that is up verifies.
        up = run(args + [f"{served.base_url}/jwks.json"])
        assert up.returncode == 0, up.stdout.decode() + up.stderr.decode()
        sources = {
            "nothing listening": f"http://127.0.0.1:{unused_port()}/jwks.json",
            "404": f"{served.base_url}/missing.json",
            "not JSON": f"{served.base_url}/garbage.json",
        }
        for label, url in sources.items():
            proc = run(args + [url])
            assert_no_crash(proc)
            assert proc.returncode != 0, f"{label}: accepted a token with no key set"
            try:
                result = json.loads(proc.stdout)
            except json.JSONDecodeError:
                continue  # a usage-style error on stderr is fine too
            assert result["valid"] is False, label


def test_batch_answers_an_unreadable_line_with_bad_input(keys):
    rs = keys["RS256"]
    good = Case("good", mint_pyjwt(rs, claims("batch-good")), None).line(keys.jwks())
    results = run_jwt_batch([good, "this is not JSON", good], expect_status=2)
    assert results[0]["valid"] is True and results[2]["valid"] is True, results
    assert results[1]["valid"] is False and results[1]["error"] == "badInput", results[1]


# --- Gatehouse signs, PyJWT verifies ----------------------------------------------------------


def test_gatehouse_signed_tokens_verify_in_pyjwt(keys, tmp_path):
    jobs = []  # (label, alg, key, key file)
    for alg in ALGORITHMS:
        key = keys[alg]
        path = tmp_path / f"{alg}.key"
        path.write_bytes(key.private if key.is_hmac else key.private_pem())
        jobs.append((alg, alg, key, path))
    for alg, fmt in (("RS256", serialization.PrivateFormat.TraditionalOpenSSL),
                     ("ES256", serialization.PrivateFormat.TraditionalOpenSSL)):
        path = tmp_path / f"{alg}.traditional.pem"
        path.write_bytes(keys[alg].private_pem(fmt))
        jobs.append((f"{alg}, traditional PEM", alg, keys[alg], path))

    wrong, minted = [], []
    for index, (label, alg, key, path) in enumerate(jobs):
        payload = claims(f"gh-sign-{index}", roles=["reader"], name="zoë")
        if index % 2:
            claims_file = tmp_path / f"claims-{index}.json"
            claims_file.write_text(json.dumps(payload))
            claims_arg = f"@{claims_file}"
        else:
            claims_arg = json.dumps(payload)
        proc = run(["jwt", "sign", "--key", str(path), "--alg", alg, "--claims", claims_arg, "--kid", key.kid])
        assert_no_crash(proc)
        if proc.returncode != 0:
            wrong.append(f"{label}: exit {proc.returncode}: {proc.stderr.decode(errors='replace')[:200]}")
            continue
        token = proc.stdout.decode().strip()
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != alg or header.get("kid") != key.kid:
                raise ValueError(f"header {header}")
            if alg in SIGNATURE_BYTES and len(b64url_decode(token.split(".")[2])) != SIGNATURE_BYTES[alg]:
                raise ValueError(f"signature is not {SIGNATURE_BYTES[alg]} raw bytes")
            with pyjwt_clock():
                decoded = jwt.decode(token, key.verifying_key, algorithms=[alg], audience=AUDIENCE, issuer=ISSUER)
            if decoded != payload:
                raise ValueError(f"claims {decoded}")
        except (jwt.PyJWTError, ValueError) as error:
            wrong.append(f"{label}: PyJWT: {error!r}: {token[:80]}…")
            continue
        minted.append(Case(f"gatehouse-signed {label}", token, None))
    assert not wrong, "\n".join(wrong)
    judge(minted, keys.jwks())  # and Gatehouse accepts its own tokens

    refused = run(["jwt", "sign", "--key", str(jobs[0][3]), "--alg", "none", "--claims", "{}"])
    assert_no_crash(refused)
    assert refused.returncode != 0 and refused.stdout.strip() == b""


@pytest.mark.parametrize("alg", ["RS256", "ES256", "EdDSA"])
def test_keygen_keys_sign_and_verify_both_ways(alg, tmp_path):
    jwks_path, private_path = tmp_path / "jwks.json", tmp_path / "private.pem"
    proc = run(["jwt", "keygen", "--alg", alg, "--jwks-out", str(jwks_path), "--private-out", str(private_path),
                "--kid", "kg-1"])
    assert proc.returncode == 0, proc.stderr.decode()

    jwks = json.loads(jwks_path.read_text())
    [public] = jwks["keys"]
    expected = {
        "RS256": {"kty": "RSA"},
        "ES256": {"kty": "EC", "crv": "P-256"},
        "EdDSA": {"kty": "OKP", "crv": "Ed25519"},
    }
    assert public.items() >= {**expected[alg], "kid": "kg-1", "alg": alg, "use": "sig"}.items(), public
    assert not PRIVATE_JWK_MEMBERS & set(public), f"private members in the JWKS: {public}"

    assert stat.S_IMODE(os.stat(private_path).st_mode) == 0o600
    pem = private_path.read_bytes()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----"), pem[:40]
    private = serialization.load_pem_private_key(pem, password=None)
    kind = {"RS256": rsa.RSAPrivateKey, "ES256": ec.EllipticCurvePrivateKey, "EdDSA": ed25519.Ed25519PrivateKey}
    assert isinstance(private, kind[alg])
    if alg == "RS256":
        assert private.key_size >= 2048
    raw = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    published = jwt.PyJWK(public).key
    assert published.public_bytes(*raw) == private.public_key().public_bytes(*raw), "JWKS and private key differ"

    # Gatehouse signs with the private key; PyJWT verifies with the published JWK.
    payload = claims("keygen")
    signed = run(["jwt", "sign", "--key", str(private_path), "--alg", alg, "--claims", json.dumps(payload),
                  "--kid", "kg-1"])
    assert signed.returncode == 0, signed.stderr.decode()
    token = signed.stdout.decode().strip()
    with pyjwt_clock():
        assert jwt.decode(token, published, algorithms=[alg], audience=AUDIENCE, issuer=ISSUER) == payload

    # PyJWT signs with the private key; Gatehouse verifies with the JWKS file.
    theirs = Key("kg-1", alg, private)
    judge([Case("Gatehouse-signed", token, None, str(jwks_path)),
           Case("PyJWT-signed", mint_pyjwt(theirs, claims("keygen-pyjwt")), None, str(jwks_path))], jwks)


def test_decode_prints_header_and_payload_unverified(keys):
    key = keys["ES384"]
    token = mint_joserfc(key, claims("decode"))
    head, body, signature = token.split(".")
    for label, candidate in (("valid", token), ("bad signature", f"{head}.{body}.{signature[::-1]}")):
        proc = run(["jwt", "decode", candidate])
        assert proc.returncode == 0, f"{label}: {proc.stderr.decode()}"
        out = json.loads(proc.stdout)
        assert out["header"] == segments(token)[0] and out["payload"] == segments(token)[1], label
    for label, candidate in (("two segments", f"{head}.{body}"), ("not base64url", "***.***.***"),
                             ("header not JSON", f"{b64url(b'nope')}.{body}.{signature}")):
        proc = run(["jwt", "decode", candidate])
        assert_no_crash(proc)
        assert proc.returncode == 1, f"{label}: exit {proc.returncode}"


if __name__ == "__main__":
    raise SystemExit(pytest.main(["-q", __file__, "-k", "every_fixture"]))
