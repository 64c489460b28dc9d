"""Streaming (`aws-chunked`) uploads through `gatehouse verify --s3` (issue 16, D16).

A streaming request's own signature covers only its head: it is valid only when its body is —
every chunk signature chained from the seed, the final zero-length chunk, the decoded length,
the declared trailers with their signature and checksums.

Real clients make the heads: awscrt (aws-c-auth) signs the seed, SigV4 and SigV4a, with the
streaming markers; the chunks are signed here by an independent implementation of the chain
(reference/sigv4.md §3, §4 — plain `hmac`/`hashlib` and `cryptography`'s ECDSA with the SigV4a key
derived per the spec). botocore makes a whole upload in its default S3 form (unsigned chunks with
a CRC32 trailer, `STREAMING-UNSIGNED-PAYLOAD-TRAILER`). The S3 documentation's example is checked
from its published signatures.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import io
import json
import subprocess
import zlib

import pytest
from botocore import auth as botocore_auth
from botocore import httpchecksum
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from conftest import REPO, gatehouse_bin, run_batch
from test_verify_real_clients import FIXED, KEY, NOW, Raw, amz, botocore_clock, crt_sign

S3_HOST = "bucket.s3.amazonaws.com"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sigv4a_private_key(access_key_id: str, secret: str) -> ec.EllipticCurvePrivateKey:
    """reference/sigv4.md §4: the NIST SP 800-108 counter-mode derivation."""
    key = ("AWS4A" + secret).encode()
    for counter in range(1, 255):
        data = (
            b"\x00\x00\x00\x01"
            + b"AWS4-ECDSA-P256-SHA256"
            + b"\x00"
            + access_key_id.encode()
            + bytes([counter])
            + b"\x00\x00\x01\x00"
        )
        candidate = int.from_bytes(hmac.new(key, data, hashlib.sha256).digest(), "big")
        if candidate <= P256_ORDER - 2:
            return ec.derive_private_key(candidate + 1, ec.SECP256R1())
    raise AssertionError("no key")


def test_sigv4a_derivation_matches_the_spec_vector():
    d = sigv4a_private_key("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").private_numbers().private_value
    assert f"{d:064x}" == "7efc8c0e65a324242818c5a50c891c6060b6a00717b7ba3cbe3c5d765be9259c"


class Chain:
    """The chunk signature chain, signed independently of Gatehouse."""

    def __init__(self, algorithm: str, amz_date: str, seed: str, secret: str = KEY.secret_access_key):
        self.algorithm = algorithm
        self.amz_date = amz_date
        day = amz_date[:8]
        if algorithm == "v4":
            self.name = "AWS4-HMAC-SHA256"
            self.scope = f"{day}/us-east-1/s3/aws4_request"
            k = hmac.new(("AWS4" + secret).encode(), day.encode(), hashlib.sha256).digest()
            for part in ("us-east-1", "s3", "aws4_request"):
                k = hmac.new(k, part.encode(), hashlib.sha256).digest()
            self.key = k
        else:
            self.name = "AWS4-ECDSA-P256-SHA256"
            self.scope = f"{day}/s3/aws4_request"
            self.private = sigv4a_private_key(KEY.access_key_id, secret)
        self.previous = seed

    def _sign(self, text: str) -> str:
        if self.algorithm == "v4":
            return hmac.new(self.key, text.encode(), hashlib.sha256).hexdigest()
        return self.private.sign(text.encode(), ec.ECDSA(hashes.SHA256())).hex()

    def chunk(self, data: bytes) -> str:
        text = "\n".join(
            [f"{self.name}-PAYLOAD", self.amz_date, self.scope, self.previous, EMPTY_SHA256, sha256_hex(data)]
        )
        self.previous = self._sign(text)
        return self.previous

    def trailer(self, trailers: list[tuple[str, str]]) -> str:
        canonical = "".join(f"{n.lower()}:{v.strip()}\n" for n, v in sorted(trailers, key=lambda t: t[0].lower()))
        text = "\n".join(
            [f"{self.name}-TRAILER", self.amz_date, self.scope, self.previous, sha256_hex(canonical.encode())]
        )
        self.previous = self._sign(text)
        return self.previous


def pad(signature: str, algorithm: str) -> str:
    """aws-c-auth pads SigV4a chunk signatures to 144 characters with `*`."""
    return signature if algorithm == "v4" else signature.ljust(144, "*")


def crc32_b64(data: bytes) -> str:
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def encode_chunks(chunks: list[bytes], chain: Chain, trailers: list[tuple[str, str]] | None = None) -> bytes:
    out = b""
    for data in [*chunks, b""]:
        signature = pad(chain.chunk(data), chain.algorithm)
        out += f"{len(data):x};chunk-signature={signature}\r\n".encode() + data
        if data:
            out += b"\r\n"
    if trailers is None:
        return out + b"\r\n"
    for name, value in trailers:
        out += f"{name}:{value}\r\n".encode()
    out += f"x-amz-trailer-signature:{pad(chain.trailer(trailers), chain.algorithm)}\r\n\r\n".encode()
    return out


def body(size: int) -> bytes:
    return bytes((i * 7 + 3) & 0xFF for i in range(size))


def chunked_upload(
    algorithm: str = "v4",
    data: bytes = body(2500),
    chunk_size: int = 1000,
    trailer: bool = False,
    declared_length: str | None = None,
    target: str = "/bucket/key",
) -> tuple[Raw, bytes, list[str]]:
    """awscrt signs the head; the chain signs the chunks. Returns the head, the encoded body and
    the chunk signatures (unpadded, the final chunk's last)."""
    marker = (
        ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD" if algorithm == "v4" else "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD")
        + ("-TRAILER" if trailer else "")
    )
    chunks = [data[i : i + chunk_size] for i in range(0, len(data), chunk_size)]
    trailers = [("x-amz-checksum-crc32", crc32_b64(data))] if trailer else None
    sig_length = 64 if algorithm == "v4" else 144
    # The encoded length, known before signing (signature lengths are fixed on the wire).
    encoded_length = sum(len(f"{len(c):x};chunk-signature=".encode()) + sig_length + 2 + len(c) + 2 for c in chunks)
    encoded_length += len("0;chunk-signature=") + sig_length + 2
    if trailers:
        encoded_length += sum(len(f"{n}:{v}\r\n") for n, v in trailers)
        encoded_length += len("x-amz-trailer-signature:") + sig_length + 2 + 2
    else:
        encoded_length += 2
    headers = [
        ("Content-Encoding", "aws-chunked"),
        ("X-Amz-Decoded-Content-Length", declared_length or str(len(data))),
        ("Content-Length", str(encoded_length)),
    ]
    if trailer:
        headers.append(("X-Amz-Trailer", "x-amz-checksum-crc32"))
    head = crt_sign(
        algorithm=algorithm,
        method="PUT",
        target=target,
        host=S3_HOST,
        headers=tuple(headers),
        service="s3",
        content_sha256_header=True,
        signed_body_value=marker,
    )
    authorization = head.header("Authorization")
    seed = authorization.split("Signature=")[1].strip()
    chain = Chain(algorithm, head.header("X-Amz-Date"), seed)
    signatures: list[str] = []
    original = chain.chunk

    def recording(data: bytes) -> str:
        signature = original(data)
        signatures.append(signature)
        return signature

    chain.chunk = recording  # type: ignore[method-assign]
    encoded = encode_chunks(chunks, chain, trailers)
    assert len(encoded) == encoded_length
    return head, encoded, signatures


def botocore_upload(data: bytes, algorithm: str = "crc32") -> tuple[Raw, bytes]:
    """botocore's default S3 upload form: unsigned aws-chunked chunks and a checksum trailer, the
    head signed by S3SigV4Auth with STREAMING-UNSIGNED-PAYLOAD-TRAILER."""
    name = f"x-amz-checksum-{algorithm}"
    context = {"checksum": {"request_algorithm": {"in": "trailer", "algorithm": algorithm, "name": name}}}
    request_dict = {"url": f"https://{S3_HOST}/bucket/key", "headers": {}, "body": data, "context": context}
    httpchecksum._apply_request_trailer_checksum(request_dict)
    encoded = request_dict["body"].read()
    headers = dict(request_dict["headers"])
    request = AWSRequest(method="PUT", url=request_dict["url"], headers=headers, data=encoded)
    request.context.update(context)
    credentials = Credentials(KEY.access_key_id, KEY.secret_access_key)
    with botocore_clock(FIXED):
        botocore_auth.S3SigV4Auth(credentials, "s3", "us-east-1").add_auth(request)
    assert request.headers["X-Amz-Content-SHA256"] == "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    # On the wire the HTTP stack frames the body (Transfer-Encoding: chunked); a proxy or server
    # hands the verifier the aws-chunked bytes with their length.
    wire = [("Host", S3_HOST)]
    wire += [(n, v) for n, v in request.headers.items() if n.lower() not in ("host", "transfer-encoding")]
    wire.append(("Content-Length", str(len(encoded))))
    return Raw("PUT", "/bucket/key", tuple(wire)), encoded


def verify_line(head: Raw, encoded: bytes) -> dict:
    return {
        "request": head.text(),
        "body_base64": base64.b64encode(encoded).decode(),
        "credentials": [KEY.as_json()],
        "region": "us-east-1",
        "service": "s3",
        "s3": True,
        "now": NOW,
    }


def judge(cases: list[tuple[str, Raw, bytes]]) -> list[dict]:
    return run_batch("verify", [verify_line(head, encoded) for _, head, encoded in cases])


def split_chunks(encoded: bytes) -> tuple[list[bytes], bytes]:
    """Each chunk as its full wire bytes (header line, data, CRLF), the final chunk's header line
    last; then what follows it."""
    pieces, index = [], 0
    while True:
        end = encoded.index(b"\r\n", index)
        size = int(encoded[index:end].split(b";")[0], 16)
        stop = end + 2 + size + (2 if size else 0)
        pieces.append(encoded[index:stop])
        index = stop
        if size == 0:
            return pieces, encoded[index:]


# --- genuine uploads verify ------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["v4", "v4a"])
def test_awscrt_signed_streaming_uploads_verify(algorithm):
    cases = []
    for size, chunk in [(0, 100), (1, 1), (1000, 1000), (2500, 1000), (70_000, 65_536)]:
        for trailer in (False, True):
            head, encoded, _ = chunked_upload(algorithm, body(size), chunk, trailer)
            cases.append((f"{algorithm} {size}/{chunk} trailer={trailer}", head, encoded))
    answers = judge(cases)
    wrong = [(label, a) for (label, _, _), a in zip(cases, answers) if not a.get("valid")]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("algorithm", ["crc32", "crc32c", "sha1", "sha256"])
def test_botocore_streaming_uploads_verify(algorithm):
    try:
        head, encoded = botocore_upload(body(5000), algorithm)
    except (AttributeError, TypeError) as error:  # crc32c needs awscrt's checksum in botocore
        pytest.skip(f"botocore cannot make a {algorithm} trailer here: {error}")
    tampered = bytearray(encoded)
    tampered[encoded.index(b"\r\n") + 10] ^= 1  # one payload byte of the first chunk
    answers = judge([("genuine", head, encoded), ("tampered", head, bytes(tampered))])
    assert answers[0]["valid"], answers[0]
    assert not answers[1]["valid"] and answers[1]["reason"] == "InvalidPayload", answers[1]


def test_s3_documentation_example_verifies_from_its_published_signatures(tmp_path, gatehouse):
    vector = json.loads((REPO / "TestVectors/sigv4/aws-docs.json").read_text())["s3_chunked_upload"]
    head = vector["request"].replace("\n\n", "\n").rstrip("\n").split("\n")
    head += ["x-amz-date: 20130524T000000Z", f"Authorization: {vector['authorization']}"]
    wire = b""
    for chunk in vector["chunks"]:
        data = b"a" * chunk["length"]
        wire += f"{chunk['length']:x};chunk-signature={chunk['signature']}\r\n".encode() + data + b"\r\n"
    assert len(wire) == 66824
    creds = tmp_path / "creds.json"
    creds.write_text(
        json.dumps([{"access_key_id": vector["access_key_id"], "secret_access_key": vector["secret_access_key"]}])
    )

    def run(payload: bytes) -> subprocess.CompletedProcess:
        request = tmp_path / "request.txt"
        request.write_bytes(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        return subprocess.run(
            [gatehouse, "verify", "--s3", "--service", "s3", "--request-file", str(request),
             "--credentials", str(creds), "--now", "2013-05-24T00:00:00Z"],
            capture_output=True, timeout=60,
        )

    genuine = run(wire)
    assert genuine.returncode == 0, genuine.stdout.decode() + genuine.stderr.decode()
    forged = wire.replace(b"0055627c", b"0055627d")
    refused = run(forged)
    assert refused.returncode == 1, refused.stdout.decode()
    assert b"SignatureDoesNotMatch" in refused.stdout


# --- forged and rearranged bodies are refused ------------------------------------------------


@pytest.mark.parametrize("algorithm", ["v4", "v4a"])
def test_every_forged_chunk_signature_is_refused(algorithm):
    head, encoded, signatures = chunked_upload(algorithm, body(2500), 1000, trailer=True)
    cases = []
    for number, signature in enumerate(signatures):
        # Every position of HMAC signatures; SigV4a ones are long and each check costs an ECDSA
        # verify: every 5th position.
        for position in range(0, len(signature), 1 if algorithm == "v4" else 5):
            other = "1" if signature[position] == "0" else "0"
            forged = signature[:position] + other + signature[position + 1 :]
            assert encoded.count(signature.encode()) == 1
            cases.append((f"chunk {number} position {position}", head, encoded.replace(signature.encode(), forged.encode())))
        cases.append((f"chunk {number} uppercase", head, encoded.replace(signature.encode(), signature.upper().encode())))
        cases.append((f"chunk {number} empty", head, encoded.replace(signature.encode(), b"")))
    trailer_signature = encoded.split(b"x-amz-trailer-signature:")[1].split(b"\r\n")[0].rstrip(b"*")
    cases.append(("trailer signature", head, encoded.replace(trailer_signature, trailer_signature[:-1] + b"0" if not trailer_signature.endswith(b"0") else trailer_signature[:-1] + b"1")))
    answers = judge(cases)
    accepted = [label for (label, _, _), a in zip(cases, answers) if a.get("valid")]
    assert not accepted, accepted
    reasons = {a["reason"] for a in answers}
    assert reasons <= {"SignatureDoesNotMatch", "InvalidPayload"}, reasons


@pytest.mark.parametrize("algorithm", ["v4", "v4a"])
def test_reordered_dropped_extra_and_truncated_bodies_are_refused(algorithm):
    head, encoded, _ = chunked_upload(algorithm, body(2500), 1000)
    pieces, tail = split_chunks(encoded)
    assert b"".join(pieces) + tail == encoded
    cases = []
    for i in range(len(pieces)):
        for j in range(len(pieces)):
            if i != j:
                swapped = list(pieces)
                swapped[i], swapped[j] = swapped[j], swapped[i]
                cases.append((f"swap {i} {j}", head, b"".join(swapped) + tail))
        cases.append((f"drop {i}", head, b"".join(pieces[:i] + pieces[i + 1 :]) + tail))
        cases.append((f"duplicate {i}", head, b"".join(pieces[: i + 1] + pieces[i:]) + tail))
    cases.append(("extra chunk after the end", head, encoded + pieces[0]))
    cases.append(("bytes after the end", head, encoded + b"x"))
    cases.append(("empty body", head, b""))
    # A genuine body of the same length under another head (another seed, another chain).
    _, other, _ = chunked_upload(algorithm, body(2500)[::-1], 1000, target="/bucket/other")
    cases.append(("another upload's body", head, other))
    step = 1 if algorithm == "v4" else 37
    for length in range(0, len(encoded), step):
        cases.append((f"truncated to {length}", head, encoded[:length]))
    answers = judge(cases)
    accepted = [label for (label, _, _), a in zip(cases, answers) if a.get("valid")]
    assert not accepted, accepted
    # And the genuine one does verify.
    assert judge([("genuine", head, encoded)])[0]["valid"]


def test_wrong_decoded_length_is_refused_though_every_signature_is_genuine():
    cases = []
    for declared in ["2499", "2501", "0", "25000", "-1", "2500.0", "0x9c4"]:
        head, encoded, _ = chunked_upload("v4", body(2500), 1000, declared_length=declared)
        cases.append((declared, head, encoded))
    answers = judge(cases)
    for (label, _, _), answer in zip(cases, answers):
        assert not answer["valid"] and answer["reason"] == "InvalidPayload", (label, answer)


def test_cli_exits_1_for_a_forged_chunk_and_0_for_the_genuine_body(tmp_path, gatehouse):
    """The reported flaw: `verify --s3` with forged chunk signatures exited 0."""
    head, encoded, signatures = chunked_upload("v4", body(3000), 1000)
    creds = tmp_path / "creds.json"
    creds.write_text(json.dumps([KEY.as_json()]))

    def run(payload: bytes) -> subprocess.CompletedProcess:
        request = tmp_path / "request.txt"
        request.write_bytes(head.text().encode() + payload)
        return subprocess.run(
            [gatehouse, "verify", "--s3", "--service", "s3", "--request-file", str(request),
             "--credentials", str(creds), "--now", NOW, "--output", "json"],
            capture_output=True, timeout=60,
        )

    assert run(encoded).returncode == 0
    forged = encoded.replace(signatures[1].encode(), ("0" * 64).encode())
    answer = run(forged)
    assert answer.returncode == 1
    assert json.loads(answer.stdout)["reason"] == "SignatureDoesNotMatch"
    # Any body at all under a genuine head: refused.
    for junk in [b"", b"hello", b"0\r\n\r\n", encoded[: len(encoded) // 2]]:
        assert run(junk).returncode == 1, junk[:40]
