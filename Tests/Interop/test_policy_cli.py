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
            if case["caller"] != "anonymous":
                request["principal"] = case["caller"]
        else:
            # Identity-side cases: a named caller in the resource's account.
            request["principal"] = "arn:aws:iam::111122223333:user/alice"
            request["sameAccount"] = True
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


EXAMPLES = sorted((REPO / "Policies" / "examples").glob("*.json"))


def test_examples_validate_strict():
    assert len(EXAMPLES) >= 6
    proc = run(["policy", "validate", "--strict", *map(str, EXAMPLES)])
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert proc.stdout == b""


def test_validate_outputs_and_exit_statuses(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    text = run(["policy", "validate", str(bad)])
    assert text.returncode == 0  # warnings only
    assert b"IAM101 missing-version" in text.stdout and b"IAM112 allow-all" in text.stdout
    assert f"{bad}:1:".encode() in text.stdout
    assert run(["policy", "validate", "--strict", str(bad)]).returncode == 1

    findings = json.loads(run(["policy", "validate", "--output", "json", str(bad)]).stdout)
    assert {f["code"] for f in findings} == {"IAM101", "IAM112"}
    assert all(f["file"] == str(bad) and f["line"] >= 1 for f in findings)

    sarif = json.loads(run(["policy", "validate", "--output", "sarif", str(bad)]).stdout)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    rule_ids = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    for result in run_["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        # An absolute path is a file:// URI (SARIF 2.1.0 §3.4.3); the tmp path needs no escapes.
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file://" + str(bad)

    broken = tmp_path / "broken.json"
    broken.write_text('{"Version": "2012-10-17", "Statment": []}')
    errors = run(["policy", "validate", str(broken)])
    assert errors.returncode == 1 and b"error[IAM004 unknown-key]" in errors.stdout
    assert run(["policy", "validate"]).returncode == 2
    rules = run(["policy", "validate", "--rules"]).stdout.decode()
    assert "IAM106" in rules and "IAM120" in rules


def test_eval_explain_yaml_context_file_and_shorthand(tmp_path):
    policy = tmp_path / "invoke.yaml"
    policy.write_text(
        "Version: 2012-10-17\n"
        "Statement:\n"
        "  - Sid: Office\n"
        "    Effect: Allow\n"
        "    Action: execute-api:Invoke\n"
        "    Resource: arn:aws:execute-api:us-east-1:111122223333:abc123/prod/*\n"
        "    Condition:\n"
        "      IpAddress: {aws:SourceIp: [203.0.113.0/24, '2001:db8::/32']}\n"
    )
    context = tmp_path / "ctx.json"
    context.write_text(json.dumps({"aws:SourceIp": "2001:db8::7", "aws:TagKeys": ["a", "b"]}))
    base = ["policy", "eval", "--policy", str(policy), "--principal", "arn:aws:iam::111122223333:user/alice",
            "--action", "execute-api:Invoke", "--resource",
            "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets"]
    allowed = run(base + ["--context-file", str(context), "--explain"])
    assert allowed.returncode == 0, allowed.stderr.decode()
    out = allowed.stdout.decode()
    assert out.startswith("Allow") and "rule:" in out and "Office" in out and "holds" in out
    denied = run(base + ["--context", "aws:SourceIp=192.0.2.1", "--explain", "--output", "json"])
    assert denied.returncode == 1
    body = json.loads(denied.stdout)
    assert body["decision"] == "ImplicitDeny"
    [statement] = body["explanation"]["statements"]
    assert statement["verdict"] == "doesNotApply" and statement["line"] == 3
    assert any("does not hold" in reason for reason in statement["reasons"])

    # A resource policy in the execute-api:/ shorthand is expanded for the API in --resource.
    resource_policy = REPO / "Policies" / "examples" / "resource-policy-source-ip.json"
    shorthand = ["policy", "eval", "--resource-policy", str(resource_policy), "--principal", "anonymous",
                 "--action", "execute-api:Invoke", "--resource",
                 "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets"]
    inside = json.loads(run(shorthand + ["--context", "aws:SourceIp=203.0.113.7", "--output", "json"]).stdout)
    outside = json.loads(run(shorthand + ["--context", "aws:SourceIp=192.0.2.10", "--output", "json"]).stdout)
    assert inside["decision"] == "Allow", inside
    assert outside["decision"] == "ExplicitDeny", outside


def test_simulate_reports_bad_cases_without_stopping(tmp_path):
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([
        {"policies": {"identity": [{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]},
         "request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject",
                     "resource": "arn:aws:s3:::b/k", "context": {"n": 5, "flag": True}}},
        {"policies": {"identity": [{"Statement": {"Effect": "Allw", "Action": "s3:*", "Resource": "*"}}]},
         "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}},
        {"policies": {}, "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}},
    ]))
    proc = run(["policy", "simulate", "--input", str(cases)])
    assert proc.returncode == 2
    results = json.loads(proc.stdout)
    assert results[0]["decision"] == "Allow"
    assert "error" in results[1] and "Effect" in results[1]["error"]
    assert results[2]["decision"] == "ImplicitDeny"
