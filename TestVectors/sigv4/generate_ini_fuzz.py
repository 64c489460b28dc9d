"""Hostile credentials/config files and what botocore makes of them, for INIFileAttackTests.

Seeded (reproducible): each file is a few lines drawn from fragments that stress configparser's
rules and botocore's sub-property blocks — BOM, CR/CRLF/lone CR, NUL and other control characters,
Unicode blanks and line separators (which are not line ends in a file, but are for
str.splitlines), odd section headers (`[ default]`, `[profile  x ]`, `[]`, `[a]b]`), duplicates,
continuation lines, keys without values, `=` and `:` in values, comment characters, non-ASCII
keys whose lowercase is context-dependent (final sigma) or ASCII (Kelvin sign).

For every file the expectation is botocore 1.43's `raw_config_parse` over the UTF-8 bytes:
either an error, or the sections in order with their values and sub-property blocks.

Run from the repository root with the interop venv:
    .venv/bin/python TestVectors/sigv4/generate_ini_fuzz.py > TestVectors/sigv4/ini-fuzz.json
"""

import json
import os
import random
import sys
import tempfile

import botocore
from botocore.configloader import raw_config_parse

SEED = 1717
COUNT = 1000

HEADERS = [
    "[default]", "[ default]", "[default ]", "[profile  x ]", "[profile x]", "[profile \"a b\"]", "[]", "[a]b]",
    "[DEFAULT]", "[a", "a]", "  [default]", "[x] trailing", "[déf]", "[\u00a0]", "[\t]", "[s\u0000]",
]
KEYS = [
    "aws_access_key_id", "AWS_SECRET_ACCESS_KEY", "region", "k", "", " ", "ΑΣ", "\u212aey", "İ", "a b", "s3",
    "x\u0000", "#k", ";k", "k#", "\u00a0k",
]
DELIMS = ["=", ":", " = ", "\t:\t", "==", "=:", ":="]
VALUES = [
    "v", "", "a=b", "a:b", "secret # note", "x ; y", "  spaced  ", "\u00a0nb\u00a0", "\u2028sep", "é",
    "nul\u0000byte", "\u000bvt", "\u000cff", "\u0085nel", "tab\t", "'q'", "\"dq\"", "%(x)s", "$HOME",
]
CONTINUATIONS = ["  more", "\tmore", "  k = v", "  key=val", "  novalue", "   ", "  #c", "\u00a0 x = y", "  = v"]
OTHER = ["# comment", "; comment", "   # indented comment", "junk", "", "  ", "\u2028", "\u000c"]
ENDINGS = ["\n", "\r\n", "\r"]


def line(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(HEADERS)
    if roll < 0.65:
        return rng.choice(KEYS) + rng.choice(DELIMS) + rng.choice(VALUES)
    if roll < 0.85:
        return rng.choice(CONTINUATIONS)
    return rng.choice(OTHER)


def make(rng: random.Random) -> str:
    lines = [rng.choice(HEADERS[:6])] if rng.random() < 0.8 else []
    lines += [line(rng) for _ in range(rng.randint(1, 9))]
    ending = rng.choice(ENDINGS)
    text = ending.join(lines) + (ending if rng.random() < 0.7 else "")
    if rng.random() < 0.05:
        text = "\ufeff" + text
    return text


def main() -> None:
    rng = random.Random(SEED)
    cases = []
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "config")
        for index in range(COUNT):
            text = make(rng)
            with open(path, "wb") as handle:
                handle.write(text.encode("utf-8"))
            try:
                parsed = raw_config_parse(path)
            except Exception:  # botocore refuses the file (ConfigParseError and the like)
                cases.append({"index": index, "text": text, "error": True})
                continue
            sections = []
            for name, values in parsed.items():
                plain = {k: v for k, v in values.items() if isinstance(v, str)}
                nested = {k: v for k, v in values.items() if isinstance(v, dict)}
                sections.append({"name": name, "values": plain, "subsections": nested})
            cases.append({"index": index, "text": text, "error": False, "sections": sections})
    json.dump(
        {"botocore": botocore.__version__, "python": sys.version.split()[0], "seed": SEED, "cases": cases},
        sys.stdout,
        ensure_ascii=True,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
