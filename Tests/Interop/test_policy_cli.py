"""`gatehouse policy simulate|eval` as a user drives them: every case in
TestVectors/iam/evaluation-cases.json through `simulate` in one process, and `eval`'s exit
statuses and positioned load errors."""

import json
import subprocess

from conftest import REPO, gatehouse_bin

CASES = json.loads((REPO / "TestVectors" / "iam" / "evaluation-cases.json").read_text())


def run(args, **kwargs):
    return subprocess.run([gatehouse_bin(), *args], capture_output=True, timeout=60, **kwargs)


def test_simulate_decides_every_vector_in_one_process(tmp_path):
    simulate = []
    for case in CASES:
        request = dict(case["request"])
        if "caller" in case:
            request["principal"] = case["caller"]
        if "resourceAccount" in case:
            request["resourceAccount"] = case["resourceAccount"]
        if "federatingUser" in case:
            request["federatingUser"] = case["federatingUser"]
        policies = dict(case["policies"])
        for key in ("boundary", "session", "resource"):
            if key in policies and not policies[key]:
                del policies[key]
        simulate.append({"policies": policies, "request": request})
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(simulate))
    proc = run(["policy", "simulate", "--input", str(path)])
    assert proc.returncode == 0, proc.stderr.decode()
    results = json.loads(proc.stdout)
    assert len(results) == len(CASES)
    wrong = [
        (case["id"], case["expect"], result)
        for case, result in zip(CASES, results)
        if result.get("decision") != case["expect"]
    ]
    assert not wrong, wrong


def test_eval_exit_statuses_and_positioned_errors(tmp_path):
    policy = tmp_path / "invoke.json"
    policy.write_text(json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "Invoke", "Effect": "Allow", "Action": "execute-api:Invoke",
                       "Resource": "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/*"}],
    }))
    base = ["policy", "eval", "--policy", str(policy), "--principal", "arn:aws:iam::111122223333:user/alice",
            "--action", "execute-api:Invoke"]
    allowed = run(base + ["--resource", "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets", "--explain"])
    assert allowed.returncode == 0 and allowed.stdout.startswith(b"Allow")
    assert b"Invoke" in allowed.stdout
    denied = run(base + ["--resource", "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/POST/pets", "--output", "json"])
    assert denied.returncode == 1
    assert json.loads(denied.stdout)["decision"] == "ImplicitDeny"

    bad = tmp_path / "bad.json"
    bad.write_text('{"Version": "2012-10-17",\n "Statement": {"Effect": "Allow", "Action": "a:b", "Resource": "*",\n'
                   '  "Condition": {"StringEqualz": {"k": "v"}}}}')
    broken = run(["policy", "eval", "--policy", str(bad), "--principal", "anonymous", "--action", "a:b", "--resource", "x"])
    assert broken.returncode == 2
    assert b":3:" in broken.stderr and b"$.Statement.Condition.StringEqualz" in broken.stderr
