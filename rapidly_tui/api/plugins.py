"""Start-up without pydantic's plugin discovery.

pydantic looks for plugins (entry points of the ``pydantic`` group) when it builds its
first validator: its loader module imports ``importlib.metadata`` (and with it zipfile,
csv, email...; ~13 ms of a ~430 ms cold start here) even when plugins are turned off.
rapidly-tui uses no pydantic plugin, so it turns them off and stands in for that loader
with one that finds none, which is what pydantic's own loader returns under
``PYDANTIC_DISABLE_PLUGINS=__all__``. Tests check both halves against the pinned
pydantic (tests/unit/test_plugins.py).

Headless and cheap: importing this module imports neither pydantic nor httpx.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterable
from typing import Any

#: pydantic's plugin loader (a private module, pinned with pydantic in uv.lock).
LOADER = "pydantic.plugin._loader"


def _no_plugins() -> Iterable[Any]:
    return ()


def disable_pydantic_plugins() -> None:
    """Turn pydantic plugins off for this process, before pydantic builds a validator.

    The person's own ``PYDANTIC_DISABLE_PLUGINS`` wins: when it names only some
    plugins, pydantic's loader runs as usual.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] not in ("__all__", "1", "true"):
        return
    if LOADER in sys.modules:
        return  # pydantic already looked (or a test imported it): nothing left to save
    loader = types.ModuleType(LOADER, "rapidly-tui: pydantic plugins are turned off")
    loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[LOADER] = loader
