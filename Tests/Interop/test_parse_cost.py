"""Small hostile documents cost small time and memory through the CLI (issue 16 A3, A4, A5).

The reported cases: a 427-byte YAML file took 40 s and 4.8 GB (an alias filter defeated by a tab
or a quote); a 300 KB policy took 9.8 GB (a JSON path string per value); 1 MiB of short keys took
55 s (a linear search per key). Each shape here, up to the 1 MiB document limit, runs as its own
`gatehouse policy validate` under a wrapper that reports that child's peak RSS.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import gatehouse_bin

LIMIT = 1024 * 1024
# Peak RSS allowed for one `policy validate` of a 1 MiB document (the debug binary itself is ~40 MB).
MAX_RSS_KB = 256 * 1024
MAX_SECONDS = 20

# Runs argv, then prints the peak RSS (KiB) of that child alone.
MEASURE = (
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "sys.stdout.write(str(p.returncode) + ' ' + str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) + '\\n')\n"
    "sys.stdout.write(p.stdout.decode(errors='replace')[-2000:])\n"
)


def measure(path: Path) -> tuple[int, int, float, str]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, gatehouse_bin(), "policy", "validate", str(path)],
        capture_output=True,
        timeout=MAX_SECONDS * 3,
    )
    elapsed = time.monotonic() - started
    first, _, rest = proc.stdout.decode().partition("\n")
    status, rss = (int(x) for x in first.split())
    return status, rss, elapsed, rest


def fill(prefix: str, item: str, suffix: str, separator: str = ",") -> str:
    count = (LIMIT - len(prefix) - len(suffix)) // (len(item) + len(separator))
    return prefix + separator.join([item] * count) + suffix


def up_to(size: int, items, separator: str) -> str:
    """Items joined by `separator` while the text stays within `size` bytes."""
    out, length = [], 0
    for item in items:
        if length + len(item) + len(separator) > size:
            break
        out.append(item)
        length += len(item) + len(separator)
    return separator.join(out)


def yaml_bomb(separator: str, quote: str) -> str:
    """Nine levels of ten aliases each (10^9 leaves if expanded), spelled with `separator` after
    colons and commas and `quote` around keys."""
    lines = [f"{quote}a0{quote}:{separator}&a0{separator}[{','.join(['x'] * 10)}]"]
    for level in range(1, 10):
        refs = f",{separator}".join([f"*a{level - 1}"] * 10)
        lines.append(f"{quote}a{level}{quote}:{separator}&a{level}{separator}[{refs}]")
    return "\n".join(lines) + "\n"


SHAPES = {
    "json-long-key-over-long-array.json": lambda: fill('{"' + "k" * 300_000 + '": [', "0", "]}"),
    "json-deep-long-keys.json": lambda: fill(
        "".join('{"' + str(level) + "k" * 10_000 + '":' for level in range(30)) + "[", "1", "]" + "}" * 30
    ),
    "json-many-short-keys.json": lambda: "{" + up_to(LIMIT - 10, (f'"{i:x}":0' for i in range(10**7)), ",") + "}",
    "json-many-keys-duplicate-last.json": lambda: "{"
    + up_to(LIMIT - 10, (f'"{i:x}":0' for i in range(10**7)), ",")
    + ',"0":1}',
    # An explicit key (`? …`): YAML caps implicit keys at 1024 characters.
    "yaml-long-key-over-long-sequence.yaml": lambda: fill('? "' + "k" * 300_000 + '"\n: [', "0", "]\n"),
    "yaml-many-short-keys.yaml": lambda: up_to(LIMIT, (f"k{i:x}: 0\n" for i in range(10**7)), ""),
    "yaml-bomb-spaces.yaml": lambda: yaml_bomb(" ", ""),
    "yaml-bomb-tabs.yaml": lambda: yaml_bomb("\t", ""),
    "yaml-bomb-quoted-keys.yaml": lambda: yaml_bomb(" ", '"'),
    "yaml-bomb-complex-key.yaml": lambda: yaml_bomb(" ", "") + "? [*a9, *a9]\n: 1\n",
    "yaml-bomb-merge.yaml": lambda: "a0: &a0 {k: v}\n"
    + "".join(f"a{l}: &a{l} {{<<: [{', '.join([f'*a{l - 1}'] * 10)}]}}\n" for l in range(1, 10)),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_hostile_documents_are_cheap(tmp_path: Path, name: str) -> None:
    text = SHAPES[name]()
    assert len(text.encode()) <= LIMIT, len(text.encode())
    path = tmp_path / name
    path.write_text(text)
    status, rss, elapsed, output = measure(path)
    # Not a valid policy: each is refused (1), never a crash or a usage error.
    assert status == 1, (status, output)
    assert elapsed < MAX_SECONDS, elapsed
    assert rss < MAX_RSS_KB, f"{rss} KiB"
    if "bomb" in name:
        assert "anchors and aliases" in output, output
    if "duplicate" in name:
        assert "appears twice" in output, output
