#!/usr/bin/env python3
"""Writes verifier-cases.json: hand-written verifier cases, each with its reason and why.

A case signs a base request (`sign`), applies `mutate` operations to the signed request, then
verifies it with `verify` overrides and expects `expect` ("OK" or a reason code). Operations:
set_header, add_header, remove_header, replace_in_header, replace_in_query, replace_in_path,
set_body, flip_signature_char. Credentials overrides: unknown, wrong_token, no_token,
expired_token, extra_token.
"""
import json
from pathlib import Path

def case(id, why, expect, mode="header", sign=None, mutate=None, verify=None):
    return {"id": id, "why": why, "mode": mode, "sign": sign or {}, "mutate": mutate or [],
            "verify": verify or {}, "expect": expect}

C = []
for mode in ("header", "query", "v4a-header", "v4a-query"):
    C.append(case(f"{mode}-valid", "an untouched request verifies", "OK", mode))
    C.append(case(f"{mode}-valid-with-body", "a POST body is covered by the payload hash", "OK", mode,
                  sign={"method": "POST", "body": "{\"name\":\"x\"}", "headers": [["Content-Type", "application/json"]]}))
    C.append(case(f"{mode}-path-changed", "the path is in the canonical request", "SignatureDoesNotMatch", mode,
                  mutate=[{"op": "replace_in_path", "from": "items", "to": "itens"}]))
    C.append(case(f"{mode}-query-changed", "query values are in the canonical request", "SignatureDoesNotMatch", mode,
                  mutate=[{"op": "replace_in_query", "from": "limit=10", "to": "limit=11"}]))
    C.append(case(f"{mode}-signed-header-changed", "signed header values are in the canonical request",
                  "SignatureDoesNotMatch", mode, mutate=[{"op": "replace_in_header", "name": "X-Request-Id", "from": "5f0c", "to": "5f0d"}]))
    C.append(case(f"{mode}-wrong-region", "the scope must name the verifier's region (SigV4a: the region set must include it)",
                  "InvalidRegion", mode, verify={"region": "eu-west-1"}))
    C.append(case(f"{mode}-wrong-service", "the scope must name the verifier's service", "InvalidService", mode,
                  verify={"service": "lambda"}))
    C.append(case(f"{mode}-unknown-key", "an access key the store does not know", "UnrecognizedClient", mode,
                  verify={"credentials": "unknown"}))
    C.append(case(f"{mode}-body-changed", "the body hash is in the canonical request", "SignatureDoesNotMatch", mode,
                  sign={"method": "POST", "body": "hello"}, mutate=[{"op": "set_body", "text": "hellp"}]))

C += [
    case("header-flip-signature-0", "every signature character matters", "SignatureDoesNotMatch",
         mutate=[{"op": "flip_signature_char", "index": 0}]),
    case("header-flip-signature-63", "every signature character matters", "SignatureDoesNotMatch",
         mutate=[{"op": "flip_signature_char", "index": 63}]),
    case("query-flip-signature-31", "every signature character matters", "SignatureDoesNotMatch", "query",
         mutate=[{"op": "flip_signature_char", "index": 31}]),
    case("header-expired", "header signatures live ±5 minutes", "SignatureExpired", verify={"now_offset": 301}),
    case("header-edge-of-window", "exactly 5 minutes old is still inside the window", "OK", verify={"now_offset": 300}),
    case("header-not-yet-current", "a date more than 5 minutes ahead is refused", "SignatureNotYetCurrent",
         verify={"now_offset": -301}),
    case("header-custom-skew", "the window is configurable", "OK", verify={"now_offset": 800, "skew_seconds": 900}),
    case("s3-skew", "S3 rules allow ±15 minutes", "OK", sign={"s3": True}, verify={"now_offset": 899, "s3": True}),
    case("query-expired", "a presigned URL is refused after X-Amz-Expires", "RequestExpired", "query",
         verify={"now_offset": 3601}),
    case("query-still-valid", "a presigned URL is valid until X-Amz-Expires", "OK", "query", verify={"now_offset": 3600}),
    case("query-future", "a presigned URL dated ahead beyond the skew is refused", "SignatureNotYetCurrent", "query",
         verify={"now_offset": -400}),
    case("query-expires-too-long", "X-Amz-Expires is at most 604800", "InvalidExpires", "query",
         mutate=[{"op": "replace_in_query", "from": "X-Amz-Expires=3600", "to": "X-Amz-Expires=604801"}]),
    case("query-expires-zero", "X-Amz-Expires is at least 1", "InvalidExpires", "query",
         mutate=[{"op": "replace_in_query", "from": "X-Amz-Expires=3600", "to": "X-Amz-Expires=0"}]),
    case("query-expires-not-number", "X-Amz-Expires is an integer", "InvalidExpires", "query",
         mutate=[{"op": "replace_in_query", "from": "X-Amz-Expires=3600", "to": "X-Amz-Expires=1e3"}]),
    case("missing-authorization", "no Authorization header and no X-Amz-Algorithm", "MissingAuthenticationToken",
         mutate=[{"op": "remove_header", "name": "Authorization"}]),
    case("missing-signature-part", "Authorization without Signature=", "IncompleteSignature",
         mutate=[{"op": "replace_in_header", "name": "Authorization", "from": ", Signature=", "to": ", Sig="}]),
    case("missing-credential-part", "Authorization without Credential=", "IncompleteSignature",
         mutate=[{"op": "replace_in_header", "name": "Authorization", "from": "Credential=", "to": "Cred="}]),
    case("pair-without-equals", "a component without '=' is malformed", "IncompleteSignature",
         mutate=[{"op": "replace_in_header", "name": "Authorization", "from": "SignedHeaders=", "to": "SignedHeaders"}]),
    case("missing-date", "neither X-Amz-Date nor Date", "IncompleteSignature",
         mutate=[{"op": "remove_header", "name": "X-Amz-Date"}]),
    case("bad-date", "X-Amz-Date must be the basic ISO 8601 form", "InvalidDate",
         mutate=[{"op": "set_header", "name": "X-Amz-Date", "value": "2026-01-15T10:00:00Z"}]),
    case("scope-date-mismatch", "the scope date must be X-Amz-Date's day", "CredentialDateMismatch",
         mutate=[{"op": "replace_in_header", "name": "Authorization", "from": "/20260115/", "to": "/20260114/"}]),
    case("unsupported-algorithm", "only the two SigV4 algorithms", "UnsupportedAlgorithm",
         mutate=[{"op": "replace_in_header", "name": "Authorization", "from": "AWS4-HMAC-SHA256", "to": "AWS4-HMAC-SHA512"}]),
    case("both-mechanisms", "Authorization and X-Amz-Algorithm together are refused", "IncompleteSignature",
         mutate=[{"op": "replace_in_query", "from": "limit=10", "to": "limit=10&X-Amz-Algorithm=AWS4-HMAC-SHA256"}]),
    case("host-not-signed", "host must be signed", "HostNotSigned",
         mutate=[{"op": "replace_in_header", "name": "Authorization", "from": "SignedHeaders=accept;host;", "to": "SignedHeaders=accept;"}]),
    case("amz-header-unsigned", "every x-amz-* header must be signed", "UnsignedHeader",
         mutate=[{"op": "add_header", "name": "X-Amz-Meta-Color", "value": "blue"}]),
    case("signed-header-absent", "a name in SignedHeaders must be present", "SignedHeaderMissing",
         mutate=[{"op": "remove_header", "name": "Accept"}]),
    case("unsigned-other-header-ok", "headers outside x-amz-* may be added unsigned (proxies add them)", "OK",
         mutate=[{"op": "add_header", "name": "Via", "value": "1.1 proxy"}]),
    case("token-valid", "a session token that matches the key's", "OK", sign={"token": True}),
    case("token-valid-query", "a presigned session token that matches", "OK", "query", sign={"token": True}),
    case("token-wrong", "a token other than the key's", "InvalidToken", sign={"token": True},
         verify={"credentials": "wrong_token"}),
    case("token-missing", "a temporary key used without its token", "InvalidToken",
         verify={"credentials": "extra_token"}),
    case("token-unexpected", "a token sent for a permanent key", "InvalidToken", sign={"token": True},
         verify={"credentials": "no_token"}),
    case("token-expired", "the temporary credential has expired", "ExpiredToken", sign={"token": True},
         verify={"credentials": "expired_token"}),
    case("token-unsigned-refused", "an unsigned X-Amz-Security-Token is an unsigned x-amz-* header", "UnsignedHeader",
         sign={"token": True, "unsigned_token": True}),
    case("token-unsigned-allowed", "…unless the verifier allows it (the suite's omit_session_token form)", "OK",
         sign={"token": True, "unsigned_token": True}, verify={"allow_unsigned_session_token": True}),
    case("query-token-unsigned-allowed", "presigned omit_session_token form, when allowed", "OK", "query",
         sign={"token": True, "unsigned_token": True}, verify={"allow_unsigned_session_token": True}),
    case("query-token-unsigned-refused", "presigned omit_session_token form is refused by default", "SignatureDoesNotMatch",
         "query", sign={"token": True, "unsigned_token": True}),
    case("payload-hash-mismatch", "a signed x-amz-content-sha256 must match the body", "PayloadHashMismatch",
         sign={"method": "PUT", "body": "data", "sign_body": True}, mutate=[{"op": "set_body", "text": "date"}]),
    case("payload-marker-not-s3", "UNSIGNED-PAYLOAD is an S3 marker only", "PayloadHashMismatch",
         sign={"method": "PUT", "body": "data", "headers": [["x-amz-content-sha256", "UNSIGNED-PAYLOAD"]]}),
    case("payload-marker-s3", "UNSIGNED-PAYLOAD is fine under S3 rules", "OK",
         sign={"method": "PUT", "body": "data", "s3": True, "headers": [["x-amz-content-sha256", "UNSIGNED-PAYLOAD"]]},
         verify={"s3": True}),
    case("s3-rules-mismatch", "S3 canonicalization (single encoding) differs from API Gateway's for encoded paths",
         "SignatureDoesNotMatch", sign={"path": "/prod/a%20b"}, verify={"s3": True}),
    case("s3-encoded-path", "S3 signing and S3 verification agree on encoded paths", "OK",
         sign={"path": "/prod/a%20b", "s3": True}, verify={"s3": True}),
    case("dot-segments", "API Gateway rules normalize dot segments on both sides", "OK",
         sign={"path": "/prod/./items/../items//123"}),
    case("date-header-instead", "an HTTP Date header is read in place of X-Amz-Date (so the failure is the signature, "
         "signed over x-amz-date, not a missing or bad date)", "SignatureDoesNotMatch",
         mutate=[{"op": "remove_header", "name": "X-Amz-Date"},
                 {"op": "add_header", "name": "Date", "value": "Thu, 15 Jan 2026 10:00:00 GMT"},
                 {"op": "replace_in_header", "name": "Authorization", "from": "x-amz-date", "to": "date"}]),
]

(Path(__file__).resolve().parent / "verifier-cases.json").write_text(json.dumps(C, indent=1, ensure_ascii=False) + "\n")
print(len(C), "cases")
