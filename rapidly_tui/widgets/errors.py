"""What an error means and what to do about it, as safe text for a panel.

An error's message may quote the server (a 404 detail, a field name from a 422): it
is untrusted and goes through :func:`rapidly_tui.text.untrusted` like any API string.
"""

from __future__ import annotations

from rich.text import Text

from rapidly_tui.text import untrusted

LOGIN_HINT = "Log in again with `rapidly-tui auth login`, or set RAPIDLY_ACCESS_TOKEN."


def error_title(error: BaseException) -> str:
    title = getattr(error, "title", None)
    return title if isinstance(title, str) else "Unexpected error"


def what_to_do(error: BaseException) -> str:
    """A fixed hint for each kind of failure."""
    from rapidly_tui.api import errors

    if isinstance(error, errors.Unauthorized):
        return LOGIN_HINT
    if isinstance(error, errors.Forbidden):
        if error.scopes:
            return f"Use a token with the scope {' or '.join(error.scopes)}."
        return "Use a token allowed to read this."
    if isinstance(error, errors.NotFound):
        return "Check the id, email or slug, or whether it was deleted."
    if isinstance(error, errors.Invalid):
        # The request is built by the app, not typed by the person: r sends it again.
        return "The server refused the request this version sent; retrying will not help."
    if isinstance(error, errors.RapidlyError) and error.retryable:
        return "Press r to retry."
    if isinstance(error, errors.DecodeError):
        return "The server answered something this version cannot read. Press r to retry."
    if isinstance(error, errors.RapidlyError):
        return "Press r to retry."
    return "This is a bug in rapidly-tui; press r to retry. Run with --log FILE for details."


def describe_error(error: BaseException, *, hint: str | None = None) -> Text:
    """Title, message, request id and the next step (``hint`` when the screen knows
    better, e.g. which filter a 422 refused), on separate lines."""
    from rapidly_tui.api import errors

    text = Text()
    text.append(error_title(error), style="bold")
    text.append("\n")
    if isinstance(error, errors.RapidlyError):
        message: object = error.message
    else:
        # Never the repr or a traceback: the class name says enough.
        message = f"{type(error).__name__} while showing this panel."
    text.append_text(untrusted(message, max_chars=300))
    request_id = getattr(error, "request_id", None)
    if request_id:
        text.append("\nrequest id: ", style="dim")
        text.append_text(untrusted(request_id, max_chars=80))
    text.append("\n")
    text.append(hint or what_to_do(error), style="italic")
    return text


def retry_status(title: str, seconds_left: float, attempt: int, max_attempts: int) -> Text:
    """``Rate limited (429) — retrying in 30 s (try 2 of 3)``."""
    text = Text()
    text.append(title, style="bold")
    seconds = max(0, round(seconds_left))
    when = f"in {seconds} s" if seconds >= 1 else "now"
    text.append(f" — retrying {when} (try {attempt + 1} of {max_attempts})")
    return text
