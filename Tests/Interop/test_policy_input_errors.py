"""Input that `gatehouse policy eval|simulate` must refuse rather than read one way by chance.

- Condition key names are case-insensitive (reference/iam.md §4.1): two spellings of one key in
  `--context`, in `--context-file` or in a simulate case are an input error naming both; the same
  input never gives Allow on one run and Deny on the next (issue 16 B10).
- `policy simulate` takes at most one `boundary`, `session` and `resource` document per case; a
  second is an error, never silently dropped (issue 16 G29).
"""

import json
import random
import subprocess

import pytest

from conftest import gatehouse_bin

RESOURCE = "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets"
USER = "arn:aws:iam::111122223333:user/alice"


def run(args, **kwargs):
    return subprocess.run([gatehouse_bin(), *args], capture_output=True, timeout=60, **kwargs)


def spellings(key: str, rng: random.Random, count: int) -> set[str]:
    out = {key.lower(), key.upper(), key}
    while len(out) < count:
        out.add("".join(c.upper() if rng.random() < 0.5 else c.lower() for c in key))
    return out


@pytest.fixture
def ip_policy(tmp_path):
    path = tmp_path / "ip.json"
    path.write_text(json.dumps({"Version": "2012-10-17", "Statement": {
        "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*",
        "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}}))
    return path


def test_regression_source_ip_two_spellings_refused(ip_policy):
    base = ["policy", "eval", "--policy", str(ip_policy), "--principal", USER, "--action", "execute-api:Invoke",
            "--resource", RESOURCE]
    for flags in (["--context", "aws:SourceIp=10.0.0.1", "--context", "AWS:SOURCEIP=192.0.2.1"],
                  ["--context", "AWS:SOURCEIP=192.0.2.1", "--context", "aws:SourceIp=10.0.0.1"]):
        proc = run(base + flags)
        err = proc.stderr.decode()
        assert proc.returncode == 2, (proc.stdout, err)
        assert "`aws:SourceIp`" in err and "`AWS:SOURCEIP`" in err and "case" in err, err
    # One spelling, repeated, is a multivalued key, as before.
    same = run(base + ["--context", "aws:SourceIp=10.0.0.1", "--context", "aws:SourceIp=10.0.0.2"])
    assert same.returncode in (0, 1), same.stderr.decode()


KEYS = ["aws:SourceIp", "aws:PrincipalTag/team", "aws:username", "aws:SecureTransport", "execute-api:viaDomainArn"]


@pytest.mark.parametrize("key", KEYS)
def test_every_case_variant_pair_is_refused_in_every_order(tmp_path, ip_policy, key):
    rng = random.Random(0xB10 + len(key))
    variants = sorted(spellings(key, rng, 5))
    base = ["policy", "eval", "--policy", str(ip_policy), "--principal", USER, "--action", "execute-api:Invoke",
            "--resource", RESOURCE]
    for a in variants:
        for b in variants:
            if a == b:
                continue
            entries = [f"{a}=10.0.0.1", f"{b}=192.0.2.1", "aws:RequestedRegion=us-east-1"]
            rng.shuffle(entries)
            flags = [arg for entry in entries for arg in ("--context", entry)]
            proc = run(base + flags)
            err = proc.stderr.decode()
            assert proc.returncode == 2 and f"`{a}`" in err and f"`{b}`" in err, (a, b, err)

            # The same pair inside a --context-file, in both orders.
            for first, second in ((a, b), (b, a)):
                ctx = tmp_path / "ctx.json"
                ctx.write_text('{"%s": "10.0.0.1", "%s": "192.0.2.1"}' % (first, second))
                proc = run(base + ["--context-file", str(ctx)])
                err = proc.stderr.decode()
                assert proc.returncode == 2 and f"`{first}`" in err and f"`{second}`" in err, (first, second, err)


def test_context_flag_replaces_the_file_key_whatever_its_case(tmp_path, ip_policy):
    base = ["policy", "eval", "--policy", str(ip_policy), "--principal", USER, "--action", "execute-api:Invoke",
            "--resource", RESOURCE]
    ctx = tmp_path / "ctx.json"
    ctx.write_text(json.dumps({"AWS:SOURCEIP": "192.0.2.1"}))
    outcomes = set()
    for _ in range(5):
        proc = run(base + ["--context-file", str(ctx), "--context", "aws:sourceip=10.0.0.1"])
        outcomes.add(proc.stdout.decode().strip())
    assert outcomes == {"Allow"}, outcomes
    ctx.write_text(json.dumps({"AWS:SOURCEIP": "10.0.0.1"}))
    assert run(base + ["--context-file", str(ctx), "--context", "aws:sourceip=192.0.2.1"]).returncode == 1


def test_simulate_refuses_two_spellings_of_a_context_key(tmp_path):
    cases = tmp_path / "cases.json"
    allow = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                                                    "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}}
    request = {"principal": USER, "action": "execute-api:Invoke", "resource": RESOURCE}
    cases.write_text(json.dumps([
        {"policies": {"identity": [allow]}, "request": {**request, "context": {"aws:SourceIp": "10.0.0.1"}}},
        {"policies": {"identity": [allow]},
         "request": {**request, "context": {"aws:SourceIp": "10.0.0.1", "Aws:SourceIP": "192.0.2.1"}}},
    ]))
    proc = run(["policy", "simulate", "--input", str(cases)])
    assert proc.returncode == 2
    first, second = json.loads(proc.stdout)
    assert first["decision"] == "Allow"
    assert "`aws:SourceIp`" in second["error"] and "`Aws:SourceIP`" in second["error"], second


@pytest.mark.parametrize("layer", ["boundary", "session", "resource"])
@pytest.mark.parametrize("count", [2, 3])
def test_simulate_refuses_more_than_one_document_per_single_layer(tmp_path, layer, count):
    kind_statement = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    if layer == "resource":
        kind_statement = {**kind_statement, "Principal": "*"}
    # The second document would deny: silently using the first would answer Allow.
    documents = [{"Version": "2012-10-17", "Statement": kind_statement}]
    denying = {"Effect": "Deny", "Action": "*", "Resource": "*"}
    if layer == "resource":
        denying = {**denying, "Principal": "*"}
    documents += [{"Version": "2012-10-17", "Statement": denying}] * (count - 1)
    identity = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([
        {"policies": {"identity": [identity], layer: documents},
         "request": {"principal": "arn:aws:sts::111122223333:assumed-role/r/s", "action": "execute-api:Invoke",
                     "resource": RESOURCE}},
        {"policies": {"identity": [identity], layer: documents[:1]},
         "request": {"principal": "arn:aws:sts::111122223333:assumed-role/r/s", "action": "execute-api:Invoke",
                     "resource": RESOURCE}},
    ]))
    proc = run(["policy", "simulate", "--input", str(cases)])
    assert proc.returncode == 2
    bad, good = json.loads(proc.stdout)
    assert "decision" not in bad and f"`policies.{layer}`" in bad["error"] and f"{count} documents" in bad["error"], bad
    assert good["decision"] == "Allow", good
