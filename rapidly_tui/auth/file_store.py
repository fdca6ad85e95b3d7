"""The plain-text token file: only ever used after an explicit opt-in.

``--insecure-storage`` (or a profile that opted in with it) keeps tokens in
``credentials.toml`` in the config directory, mode 0600. Every read or write warns on
stderr, so nobody forgets the token sits on disk in plain text. A file readable by
group or others is refused, the way ssh refuses a private key anyone can read.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from rapidly_tui.auth.errors import TokenFileError
from rapidly_tui.config import app_paths, toml_loads, write_private_file

_HEADER = (
    "# rapidly-tui access tokens in PLAIN TEXT, chosen with --insecure-storage.\n"
    "# Keep this file mode 0600. `rapidly-tui auth logout` removes an entry.\n"
)


def token_file_path() -> Path:
    return app_paths().token_file


def warn(message: str) -> None:
    """The warning each use of the file prints on stderr."""
    print(f"warning: {message}", file=sys.stderr, flush=True)


def get_token(profile: str, *, path: Path | None = None) -> str | None:
    path = path or token_file_path()
    tokens = _read(path)
    token = tokens.get(profile)
    if token is not None:
        warn(
            f"reading the access token of profile {profile!r} from the plain-text file "
            f"{path} (--insecure-storage)."
        )
    return token


def set_token(profile: str, token: str, *, path: Path | None = None) -> str:
    """Store ``token``; returns where it went, for people."""
    path = path or token_file_path()
    tokens = _read(path)
    tokens[profile] = token
    _write(path, tokens)
    warn(f"the access token is stored in PLAIN TEXT in {path} (mode 0600, --insecure-storage).")
    return f"the plain-text file {path} (mode 0600, --insecure-storage)"


def delete_token(profile: str, *, path: Path | None = None) -> bool:
    path = path or token_file_path()
    if not path.exists():
        return False
    tokens = _read(path)
    if profile not in tokens:
        return False
    del tokens[profile]
    if tokens:
        _write(path, tokens)
    else:
        path.unlink(missing_ok=True)
    return True


def stored_profiles(*, path: Path | None = None) -> list[str]:
    """The profiles the file holds a token for (no warning: no token is read out).
    Raises :class:`TokenFileError` for an unreadable or too-open file."""
    return sorted(_read(path or token_file_path()))


def _read(path: Path) -> dict[str, str]:
    try:
        info = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise TokenFileError(f"Cannot read the token file {path}: {exc.strerror}.") from None
    if os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o077:
        raise TokenFileError(
            f"The token file {path} can be read by other users "
            f"(mode {stat.S_IMODE(info.st_mode):04o}); it is ignored. "
            f"Run `chmod 600 {path}` and consider revoking the token."
        )
    try:
        data = toml_loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TokenFileError(f"Cannot read the token file {path}: {exc.strerror}.") from None
    except ValueError:
        # Never quote the parser's message: it can contain a piece of the file.
        raise TokenFileError(f"The token file {path} is not valid TOML.") from None
    tokens = data.get("tokens", {})
    if not isinstance(tokens, dict):
        raise TokenFileError(f"The token file {path} has no [tokens] table.")
    return {name: value for name, value in tokens.items() if isinstance(value, str) and value}


def _write(path: Path, tokens: dict[str, str]) -> None:
    import tomli_w

    body = _HEADER + tomli_w.dumps({"tokens": dict(sorted(tokens.items()))})
    try:
        write_private_file(path, body.encode("utf-8"))
    except OSError as exc:
        raise TokenFileError(f"Cannot write the token file {path}: {exc.strerror}.") from None
