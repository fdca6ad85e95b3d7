"""The commands as real processes: the installed `rapidly-tui` script and
`python -m rapidly_tui`, in pipes, with `--demo` (no network, no token)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rapidly_tui import exitcodes

pytestmark = pytest.mark.e2e

SCRIPT = Path(sys.executable).with_name("rapidly-tui")
TIMEOUT = 60


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh shell: no token, no config, the venv on PATH."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RAPIDLY_", "PYTEST_", "COLUMNS"))
    }
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        clean[name] = str(tmp_path / name.lower())
    clean["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    clean["PATH"] = f"{SCRIPT.parent}{os.pathsep}{clean.get('PATH', '')}"
    return clean


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def test_done_when_customer_get_json_pipes_into_python(env: dict[str, str]) -> None:
    check = (
        "import json,sys; d=json.load(sys.stdin); "
        "assert d['email']=='ada@example.com' and len(d['members'])==3"
    )
    pipeline = (
        "set -o pipefail; rapidly-tui --demo customer get ada@example.com --json "
        f'| "{sys.executable}" -c "{check}"'
    )
    result = _run(["bash", "-c", pipeline], env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_done_when_unknown_customer_exits_4_with_one_line(env: dict[str, str]) -> None:
    result = _run([str(SCRIPT), "--demo", "customer", "get", "nobody@example.com"], env)
    assert result.returncode == exitcodes.NOT_FOUND
    assert result.stdout == ""
    assert re.fullmatch(
        r"rapidly-tui: Not found: No customer has the email or external id nobody@example\.com\."
        r" \(request id [0-9a-f]{32}\)\n",
        result.stderr,
    )


def test_python_dash_m_runs_the_commands(env: dict[str, str]) -> None:
    result = _run(
        [sys.executable, "-m", "rapidly_tui", "customers", "list", "--demo", "--limit", "3"], env
    )
    assert result.returncode == exitcodes.OK, result.stderr
    assert len(result.stdout.splitlines()) == 4
    assert result.stderr.startswith("showing 3 of ")


def test_no_token_in_a_fresh_shell_exits_3(env: dict[str, str]) -> None:
    result = _run([str(SCRIPT), "workspaces", "list"], env)
    assert result.returncode == exitcodes.AUTH
    assert result.stdout == ""
    assert "no token: run `rapidly-tui auth login` or set RAPIDLY_ACCESS_TOKEN" in result.stderr


def test_a_closed_pipe_ends_quietly(env: dict[str, str]) -> None:
    with subprocess.Popen(
        [str(SCRIPT), "--demo", "customers", "list", "--all", "--jsonl"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # like `| head -n 1`
        errors = process.stderr.read()
        code = process.wait(timeout=TIMEOUT)
    assert json.loads(first)["email"]
    assert "Traceback" not in errors
    assert errors == ""
    assert code == exitcodes.OK


_MODULES_AFTER = """
import json, sys
from rapidly_tui.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit_:
    code = exit_.code
heavy = ("textual", "httpx", "pydantic", "rapidly_tui.api.client")
loaded = sorted(name for name in heavy if name in sys.modules)
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def _modules_after(argv: list[str], env: dict[str, str]) -> dict[str, object]:
    result = _run([sys.executable, "-c", _MODULES_AFTER, *argv], env)
    report: dict[str, object] = json.loads(result.stderr.strip().splitlines()[-1])
    return report


@pytest.mark.parametrize(
    "argv",
    [
        ["--demo", "customer", "get", "ada@example.com", "--json"],
        ["--demo", "customers", "list", "--all", "--csv"],
        ["--demo", "events", "list", "--since", "7d"],
        ["--demo", "webhooks", "deliveries", "--failed"],
    ],
)
def test_commands_never_import_textual(argv: list[str], env: dict[str, str]) -> None:
    report = _modules_after(argv, env)
    assert report["code"] == exitcodes.OK
    assert "textual" not in report["loaded"]  # type: ignore[operator]


@pytest.mark.parametrize("argv", [["--help"], ["customers", "--help"], ["events", "list", "-h"]])
def test_help_imports_neither_the_client_nor_textual(argv: list[str], env: dict[str, str]) -> None:
    report = _modules_after(argv, env)
    assert report == {"code": 0, "loaded": []}
