"""`gatehouse verify` reads each credential's principal once, when the credentials file loads.

Issue 17 (typed principals): a principal is the ARN of an IAM user, role session, federated user
or account root, with a 12-digit account and no region; anything else is refused at load (exit 2,
naming the field), before any request is judged. A well-formed one loads, and the request is then
judged on its own (here: unsigned, so exit 1, MissingAuthenticationToken).
"""

import json
import subprocess
from pathlib import Path

import pytest

from conftest import gatehouse_bin

REQUEST = "GET /prod/items HTTP/1.1\r\nHost: api.example.com\r\n\r\n"

GOOD = [
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:user/division/bob",
    "arn:aws:sts::111122223333:assumed-role/deployer/run-1",
    "arn:aws-cn:sts::111122223333:federated-user/carol",
    "arn:aws:iam::111122223333:root",
]

BAD = [
    "alice",
    "",
    "arn:aws:iam:us-east-1:111122223333:user/alice",
    "arn:aws:iam::11112222333:user/alice",
    "arn:aws:iam::111122223333:group/admins",
    "arn:aws:sts::111122223333:assumed-role/deployer",
    "arn:AWS:iam::111122223333:root",
    "arn:aws:s3:::bucket",
]


def verify(tmp_path: Path, principal: str) -> subprocess.CompletedProcess:
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps([{"access_key_id": "AKID", "secret_access_key": "s", "principal": principal}]))
    request = tmp_path / "request.txt"
    request.write_text(REQUEST)
    return subprocess.run(
        [gatehouse_bin(), "verify", "--request-file", str(request), "--credentials", str(keys),
         "--now", "2026-01-15T10:00:00Z", "--output", "json"],
        capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("principal", GOOD)
def test_principal_arns_load(tmp_path: Path, principal: str) -> None:
    proc = verify(tmp_path, principal)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["reason"] == "MissingAuthenticationToken"


@pytest.mark.parametrize("principal", BAD)
def test_other_text_is_refused_at_load(tmp_path: Path, principal: str) -> None:
    proc = verify(tmp_path, principal)
    assert proc.returncode == 2, proc.stdout
    assert "[0].principal" in proc.stderr, proc.stderr
    assert proc.stdout == ""
