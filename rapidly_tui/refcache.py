"""Which id a ``--workspace`` slug or a ``--customer`` reference named last time.

Opening ``--workspace acme`` takes two round trips: the lookup of the slug, then the
overview's requests, which need the workspace's id. With the id remembered from the
last start, start-up sends the overview's requests together with the lookup: one round
trip. The lookup still runs and has the last word: when it names another id, the
guessed requests are dropped and sent again for the right one (rapidly_tui/preload.py).
So a stale entry costs one round trip, never wrong data.

The file lives in the cache directory, mode 0600. It holds ids only: the references
(slugs, emails) are stored as salted hashes, so the file does not list who was looked
up. A missing, unreadable or corrupt file is an empty cache; failing to write it is
ignored. Headless: no Textual here.

A plain start (no ``--workspace``, no ``--customer``) has no reference to look up:
the cache remembers the workspace last opened for this server *and token* (the token
only salted and hashed into the entry's key, never stored), so that start sends that
overview's requests together with the workspace list, which decides.

A workspace's webhook endpoint ids are remembered too: the overview's failed-deliveries
panel asks each endpoint for its deliveries, and with the ids known it does so together
with the endpoint list, which decides (rapidly_tui/loads.py ``failed_deliveries``).

Beside it, ``workspaces.txt`` lists the slugs of the workspaces opened with
``--workspace``, for shell completion (rapidly_tui/completion.py). Workspace slugs name
a workspace, not a person (they are in every dashboard URL); customer references are
never listed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

#: Entries kept per file; the oldest go first.
MAX_ENTRIES = 200
FILE_NAME = "references.json"
_VERSION = 1
SLUGS_FILE_NAME = "workspaces.txt"
#: The only words kept for, and offered by, shell completion. bash's ``compgen -W``
#: expands the words it is given, so a slug like ``$(…)`` would run: never keep one.
_SAFE_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
#: Slugs kept for completion; the oldest go first.
MAX_SLUGS = 50


class RefCache:
    """Remembered ids, per server, for the references people start with."""

    def __init__(self, path: Path | None, server_url: str) -> None:
        self.path = path
        self._server = server_url.rstrip("/")
        self._entries: dict[str, dict[str, str]] = {}
        self._salt = ""
        self._loaded = False

    @classmethod
    def in_cache_dir(cls, server_url: str) -> RefCache:
        """The cache of this user (``$XDG_CACHE_HOME/rapidly-tui`` on Linux)."""
        from rapidly_tui.config import app_paths

        return cls(app_paths().cache_dir / FILE_NAME, server_url)

    # --- reading ------------------------------------------------------------------------

    def workspace_id(self, ref: str) -> str | None:
        entry = self._get("workspace", ref)
        return entry.get("id") if entry else None

    def customer(self, ref: str) -> tuple[str, str] | None:
        """(customer id, workspace id) last found for ``ref``."""
        entry = self._get("customer", ref)
        if entry and entry.get("id") and entry.get("workspace_id"):
            return entry["id"], entry["workspace_id"]
        return None

    def last_workspace(self, token: str) -> str | None:
        """The id of the workspace last opened with ``token`` on this server."""
        entry = self._get("last-workspace", token)
        return entry.get("id") if entry else None

    def endpoint_ids(self, workspace_id: str) -> list[str]:
        """The webhook endpoint ids the workspace had last time ([] when unknown)."""
        entry = self._get("endpoints", workspace_id)
        return entry["ids"].split() if entry and entry.get("ids") else []

    def _get(self, kind: str, ref: str) -> dict[str, str] | None:
        self.load()
        return self._entries.get(self._key(kind, ref))

    # --- writing ------------------------------------------------------------------------

    def remember_workspace(self, ref: str, workspace_id: str) -> None:
        self._put("workspace", ref, {"id": workspace_id})

    def remember_customer(self, ref: str, customer_id: str, workspace_id: str) -> None:
        self._put("customer", ref, {"id": customer_id, "workspace_id": workspace_id})

    def remember_last_workspace(self, token: str, workspace_id: str) -> None:
        self._put("last-workspace", token, {"id": workspace_id})

    def remember_endpoint_ids(self, workspace_id: str, endpoint_ids: list[str]) -> None:
        """Ids only (never an endpoint's URL or secret)."""
        self._put("endpoints", workspace_id, {"ids": " ".join(endpoint_ids)})

    def _put(self, kind: str, ref: str, value: dict[str, str]) -> None:
        self.load()
        key = self._key(kind, ref)
        if self._entries.get(key) == value:
            return
        self._entries.pop(key, None)
        self._entries[key] = value  # newest last
        while len(self._entries) > MAX_ENTRIES:
            del self._entries[next(iter(self._entries))]
        self._save()

    # --- file ---------------------------------------------------------------------------

    def _key(self, kind: str, ref: str) -> str:
        material = f"{self._salt}\0{self._server}\0{kind}\0{ref}".encode()
        return hashlib.sha256(material).hexdigest()[:32]

    def load(self) -> None:
        """Read the file (once; later calls do nothing)."""
        if self._loaded:
            return
        self._loaded = True
        document: Any = None
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError):
                document = json.loads(self.path.read_bytes())
        if (
            isinstance(document, dict)
            and document.get("version") == _VERSION
            and isinstance(document.get("salt"), str)
            and isinstance(document.get("entries"), dict)
        ):
            self._salt = document["salt"]
            self._entries = {
                key: value
                for key, value in document["entries"].items()
                if isinstance(key, str)
                and isinstance(value, dict)
                and all(isinstance(v, str) for v in value.values())
            }
        else:
            self._salt = os.urandom(16).hex()
            self._entries = {}

    def _save(self) -> None:
        if self.path is None:
            return
        data = json.dumps(
            {"version": _VERSION, "salt": self._salt, "entries": self._entries},
            separators=(",", ":"),
        ).encode()
        # A cache: atomic (never half a file) but not fsynced (losing it costs a round trip).
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor = os.open(
                temporary,
                os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0),
                0o600,
            )
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()


def is_safe_word(word: str) -> bool:
    """A word a completion script may be given (letters, digits, ``-``, ``_``, ``.``)."""
    return bool(_SAFE_WORD.fullmatch(word))


def remembered_slugs(cache_dir: Path) -> list[str]:
    """The workspace slugs remembered in ``cache_dir``, newest first ([] when none)."""
    try:
        text = (cache_dir / SLUGS_FILE_NAME).read_text("utf-8")
    except (OSError, ValueError):
        return []
    words = (line.strip() for line in text.splitlines())
    return list(dict.fromkeys(word for word in words if is_safe_word(word)))


def remember_slug(cache_dir: Path, slug: str) -> None:
    """Put ``slug`` first in the list completion offers. Only plain slugs are kept
    (letters, digits, ``-``, ``_``, ``.``): the list is read by shell scripts."""
    if not is_safe_word(slug):
        return
    before = remembered_slugs(cache_dir)
    if before[:1] == [slug]:
        return  # already the newest: nothing to write
    slugs = [s for s in before if s != slug]
    slugs = [slug, *slugs][:MAX_SLUGS]
    path = cache_dir / SLUGS_FILE_NAME
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(
            temporary,
            os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0),
            0o600,
        )
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("".join(f"{s}\n" for s in slugs))
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
