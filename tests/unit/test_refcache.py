"""The remembered slug/reference -> id map that lets start-up skip a round trip."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from rapidly_tui.refcache import MAX_ENTRIES, RefCache

SERVER = "https://api.rapidly.tech"
WORKSPACE_ID = "b5bab1cd-8884-47a5-acef-e37b9e250d03"
CUSTOMER_ID = "0f5f2b1e-6a8e-4a77-9d1b-2d8f2a0c1e11"


def test_an_id_remembered_by_one_start_is_known_to_the_next(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "references.json"
    RefCache(path, SERVER).remember_workspace("acme", WORKSPACE_ID)
    RefCache(path, SERVER).remember_customer("ada@example.com", CUSTOMER_ID, WORKSPACE_ID)

    later = RefCache(path, SERVER)
    assert later.workspace_id("acme") == WORKSPACE_ID
    assert later.customer("ada@example.com") == (CUSTOMER_ID, WORKSPACE_ID)
    assert later.workspace_id("other") is None
    assert later.customer("acme") is None  # kinds are kept apart


def test_ids_are_per_server(tmp_path: Path) -> None:
    path = tmp_path / "references.json"
    RefCache(path, SERVER).remember_workspace("acme", WORKSPACE_ID)
    assert RefCache(path, "https://sandbox-api.rapidly.tech").workspace_id("acme") is None
    assert RefCache(path, SERVER + "/").workspace_id("acme") == WORKSPACE_ID


def test_the_file_is_private_and_does_not_list_who_was_looked_up(tmp_path: Path) -> None:
    path = tmp_path / "references.json"
    RefCache(path, SERVER).remember_customer("ada@example.com", CUSTOMER_ID, WORKSPACE_ID)
    RefCache(path, SERVER).remember_workspace("acme-secret-slug", WORKSPACE_ID)
    text = path.read_text()
    assert "ada@example.com" not in text
    assert "acme-secret-slug" not in text
    assert "rapidly_" not in text  # no token, ever
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_corrupt_or_foreign_file_is_an_empty_cache_and_gets_replaced(tmp_path: Path) -> None:
    path = tmp_path / "references.json"
    for garbage in (b"\x00\xff not json", b"[1, 2]", b'{"version": 99}', b""):
        path.write_bytes(garbage)
        cache = RefCache(path, SERVER)
        assert cache.workspace_id("acme") is None
        cache.remember_workspace("acme", WORKSPACE_ID)
        assert RefCache(path, SERVER).workspace_id("acme") == WORKSPACE_ID


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    cache = RefCache(blocker / "references.json", SERVER)
    cache.remember_workspace("acme", WORKSPACE_ID)  # must not raise
    assert cache.workspace_id("acme") == WORKSPACE_ID  # still known for this run
    assert [p.name for p in tmp_path.iterdir()] == ["not-a-directory"]


def test_the_file_stays_small(tmp_path: Path) -> None:
    path = tmp_path / "references.json"
    cache = RefCache(path, SERVER)
    for n in range(MAX_ENTRIES + 50):
        cache.remember_workspace(f"slug-{n}", f"id-{n}")
    later = RefCache(path, SERVER)
    assert later.workspace_id("slug-0") is None  # the oldest went first
    assert later.workspace_id(f"slug-{MAX_ENTRIES + 49}") == f"id-{MAX_ENTRIES + 49}"
    assert os.path.getsize(path) < 40_000
