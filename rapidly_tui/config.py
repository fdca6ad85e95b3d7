"""Profiles and where files live.

Profiles (name, server, default workspace, file-store opt-in) live in one TOML file in
the platform config directory (``$XDG_CONFIG_HOME/rapidly-tui/config.toml`` on Linux).
The file never holds a token: :class:`Profile` has no field for one.

The file is read once per start: :func:`rapidly_tui.connection.resolve_connection`
reads it and hands the :class:`Config` on, so nothing else needs to read it again.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rapidly_tui.auth.errors import ConfigError
from rapidly_tui.text import neutralize

APP_NAME = "rapidly-tui"
CONFIG_FILE_NAME = "config.toml"
#: The opt-in plain-text token store (``--insecure-storage``), next to the config.
TOKEN_FILE_NAME = "credentials.toml"  # noqa: S105 - a file name
DEFAULT_PROFILE = "default"

_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_PROFILE_KEYS = frozenset({"server", "default_workspace", "insecure_storage", "theme"})


@dataclass(frozen=True)
class Paths:
    """The directories rapidly-tui uses (platformdirs; XDG variables on Linux)."""

    config_dir: Path
    state_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / CONFIG_FILE_NAME

    @property
    def token_file(self) -> Path:
        return self.config_dir / TOKEN_FILE_NAME

    @property
    def default_log_file(self) -> Path:
        """Where ``--log`` is suggested to point (never written unless asked)."""
        return self.log_dir / "rapidly-tui.log"


def app_paths() -> Paths:
    """Looked up each call, so tests can redirect ``XDG_*`` with environment variables."""
    import platformdirs

    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        state_dir=Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def validate_profile_name(name: str) -> str:
    if not _PROFILE_NAME.fullmatch(name):
        raise ConfigError(
            f"Invalid profile name {neutralize(name, max_chars=80)!r}: use up to 64 letters, "
            "digits, '.', '_' or '-', starting with a letter or digit."
        )
    return name


@dataclass(frozen=True)
class Profile:
    """One named set of connection preferences. Never a token."""

    name: str = DEFAULT_PROFILE
    #: ``"production"``, ``"sandbox"`` or a URL; None means production.
    server: str | None = None
    #: Workspace slug or id the TUI opens by default.
    default_workspace: str | None = None
    #: The person opted in (``--insecure-storage``) to the plain-text token file.
    insecure_storage: bool = False
    #: The Textual theme last chosen in the TUI's command palette.
    theme: str | None = None

    def to_toml(self) -> dict[str, Any]:
        table: dict[str, Any] = {}
        if self.server is not None:
            table["server"] = self.server
        if self.default_workspace is not None:
            table["default_workspace"] = self.default_workspace
        if self.insecure_storage:
            table["insecure_storage"] = True
        if self.theme is not None:
            table["theme"] = self.theme
        return table


@dataclass(frozen=True)
class Config:
    """The parsed config file (or an empty one when the file does not exist)."""

    path: Path
    profiles: Mapping[str, Profile] = field(default_factory=dict)
    exists: bool = False

    def profile(self, name: str | None) -> Profile:
        """The stored profile, or a fresh one with defaults."""
        key = name or DEFAULT_PROFILE
        return self.profiles.get(key) or Profile(key)

    def with_profile(self, profile: Profile) -> Config:
        profiles = dict(self.profiles)
        profiles[profile.name] = profile
        return replace(self, profiles=profiles)


def load_config(path: Path | None = None) -> Config:
    """Read the config file once. A missing file is an empty config; a broken one is
    a :class:`ConfigError` naming the file and the problem."""
    path = path or app_paths().config_file
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path)
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror}.") from None
    return parse_config(raw, path)


def toml_loads(text: str) -> dict[str, Any]:
    """Parse TOML (tomllib on 3.11+, its backport tomli before). Raises ValueError."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    data: dict[str, Any] = tomllib.loads(text)
    return data


def parse_config(raw: bytes, path: Path) -> Config:
    try:
        data = toml_loads(raw.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError and TOMLDecodeError are ValueErrors
        raise ConfigError(
            f"The config file {path} is not valid TOML: {neutralize(str(exc), max_chars=200)}"
        ) from None
    tables = data.get("profiles", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"In {path}: 'profiles' must be a table of [profiles.NAME] tables.")
    profiles: dict[str, Profile] = {}
    for name, table in tables.items():
        profiles[name] = _parse_profile(path, name, table)
    return Config(path, profiles, exists=True)


def _parse_profile(path: Path, name: str, table: Any) -> Profile:
    where = f"In {path}, profile {neutralize(name, max_chars=80)!r}"
    try:
        validate_profile_name(name)
    except ConfigError as exc:
        raise ConfigError(f"In {path}: {exc.message}") from None
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table.")
    # Unknown keys are ignored (a newer version may add some), but a token never
    # belongs here: say so rather than silently using or keeping it.
    if "token" in table or "access_token" in table:
        raise ConfigError(
            f"{where}: the config file must not hold a token. Remove it, revoke it, and "
            "use `rapidly-tui auth login` (keyring) or RAPIDLY_ACCESS_TOKEN."
        )
    server = table.get("server")
    workspace = table.get("default_workspace")
    insecure = table.get("insecure_storage", False)
    theme = table.get("theme")
    if server is not None and not isinstance(server, str):
        raise ConfigError(f"{where}: 'server' must be a string.")
    if workspace is not None and not isinstance(workspace, str):
        raise ConfigError(f"{where}: 'default_workspace' must be a string.")
    if not isinstance(insecure, bool):
        raise ConfigError(f"{where}: 'insecure_storage' must be true or false.")
    if theme is not None and not isinstance(theme, str):
        raise ConfigError(f"{where}: 'theme' must be a string (a theme's name).")
    return Profile(name, server or None, workspace or None, insecure, theme or None)


_HEADER = (
    "# rapidly-tui configuration. Tokens are never stored here: they live in the OS\n"
    "# keyring (or, only with --insecure-storage, in credentials.toml).\n"
)


def save_config(config: Config) -> Config:
    """Write the config atomically (a crash never leaves half a file); returns the
    config as saved."""
    import tomli_w

    document = {
        "profiles": {name: profile.to_toml() for name, profile in sorted(config.profiles.items())}
    }
    body = _HEADER + tomli_w.dumps(document)
    try:
        write_private_file(config.path, body.encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"Cannot write the config file {config.path}: {exc.strerror}.") from None
    return replace(config, exists=True)


def save_theme(path: Path, profile: str, theme: str) -> None:
    """Keep ``theme`` for ``profile`` in the config file at ``path``, read again first so
    that what another process wrote meanwhile (``auth login``) is kept."""
    config = load_config(path)
    save_config(config.with_profile(replace(config.profile(profile), theme=theme)))


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with mode 0600 (the directory 0700 when
    created): a temporary file in the same directory, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)  # in case it existed with another mode
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
