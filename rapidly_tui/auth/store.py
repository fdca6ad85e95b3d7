"""Where tokens come from and go to: environment, OS keyring, or (opt-in) file.

Reading: ``RAPIDLY_ACCESS_TOKEN`` wins; otherwise the active profile's keyring entry,
or the plain-text file when the person opted in (``--insecure-storage`` now, or
earlier for this profile). A failing keyring is an error naming the choices, never a
quiet fall-back to the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from rapidly_tui import logs
from rapidly_tui.auth import file_store, keyring_store
from rapidly_tui.auth.errors import InvalidToken, KeyringError
from rapidly_tui.auth.tokens import clean_token
from rapidly_tui.config import Config, load_config, save_config, validate_profile_name

TOKEN_ENV = "RAPIDLY_ACCESS_TOKEN"  # noqa: S105 - a variable name


@dataclass(frozen=True)
class LoadedToken:
    token: str | None = field(repr=False)
    #: "env", "keyring", "file" or "none".
    source: str
    #: Where it came from, for people ("the OS keyring (...)").
    location: str


def env_token() -> str | None:
    raw = os.environ.get(TOKEN_ENV, "").strip()
    return raw or None


def load_token(
    profile: str, *, insecure_storage: bool = False, timeout: float | None = None
) -> LoadedToken:
    """The token for ``profile``: one environment look-up, then one keyring (or file)
    read. Raises :class:`KeyringError` / :class:`TokenFileError` when the store
    cannot be read, :class:`InvalidToken` when what it holds cannot be a token (a
    stray newline or escape must not reach an HTTP header or an error message)."""
    token = env_token()
    if token is not None:
        logs.add_secret(token)
        location = f"the {TOKEN_ENV} environment variable"
        return LoadedToken(_valid(token, location), "env", location)
    if insecure_storage:
        path = file_store.token_file_path()
        token = file_store.get_token(profile, path=path)
        source, location = "file", f"the plain-text file {path} (--insecure-storage)"
    else:
        token = keyring_store.get_token(profile, timeout=timeout)
        source = "keyring"
        location = f"the OS keyring, service {keyring_store.SERVICE!r}, entry {profile!r}"
    if token is None:
        return LoadedToken(None, "none", "nowhere")
    logs.add_secret(token)
    return LoadedToken(_valid(token, location), source, location)


def _valid(token: str, location: str) -> str:
    try:
        return clean_token(token)
    except InvalidToken as exc:
        raise InvalidToken(f"The token in {location} is unusable: {exc.message}") from None


def store_token(
    token: str,
    *,
    profile: str = "default",
    insecure_storage: bool = False,
    server: str | None = None,
    config: Config | None = None,
    timeout: float | None = None,
) -> str:
    """Store ``token`` for ``profile`` the way ``auth login`` does and return where it
    went, for people. Safe to call from a worker thread (the keyring call has its own
    deadline). ``server`` (as typed: production, sandbox or a URL) is remembered in
    the profile when given. Raises a :class:`CredentialsError` subclass
    (:class:`InvalidToken`, :class:`KeyringError` naming the choices,
    :class:`TokenFileError`, :class:`ConfigError`); nothing is written in plain text
    unless ``insecure_storage`` is True."""
    token = clean_token(token)
    validate_profile_name(profile)
    logs.add_secret(token)
    if insecure_storage:
        where = file_store.set_token(profile, token)
    else:
        where = keyring_store.set_token(profile, token, timeout=timeout)
    config = config or load_config()
    current = config.profile(profile)
    wanted = replace(
        current,
        server=server if server is not None else current.server,
        insecure_storage=current.insecure_storage or insecure_storage,
    )
    if wanted != current or profile not in config.profiles:
        save_config(config.with_profile(wanted))
    return where


def remove_token(
    profile: str, *, insecure_storage: bool = False, timeout: float | None = None
) -> list[str]:
    """Remove the stored token of ``profile`` from every store that may hold it;
    returns a description of each removal (empty: there was nothing to remove).

    The plain-text file is always cleaned (no keyring needed). The keyring is asked
    unless the profile uses the file store, in which case a keyring failure is not
    an error: the person chose the file precisely because the keyring did not work.
    """
    validate_profile_name(profile)
    removed: list[str] = []
    if file_store.delete_token(profile):
        removed.append(f"the plain-text file {file_store.token_file_path()}")
    try:
        if keyring_store.delete_token(profile, timeout=timeout):
            removed.append(f"the OS keyring (service {keyring_store.SERVICE!r}, entry {profile!r})")
    except KeyringError:
        if not insecure_storage:
            raise
    return removed
