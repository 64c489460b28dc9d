#!/usr/bin/env python3
"""Generates sha256.json and hmac-sha256.json: expected values computed by Python's hashlib/hmac,
an implementation independent of OpenSSL's block functions that GatehouseCrypto uses.

Inputs: the RFC 4231 HMAC-SHA256 test cases (1-4, 6, 7), the FIPS 180-2 SHA-256 examples, and
deterministic pseudo-random messages at the lengths where block handling goes wrong
(0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000) and keys shorter than, equal to and
longer than the 64-byte block. Run: python3 generate.py (writes next to itself).
"""
import hashlib
import hmac
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
rng = random.Random(20261125)

def rand_bytes(n):
    return bytes(rng.randrange(256) for _ in range(n))

sha = [
    {"id": "fips-abc", "comment": "FIPS 180-2 example 1", "message": b"abc".hex()},
    {"id": "fips-448", "comment": "FIPS 180-2 example 2",
     "message": b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".hex()},
    {"id": "empty", "comment": "the empty string (SigV4's bodiless payload hash)", "message": ""},
]
for n in (1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 289, 1000):
    sha.append({"id": f"random-{n}", "comment": f"{n} pseudo-random bytes", "message": rand_bytes(n).hex()})
for case in sha:
    case["digest"] = hashlib.sha256(bytes.fromhex(case["message"])).hexdigest()

rfc = [
    ("rfc4231-1", b"\x0b" * 20, b"Hi There"),
    ("rfc4231-2", b"Jefe", b"what do ya want for nothing?"),
    ("rfc4231-3", b"\xaa" * 20, b"\xdd" * 50),
    ("rfc4231-4", bytes(range(1, 26)), b"\xcd" * 50),
    ("rfc4231-6", b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First"),
    ("rfc4231-7", b"\xaa" * 131,
     b"This is a test using a larger than block-size key and a larger than block-size data. "
     b"The key needs to be hashed before being used by the HMAC algorithm."),
]
mac = [{"id": i, "comment": "RFC 4231", "key": k.hex(), "message": m.hex()} for i, k, m in rfc]
for klen in (0, 1, 32, 63, 64, 65, 200):
    for mlen in (0, 142, 300):
        mac.append({"id": f"random-k{klen}-m{mlen}", "comment": f"{klen}-byte key, {mlen}-byte message",
                    "key": rand_bytes(klen).hex(), "message": rand_bytes(mlen).hex()})
for case in mac:
    case["mac"] = hmac.new(bytes.fromhex(case["key"]), bytes.fromhex(case["message"]), hashlib.sha256).hexdigest()

(HERE / "sha256.json").write_text(json.dumps(sha, indent=1) + "\n")
(HERE / "hmac-sha256.json").write_text(json.dumps(mac, indent=1) + "\n")
