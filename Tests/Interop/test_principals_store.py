"""Principals made with `gatehouse principals` sign real botocore requests that `gatehouse verify
--data-dir` judges from the same store (issue 18 point 6).

A user and its access key, a role session from assume-role (with its session token), a revoked key
and an inactive key; and the secrets appear only in the output that creates them, never in `list`.
botocore signs with the real clock and the verifier judges at the real time.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

from botocore import auth as botocore_auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from conftest import gatehouse_bin

URL = "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets?limit=2"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}],
}


def principals(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEHOUSE_")}
    proc = subprocess.run(
        [gatehouse_bin(), "principals", *args, "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=60, env=env,
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def signed_request(creds: Credentials) -> str:
    request = AWSRequest(method="GET", url=URL, headers={"Accept": "application/json"})
    botocore_auth.SigV4Auth(creds, "execute-api", "us-east-1").add_auth(request)
    prepared = request.prepare()
    target = URL.split("amazonaws.com", 1)[1]
    lines = [f"GET {target} HTTP/1.1", "Host: abc123.execute-api.us-east-1.amazonaws.com"]
    lines += [f"{name}: {value}" for name, value in prepared.headers.items() if name.lower() != "host"]
    return "\r\n".join(lines) + "\r\n\r\n"


def verify(tmp_path: Path, data_dir: Path, creds: Credentials) -> tuple[int, dict]:
    request = tmp_path / "request.txt"
    request.write_text(signed_request(creds))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEHOUSE_")}
    proc = subprocess.run(
        [gatehouse_bin(), "verify", "--request-file", str(request), "--data-dir", str(data_dir),
         "--output", "json"],
        capture_output=True, text=True, timeout=60, env=env,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_user_key_and_role_session_verify_from_the_store(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    principals(data_dir, "create-user", "--name", "alice", "--tag", "team=payments")
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / "gatehouse.sqlite").stat().st_mode) == 0o600
    principals(data_dir, "put-policy", "--user", "alice", "--name", "invoke", "--document", json.dumps(POLICY))
    created = json.loads(principals(data_dir, "create-access-key", "--user", "alice", "--output", "json").stdout)
    key = created["AccessKey"]
    assert key["AccessKeyId"].startswith("AKIA") and len(key["AccessKeyId"]) == 20
    assert len(key["SecretAccessKey"]) == 40

    user_creds = Credentials(key["AccessKeyId"], key["SecretAccessKey"])
    code, verdict = verify(tmp_path, data_dir, user_creds)
    assert code == 0, verdict
    assert verdict["principal"] == "arn:aws:iam::000000000000:user/alice"

    # A wrong secret is a signature mismatch, not a pass.
    code, verdict = verify(tmp_path, data_dir, Credentials(key["AccessKeyId"], "x" * 40))
    assert code == 1 and verdict["reason"] == "SignatureDoesNotMatch", verdict

    principals(data_dir, "create-role", "--name", "deployer")
    session = json.loads(
        principals(data_dir, "assume-role", "--role", "deployer", "--session-name", "ci-42",
                   "--duration-seconds", "900", "--policy", json.dumps(POLICY)).stdout
    )
    creds = session["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    assert session["AssumedRoleUser"]["Arn"] == "arn:aws:sts::000000000000:assumed-role/deployer/ci-42"
    session_creds = Credentials(creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    code, verdict = verify(tmp_path, data_dir, session_creds)
    assert code == 0, verdict
    assert verdict["principal"] == "arn:aws:sts::000000000000:assumed-role/deployer/ci-42"

    # The same session key without its token is refused.
    code, verdict = verify(tmp_path, data_dir, Credentials(creds["AccessKeyId"], creds["SecretAccessKey"]))
    assert code == 1 and verdict["reason"] == "InvalidToken", verdict

    # Secrets never reach list, in either format.
    for output in ("json", "text"):
        listed = principals(data_dir, "list", "--output", output).stdout
        assert key["AccessKeyId"] in listed
        for secret in (key["SecretAccessKey"], creds["SecretAccessKey"], creds["SessionToken"]):
            assert secret not in listed

    # Inactive, then deleted: refused as an unknown key.
    principals(data_dir, "update-access-key", "--access-key-id", key["AccessKeyId"], "--status", "Inactive")
    code, verdict = verify(tmp_path, data_dir, user_creds)
    assert code == 1 and verdict["reason"] == "UnrecognizedClient", verdict
    principals(data_dir, "update-access-key", "--access-key-id", key["AccessKeyId"], "--status", "Active")
    assert verify(tmp_path, data_dir, user_creds)[0] == 0
    principals(data_dir, "delete", "--access-key-id", key["AccessKeyId"])
    code, verdict = verify(tmp_path, data_dir, user_creds)
    assert code == 1 and verdict["reason"] == "UnrecognizedClient", verdict


def test_errors_name_what_to_fix(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    bad = principals(data_dir, "create-user", "--name", "a/b", check=False)
    assert bad.returncode == 2 and "user name" in bad.stderr, bad.stderr
    principals(data_dir, "create-role", "--name", "r")
    bad = principals(data_dir, "assume-role", "--role", "r", "--session-name", "s1", "--duration-seconds", "43200",
                     check=False)
    assert bad.returncode == 2 and "duration seconds" in bad.stderr and "3600" in bad.stderr, bad.stderr
    bad = principals(data_dir, "put-policy", "--role", "r", "--name", "p", "--document", '{"Statement": []', check=False)
    assert bad.returncode == 2 and "--document" in bad.stderr, bad.stderr
    bad = principals(data_dir, "create-access-key", "--user", "nobody", check=False)
    assert bad.returncode == 2 and "nobody" in bad.stderr, bad.stderr
