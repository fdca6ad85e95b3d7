"""A workspace without webhook endpoints: deliveries says so and lists none (asking
the API without endpoint_id would answer with other workspaces' deliveries)."""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest

from rapidly_tui.cli import main
from rapidly_tui.commands import webhooks

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("fmt", [[], ["--json"]])
def test_deliveries_of_a_workspace_without_endpoints(
    fmt: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_endpoints(_context: Any) -> list[Any]:
        return []

    monkeypatch.setattr(webhooks, "workspace_endpoints", no_endpoints)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--demo-static", "webhooks", "deliveries", "--workspace", "acme", *fmt])
    assert code == 0, err.getvalue()
    assert "workspace acme has no webhook endpoints" in err.getvalue()
    if fmt:
        assert json.loads(out.getvalue()) == []
    else:
        assert out.getvalue() == ""
        assert "no webhook deliveries" in err.getvalue()
