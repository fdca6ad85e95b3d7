"""The workspace a plain start opens again: remembered per server and per token."""

from __future__ import annotations

from pathlib import Path

from rapidly_tui.refcache import RefCache

SERVER = "https://api.rapidly.tech"
TOKEN = "rapidly_oat_0123456789abcdefSECRET"
OTHER_TOKEN = "rapidly_oat_fedcba9876543210OTHER"
ACME = "b5bab1cd-8884-47a5-acef-e37b9e250d03"
GLOBEX = "0f5f2b1e-6a8e-4a77-9d1b-2d8f2a0c1e11"


def test_the_workspace_last_opened_is_known_to_the_next_start_with_the_same_token(
    tmp_path: Path,
) -> None:
    path = tmp_path / "references.json"
    RefCache(path, SERVER).remember_last_workspace(TOKEN, GLOBEX)
    RefCache(path, SERVER).remember_last_workspace(TOKEN, ACME)  # the latest wins
    assert RefCache(path, SERVER).last_workspace(TOKEN) == ACME


def test_another_token_or_server_remembers_nothing(tmp_path: Path) -> None:
    path = tmp_path / "references.json"
    RefCache(path, SERVER).remember_last_workspace(TOKEN, ACME)
    assert RefCache(path, SERVER).last_workspace(OTHER_TOKEN) is None
    assert RefCache(path, "https://sandbox-api.rapidly.tech").last_workspace(TOKEN) is None
    # Kinds are kept apart: a token is not a workspace slug.
    assert RefCache(path, SERVER).workspace_id(TOKEN) is None


def test_the_token_is_never_written_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "references.json"
    RefCache(path, SERVER).remember_last_workspace(TOKEN, ACME)
    text = path.read_text()
    assert ACME in text
    assert TOKEN not in text
    assert "SECRET" not in text
    assert "0123456789abcdef" not in text
