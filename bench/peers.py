#!/usr/bin/env python3
"""Measures the Python signing peers on Gatehouse's bench workload (reference/sigv4.md §9).

Workload: GET https://abc123.execute-api.us-east-1.amazonaws.com/prod/items/123?limit=10&sort=asc
with Host, Accept and X-Request-Id, empty body, us-east-1 / execute-api, fixed credentials and time.

Peers, each measured single-threaded for --seconds after a short warm-up, in this one run:
  botocore SigV4Auth.add_auth          a fresh AWSRequest per op, as a client builds one per call
  botocore SigV4QueryAuth.add_auth     presigning, fresh AWSRequest per op
  awscrt aws_sign_request (header)     one AwsSigningConfig reused; `.result()` per op
  awscrt aws_sign_request (header)     a new AwsSigningConfig per op
  awscrt SigV4a (V4_ASYMMETRIC)        header signing, reused config

With Gatehouse's numbers (`--gatehouse-json FILE` from `gatehouse bench --json`, or `--gatehouse BIN`
to run that bench first, in the same run) it prints the ratios: `sigv4.sign` / each SigV4 peer,
`sigv4a.sign` / awscrt SigV4a, and `sigv4.verify.cached` / awscrt reused-config signing. The target
is both sign and verify at least 10x awscrt.

Usage: bench/peers.py [--seconds S] [--gatehouse-json FILE | --gatehouse BIN] [--json]
No network; no threads of its own.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import time
from typing import Callable

try:
    from awscrt import auth as crt_auth
    from awscrt.http import HttpHeaders, HttpRequest
    from botocore import auth as botocore_auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as error:  # pragma: no cover
    sys.exit(f"peers.py needs botocore and awscrt (run it with .venv/bin/python): {error}")

HOST = "abc123.execute-api.us-east-1.amazonaws.com"
PATH = "/prod/items/123?limit=10&sort=asc"
URL = f"https://{HOST}{PATH}"
HEADERS = {"Accept": "application/json", "X-Request-Id": "6f1c2a5e-3b7d-4c9a-8e21-0d4f5b6a7c8e"}
REGION = "us-east-1"
SERVICE = "execute-api"
ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
WHEN = datetime.datetime(2015, 8, 30, 12, 36, 0, tzinfo=datetime.timezone.utc)

TARGET_RATIO = 10.0
GATEHOUSE_NAMES = (
    "sigv4.sign",
    "sigv4.verify.cached",
    "sigv4.verify.uncached",
    "sigv4a.sign",
    "sigv4a.verify",
    "crypto.sha256.289B",
    "crypto.hmac.142B",
)


# --- the peers -------------------------------------------------------------------------------


def botocore_ops() -> dict[str, Callable[[], object]]:
    # botocore.auth reads the clock through `get_current_datetime()` (from botocore.compat): pin it.
    fixed = WHEN.replace(tzinfo=None)
    botocore_auth.get_current_datetime = lambda *args, **kwargs: fixed
    credentials = Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
    header_signer = botocore_auth.SigV4Auth(credentials, SERVICE, REGION)
    query_signer = botocore_auth.SigV4QueryAuth(credentials, SERVICE, REGION, expires=3600)

    def header():
        request = AWSRequest(method="GET", url=URL, headers=HEADERS)
        header_signer.add_auth(request)
        return request

    def query():
        request = AWSRequest(method="GET", url=URL, headers=HEADERS)
        query_signer.add_auth(request)
        return request

    return {"botocore.sigv4.header": header, "botocore.sigv4.query": query}


def crt_config(algorithm, provider) -> crt_auth.AwsSigningConfig:
    return crt_auth.AwsSigningConfig(
        algorithm=algorithm,
        signature_type=crt_auth.AwsSignatureType.HTTP_REQUEST_HEADERS,
        credentials_provider=provider,
        region=REGION,
        service=SERVICE,
        date=WHEN,
    )


def crt_request() -> HttpRequest:
    return HttpRequest("GET", PATH, HttpHeaders([("Host", HOST), *HEADERS.items()]))


def awscrt_ops() -> dict[str, Callable[[], object]]:
    provider = crt_auth.AwsCredentialsProvider.new_static(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
    v4 = crt_auth.AwsSigningAlgorithm.V4
    v4a = crt_auth.AwsSigningAlgorithm.V4_ASYMMETRIC
    reused = crt_config(v4, provider)
    reused_v4a = crt_config(v4a, provider)

    def reused_config():
        return crt_auth.aws_sign_request(crt_request(), reused).result()

    def new_config():
        return crt_auth.aws_sign_request(crt_request(), crt_config(v4, provider)).result()

    def sigv4a():
        return crt_auth.aws_sign_request(crt_request(), reused_v4a).result()

    return {
        "awscrt.sigv4.header.reused_config": reused_config,
        "awscrt.sigv4.header.new_config": new_config,
        "awscrt.sigv4a.header": sigv4a,
    }


LABELS = {
    "botocore.sigv4.header": "botocore SigV4Auth.add_auth",
    "botocore.sigv4.query": "botocore SigV4QueryAuth (presign)",
    "awscrt.sigv4.header.reused_config": "awscrt sign, reused config",
    "awscrt.sigv4.header.new_config": "awscrt sign, new config",
    "awscrt.sigv4a.header": "awscrt SigV4a sign",
}


def check_same_work(ops: dict[str, Callable[[], object]]) -> None:
    """botocore and awscrt sign the same canonical request at the same time: same Authorization."""
    botocore_auth_header = ops["botocore.sigv4.header"]().headers["Authorization"]
    signed = ops["awscrt.sigv4.header.reused_config"]()
    crt_auth_header = dict(signed.headers)["Authorization"]
    if botocore_auth_header != crt_auth_header:
        sys.exit(f"peers disagree on the workload:\n  botocore {botocore_auth_header}\n  awscrt   {crt_auth_header}")
    if "SignedHeaders=accept;host;x-amz-date;x-request-id," not in crt_auth_header:
        sys.exit(f"unexpected signed headers: {crt_auth_header}")
    v4a = dict(ops["awscrt.sigv4a.header"]().headers)["Authorization"]
    if not v4a.startswith("AWS4-ECDSA-P256-SHA256 "):
        sys.exit(f"awscrt SigV4a did not sign with SigV4a: {v4a}")


# --- measuring -------------------------------------------------------------------------------


def measure(op: Callable[[], object], seconds: float) -> dict[str, float]:
    """Runs `op` for a warm-up, then for `seconds`, in batches sized to ~10 ms; returns the rate."""
    warm_until = time.perf_counter() + min(0.5, max(0.1, seconds / 10))
    batch = 1
    while time.perf_counter() < warm_until:
        start = time.perf_counter()
        for _ in range(batch):
            op()
        if time.perf_counter() - start < 0.01:
            batch *= 2
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(batch):
            op()
        count += batch
        now = time.perf_counter()
        if now >= deadline:
            break
    elapsed = now - start
    return {"ops_per_s": count / elapsed, "ns_per_op": elapsed * 1e9 / count}


def run_gatehouse(binary: str, seconds: float) -> dict:
    proc = subprocess.run([binary, "bench", "--json", "--seconds", str(seconds)], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"`{binary} bench --json` failed ({proc.returncode}): {proc.stderr.strip()}")
    return parse_gatehouse(proc.stdout, f"{binary} bench --json")


def parse_gatehouse(text: str, origin: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # Tolerate log lines around one JSON object line.
        lines = [l for l in text.splitlines() if l.strip().startswith("{")]
        if not lines:
            sys.exit(f"no JSON in the output of {origin}")
        data = json.loads(lines[-1])
    if not isinstance(data, dict) or not all(
        isinstance(v, dict) and "ops_per_s" in v for v in data.values()
    ):
        sys.exit(f'{origin}: expected {{"name": {{"ops_per_s": N, "ns_per_op": N}}}}')
    missing = [n for n in GATEHOUSE_NAMES if n not in data]
    if missing:
        print(f"warning: {origin} lacks {', '.join(missing)}", file=sys.stderr)
    return data


def ratios(peers: dict, gatehouse: dict) -> dict[str, dict]:
    """Gatehouse ops/s over peer ops/s (higher is faster for Gatehouse)."""
    out = {}

    def add(gh: str, peer: str) -> None:
        if gh in gatehouse and peer in peers and peers[peer]["ops_per_s"] > 0:
            out[f"{gh} / {peer}"] = {
                "gatehouse": gh,
                "peer": peer,
                "ratio": gatehouse[gh]["ops_per_s"] / peers[peer]["ops_per_s"],
            }

    for peer in peers:
        if ".sigv4." in peer:
            add("sigv4.sign", peer)
    add("sigv4a.sign", "awscrt.sigv4a.header")
    add("sigv4.verify.cached", "awscrt.sigv4.header.reused_config")
    return out


def targets(ratio_table: dict) -> dict[str, dict]:
    out = {}
    for gatehouse in ("sigv4.sign", "sigv4.verify.cached"):
        key = f"{gatehouse} / awscrt.sigv4.header.reused_config"
        if key in ratio_table:
            ratio = ratio_table[key]["ratio"]
            out[key] = {"ratio": ratio, "target": TARGET_RATIO, "met": ratio >= TARGET_RATIO}
    return out


def print_table(seconds: float, peers: dict, gatehouse: dict | None, ratio_table: dict, target_table: dict) -> None:
    print(f"SigV4 signing peers, {seconds:g} s each, one thread (reference/sigv4.md §9 workload)")
    print(f"{'peer':<36} {'ops/s':>12} {'ns/op':>10}   gatehouse / peer")
    for name, result in peers.items():
        gh = "sigv4a.sign" if name == "awscrt.sigv4a.header" else "sigv4.sign"
        ratio = ratio_table.get(f"{gh} / {name}")
        shown = f"{gh} {ratio['ratio']:7.1f}x" if ratio else ""
        print(f"{LABELS.get(name, name):<36} {result['ops_per_s']:>12,.0f} {result['ns_per_op']:>10,.0f}   {shown}")
    if gatehouse is None:
        print("(no Gatehouse numbers: pass --gatehouse-json FILE or --gatehouse BIN for the ratios)")
        return
    print()
    print(f"{'gatehouse':<36} {'ops/s':>12} {'ns/op':>10}")
    for name, result in gatehouse.items():
        print(f"{name:<36} {result['ops_per_s']:>12,.0f} {result.get('ns_per_op', 1e9 / result['ops_per_s']):>10,.0f}")
    verify = ratio_table.get("sigv4.verify.cached / awscrt.sigv4.header.reused_config")
    if verify:
        print()
        print(f"sigv4.verify.cached / awscrt reused-config signing: {verify['ratio']:.1f}x")
    for key, target in target_table.items():
        state = "met" if target["met"] else "NOT met"
        print(f"target {key} >= {TARGET_RATIO:g}x: {state} ({target['ratio']:.1f}x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="measuring time per peer (default 2)")
    parser.add_argument("--gatehouse-json", metavar="FILE", help="output of `gatehouse bench --json`")
    parser.add_argument("--gatehouse", metavar="BIN", help="run `BIN bench --json --seconds S` first")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if args.seconds <= 0:
        parser.error("--seconds must be positive")

    gatehouse = None
    if args.gatehouse_json:
        with open(args.gatehouse_json) as file:
            gatehouse = parse_gatehouse(file.read(), args.gatehouse_json)
    elif args.gatehouse:
        gatehouse = run_gatehouse(args.gatehouse, args.seconds)

    ops = {**botocore_ops(), **awscrt_ops()}
    check_same_work(ops)
    peers = {name: measure(op, args.seconds) for name, op in ops.items()}
    ratio_table = ratios(peers, gatehouse) if gatehouse else {}
    target_table = targets(ratio_table)

    if args.json:
        print(
            json.dumps(
                {
                    "seconds": args.seconds,
                    "peers": peers,
                    "gatehouse": gatehouse,
                    "ratios": ratio_table,
                    "targets": target_table,
                },
                indent=2,
            )
        )
    else:
        print_table(args.seconds, peers, gatehouse, ratio_table, target_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
