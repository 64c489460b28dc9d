"""Output injection (issue 16 F26): what `gatehouse policy validate|eval|simulate` print from
policies, requests and file names.

- Text output: no control (C0, DEL, C1), format (bidi overrides and isolates, zero-width, tags) or
  line/paragraph-separator character from input ever reaches stdout or stderr raw; each finding,
  explanation line or error stays one line (CWE-117).
- JSON output: the same characters are escaped inside strings and the values decode back exactly.
- SARIF `artifactLocation.uri`: a URI reference (SARIF 2.1.0 §3.4.3, RFC 3986) that decodes back
  to the file name: percent-encoded, relative paths as relative references, absolute ones as
  file:// URIs.
"""

import json
import os
import re
import subprocess
import unicodedata
from urllib.parse import unquote_to_bytes, urlsplit

import pytest

from conftest import gatehouse_bin

RESOURCE = "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets"
USER = "arn:aws:iam::111122223333:user/alice"

# Every C0 control, DEL, every C1 control, the Unicode line/paragraph separators, the bidi
# controls (embeddings, overrides, isolates, marks), zero-width characters and a tag character.
UNSAFE = (
    [chr(c) for c in range(0x00, 0x20)]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + ["\u2028", "\u2029", "\u061c", "\u200b", "\u200d", "\u200e", "\u200f", "\ufeff", "\U000e0041"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
# What can go through argv (no NUL).
ARGV_UNSAFE = [c for c in UNSAFE if c != "\x00"]


def name(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def run(args, **kwargs):
    return subprocess.run([gatehouse_bin(), *args], capture_output=True, timeout=60, **kwargs)


def unsafe_in(text: str, allow_newlines: bool = True) -> list[str]:
    """The unsafe characters in output (the output's own line breaks excepted)."""
    found = []
    for ch in text:
        if ch == "\n" and allow_newlines:
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            found.append(name(ch))
    return found


def decode(data: bytes) -> str:
    return data.decode("utf-8")  # the output itself must be valid UTF-8


def write_policy(path, statements, raw=None):
    path.write_text(raw if raw is not None else json.dumps({"Version": "2012-10-17", "Statement": statements}))
    return path


@pytest.mark.parametrize("ch", UNSAFE, ids=name)
def test_validate_text_never_prints_control_characters(tmp_path, ch):
    # A Sid (warning message), an unknown key (error path and message), a resource value.
    policy = write_policy(tmp_path / "p.json", None, raw=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Sid": f"A{ch}\nIAM000 forged", "Effect": "Allow", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::b/{ch}*"}],
    }))
    proc = run(["policy", "validate", str(policy)])
    out, err = decode(proc.stdout), decode(proc.stderr)
    assert not unsafe_in(out) and not unsafe_in(err), (unsafe_in(out), unsafe_in(err))
    lines = [line for line in out.split("\n") if line]
    assert all(line.startswith(str(policy) + ":") for line in lines), lines
    assert not any("IAM000" in line.split("]:")[0] for line in lines)

    broken = write_policy(tmp_path / "b.json", None, raw=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
                                                f"Bad{ch}Key": 1}],
    }))
    proc = run(["policy", "validate", str(broken)])
    out = decode(proc.stdout)
    assert proc.returncode == 1 and not unsafe_in(out), unsafe_in(out)
    lines = [line for line in out.split("\n") if line]
    assert len(lines) == 1 and "IAM004" in lines[0], lines

    for fmt in ("json", "sarif"):
        proc = run(["policy", "validate", "--output", fmt, str(broken)])
        out = decode(proc.stdout)
        # JSON strings escape them; the document's own line breaks remain.
        assert not unsafe_in(out), (fmt, unsafe_in(out))
        document = json.loads(out)
        # The key is named (JSON paths spell C0 characters as escapes of their own).
        assert "Bad" in json.dumps(document), document


@pytest.mark.parametrize("ch", ARGV_UNSAFE, ids=name)
def test_eval_text_and_errors_never_print_control_characters(tmp_path, ch):
    policy = write_policy(tmp_path / "p.json", [{
        "Sid": "Office", "Effect": "Allow", "Action": "execute-api:Invoke",
        "Resource": f"arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/{ch}*",
        "Condition": {"StringLike": {f"aws:PrincipalTag/t{ch}": f"v{ch}*"}},
    }])
    args = ["policy", "eval", "--policy", str(policy), "--principal", USER,
            "--action", f"execute-api:Invoke{ch}", "--resource", RESOURCE + ch,
            "--context", f"aws:PrincipalTag/t{ch}=v{ch}\nAllow", "--explain"]
    proc = run(args)
    out, err = decode(proc.stdout), decode(proc.stderr)
    assert proc.returncode in (0, 1), err
    assert not unsafe_in(out) and not unsafe_in(err), (unsafe_in(out), unsafe_in(err))
    # The explanation's structure: the outcome, the rule, then statement lines and indented reasons.
    lines = out.rstrip("\n").split("\n")
    assert lines[0] in ("Allow", "ImplicitDeny"), lines[0]
    assert all(l.startswith(("rule:", "decided by", "note:", "identity:", "    ")) for l in lines[1:]), lines

    as_json = run(args + ["--output", "json"])
    out = decode(as_json.stdout)
    assert not unsafe_in(out), unsafe_in(out)
    reasons = json.loads(out)["explanation"]["statements"][0]["reasons"]
    assert any(RESOURCE + ch in reason for reason in reasons)

    # A policy that does not load: one error line on stderr.
    broken = write_policy(tmp_path / "b.json", None, raw='{"Version": "2012-10-17", "Statement": {"Effect": "Allow", '
                          + json.dumps(f"Action{ch}") + ': "s3:*", "Resource": "*"}}')
    proc = run(["policy", "eval", "--policy", str(broken), "--principal", USER, "--action", "s3:GetObject",
                "--resource", "arn:aws:s3:::b/k"])
    err = decode(proc.stderr)
    assert proc.returncode == 2 and not unsafe_in(err), unsafe_in(err)
    assert len(err.rstrip("\n").split("\n")) == 1, err


def test_simulate_escapes_and_round_trips_every_character(tmp_path):
    values = {f"aws:PrincipalTag/k{i}": f"v{ch}w" for i, ch in enumerate(UNSAFE)}
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([{
        "policies": {"identity": [{"Version": "2012-10-17", "Statement": {
            "Sid": "S", "Effect": "Allow", "Action": "s3:*", "Resource": "*",
            "Condition": {"StringLike": {key: value for key, value in values.items()}}}}]},
        "request": {"principal": USER, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": values},
    }]))
    proc = run(["policy", "simulate", "--input", str(cases), "--explain"])
    out = decode(proc.stdout)
    assert proc.returncode == 0, decode(proc.stderr)
    assert not unsafe_in(out), unsafe_in(out)
    [result] = json.loads(out)
    assert result["decision"] == "Allow"
    reasons = " ".join(result["explanation"]["statements"][0]["reasons"])
    for value in values.values():
        assert value in reasons, name(value[1])


# File names: spaces, the URI delimiters, a percent sign, non-ASCII, controls, a colon that would
# read as a scheme, bidi.
FILE_NAMES = [
    "plain.json", "with space.json", "hash#1.json", "pct%41.json", "q?x=1.json", "c:colon.json",
    "ünïcødé.json", "emoji😀.json", "tab\tname.json", "new\nline.json", "esc\x1b[31mred.json",
    "bidi\u202egpj.json", "semi;comma,amp&.json", "brackets[1].json", "at@plus+.json",
]

URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$")


@pytest.mark.parametrize("file_name", FILE_NAMES, ids=lambda n: n.encode("unicode_escape").decode())
def test_sarif_uri_is_a_uri_reference_that_decodes_to_the_file(tmp_path, file_name):
    path = tmp_path / file_name
    path.write_text(json.dumps({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))

    for given, relative in ((file_name, True), (str(path), False)):
        proc = run(["policy", "validate", "--output", "sarif", given], cwd=tmp_path)
        out = decode(proc.stdout)
        assert not unsafe_in(out), unsafe_in(out)
        results = json.loads(out)["runs"][0]["results"]
        assert results
        for result in results:
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert URI_REFERENCE.match(uri), uri
            parts = urlsplit(uri)
            assert parts.query == "" and parts.fragment == "", uri
            if relative:
                assert parts.scheme == "" and parts.netloc == "", uri
                assert unquote_to_bytes(uri) == os.fsencode(file_name)
            else:
                assert uri.startswith("file:///") and parts.scheme == "file", uri
                assert unquote_to_bytes(parts.path) == os.fsencode(str(path))

        # The text output names the file on one line per finding, escaped.
        text = run(["policy", "validate", given], cwd=tmp_path)
        out = decode(text.stdout)
        assert not unsafe_in(out), unsafe_in(out)
        lines = [line for line in out.split("\n") if line]
        assert len(lines) == 2 and all("IAM1" in line for line in lines), lines
