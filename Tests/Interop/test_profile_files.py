"""Shared credentials and config files: `gatehouse sign --profile` reads each tricky file exactly as
botocore (and so the AWS CLI) does. For every file, botocore resolves the profile's credentials and
signs a request at a fixed time; gatehouse signs the same request. Either both refuse the file
(gatehouse with exit status 2) or both produce the same Authorization header, which pins the
access key id, the secret (through the signature) and the session token. A second table compares
the region a profile gives. The Swift twin is Tests/SigV4Tests/INIFileTests.swift.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
from pathlib import Path

import botocore.session
import pytest
from botocore import auth as bc_auth
from botocore.awsrequest import AWSRequest

from conftest import gatehouse_bin

URL = "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items"
WHEN = datetime.datetime(2026, 1, 15, 10, 0, 0)
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

# (id, credentials file text or None, config file text or None, profile)
CASES = [
    ("plain", f"[default]\naws_access_key_id = AKIDPLAIN\naws_secret_access_key = {SECRET}\n", None, "default"),
    ("inline-hash", f"[default]\naws_access_key_id = AKIDHASH\naws_secret_access_key = {SECRET} # note\n", None, "default"),
    ("inline-semicolon", f"[default]\naws_access_key_id = AKIDSEMI\naws_secret_access_key = {SECRET} ; note;x\n", None, "default"),
    ("comment-lines", f"# c\n; c\n[default]\n  # indented\naws_access_key_id = AKIDCOMMENT\n;aws_access_key_id = NO\naws_secret_access_key = {SECRET}\n", None, "default"),
    ("quotes-kept", f"[default]\naws_access_key_id = \"AKIDQUOTED\"\naws_secret_access_key = '{SECRET}'\n", None, "default"),
    ("continued-secret", f"[default]\naws_access_key_id = AKIDCONT\naws_secret_access_key = {SECRET}\n  more\n\n  end\n", None, "default"),
    ("crlf", f"[default]\r\naws_access_key_id = AKIDCRLF\r\naws_secret_access_key = {SECRET}\r\n", None, "default"),
    ("lone-cr", f"[default]\raws_access_key_id = AKIDCR\raws_secret_access_key = {SECRET}\r", None, "default"),
    ("bom", f"\ufeff[default]\naws_access_key_id = AKIDBOM\naws_secret_access_key = {SECRET}\n", None, "default"),
    ("duplicate-section", f"[default]\naws_access_key_id = AKIDDUP\n[default]\naws_secret_access_key = {SECRET}\n", None, "default"),
    ("duplicate-key", f"[default]\naws_access_key_id = AKIDA\naws_access_key_id = AKIDB\naws_secret_access_key = {SECRET}\n", None, "default"),
    ("duplicate-key-case", f"[default]\naws_access_key_id = AKIDA\nAWS_ACCESS_KEY_ID = AKIDB\naws_secret_access_key = {SECRET}\n", None, "default"),
    ("uppercase-keys", f"[default]\nAWS_ACCESS_KEY_ID = AKIDUPPER\nAws_Secret_Access_Key = {SECRET}\n", None, "default"),
    ("colon-delimiter", f"[default]\naws_access_key_id: AKIDCOLON\naws_secret_access_key: {SECRET}:x=y\n", None, "default"),
    ("blanks", f"[default]\n\taws_access_key_id\t=\t AKIDTAB \t\naws_secret_access_key =\u00a0{SECRET}\u00a0\n", None, "default"),
    ("default-section", f"[DEFAULT]\naws_secret_access_key = {SECRET}\n[default]\naws_access_key_id = AKIDINHERIT\n", None, "default"),
    ("session-token", f"[default]\naws_access_key_id = AKIDTOKEN\naws_secret_access_key = {SECRET}\naws_session_token = tok # en\n", None, "default"),
    ("security-token-first", f"[default]\naws_access_key_id = AKIDSEC\naws_secret_access_key = {SECRET}\naws_session_token = new\naws_security_token = old\n", None, "default"),
    ("missing-secret", "[default]\naws_access_key_id = AKIDHALF\n", None, "default"),
    ("spaced-section-name", f"[ default ]\naws_access_key_id = AKIDSPACED\naws_secret_access_key = {SECRET}\n", None, "default"),
    ("setting-before-section", f"aws_access_key_id = AKIDEARLY\n[default]\naws_secret_access_key = {SECRET}\n", None, "default"),
    ("line-without-delimiter", f"[default]\naws_access_key_id = AKIDJUNK\naws_secret_access_key = {SECRET}\njunk\n", None, "default"),
    ("other-section-broken", f"[default]\naws_access_key_id = AKIDOK\naws_secret_access_key = {SECRET}\n[other]\ns3 =\n  junk\n", None, "default"),
    ("header-trailing-text", f"[dev] ; mine\naws_access_key_id = AKIDTRAIL\naws_secret_access_key = {SECRET}\n", None, "dev"),
    ("credentials-profile-prefix-is-literal", f"[profile dev]\naws_access_key_id = AKIDLIT\naws_secret_access_key = {SECRET}\n", None, "dev"),
    ("config-profile", None, f"[profile dev]\naws_access_key_id = AKIDCONF\naws_secret_access_key = {SECRET}\n", "dev"),
    ("config-bare-section-is-no-profile", None, f"[dev]\naws_access_key_id = AKIDBARE\naws_secret_access_key = {SECRET}\n", "dev"),
    ("config-quoted-profile", None, f"[profile \"my dev\"]\naws_access_key_id = AKIDQ\naws_secret_access_key = {SECRET}\n", "my dev"),
    ("config-extra-spaces", None, f"[profile   dev]\naws_access_key_id = AKIDSP\naws_secret_access_key = {SECRET}\n", "dev"),
    ("config-default-later-wins", None, f"[default]\naws_access_key_id = AKIDFIRST\naws_secret_access_key = {SECRET}\n[profile default]\naws_access_key_id = AKIDSECOND\naws_secret_access_key = {SECRET}\n", "default"),
    ("config-sub-properties", None, f"[profile dev]\ns3 =\n  addressing_style = path\naws_access_key_id = AKIDSUB\naws_secret_access_key = {SECRET}\n", "dev"),
    ("config-sub-properties-broken", None, f"[profile dev]\ns3 =\n  path\naws_access_key_id = AKIDSUBX\naws_secret_access_key = {SECRET}\n", "dev"),
    ("credentials-before-config", f"[dev]\naws_access_key_id = AKIDCRED\naws_secret_access_key = {SECRET}\n", f"[profile dev]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = {SECRET}\n", "dev"),
    ("broken-config-refused-even-when-credentials-file-answers", f"[dev]\naws_access_key_id = AKIDFIRST\naws_secret_access_key = {SECRET}\n", "[profile dev]\n[profile dev]\n", "dev"),
]

_CLEARED = [
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
]


def _files(tmp_path: Path, credentials: str | None, config: str | None) -> dict[str, str]:
    paths = {"AWS_SHARED_CREDENTIALS_FILE": tmp_path / "credentials", "AWS_CONFIG_FILE": tmp_path / "config"}
    for text, path in ((credentials, paths["AWS_SHARED_CREDENTIALS_FILE"]), (config, paths["AWS_CONFIG_FILE"])):
        if text is not None:
            path.write_bytes(text.encode("utf-8"))  # bytes: keep CR and CRLF as written
    return {name: str(path) for name, path in paths.items()}


def _botocore_session(monkeypatch: pytest.MonkeyPatch, files: dict[str, str], profile: str, home: Path):
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    for name, value in files.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("HOME", str(home))
    return botocore.session.Session(profile=profile)


def botocore_authorization(monkeypatch, files, profile, home) -> str | None:
    """botocore's Authorization header for GET URL at WHEN, or None when it cannot resolve the profile."""
    try:
        credentials = _botocore_session(monkeypatch, files, profile, home).get_credentials()
    except Exception:  # ConfigParseError, ProfileNotFound, PartialCredentialsError, …
        return None
    if credentials is None:
        return None
    request = AWSRequest(method="GET", url=URL)
    monkeypatch.setattr(bc_auth, "get_current_datetime", lambda *a, **k: WHEN)
    bc_auth.SigV4Auth(credentials.get_frozen_credentials(), "execute-api", "us-east-1").add_auth(request)
    return request.headers["Authorization"]


def gatehouse_sign(files: dict[str, str], profile: str, home: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "HOME": str(home), **files}
    args = [gatehouse_bin(), "sign", "--profile", profile, "--timestamp", "2026-01-15T10:00:00Z", "--output", "json", *extra]
    return subprocess.run(args, capture_output=True, timeout=30, env=env)


def test_inline_comment_in_access_key_id_is_part_of_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore reads `AKID # note` as the key id (and would send it); gatehouse reads the same and
    refuses it as no access key id, rather than signing as `AKID`."""
    files = _files(tmp_path, f"[default]\naws_access_key_id = AKIDNOTE # note\naws_secret_access_key = {SECRET}\n", None)
    expected = botocore_authorization(monkeypatch, files, "default", tmp_path)
    assert expected is not None and "Credential=AKIDNOTE # note/" in expected
    proc = gatehouse_sign(files, "default", tmp_path, URL, "--region", "us-east-1")
    assert proc.returncode == 2 and b"access key id" in proc.stderr and b"AKIDNOTE/" not in proc.stdout


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_profile_files_read_as_botocore_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case) -> None:
    _, credentials, config, profile = case
    files = _files(tmp_path, credentials, config)
    expected = botocore_authorization(monkeypatch, files, profile, tmp_path)
    proc = gatehouse_sign(files, profile, tmp_path, URL, "--region", "us-east-1")
    stderr = proc.stderr.decode(errors="replace")
    if expected is None:
        assert proc.returncode == 2, f"botocore refuses this file; gatehouse signed: {proc.stdout[:300]!r}"
        assert SECRET not in stderr
        return
    assert proc.returncode == 0, stderr
    assert json.loads(proc.stdout)["authorization"] == expected


REGION_CASES = [
    ("config", None, "[profile dev]\nregion = eu-west-3\n", "dev"),
    ("config-inline-comment", None, "[profile dev]\nregion = eu-west-3 # paris\n", "dev"),
    ("credentials-file", "[dev]\nregion = ap-south-1\n", None, "dev"),
    ("credentials-file-wins", "[dev]\nregion = ap-south-1\n", "[profile dev]\nregion = eu-west-3\n", "dev"),
    ("default", None, "[default]\nregion = sa-east-1\n", "default"),
    ("none", None, "[profile dev]\noutput = json\n", "dev"),
]


@pytest.mark.parametrize("case", REGION_CASES, ids=[case[0] for case in REGION_CASES])
def test_profile_region_as_botocore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case) -> None:
    _, credentials, config, profile = case
    keys = f"aws_access_key_id = AKIDREGION\naws_secret_access_key = {SECRET}\n"
    # Keys in the same profile, so only the region differs between cases.
    if credentials is not None:
        credentials = credentials.replace("\n", "\n" + keys, 1)
    else:
        config = config.replace("\n", "\n" + keys, 1)
    files = _files(tmp_path, credentials, config)
    expected = _botocore_session(monkeypatch, files, profile, tmp_path).get_config_variable("region")
    proc = gatehouse_sign(files, profile, tmp_path, "https://api.example.com/x", "--service", "svc")
    if expected is None:
        assert proc.returncode == 2 and b"no region" in proc.stderr
        return
    if " " in expected:
        # Read whole, as botocore reads it (no inline comments); gatehouse then refuses a region
        # that cannot be in a credential scope, where botocore would sign with it.
        assert proc.returncode == 2 and f"`{expected}`".encode() in proc.stderr
        return
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    assert f"/20260115/{expected}/svc/aws4_request" in json.loads(proc.stdout)["authorization"]


VERIFY_FILES = [
    # (id, credentials file, expected exit status)
    ("inline-comment-is-secret", f"; keys\n[one]\naws_access_key_id = AKIDVERIFY\naws_secret_access_key = {SECRET} # note\n", 0),
    ("stripped-comment-is-not", f"[one]\naws_access_key_id = AKIDVERIFY\naws_secret_access_key = {SECRET}\n", 1),
    ("commented-out-key", f"[one]\n;aws_access_key_id = AKIDVERIFY\naws_access_key_id = AKIDOTHER\naws_secret_access_key = x\n[two]\naws_access_key_id = AKIDVERIFY\naws_secret_access_key = {SECRET} # note\n", 0),
    ("duplicate-section", f"[one]\naws_access_key_id = AKIDVERIFY\n[one]\naws_secret_access_key = {SECRET} # note\n", 2),
]


@pytest.mark.parametrize("case", VERIFY_FILES, ids=[case[0] for case in VERIFY_FILES])
def test_verify_reads_ini_credentials_as_botocore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case) -> None:
    """`verify --credentials FILE.ini` reads the same dialect: a request botocore signed with the
    secret `… # note` verifies against a file that says `aws_secret_access_key = … # note`."""
    from botocore.credentials import Credentials

    _, text, status = case
    request = AWSRequest(method="GET", url=URL)
    monkeypatch.setattr(bc_auth, "get_current_datetime", lambda *a, **k: WHEN)
    bc_auth.SigV4Auth(Credentials("AKIDVERIFY", f"{SECRET} # note"), "execute-api", "us-east-1").add_auth(request)
    raw = "GET /prod/items HTTP/1.1\r\nHost: abc123.execute-api.us-east-1.amazonaws.com\r\n"
    raw += "".join(f"{name}: {value}\r\n" for name, value in request.headers.items()) + "\r\n"
    (tmp_path / "req.http").write_text(raw)
    (tmp_path / "creds.ini").write_bytes(text.encode())
    proc = subprocess.run(
        [gatehouse_bin(), "verify", "--request-file", str(tmp_path / "req.http"), "--credentials",
         str(tmp_path / "creds.ini"), "--region", "us-east-1", "--service", "execute-api",
         "--now", "2026-01-15T10:00:00Z"],
        capture_output=True, timeout=30,
    )
    assert proc.returncode == status, proc.stdout + proc.stderr
    if status == 2:
        assert b"line 3" in proc.stderr and SECRET.encode() not in proc.stderr
