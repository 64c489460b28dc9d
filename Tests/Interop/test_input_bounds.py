"""Every file and stdin the CLI reads is held to its limit while it is read (unbounded reads).

Files used to be read whole before any limit was judged: a 600 MB request on stdin took 1.2 GB and
56 s before "the request head is larger than 65536 bytes"; a batch line of 300 MB without a newline
took 627 MB before "the limit is 8388608" (and a stdin that never sends one grows without bound).
Here each input is an endless FIFO or pipe: the command must stop reading soon after its limit,
refuse the input naming the option (exit 2), and keep its peak memory near that limit.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import gatehouse_bin

MIB = 1024 * 1024
# Healthy: well under 2 s and ~150 MB for the 64 MiB request limit in a debug build.
MAX_SECONDS = 30
CHUNK = b"A" * MIB

POLICY = '{"Version": "2012-10-17", "Statement": []}'
ARN = "arn:aws:iam::111122223333:user/a"
# A shared-secret key set (a local file may carry one), so `jwt verify` reaches its token.
JWKS = '{"keys": [{"kty": "oct", "kid": "k", "alg": "HS256", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]}'

# (name, argv with {fifo} for the endless input, its limit in bytes)
FILE_INPUTS = [
    ("policy eval --policy", ["policy", "eval", "--policy", "{fifo}", "--principal", ARN, "--action", "s3:GetObject",
                              "--resource", "arn:aws:s3:::b/k"], MIB),
    ("policy eval --context-file", ["policy", "eval", "--policy", "{policy}", "--principal", ARN, "--action",
                                    "s3:GetObject", "--resource", "arn:aws:s3:::b/k", "--context-file", "{fifo}"], MIB),
    ("policy validate", ["policy", "validate", "{fifo}"], MIB),
    ("policy validate yaml", ["policy", "validate", "{fifo_yaml}"], MIB),
    ("authorizer test --config", ["authorizer", "test", "--config", "{fifo}", "--authorizer", "a", "--method-arn",
                                  "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/x", "--token", "t"],
     4 * MIB),
    ("jwt verify --jwks", ["jwt", "verify", "--token", "a.b.c", "--jwks", "{fifo}"], 150_000),
    ("jwt verify --token-file", ["jwt", "verify", "--token-file", "{fifo}", "--jwks", "{jwks}"], 64 * MIB + 65536),
    ("verify --request-file", ["verify", "--request-file", "{fifo}", "--credentials", "{policy}"], 64 * MIB + 65536),
    ("verify --credentials", ["verify", "--request-file", "{request}", "--credentials", "{fifo}"], 64 * MIB + 65536),
    ("sign --request-file", ["sign", "--request-file", "{fifo}"], 64 * MIB + 65536),
]


def feed_endlessly(path: str, stop: threading.Event, limit: int) -> None:
    """Writes to the FIFO until the reader goes away (or well past the limit)."""
    try:
        with open(path, "wb") as out:
            written = 0
            while not stop.is_set() and written < limit + 64 * MIB:
                out.write(CHUNK)
                written += len(CHUNK)
    except (BrokenPipeError, OSError):
        pass


# Runs argv with this process's stdin/stdout/stderr, then writes that child's peak RSS (KiB) to
# argv[1]: the test's own RUSAGE_CHILDREN would be the maximum over every child it ever ran.
WRAP = (
    "import resource, subprocess, sys\n"
    "status = subprocess.call(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(status if status >= 0 else 128 - status)\n"
)


def spawn(argv: list[str], rss_file: str, stdin=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRAP, rss_file, gatehouse_bin(), *argv],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(proc: subprocess.Popen, feed=None, timeout: float = MAX_SECONDS * 3) -> tuple[bytes, bytes]:
    """Feeds stdin with `feed` (a callable) while reading both outputs; waits with a deadline."""
    results: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda: results.__setitem__("out", proc.stdout.read()), daemon=True),
        threading.Thread(target=lambda: results.__setitem__("err", proc.stderr.read()), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        if feed is not None:
            try:
                feed(proc.stdin)
            except (BrokenPipeError, OSError):
                pass
            finally:
                try:
                    proc.stdin.close()
                except OSError:
                    pass
        proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    for reader in readers:
        reader.join(timeout=10)
    return results.get("out", b""), results.get("err", b"")


def peak_kib(rss_file: str) -> int:
    return int(Path(rss_file).read_text())


@pytest.mark.parametrize("name,argv,limit", FILE_INPUTS, ids=[case[0] for case in FILE_INPUTS])
def test_endless_file_is_refused_at_its_limit(name, argv, limit):
    with tempfile.TemporaryDirectory() as folder:
        fifo = os.path.join(folder, "endless.json")
        fifo_yaml = os.path.join(folder, "endless.yaml")
        policy = os.path.join(folder, "policy.json")
        request = os.path.join(folder, "request.txt")
        Path(policy).write_text(POLICY)
        Path(request).write_bytes(b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
        jwks = os.path.join(folder, "jwks.json")
        Path(jwks).write_text(JWKS)
        target = fifo_yaml if "{fifo_yaml}" in argv else fifo
        os.mkfifo(target)
        stop = threading.Event()
        writer = threading.Thread(target=feed_endlessly, args=(target, stop, limit), daemon=True)
        writer.start()
        args = [a.format(fifo=fifo, fifo_yaml=fifo_yaml, policy=policy, request=request, jwks=jwks) for a in argv]
        try:
            started = time.monotonic()
            proc = spawn(args, os.path.join(folder, "rss"))
            out, err = finish(proc)
            elapsed = time.monotonic() - started
            status, peak = proc.returncode, peak_kib(os.path.join(folder, "rss"))
        finally:
            stop.set()
            # Unblock a writer still waiting for a reader to open the FIFO.
            try:
                os.close(os.open(target, os.O_RDONLY | os.O_NONBLOCK))
            except OSError:
                pass
            writer.join(timeout=10)
        message = err.decode(errors="replace")
        assert status == 2, f"{name}: exit {status}: {message[-500:]}"
        assert "larger than" in message and str(limit) in message, message[-500:]
        assert elapsed < MAX_SECONDS, f"{name}: {elapsed:.1f} s"
        # The limit (kept once, plus growth slack) and the debug binary's own ~40 MB.
        assert peak < (3 * limit + 160 * MIB) // 1024, f"{name}: peak {peak // 1024} MB"


def test_request_on_endless_stdin_is_refused_at_its_limit(tmp_path):
    rss = str(tmp_path / "rss")
    started = time.monotonic()
    proc = spawn(["verify", "--request-file", "-", "--credentials", os.devnull], rss, stdin=subprocess.PIPE)

    def feed(stdin):
        for _ in range(256):  # 256 MiB offered; the limit is 64 MiB + 64 KiB.
            stdin.write(CHUNK)

    _, err = finish(proc, feed)
    elapsed = time.monotonic() - started
    message = err.decode(errors="replace")
    assert proc.returncode == 2, message[-500:]
    assert "--request-file" in message and "larger than" in message, message[-500:]
    assert elapsed < MAX_SECONDS
    assert peak_kib(rss) < (3 * 64 * MIB + 160 * MIB) // 1024, f"peak {peak_kib(rss) // 1024} MB"


@pytest.mark.parametrize("subcommand", [["sign", "--batch"], ["verify", "--batch"], ["jwt", "verify", "--batch"]])
@pytest.mark.parametrize("line_mib", [9, 64])
def test_overlong_batch_line_is_refused_in_bounded_memory(subcommand, line_mib, tmp_path):
    """A batch line past 8 MiB is answered as refused, and the next line is still read."""
    rss = str(tmp_path / "rss")
    started = time.monotonic()
    proc = spawn(subcommand, rss, stdin=subprocess.PIPE)

    def feed(stdin):
        stdin.write(b'{"token": "')
        for _ in range(line_mib):
            stdin.write(CHUNK)
        stdin.write(b'"}\n{}\n')

    out, _ = finish(proc, feed)
    elapsed = time.monotonic() - started
    lines = [line for line in out.decode(errors="replace").split("\n") if line.strip()]
    assert len(lines) == 2, lines
    assert "longer than 8388608 bytes" in lines[0], lines[0][:300]
    assert "longer than" not in lines[1], lines[1][:300]
    assert elapsed < MAX_SECONDS, f"{elapsed:.1f} s"
    # One line kept up to 8 MiB (its String and bytes) plus the debug binary's own ~40 MB; a line
    # read whole would be 64 MiB at least.
    assert peak_kib(rss) < 120 * 1024, f"peak {peak_kib(rss) // 1024} MB"


def test_jwt_batch_key_cache_is_bounded(tmp_path):
    """`jwt verify --batch` keeps parsed key sets for reuse, but only a bounded number: 600 lines,
    each with its own 100 KB inline key set (60 MB in all), stay near one line's memory. The
    cache used to keep every distinct set to the end (300 MB of such lines: 623 MB)."""
    rss = str(tmp_path / "rss")
    lines = []
    for index in range(600):
        key = {"kty": "oct", "alg": "HS256", "kid": f"{index}-" + "k" * 100_000,
               "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}
        lines.append(json.dumps({"token": "a.b.c", "jwks": {"keys": [key]}}).encode() + b"\n")
    started = time.monotonic()
    proc = spawn(["jwt", "verify", "--batch"], rss, stdin=subprocess.PIPE)

    def feed(stdin):
        for line in lines:
            stdin.write(line)

    out, _ = finish(proc, feed, timeout=240)
    elapsed = time.monotonic() - started
    answers = [json.loads(line) for line in out.decode().split("\n") if line.strip()]
    assert len(answers) == 600 and not any(answer["valid"] for answer in answers)
    # Healthy: about 9 s and 48 MB in a debug build.
    assert elapsed < 120, f"{elapsed:.1f} s"
    assert peak_kib(rss) < 100 * 1024, f"peak {peak_kib(rss) // 1024} MB"


def test_authorizer_report_redaction_is_linear_in_identity_values(tmp_path):
    """`authorizer test` hides every identity value in its report. The values were de-duplicated by
    a linear search each: 7,000 repeated `token` parameters (one 126 KB --query) took about 11 s
    in a debug build. Healthy: about 1 s. Every value stays hidden."""
    script = tmp_path / "deny.py"
    script.write_text(
        "import json, sys\nsys.stdin.read()\n"
        "print(json.dumps({'principalId': 'u', 'policyDocument': {'Version': '2012-10-17', 'Statement': "
        "[{'Action': 'execute-api:Invoke', 'Effect': 'Deny', 'Resource': '*'}]}}))\n"
    )
    config = tmp_path / "authorizers.json"
    config.write_text(json.dumps({"authorizers": {"http": {
        "type": "HTTP", "identitySource": "$request.querystring.token", "resultTtlInSeconds": 0,
        "function": {"command": [sys.executable, str(script)]}}}}))
    query = "&".join(f"token=tok{index:08d}" for index in range(7000))
    started = time.monotonic()
    proc = subprocess.run(
        [gatehouse_bin(), "authorizer", "test", "--config", str(config), "--authorizer", "http",
         "--method-arn", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets", "--query", query],
        capture_output=True, timeout=120,
    )
    elapsed = time.monotonic() - started
    output = (proc.stdout + proc.stderr).decode(errors="replace")
    assert proc.returncode == 1, output[-500:]
    assert "tok0000" not in output
    assert elapsed < 8, f"{elapsed:.1f} s"
