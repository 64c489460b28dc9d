"""The local-command runner as a user meets it through `gatehouse authorizer test`: which program
a command names (PATH only, never a planted file next to the config), what environment it gets
(a Lambda-like minimum plus the config's `function.environment`, never gatehouse's own secrets),
and that a runaway command's whole process group is gone when gatehouse returns.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import gatehouse_bin

ALLOW = {
    "principalId": "user",
    "policyDocument": {
        "Version": "2012-10-17",
        "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}],
    },
}
ARN = "arn:aws:execute-api:us-east-1:123456789012:api/prod/GET/pets"
PYTHON_DIR = str(Path(shutil.which("python3") or sys.executable).parent)


def group_gone(pgid: int, bound: float = 5) -> bool:
    """No process of group `pgid` left running within `bound` seconds: killpg(pgid, 0) fails, or
    (Linux) every member is a zombie waiting for init to reap it."""
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        live = False
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
                live = True
                break
        if not live:
            return True
        time.sleep(0.05)
    return False


def write_config(folder: Path, function: dict, timeout: int = 10) -> Path:
    config = folder / "authorizers.json"
    entry = {"type": "TOKEN", "resultTtlInSeconds": 0, "timeoutSeconds": timeout, "function": function}
    config.write_text(json.dumps({"authorizers": {"a": entry}}))
    return config


def authorizer_test(config: Path, env: dict[str, str], cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess:
    args = [gatehouse_bin(), "authorizer", "test", "--config", str(config), "--authorizer", "a"]
    args += ["--method-arn", ARN, "--token", "t", "--output", "json"]
    return subprocess.run(args, capture_output=True, timeout=timeout, env=env, cwd=cwd)


def executable(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def report(proc: subprocess.CompletedProcess) -> dict:
    assert proc.returncode in (0, 1), proc.stderr.decode(errors="replace")
    out = json.loads(proc.stdout)
    return out[0] if isinstance(out, list) else out


# --- E22: a bare name is looked up in PATH only ---------------------------------------------------


@pytest.mark.parametrize("path_prefix", ["", ".:", ":", "./:", "::"])
def test_a_planted_program_next_to_the_config_is_not_run(tmp_path: Path, path_prefix: str) -> None:
    marker = tmp_path / "planted-ran"
    executable(tmp_path / "python3", f"#!/bin/sh\ntouch '{marker}'\necho '{json.dumps(ALLOW)}'\n")
    (tmp_path / "auth.py").write_text(
        "import json, sys\nsys.stdin.read()\n"
        f"print(json.dumps({{**{ALLOW!r}, 'context': {{'by': 'real'}}}}))\n"
    )
    config = write_config(tmp_path, {"command": ["python3", "auth.py"]})
    # The working folder is the config's too, and PATH spells the current folder several ways.
    env = {"PATH": f"{path_prefix}{PYTHON_DIR}:/usr/bin:/bin", "HOME": str(tmp_path)}
    got = report(authorizer_test(config, env, cwd=tmp_path))
    assert not marker.exists(), "the python3 next to the config ran"
    assert got.get("decision") == "Allow", got
    assert got.get("context", {}).get("by") == "real", got

    # The control: naming it as a path runs it (the documented way to use a program next to the config).
    config = write_config(tmp_path, {"command": ["./python3"]})
    got = report(authorizer_test(config, env, cwd=Path("/")))
    assert marker.exists(), "`./python3` (relative to the config's folder) should have run"


def test_a_name_not_in_path_is_a_configuration_error(tmp_path: Path) -> None:
    executable(tmp_path / "only-here", f"#!/bin/sh\necho '{json.dumps(ALLOW)}'\n")
    config = write_config(tmp_path, {"command": ["only-here"]})
    proc = authorizer_test(config, {"PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout
    assert b"`only-here`" in proc.stderr and b"PATH" in proc.stderr, proc.stderr


# --- E23: the environment is a minimum plus the config's ------------------------------------------


def test_the_command_gets_a_minimal_environment_plus_the_configured_one(tmp_path: Path) -> None:
    dump = tmp_path / "env.json"
    script = tmp_path / "dump_env.py"
    script.write_text(
        "import json, os, sys\nsys.stdin.read()\n"
        f"json.dump(dict(os.environ), open({str(dump)!r}, 'w'))\n"
        f"print(json.dumps({ALLOW!r}))\n"
    )
    config = write_config(
        tmp_path,
        {
            "command": [sys.executable, "dump_env.py"],
            "environment": {"CONFIGURED": "yes", "ISSUER": "https://issuer.test", "TZ": "Europe/Paris"},
        },
    )
    secrets = {
        "AWS_ACCESS_KEY_ID": "AKIDPARENT",
        "AWS_SECRET_ACCESS_KEY": "parent-secret-key",
        "AWS_SESSION_TOKEN": "parent-session-token",
        "GATEHOUSE_INTROSPECTION_SECRET": "intro-secret",
        "GITHUB_TOKEN": "ghp_parent",
        "RANDOM_PARENT_VARIABLE": "random",
        "HOME": "/home/gatehouse-parent-home",
    }
    env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "AWS_REGION": "eu-west-3", **secrets}
    got = report(authorizer_test(config, env, cwd=tmp_path))
    assert got.get("decision") == "Allow", got
    child = json.loads(dump.read_text())
    for name, value in secrets.items():
        assert name not in child, f"{name} reached the command"
        assert value not in json.dumps(child), f"the value of {name} reached the command"
    assert child["CONFIGURED"] == "yes" and child["ISSUER"] == "https://issuer.test"
    assert child["TZ"] == "Europe/Paris"  # the config wins over the default
    assert child["AWS_LAMBDA_FUNCTION_NAME"] == "a"
    assert child["AWS_REGION"] == "eu-west-3" and child["AWS_DEFAULT_REGION"] == "eu-west-3"
    assert child["PATH"] == os.environ["PATH"]
    assert child["LAMBDA_TASK_ROOT"] == str(tmp_path.resolve())
    documented = {
        "PATH", "LANG", "TZ", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_REGION", "AWS_DEFAULT_REGION", "LAMBDA_TASK_ROOT",
        "CONFIGURED", "ISSUER",
    }
    # Whatever the interpreter adds for itself (LC_CTYPE on some systems) aside, nothing else.
    assert set(child) - documented <= {"LC_CTYPE"}, sorted(set(child) - documented)


@pytest.mark.parametrize(
    "environment, message",
    [
        (["A=1"], b"function.environment`"),
        ({"A": 1}, b"function.environment.A`"),
        ({"A": None}, b"function.environment.A`"),
        ({"A": ["x"]}, b"function.environment.A`"),
        ({"": "x"}, b"is not a variable name"),
        ({"A=B": "x"}, b"`A=B` is not a variable name"),
    ],
)
def test_a_malformed_environment_is_refused(tmp_path: Path, environment: object, message: bytes) -> None:
    config = write_config(tmp_path, {"command": [sys.executable, "-c", "print(1)"], "environment": environment})
    proc = authorizer_test(config, {"PATH": os.environ["PATH"]}, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout
    assert message in proc.stderr, proc.stderr


def test_environment_is_for_commands_only(tmp_path: Path) -> None:
    config = write_config(
        tmp_path, {"lambda": {"endpoint": "http://127.0.0.1:9", "name": "f"}, "environment": {"A": "1"}}
    )
    proc = authorizer_test(config, {"PATH": os.environ["PATH"]}, cwd=tmp_path)
    assert proc.returncode == 2 and b"function.environment`" in proc.stderr, proc.stderr


# --- E21: a runaway command's whole group is gone when gatehouse answers ----------------------------


@pytest.mark.parametrize(
    "body",
    [
        "yes | cat",
        "trap '' TERM; yes | cat > /dev/null",
        "sleep 60 & sleep 60",
        "(sleep 60 &); yes > /dev/null",
    ],
)
def test_a_timed_out_pipeline_leaves_nothing_running(tmp_path: Path, body: str) -> None:
    pgid_file = tmp_path / "pgid"
    script = executable(tmp_path / "runaway.sh", f"#!/bin/sh\necho $$ > '{pgid_file}'\n{body}\n")
    config = write_config(tmp_path, {"command": [str(script)]}, timeout=1)
    started = time.monotonic()
    got = report(authorizer_test(config, {"PATH": "/usr/bin:/bin"}, cwd=tmp_path, timeout=20))
    elapsed = time.monotonic() - started
    assert elapsed < 8, f"took {elapsed:.1f}s with a 1 s timeout"
    assert got.get("status") == 500, got
    pgid = int(pgid_file.read_text())
    assert group_gone(pgid), f"processes of group {pgid} still run after gatehouse returned"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_ending_gatehouse_ends_a_running_command_group(tmp_path: Path, sig: signal.Signals) -> None:
    """The command runs in a group of its own (no terminal SIGINT reaches it): when gatehouse is
    interrupted or killed politely, it ends the group on its way out instead of leaving it."""
    pgid_file = tmp_path / "pgid"
    script = executable(tmp_path / "runaway.sh", f"#!/bin/sh\necho $$ > '{pgid_file}'\nyes | cat > /dev/null\n")
    config = write_config(tmp_path, {"command": [str(script)]}, timeout=25)
    args = [gatehouse_bin(), "authorizer", "test", "--config", str(config), "--authorizer", "a"]
    args += ["--method-arn", ARN, "--token", "t"]
    # A test run started in the background (`cmd &`, nohup) inherits SIGINT and SIGHUP ignored, and
    # gatehouse, like a shell, leaves a signal it was started ignoring ignored: give it the default.
    def default_signals() -> None:
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)

    proc = subprocess.Popen(args, env={"PATH": "/usr/bin:/bin"}, cwd=tmp_path, preexec_fn=default_signals,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not (pgid_file.exists() and pgid_file.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.02)
        pgid = int(pgid_file.read_text())
        proc.send_signal(sig)
        assert proc.wait(timeout=10) == -sig, "gatehouse should end by the signal it got"
        assert group_gone(pgid), f"group {pgid} outlived gatehouse"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if pgid_file.exists() and pgid_file.read_text().strip():
            try:
                os.killpg(int(pgid_file.read_text()), signal.SIGKILL)
            except ProcessLookupError:
                pass
