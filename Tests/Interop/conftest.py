"""Shared fixtures for the interop suite: where the gatehouse binary is, and a batch runner.

The suite runs from `make test`, which builds the binary first and exports GATEHOUSE_BIN.
"""

import json
import os
import subprocess
from pathlib import Path

import socket

import pytest

REPO = Path(__file__).resolve().parents[2]


def gatehouse_bin() -> str:
    path = os.environ.get("GATEHOUSE_BIN") or str(REPO / ".build" / "debug" / "gatehouse")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"gatehouse binary not found at {path}: run `make build` first")
    return path


def run_batch(subcommand: str, lines: list[dict], timeout: float = 300) -> list[dict]:
    """Feeds JSON lines to `gatehouse <subcommand> --batch` and returns one dict per input line."""
    payload = "".join(json.dumps(line) + "\n" for line in lines)
    proc = subprocess.run(
        [gatehouse_bin(), subcommand, "--batch"],
        input=payload.encode(),
        capture_output=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    # Split on "\n" only: str.splitlines() also splits on U+2028, U+0085 and friends, which JSON
    # carries unescaped inside strings.
    out = [json.loads(l) for l in proc.stdout.decode().split("\n") if l.strip()]
    assert len(out) == len(lines), f"{len(out)} outputs for {len(lines)} inputs"
    return out


@pytest.fixture(scope="session")
def gatehouse() -> str:
    return gatehouse_bin()


def read_http_request(conn: socket.socket) -> bytes:
    """Reads one HTTP/1.1 request (head, then Content-Length bytes of body) from a socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head + b"\r\n\r\n" + rest
