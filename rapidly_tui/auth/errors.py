"""Typed errors for credentials, servers and configuration.

Each error carries a ``message`` written for the person at the terminal (what
happened and what they can do) and the ``exit_code`` a command should end with.
Messages never contain a token.
"""

from __future__ import annotations

from rapidly_tui import exitcodes

#: The ways out when no keyring can be used, named in every keyring error.
KEYRING_CHOICES = (
    "Choices:\n"
    "  - set RAPIDLY_ACCESS_TOKEN in the environment for this session;\n"
    "  - unlock or install an OS keyring (run `rapidly-tui auth doctor` for details);\n"
    "  - or opt in explicitly to a plain-text file (mode 0600) with --insecure-storage."
)


class CredentialsError(Exception):
    """Base class: something about servers, profiles or tokens stops us."""

    title = "Credentials problem"
    exit_code = exitcodes.AUTH

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(CredentialsError):
    """The config file or a profile name is unusable."""

    title = "Configuration problem"
    exit_code = exitcodes.USAGE


class InvalidServerURL(CredentialsError):
    """The server is neither ``production``, ``sandbox`` nor a usable URL."""

    title = "Invalid server"
    exit_code = exitcodes.USAGE


class InsecureServerURL(InvalidServerURL):
    """Plain http to a host that is not loopback, without ``--allow-http``."""

    title = "Insecure server URL"


class InvalidToken(CredentialsError):
    """What was typed or piped in cannot be a token (empty, spaces, controls...)."""

    title = "Invalid token"


class NoToken(CredentialsError):
    """No token anywhere for this profile."""

    title = "Not logged in"


class TokenFileError(CredentialsError):
    """The opt-in plain-text token file is unreadable, malformed or too open."""

    title = "Token file problem"


class KeyringError(CredentialsError):
    """The OS keyring cannot be used; the message ends with the choices."""

    title = "Keyring unavailable"

    def __init__(self, problem: str) -> None:
        super().__init__(f"{problem}\n{KEYRING_CHOICES}")
        #: The first part of the message, without the choices.
        self.problem = problem


class KeyringUnavailable(KeyringError):
    """No usable backend (``NoKeyringError``, the fail or null backend, or only a
    non-recommended one that was not chosen explicitly)."""


class KeyringLocked(KeyringError):
    title = "Keyring locked"


class KeyringTimeout(KeyringError):
    title = "Keyring not answering"


class KeyringFailed(KeyringError):
    """The backend raised something else."""
