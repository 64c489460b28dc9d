"""`jwt verify --batch` caches key sets per line source; a `jwks` string (a path or URL, judged by
the URL rule) and an inline `jwks` object are cached apart (issue 16 C12/C14): a string that
spells an earlier inline set's JSON was answered from the cache — a source with `://` never met
the URL rule and an inline `oct` key verified it. Each line now gets the same answer whatever
came before it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import time

import pytest

from conftest import gatehouse_bin


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


SECRET = b"0123456789abcdef0123456789abcdef"


def token(kid: str) -> str:
    head = b64(json.dumps({"alg": "HS256", "kid": kid}).encode())
    body = b64(json.dumps({"exp": int(time.time()) + 600, "sub": "x"}).encode())
    return f"{head}.{body}." + b64(hmac.new(SECRET, f"{head}.{body}".encode(), hashlib.sha256).digest())


@pytest.mark.parametrize("kid", ["https://evil.example/", "http://localhost:1/jwks", "plain", ""])
@pytest.mark.parametrize("algorithms", [None, ["HS256"]])
def test_a_source_string_is_never_answered_with_an_inline_set(kid, algorithms):
    inline = {"keys": [{"kty": "oct", "k": b64(SECRET), "alg": "HS256", "kid": kid}]}
    text = json.dumps(inline, separators=(",", ":"), sort_keys=True)
    extra = {"algorithms": algorithms} if algorithms else {}
    tok = token(kid)
    string_line = {"token": tok, "jwks": text, **extra}
    # The string judged alone: a path that does not exist, or a URL the rule refuses.
    first = run_batch_lines([string_line])
    assert first[0]["valid"] is False and first[0]["error"] == "badInput", first
    # After the inline set, and before it: the same answer for the string; the object verifies.
    after = run_batch_lines([{"token": tok, "jwks": inline, **extra}, string_line, string_line])
    assert after[0]["valid"] is True, after[0]
    assert [a["error"] for a in after[1:]] == ["badInput", "badInput"], after
    before = run_batch_lines([string_line, {"token": tok, "jwks": inline, **extra}])
    assert before[0]["error"] == "badInput" and before[1]["valid"] is True, before


def run_batch_lines(lines: list[dict]) -> list[dict]:
    """`jwt verify --batch` answers; a badInput line makes the exit status 2, so the status is not
    asserted here (conftest.run_batch requires 0)."""
    proc = subprocess.run([gatehouse_bin(), "jwt", "verify", "--batch"], capture_output=True, timeout=60,
                          input="".join(json.dumps(line) + "\n" for line in lines).encode())
    out = [json.loads(l) for l in proc.stdout.decode().split("\n") if l.strip()]
    assert len(out) == len(lines), proc.stderr
    return out
