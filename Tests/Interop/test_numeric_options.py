"""Every numeric command-line option has a documented range and refuses anything outside it
(issue 16, B9): a usage error (exit 2, Gatehouse's usage status) naming the option — never a
crash, never a value let through.

The table below lists every numeric option; `test_every_numeric_option_is_in_the_table` reads
the sources, so a new numeric option without a range (or missing here) fails the suite.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from typing import NamedTuple

import pytest

from conftest import REPO

USAGE = 2


class Numeric(NamedTuple):
    command: tuple[str, ...]  # the subcommand and whatever else it needs to reach parsing
    option: str
    kind: str  # "int" | "double"
    low: float
    high: float
    tail: tuple[str, ...] = ()  # more arguments, after the option


# The principals commands reach parsing only with a store: a scratch one, never ./.gatehouse.
STORE = tempfile.mkdtemp(prefix="gatehouse-numeric-")

OPTIONS = [
    Numeric(("verify",), "--skew-seconds", "int", 0, 86_400),
    Numeric(("sign", "https://h.example/"), "--expires", "int", 1, 604_800, ("--presign",)),
    Numeric(("presign", "https://h.example/"), "--expires", "int", 1, 604_800),
    Numeric(("curl", "http://127.0.0.1:9/"), "--expires", "int", 1, 604_800),
    Numeric(("curl", "http://127.0.0.1:9/"), "--max-time", "int", 1, 86_400),
    Numeric(("jwt", "verify"), "--leeway", "double", 0, 3_600),
    Numeric(
        ("authorizer", "test", "--config", "missing.json", "--authorizer", "a", "--method-arn", "arn:x"),
        "--repeat",
        "int",
        1,
        100,
    ),
    Numeric(("bench", "--filter", "no-such-benchmark"), "--seconds", "double", 0.001, 600),
    Numeric(("bench", "--filter", "no-such-benchmark"), "--rounds", "int", 1, 100),
    Numeric(("bench", "--filter", "no-such-benchmark"), "--iterations", "int", 0, 1_000_000_000),
    Numeric(
        ("principals", "assume-role", "--role", "no-such-role", "--session-name", "s", "--data-dir", STORE),
        "--duration-seconds",
        "int",
        900,
        43_200,
    ),
    # serve --check loads, reports and exits: the range is checked without listening.
    Numeric(("serve",), "--port", "int", 0, 65_535, ("--check", "--data-dir", STORE)),
    Numeric(("serve",), "--threads", "int", 1, 256, ("--check", "--data-dir", STORE)),
    Numeric(("serve",), "--max-header-bytes", "int", 1_024, 1_048_576, ("--check", "--data-dir", STORE)),
    Numeric(("serve",), "--max-connections", "int", 1, 1_000_000, ("--check", "--data-dir", STORE)),
    Numeric(("serve",), "--max-connections-per-client", "int", 1, 1_000_000, ("--check", "--data-dir", STORE)),
    Numeric(
        ("principals", "create-role", "--name", "ranges", "--data-dir", STORE),
        "--max-session-duration",
        "int",
        3_600,
        43_200,
    ),
]

INT64_MAX = str(2**63 - 1)


def bad_values(spec: Numeric) -> list[str]:
    low, high = spec.low, spec.high
    if spec.kind == "int":
        values = [str(int(low) - 1), str(int(high) + 1), INT64_MAX, str(2**63), str(-(2**63)), "1" + "0" * 40]
        values += ["-1", "abc", "", " 5", "5 ", "5s", "0x10", "1e3", "1.5", "--", "+", "-", "٣", "5\u00a0"]
    else:
        values = [repr(low - 0.0005 if low else -0.5), repr(high + 1), INT64_MAX + "0", "1e400", "-1e400"]
        values += ["-1", "nan", "NaN", "-nan", "inf", "-inf", "infinity", "Infinity", "0x1p3", "abc", "", "1,5"]
    return [v for v in dict.fromkeys(values)]


def run(spec: Numeric, value: str, timeout: float = 20) -> subprocess.CompletedProcess:
    from conftest import gatehouse_bin

    return subprocess.run(
        [gatehouse_bin(), *spec.command, f"{spec.option}={value}", *spec.tail],
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("spec", OPTIONS, ids=lambda s: f"{s.command[0]}{s.option}")
def test_values_outside_the_range_are_usage_errors_naming_the_option(spec):
    wrong = []
    for value in bad_values(spec):
        proc = run(spec, value)
        stderr = proc.stderr.decode(errors="replace")
        if proc.returncode < 0:
            wrong.append(f"{value!r}: killed by signal {-proc.returncode}")
        elif proc.returncode != USAGE:
            wrong.append(f"{value!r}: exit {proc.returncode}")
        elif spec.option not in stderr or ("invalid for" not in stderr and "Missing value" not in stderr):
            wrong.append(f"{value!r}: message does not name {spec.option} as invalid: {stderr[:200]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("spec", OPTIONS, ids=lambda s: f"{s.command[0]}{s.option}")
def test_the_range_is_in_help_and_its_ends_are_accepted(spec):
    from conftest import gatehouse_bin

    subcommand = [w for w in spec.command if not w.startswith(("http", "-")) and w not in ("missing.json", "a", "arn:x")]
    help_text = subprocess.run(
        [gatehouse_bin(), *subcommand[:2], "--help"], capture_output=True, timeout=20
    ).stdout.decode()
    flat = " ".join(help_text.split())
    low = f"{spec.low:g}" if spec.kind == "double" else str(int(spec.low))
    high = f"{spec.high:g}" if spec.kind == "double" else str(int(spec.high))
    assert f"Range: {low}–{high}" in flat, f"{spec.option}: no range in --help:\n{help_text}"
    for value in (low, high):
        # Beyond parsing the command fails for other reasons (no input, no network, no such
        # benchmark); it must not be the option that is refused, and nothing may crash.
        proc = run(spec, value, timeout=30)
        stderr = proc.stderr.decode(errors="replace")
        assert proc.returncode >= 0, f"{spec.option}={value}: killed by signal {-proc.returncode}"
        assert f"invalid for '{spec.option}" not in stderr, f"{spec.option}={value} refused: {stderr[:300]}"


def test_every_numeric_option_is_in_the_table():
    """Reads every `@Option` in Sources/gatehouse: a numeric one must parse through OptionRange
    and be listed in OPTIONS."""
    numeric = re.compile(r"var \w+\s*(:\s*(Int|Double|UInt|Int64|Int32|Float|Decimal)\??\b|=\s*-?[0-9][0-9_.]*\s*$)")
    found: set[str] = set()
    problems: list[str] = []
    for path in sorted((REPO / "Sources" / "gatehouse").rglob("*.swift")):
        text = path.read_text()
        for match in re.finditer(r"@Option\((?P<args>.*?)\)\s*\n\s*(?P<var>var [^\n]*)", text, re.S):
            if not numeric.search(match.group("var")):
                continue
            args = match.group("args")
            name = re.search(r'customLong\("([^"]+)"\)', args)
            option = "--" + (name.group(1) if name else re.sub(r"(?<!^)([A-Z])", r"-\1", match.group("var").split()[1].rstrip(":")).lower())
            found.add(option)
            if "transform: OptionRange." not in args:
                problems.append(f"{path.name}: {option} does not parse through OptionRange")
    listed = {spec.option for spec in OPTIONS}
    problems += [f"{option} is not in OPTIONS" for option in sorted(found - listed)]
    assert found, "no numeric options found: the pattern is wrong"
    assert not problems, "\n".join(problems)


def test_reported_overflow_no_longer_traps(tmp_path):
    """The reported case: `verify --skew-seconds 9223372036854775807` died with an overflow trap."""
    spec = OPTIONS[0]
    proc = run(spec, INT64_MAX)
    assert proc.returncode == USAGE, proc.stderr.decode()
    assert b"--skew-seconds" in proc.stderr
