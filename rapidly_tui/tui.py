"""Entry point of the interactive explorer (``rapidly-tui`` without a command)."""

from __future__ import annotations

import os
import sys
from typing import Any


def run_tui(args: Any) -> int:
    """Run the TUI with the parsed command-line ``args``; returns the exit code."""
    # The explorer uses no pydantic plugins; looking for them scans every installed
    # package's metadata (~30 ms) on the first model class.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

    from rapidly_tui.auth.errors import CredentialsError
    from rapidly_tui.logs import setup_logging

    try:
        # Without --log nothing is written anywhere (and nothing reaches the terminal).
        setup_logging(getattr(args, "log", None))
    except CredentialsError as error:
        print(f"rapidly-tui: {error.message}", file=sys.stderr)
        return error.exit_code

    from rapidly_tui.app import RapidlyApp
    from rapidly_tui.connection import ConnectionOptions

    app = RapidlyApp(
        ConnectionOptions.from_args(args),
        start_workspace=getattr(args, "workspace", None),
        start_customer=getattr(args, "customer", None),
        refresh_seconds=getattr(args, "refresh", None),
    )
    result = app.run()
    if app.return_code:
        return app.return_code
    return result if isinstance(result, int) else 0
