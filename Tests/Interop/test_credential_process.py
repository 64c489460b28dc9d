"""`gatehouse sign` with a profile's credential_process, as a user meets it: expired, malformed
and oversized output is refused with a message and exit status 2 (never a signature), and a valid
one signs. The endless writer is bounded in time and in memory. (The 60 s deadline and the process
group are tested in Swift, CredentialProcessTests, with a 1 s limit.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import gatehouse_bin

URL = "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items"


def sign_with(tmp_path: Path, command: str, timeout: float = 30) -> subprocess.CompletedProcess:
    config = tmp_path / "config"
    config.write_text(f"[profile proc]\ncredential_process = {command}\nregion = us-east-1\n")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(config),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
    }
    args = [gatehouse_bin(), "sign", "--profile", "proc", URL, "--output", "json"]
    return subprocess.run(args, capture_output=True, timeout=timeout, env=env)


def printing(tmp_path: Path, document: object) -> str:
    path = tmp_path / "out.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return f"cat '{path}'"


def output(expiration: str | None = None, **extra: object) -> dict:
    doc: dict = {"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret-key", **extra}
    if expiration is not None:
        doc["Expiration"] = expiration
    return doc


def iso(delta: timedelta, fmt: str = "%Y-%m-%dT%H:%M:%SZ") -> str:
    return (datetime.now(timezone.utc) + delta).strftime(fmt)


@pytest.mark.parametrize(
    "expiration",
    [
        iso(timedelta(seconds=-5)),
        iso(timedelta(days=-400)),
        iso(timedelta(minutes=-1), "%Y-%m-%dT%H:%M:%S.%fZ"),
        iso(timedelta(seconds=-5), "%Y-%m-%dT%H:%M:%S+00:00"),
        # An hour ahead on the clock face, but written in a zone two hours east: an hour ago.
        (datetime.now(timezone(timedelta(hours=2))) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S+02:00"),
    ],
    # Named, not by their value: the values are read off the clock at collection, and every
    # pytest-xdist worker collects on its own.
    ids=["5s-ago", "400d-ago", "1min-ago-fractional", "5s-ago-utc-offset", "1h-ago-east-offset"],
)
def test_sign_refuses_expired_credential_process_credentials(tmp_path: Path, expiration: str) -> None:
    proc = sign_with(tmp_path, printing(tmp_path, output(expiration)))
    assert proc.returncode == 2, proc.stdout
    assert proc.stdout == b""
    stderr = proc.stderr.decode()
    assert "expired" in stderr and "`proc`" in stderr, stderr
    assert "proc-secret-key" not in stderr


def test_sign_uses_current_credential_process_credentials(tmp_path: Path) -> None:
    proc = sign_with(tmp_path, printing(tmp_path, output(iso(timedelta(hours=1)), SessionToken="tok")))
    assert proc.returncode == 0, proc.stderr
    assert "AKIDPROC" in json.loads(proc.stdout)["authorization"]


@pytest.mark.parametrize(
    "document, words",
    [
        ("not json", "JSON"),
        ({"AccessKeyId": "A", "SecretAccessKey": "proc-secret-key"}, "Version"),
        ({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "proc-secret-key"}, "Version"),
        ({"Version": "1", "AccessKeyId": "A", "SecretAccessKey": "proc-secret-key"}, "Version"),
        ({"Version": 1, "SecretAccessKey": "proc-secret-key"}, "AccessKeyId"),
        ({"Version": 1, "AccessKeyId": 7, "SecretAccessKey": "proc-secret-key"}, "AccessKeyId"),
        ({"Version": 1, "AccessKeyId": "A"}, "SecretAccessKey"),
        (output(SessionToken=["x"]), "SessionToken"),
        (output("next tuesday"), "Expiration"),
        (output(1893456000), "Expiration"),
    ],
)
def test_sign_refuses_malformed_credential_process_output(tmp_path: Path, document: object, words: str) -> None:
    proc = sign_with(tmp_path, printing(tmp_path, document))
    assert proc.returncode == 2, proc.stdout
    stderr = proc.stderr.decode()
    assert words in stderr and "proc-secret-key" not in stderr, stderr


def test_sign_stops_reading_an_endless_credential_process(tmp_path: Path) -> None:
    """1.5 GB used to be read into memory before the 1 MiB check: reading now stops at the cap."""
    # Measured in a fresh wrapper process, so no earlier child's peak counts: its children's
    # ru_maxrss (KiB on Linux) is gatehouse's own peak.
    config = tmp_path / "config"
    config.write_text("[profile proc]\ncredential_process = yes\nregion = us-east-1\n")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(config),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
    }
    wrapper = (
        "import json, resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, timeout=30)\n"
        "print(json.dumps({'rc': p.returncode, 'stderr': p.stderr.decode(errors='replace'),\n"
        "                  'maxrss': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
    )
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-c", wrapper, gatehouse_bin(), "sign", "--profile", "proc", URL],
        capture_output=True, timeout=60, env=env,
    )
    elapsed = time.monotonic() - started
    got = json.loads(run.stdout)
    assert got["rc"] == 2, got
    assert "1048576 bytes" in got["stderr"], got
    assert elapsed < 10
    assert got["maxrss"] < 200 * 1024, f"gatehouse peaked at {got['maxrss']} KiB"


def run_on_a_terminal(tmp_path: Path, helper: str, keys: bytes | None, bound: float = 20) -> tuple[int, bytes]:
    """Runs `gatehouse sign --profile proc` on a new pseudo-terminal (its controlling terminal, in
    the foreground, as in an interactive shell), answers the helper's prompt with `keys` once it
    shows, and returns gatehouse's wait status and everything the terminal showed."""
    import pty
    import select

    script = tmp_path / "helper.sh"
    script.write_text(helper)
    script.chmod(0o755)
    config = tmp_path / "config"
    config.write_text(f"[profile proc]\ncredential_process = {script}\nregion = us-east-1\n")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(config),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
    }
    pid, master = pty.fork()
    if pid == 0:
        os.execve(gatehouse_bin(), [gatehouse_bin(), "sign", "--profile", "proc", URL, "--output", "json"], env)
    shown = b""
    answered = False
    deadline = time.monotonic() + bound
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                shown += chunk
            if not answered and b"MFA code:" in shown and keys is not None:
                time.sleep(0.2)  # let the helper reach its read
                os.write(master, keys)
                answered = True
        else:
            pytest.fail(f"gatehouse did not finish within {bound} s; the terminal showed {shown!r}")
        _, status = os.waitpid(pid, 0)
        return status, shown
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(master)


PROMPTING_HELPER = """#!/bin/sh
printf 'MFA code: ' > /dev/tty
read code < /dev/tty
printf '{"Version": 1, "AccessKeyId": "AKID%s", "SecretAccessKey": "prompted-secret"}' "$code"
"""


def test_a_credential_process_can_prompt_on_the_terminal(tmp_path: Path) -> None:
    """The helper runs in a process group of its own; it is lent the terminal while it runs, so a
    prompt on /dev/tty is answered instead of stopping it (SIGTTIN) until the deadline."""
    status, shown = run_on_a_terminal(tmp_path, PROMPTING_HELPER, b"123456\n")
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, shown
    assert b"AKID123456" in shown, shown


def test_ctrl_c_at_a_credential_process_prompt_ends_the_helper(tmp_path: Path) -> None:
    """Ctrl-C while the helper holds the terminal reaches the helper's group; gatehouse reports it."""
    status, shown = run_on_a_terminal(tmp_path, PROMPTING_HELPER, b"\x03")
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 2, (status, shown)
    assert b"signal 2" in shown, shown
