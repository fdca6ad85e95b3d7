"""The Rapidly dashboard URL of a customer, and whether a GUI browser can show it.

On-call people are often on a server over SSH: there, "open in browser" would start
a text-mode browser inside the TUI's terminal (or nothing at all). So the app opens a
browser only when a graphical one can plausibly run here, and otherwise shows and
copies the URL.

Dashboards: production API https://api.rapidly.tech -> https://rapidly.tech/dashboard,
sandbox https://sandbox-api.rapidly.tech -> https://sandbox.rapidly.tech/dashboard.
For the demo and self-hosted servers there is no known dashboard: the app says so.
The web dashboard has no page for one customer (in the public rapidly-tech/rapidly web
client, /dashboard/{workspace}/customers is the workspace's list), so the link is the
workspace's customers page; the customer's id and email are one key away (``y``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from urllib.parse import quote

PRODUCTION_API = "https://api.rapidly.tech"
SANDBOX_API = "https://sandbox-api.rapidly.tech"
DASHBOARDS = {
    PRODUCTION_API: "https://rapidly.tech/dashboard",
    SANDBOX_API: "https://sandbox.rapidly.tech/dashboard",
}
#: Browsers that draw in the terminal: never started from the TUI.
TEXT_BROWSERS = frozenset({"lynx", "w3m", "links", "elinks", "www-browser", "links2", "browsh"})


def dashboard_url(server_url: str, workspace_slug: str) -> str | None:
    """The workspace's customers page on the dashboard, or ``None`` when the server has
    no known dashboard."""
    base = DASHBOARDS.get(server_url.rstrip("/"))
    if base is None:
        return None
    # The slug comes from the API: percent-encode it so that it stays one path segment.
    return f"{base}/{quote(workspace_slug, safe='')}/customers"


def can_open_gui_browser(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether a graphical browser can run for this session.

    Not over SSH; on Linux and BSDs only with a display (X11 or Wayland); on macOS
    and Windows, yes.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"):
        return False
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def _is_text_browser(command: str) -> bool:
    names = {os.path.basename(part.split()[0]) for part in command.split(os.pathsep) if part}
    return bool(names & TEXT_BROWSERS)


def open_in_gui_browser(url: str, env: Mapping[str, str] | None = None) -> bool:
    """Open ``url`` in a graphical browser; ``False`` when that is not possible here.

    Blocking (a browser launcher may take a moment): call it from a thread.
    """
    env = os.environ if env is None else env
    if not can_open_gui_browser(env):
        return False
    if _is_text_browser(env.get("BROWSER", "")):
        return False
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    # Console browsers are registered as plain GenericBrowser; GUI ones as
    # BackgroundBrowser or a dedicated class.
    name = getattr(browser, "name", "") or ""
    if type(browser) is webbrowser.GenericBrowser or _is_text_browser(name):
        return False
    try:
        return bool(browser.open(url, new=2))
    except Exception:  # a launcher failing is "could not open", never a crash
        return False
