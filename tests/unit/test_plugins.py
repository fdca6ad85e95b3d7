"""Start-up skips pydantic's plugin discovery, and only when plugins are off anyway."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Validates a recorded workspace page through the real client decoder, then says
# whether plugin discovery (importlib.metadata) was imported on the way.
VALIDATE_A_PAGE = """
import json, sys
from rapidly_tui.api.plugins import disable_pydantic_plugins
disable_pydantic_plugins()
from rapidly_tui.api import models
body = json.loads(sys.stdin.read())
page = models.Page[models.Workspace].model_validate(body)
print(json.dumps({"names": [w.name for w in page.data],
                  "metadata_imported": "importlib.metadata" in sys.modules}))
"""


def run_python(code: str, *, stdin: str = "", env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return result.stdout


def workspace_page_body() -> str:
    path = ROOT / "tests" / "fixtures" / "real-api" / "workspaces_list_ok.json"
    return json.dumps(json.loads(path.read_text())["body"])


def test_models_validate_without_scanning_installed_packages() -> None:
    clean = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    result = subprocess.run(
        [sys.executable, "-c", VALIDATE_A_PAGE],
        input=workspace_page_body(),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
        env=clean,
    )
    outcome = json.loads(result.stdout)
    assert outcome["names"]  # the recorded workspaces were parsed
    assert outcome["metadata_imported"] is False


def test_a_person_naming_some_plugins_keeps_pydantic_discovery() -> None:
    outcome = json.loads(
        run_python(
            VALIDATE_A_PAGE,
            stdin=workspace_page_body(),
            env={"PYDANTIC_DISABLE_PLUGINS": "some_plugin"},
        )
    )
    assert outcome["names"]
    assert outcome["metadata_imported"] is True  # pydantic's own loader ran


def test_the_stand_in_matches_the_pinned_pydantic() -> None:
    """If pydantic moves or renames its loader, the stand-in would silently do nothing
    (or break validation): this fails first, on the next lock update."""
    from pydantic.plugin import _schema_validator

    from rapidly_tui.api.plugins import LOADER

    assert LOADER == "pydantic.plugin._loader"
    assert "from ._loader import get_plugins" in inspect.getsource(_schema_validator)
    # pydantic's own answer with plugins off: none, as the stand-in says.
    found = run_python(
        "from pydantic.plugin._loader import get_plugins\nprint(len(list(get_plugins())))",
        env={"PYDANTIC_DISABLE_PLUGINS": "__all__"},
    )
    assert found.strip() == "0"
