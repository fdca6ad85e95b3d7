"""The default demo data set, kept between starts in the user's cache directory.

Generating the 1,254 customers of the default data set takes ~12 ms, the largest
single part of what ``rapidly-tui --demo`` adds to a cold start; reading them back
takes ~2 ms. Like Python's own bytecode cache, the file is only a copy: it is used when
its key matches (the generator's source files, the Python version, the parameters) and
its digest matches what it holds; otherwise, or when it cannot be read or written, the
data set is generated as before. Nothing else is ever stored there.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The modules whose code decides what the data set holds.
GENERATOR_SOURCES = ("common.py", "customers.py", "data.py")
#: One file per Python version, so that two Pythons do not keep replacing each other's.
FILE_NAME = "demo-dataset-py{}.{}.bin"
_MAGIC = b"rapidly-tui demo data set 1\n"

Records = tuple[list[Any], list[Any], list[Any]]


def cache_file() -> Path:
    """``$XDG_CACHE_HOME/rapidly-tui/demo-dataset-py3.N.bin`` on Linux (platformdirs)."""
    import platformdirs

    name = FILE_NAME.format(*sys.version_info[:2])
    return Path(platformdirs.user_cache_dir("rapidly-tui", appauthor=False)) / name


def key(*parameters: object) -> bytes:
    """What the stored copy must have been made with: the generator's code, this
    Python (its ``random`` and ``marshal``), and the parameters."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}|{marshal.version}|{parameters!r}".encode())
    here = Path(__file__).parent
    for name in GENERATOR_SOURCES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest().encode()


def load_or_build(build: Callable[[], Records], *parameters: object) -> Records:
    """The stored records when they are a true copy of what ``build()`` makes; else
    ``build()``, stored for the next start."""
    try:
        path = cache_file()
        wanted = key(*parameters)
    except (OSError, ImportError):  # no sources beside the code, no cache directory
        return build()
    stored = _read(path, wanted)
    if stored is not None:
        return stored
    records = build()
    _write(path, wanted, records)
    return records


def _read(path: Path, wanted: bytes) -> Records | None:
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header_size = len(_MAGIC) + 2 * 65
    header, payload = blob[:header_size], blob[header_size:]
    if header != _MAGIC + wanted + b"\n" + _digest(payload) + b"\n":
        return None  # another generator, another Python, or not a whole copy
    try:
        # A file in this user's own cache directory, whole and unchanged since written.
        records = marshal.loads(payload)  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
    if (
        isinstance(records, tuple)
        and len(records) == 3
        and all(isinstance(part, list) for part in records)
    ):
        return (records[0], records[1], records[2])
    return None


def _write(path: Path, wanted: bytes, records: Records) -> None:
    """Atomically (a whole file or none), readable by this user only; best effort."""
    payload = marshal.dumps(records)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".demo-dataset-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(_MAGIC + wanted + b"\n" + _digest(payload) + b"\n" + payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full cache directory: the next start generates again


def _digest(payload: bytes) -> bytes:
    return hashlib.sha256(payload).hexdigest().encode()
