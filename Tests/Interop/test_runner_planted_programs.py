"""A planted program must not run through the command's own children (issue 16 E22, review x3).

The runner already finds the program itself in PATH's absolute folders only. Two other ways
reached a planted `python3`:
- the command's PATH was gatehouse's, relative entries (`.`, empty, `bin`) included, so a
  wrapper or a shell (`sh -c 'python3 …'`, `env python3 …`) found a `python3` in the working
  folder;
- a later argument naming a file next to the config is made absolute (the script), and that
  also turned `env python3 auth.py` into `env /config/folder/python3 auth.py`.
Now the command's PATH keeps only absolute folders (also when `function.environment` sets it),
and a bare argument that is also a program in PATH is left for the wrapper to look up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_runner_isolation import ALLOW, PYTHON_DIR, authorizer_test, executable, report, write_config

RELATIVE_PREFIXES = ["", ".:", ":", "./:", "::", "bin:", "./bin:", "../:"]


def plant(folder: Path, marker: Path, name: str = "python3") -> None:
    executable(folder / name, f"#!/bin/sh\ntouch '{marker}'\necho '{json.dumps(ALLOW)}'\n")


def real_script(folder: Path) -> None:
    (folder / "auth.py").write_text(
        "import json, sys\nsys.stdin.read()\n"
        f"print(json.dumps({{**{ALLOW!r}, 'context': {{'by': 'real'}}}}))\n"
    )


# Commands whose own children look `python3` up: a shell, env, and a wrapper of a wrapper.
WRAPPERS = [
    ["env", "python3", "auth.py"],
    ["sh", "-c", "exec python3 auth.py"],
    ["sh", "-c", "python3 \"$LAMBDA_TASK_ROOT/auth.py\""],
    ["env", "sh", "-c", "python3 \"$LAMBDA_TASK_ROOT/auth.py\""],
    ["nice", "-n", "0", "python3", "auth.py"],
    ["timeout", "20", "python3", "auth.py"],
]


@pytest.mark.parametrize("command", WRAPPERS, ids=lambda c: " ".join(c)[:40])
@pytest.mark.parametrize("prefix", RELATIVE_PREFIXES)
@pytest.mark.parametrize("where", ["config", "cwd", "cwd-bin"])
def test_wrappers_never_run_a_planted_python3(tmp_path: Path, command: list[str], prefix: str, where: str) -> None:
    config_dir = tmp_path / "config"
    cwd = config_dir if where == "config" else tmp_path / "work"
    for d in (config_dir, cwd, cwd / "bin"):
        d.mkdir(exist_ok=True)
    marker = tmp_path / "planted-ran"
    plant(config_dir, marker)
    plant(cwd, marker)
    plant(cwd / "bin", marker)
    real_script(config_dir)
    real_script(cwd)
    config = write_config(config_dir, {"command": command})
    env = {"PATH": f"{prefix}{PYTHON_DIR}:/usr/bin:/bin"}
    got = report(authorizer_test(config, env, cwd=cwd))
    assert not marker.exists(), f"a planted python3 ran ({command}, PATH={env['PATH']})"
    assert got.get("context", {}).get("by") == "real", got


@pytest.mark.parametrize("configured", [".", ":/usr/bin", f".:{PYTHON_DIR}", f"{PYTHON_DIR}::", "bin:/bin"])
def test_a_configured_path_keeps_only_absolute_folders(tmp_path: Path, configured: str) -> None:
    marker = tmp_path / "planted-ran"
    plant(tmp_path, marker)
    (tmp_path / "bin").mkdir()
    plant(tmp_path / "bin", marker)
    script = tmp_path / "show.sh"
    executable(script, f"#!/bin/sh\nprintf '%s' \"$PATH\" > '{tmp_path / 'path.txt'}'\necho '{json.dumps(ALLOW)}'\n")
    config = write_config(tmp_path, {"command": ["./show.sh"], "environment": {"PATH": configured}})
    report(authorizer_test(config, {"PATH": "/usr/bin:/bin"}, cwd=tmp_path))
    seen = (tmp_path / "path.txt").read_text()
    assert seen, "PATH must not be empty"
    assert all(part.startswith("/") for part in seen.split(":")), seen
    assert not marker.exists()


def test_the_script_argument_is_still_found_next_to_the_config(tmp_path: Path) -> None:
    """The control: a script named by its bare name (not a program in PATH) is still made
    absolute, so `["python3", "auth.py"]` works from any working folder."""
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    real_script(config_dir)
    config = write_config(config_dir, {"command": ["python3", "auth.py"]})
    got = report(authorizer_test(config, {"PATH": f"{PYTHON_DIR}:/usr/bin:/bin"}, cwd=Path("/")))
    assert got.get("context", {}).get("by") == "real", got
