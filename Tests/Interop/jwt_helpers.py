"""Keys, token minting and a reference model of `gatehouse jwt verify` for test_jwt_interop.py.

- `KeyRing.generate()`: one signing key per algorithm, each published as a JWK that carries `kid`,
  `alg` and `use`. RS* share one RSA-2048 key, PS* one RSA-3072 key (a key per kid and algorithm,
  as the contract binds each key to one algorithm).
- `mint_pyjwt` / `mint_joserfc`: tokens from the two independent libraries. `sign_raw`: any header
  and payload bytes, properly signed, for the attack cases.
- `reference_verify`: the verification contract in plain Python (PyJWT only for the signature
  primitives). The suite checks every fixture against it first, so a fixture that fails for a
  reason other than the one it is meant to show is caught without a gatehouse binary.

Everything runs on a fixed clock (`NOW`, 2026-01-15T10:00:00Z): claims are set relative to it and
`now` is always passed explicitly.

`.venv/bin/python Tests/Interop/jwt_helpers.py` runs a self-check that needs no gatehouse binary.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import hashlib
import hmac
import http.server
import json
import re
import socket
import threading
import warnings
from dataclasses import dataclass
from typing import Any, Iterator
from unittest import mock

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, HMACAlgorithm, OKPAlgorithm, RSAAlgorithm
from joserfc import jwk as jose_jwk
from joserfc import jwt as jose_jwt
from joserfc.errors import SecurityWarning

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 1, 15, 10, 0, 0, tzinfo=UTC)
NOW_TS = int(NOW.timestamp())  # 1768471200
NOW_ISO = "2026-01-15T10:00:00Z"

ISSUER = "https://issuer.gatehouse.test"
AUDIENCE = "gatehouse-api"
MAX_TOKEN_BYTES = 16 * 1024

ALGORITHMS = (
    "RS256", "RS384", "RS512",
    "PS256", "PS384", "PS512",
    "ES256", "ES384", "ES512",
    "EdDSA",
    "HS256", "HS384", "HS512",
)  # fmt: skip

# Raw (r || s) signature sizes JWS uses for ECDSA, and Ed25519's.
SIGNATURE_BYTES = {"ES256": 64, "ES384": 96, "ES512": 132, "EdDSA": 64}


def signature_length(jwk: dict, alg: str) -> int:
    """The one length a signature of `alg` under `jwk` has: the modulus bytes for RSA, the digest
    for HMAC, SIGNATURE_BYTES otherwise."""
    if alg.startswith(("RS", "PS")):
        return len(b64url_decode(jwk["n"]).lstrip(b"\x00"))
    if alg.startswith("HS"):
        return int(alg[2:]) // 8
    return SIGNATURE_BYTES[alg]

CURVES = {"ES256": ec.SECP256R1, "ES384": ec.SECP384R1, "ES512": ec.SECP521R1}
HASHES = {"256": hashlib.sha256, "384": hashlib.sha384, "512": hashlib.sha512}
PRIVATE_JWK_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}


# --- encoding --------------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def b64url_decode(text: str) -> bytes:
    """Strict base64url without padding, as JWS requires; ValueError otherwise."""
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError(f"not base64url: {text[:20]!r}")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def compact_json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def segments(token: str) -> tuple[dict, dict]:
    """The header and payload of a well-formed token, unverified."""
    header, payload, _ = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload))


# --- keys ------------------------------------------------------------------------------------


@dataclass
class Key:
    kid: str
    alg: str
    private: Any  # a cryptography private key, or the HMAC secret as bytes

    @property
    def is_hmac(self) -> bool:
        return isinstance(self.private, bytes)

    @property
    def verifying_key(self) -> Any:
        return self.private if self.is_hmac else self.private.public_key()

    def public_jwk(self, *, with_alg: bool = True, kid: str | None = None) -> dict:
        key = self.verifying_key
        if self.is_hmac:
            out = HMACAlgorithm.to_jwk(key, as_dict=True)
        elif isinstance(key, rsa.RSAPublicKey):
            out = RSAAlgorithm.to_jwk(key, as_dict=True)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            out = ECAlgorithm.to_jwk(key, as_dict=True)
        else:
            out = OKPAlgorithm.to_jwk(key, as_dict=True)
        out["kid"] = self.kid if kid is None else kid
        if with_alg:
            out["alg"] = self.alg
        out["use"] = "sig"
        return out

    def private_pem(self, fmt: serialization.PrivateFormat = serialization.PrivateFormat.PKCS8) -> bytes:
        return self.private.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption())

    def public_pem(self, fmt: serialization.PublicFormat = serialization.PublicFormat.SubjectPublicKeyInfo) -> bytes:
        return self.verifying_key.public_bytes(serialization.Encoding.PEM, fmt)


class KeyRing:
    """One key per algorithm, `kid` = `gh-<alg>` (lowercase)."""

    def __init__(self, keys: dict[str, Key]):
        self.by_alg = keys

    @classmethod
    def generate(cls) -> "KeyRing":
        rs = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        ps = rsa.generate_private_key(public_exponent=65537, key_size=3072)
        keys: dict[str, Key] = {}
        for alg in ALGORITHMS:
            if alg.startswith("RS"):
                private: Any = rs
            elif alg.startswith("PS"):
                private = ps
            elif alg.startswith("ES"):
                private = ec.generate_private_key(CURVES[alg]())
            elif alg == "EdDSA":
                private = ed25519.Ed25519PrivateKey.generate()
            else:
                # Longer than the hash, with bytes a C string would cut short (NUL) or a reader might
                # trim (newline) inside: a secret is raw bytes.
                digest = hashlib.sha512(f"gatehouse {alg} secret".encode()).digest()
                private = alg.encode() + b"\x00\n" + digest[: int(alg[2:]) // 8]
            keys[alg] = Key(kid=f"gh-{alg.lower()}", alg=alg, private=private)
        return cls(keys)

    def __getitem__(self, alg: str) -> Key:
        return self.by_alg[alg]

    def jwks(self) -> dict:
        return {"keys": [key.public_jwk() for key in self.by_alg.values()]}


def bound_algorithm(jwk: dict) -> str | None:
    """The one algorithm a JWK is bound to under the contract."""
    if "alg" in jwk:
        return jwk["alg"]
    kty = jwk.get("kty")
    if kty == "EC":
        return {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}.get(jwk.get("crv"))
    if kty == "OKP":
        return "EdDSA" if jwk.get("crv") == "Ed25519" else None
    return {"RSA": "RS256", "oct": "HS256"}.get(kty)


# --- minting ---------------------------------------------------------------------------------

DROP = object()  # claims(...) value that removes a claim


def claims(jti: str, **overrides: Any) -> dict:
    """A token's claims at NOW: issued and valid since a minute ago, expiring in an hour."""
    out = {
        "iss": ISSUER,
        "sub": "user-123",
        "aud": AUDIENCE,
        "iat": NOW_TS - 60,
        "nbf": NOW_TS - 60,
        "exp": NOW_TS + 3600,
        "jti": jti,
    }
    for name, value in overrides.items():
        if value is DROP:
            out.pop(name, None)
        else:
            out[name] = value
    return out


def mint_pyjwt(key: Key, payload: dict, *, kid: bool = True, headers: dict | None = None) -> str:
    extra = dict(headers or {})
    if kid:
        extra["kid"] = key.kid
    return jwt.encode(payload, key.private, algorithm=key.alg, headers=extra or None)


def joserfc_key(key: Key) -> Any:
    if key.is_hmac:
        return jose_jwk.OctKey.import_key(key.private)
    kind = {rsa.RSAPrivateKey: jose_jwk.RSAKey, ec.EllipticCurvePrivateKey: jose_jwk.ECKey}
    for base, cls in kind.items():
        if isinstance(key.private, base):
            return cls.import_key(key.private_pem())
    return jose_jwk.OKPKey.import_key(key.private_pem())


def mint_joserfc(key: Key, payload: dict) -> str:
    with warnings.catch_warnings():
        # joserfc flags EdDSA as deprecated by RFC 9864 (in favour of "Ed25519"); it still signs it.
        warnings.simplefilter("ignore", SecurityWarning)
        return jose_jwt.encode({"alg": key.alg, "kid": key.kid}, payload, joserfc_key(key), algorithms=[key.alg])


def raw_signature(alg: str, private: Any, signing_input: bytes) -> bytes:
    if alg.startswith("HS"):
        return hmac.new(private, signing_input, HASHES[alg[2:]]).digest()
    return jwt.get_algorithm_by_name(alg).sign(signing_input, private)


def sign_raw(alg: str, private: Any, header: dict | bytes, payload: dict | bytes) -> str:
    """A compact token over exactly these header and payload bytes (dicts are JSON-encoded),
    signed with `alg` and `private` whatever the header says."""
    head = b64url(header if isinstance(header, bytes) else compact_json(header))
    body = b64url(payload if isinstance(payload, bytes) else compact_json(payload))
    signing_input = f"{head}.{body}".encode()
    return f"{head}.{body}.{b64url(raw_signature(alg, private, signing_input))}"


def token_of_length(key: Key, length: int, jti: str) -> str:
    """A validly signed token exactly `length` characters long (padded with a `pad` claim)."""
    for extra in range(8):
        header = {"alg": key.alg, "kid": key.kid, "typ": "JWT", "x": "y" * extra}
        base = sign_raw(key.alg, key.private, header, claims(jti, pad=""))
        pad = max(0, (length - len(base)) * 3 // 4 - 2)
        while True:
            token = sign_raw(key.alg, key.private, header, claims(jti, pad="p" * pad))
            if len(token) >= length:
                break
            pad += 1
        if len(token) == length:
            return token
    raise AssertionError(f"cannot make a {length}-character token")


# --- the reference model ---------------------------------------------------------------------


class Rejected(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


UNDERSTOOD_CRITICAL: frozenset[str] = frozenset()


def _numeric(payload: dict, name: str) -> float | None:
    if name not in payload:
        return None
    value = payload[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Rejected("invalidClaim")
    return float(value)


def _verify(
    token: str,
    jwks: dict,
    now: float,
    issuer: str | None,
    audience: list[str],
    algorithms: list[str] | None,
    token_use: str | None,
    scopes: list[str],
    leeway: float,
) -> dict:
    if len(token.encode()) > MAX_TOKEN_BYTES:
        raise Rejected("tooLarge")
    parts = token.split(".")
    if len(parts) != 3:
        raise Rejected("malformed")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except ValueError:
        raise Rejected("malformed") from None
    if not isinstance(header, dict) or not isinstance(header.get("alg"), str):
        raise Rejected("malformed")
    alg = header["alg"]
    if alg.lower() == "none":
        raise Rejected("algNone")
    if algorithms is not None and alg not in algorithms:
        raise Rejected("algorithmNotAllowed")
    if "crit" in header:
        crit = header["crit"]
        if not isinstance(crit, list) or any(name not in UNDERSTOOD_CRITICAL for name in crit):
            raise Rejected("unknownCritical")
    keys = jwks["keys"] if "keys" in jwks else [jwks]
    if "kid" in header:
        candidates = [k for k in keys if k.get("kid") == header["kid"]]
    else:
        candidates = [k for k in keys if bound_algorithm(k) == alg]
    if not candidates:
        raise Rejected("keyNotFound")
    if all(bound_algorithm(k) != alg for k in candidates):
        raise Rejected("algorithmNotAllowed")
    signing_input = f"{parts[0]}.{parts[1]}".encode()
    verifier = jwt.get_algorithm_by_name(alg)
    bound = [k for k in candidates if bound_algorithm(k) == alg]
    # Every signature has exactly its algorithm's length (RFC 8017 §8.1.2 step 1 for RSA: the
    # modulus length); the libraries' own checks are laxer (a PSS signature one byte short verifies).
    if not any(
        len(signature) == signature_length(k, alg) and verifier.verify(signing_input, jwt.PyJWK(k, alg).key, signature)
        for k in bound
    ):
        raise Rejected("badSignature")
    if not isinstance(payload, dict):
        raise Rejected("malformed")
    exp, nbf, iat = (_numeric(payload, name) for name in ("exp", "nbf", "iat"))
    if exp is not None and now >= exp + leeway:
        raise Rejected("expired")
    if nbf is not None and now + leeway < nbf:
        raise Rejected("notYetValid")
    if iat is not None and now + leeway < iat:
        raise Rejected("issuedInFuture")
    if issuer is not None and payload.get("iss") != issuer:
        raise Rejected("wrongIssuer")
    if audience:
        # API Gateway's rule: `aud` decides when present (a string or a list of strings, else
        # invalidClaim); `client_id` only for a token without `aud`.
        if "aud" in payload:
            aud = payload["aud"]
            have = [aud] if isinstance(aud, str) else aud
            if not isinstance(have, list) or not all(isinstance(a, str) for a in have):
                raise Rejected("invalidClaim")
            if not set(have) & set(audience):
                raise Rejected("wrongAudience")
        elif not (isinstance(payload.get("client_id"), str) and payload["client_id"] in audience):
            raise Rejected("wrongAudience")
    if token_use is not None and payload.get("token_use") != token_use:
        raise Rejected("wrongTokenUse")
    if scopes:
        granted: set[str] = set()
        for name in ("scope", "scp"):
            value = payload.get(name)
            if isinstance(value, str):
                granted |= set(value.split())
            elif isinstance(value, list):
                granted |= set(value)
        if not set(scopes) <= granted:
            raise Rejected("missingScope")
    return payload


def parse_now(value: str | int | float) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def reference_verify(
    token: str,
    jwks: dict,
    *,
    now: str | int | float = NOW_ISO,
    issuer: str | None = None,
    audience: str | list[str] | None = None,
    algorithms: list[str] | None = None,
    token_use: str | None = None,
    scopes: list[str] | tuple[str, ...] = (),
    leeway: float = 0,
) -> tuple[str | None, dict | None]:
    """(error code or None, claims or None) under the contract."""
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    try:
        payload = _verify(
            token, jwks, parse_now(now), issuer, audiences, algorithms, token_use, list(scopes), leeway
        )
    except Rejected as rejected:
        return rejected.code, None
    return None, payload


# --- a clock for PyJWT and a tiny HTTP server ------------------------------------------------


@contextlib.contextmanager
def pyjwt_clock(at: datetime.datetime = NOW) -> Iterator[None]:
    """PyJWT reads `datetime.now(tz=timezone.utc)` in jwt.api_jwt; pin it to `at`."""

    class Frozen(datetime.datetime):
        @classmethod
        def now(cls, tz: datetime.tzinfo | None = None) -> datetime.datetime:  # type: ignore[override]
            return at.astimezone(tz) if tz else at.replace(tzinfo=None)

    with mock.patch("jwt.api_jwt.datetime", Frozen):
        yield


@dataclass
class Served:
    base_url: str
    hits: list[str]


@contextlib.contextmanager
def serve(routes: dict[str, tuple[bytes, dict[str, str]]]) -> Iterator[Served]:
    """Serves `routes` (path -> (body, headers)) on 127.0.0.1 from a thread; records each path asked for."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            hits.append(self.path)
            if self.path not in routes:
                self.send_error(404)
                return
            body, headers = routes[self.path]
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(f"http://127.0.0.1:{server.server_address[1]}", hits)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def unused_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- self-check ------------------------------------------------------------------------------


def self_check() -> None:
    keys = KeyRing.generate()
    jwks = keys.jwks()
    assert all({"kid", "alg", "use", "kty"} <= set(k) for k in jwks["keys"])
    assert not any(PRIVATE_JWK_MEMBERS & set(k) for k in jwks["keys"] if k["kty"] != "oct")
    pyjwt_set = jwt.PyJWKSet.from_dict(jwks)
    for alg in ALGORITHMS:
        key = keys[alg]
        for minter in (mint_pyjwt, mint_joserfc):
            token = minter(key, claims(f"self-{alg}"))
            code, payload = reference_verify(token, jwks, issuer=ISSUER, audience=AUDIENCE)
            assert code is None and payload["jti"] == f"self-{alg}", (alg, minter.__name__, code)
            with pyjwt_clock():
                decoded = jwt.decode(
                    token, pyjwt_set[key.kid].key, algorithms=[alg], audience=AUDIENCE, issuer=ISSUER
                )
            assert decoded["jti"] == f"self-{alg}"
            if alg in SIGNATURE_BYTES:
                assert len(b64url_decode(token.split(".")[2])) == SIGNATURE_BYTES[alg]
        raw = sign_raw(alg, key.private, {"alg": alg, "kid": key.kid}, claims("raw"))
        assert reference_verify(raw, jwks)[0] is None, alg
        expired = mint_pyjwt(key, claims("old", exp=NOW_TS - 1))
        assert reference_verify(expired, jwks)[0] == "expired"
    # The clock really is pinned: a token that expired a second before NOW fails in PyJWT too.
    with pyjwt_clock():
        try:
            jwt.decode(expired, keys["HS512"].private, algorithms=["HS512"], audience=AUDIENCE)
        except jwt.ExpiredSignatureError:
            pass
        else:
            raise AssertionError("pyjwt_clock did not pin PyJWT's clock")
    assert len(token_of_length(keys["RS256"], MAX_TOKEN_BYTES, "len")) == MAX_TOKEN_BYTES
    with serve({"/x": (b"hello", {"Cache-Control": "max-age=60"})}) as served:
        import urllib.request

        with urllib.request.urlopen(served.base_url + "/x") as response:
            assert response.read() == b"hello" and response.headers["Cache-Control"] == "max-age=60"
        assert served.hits == ["/x"]
    print(f"jwt_helpers self-check: {len(ALGORITHMS)} algorithms, PyJWT and joserfc tokens verify")


if __name__ == "__main__":
    self_check()
