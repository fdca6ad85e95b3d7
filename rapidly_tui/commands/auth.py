"""``rapidly-tui auth ...`` and ``rapidly-tui info`` (placeholder: credentials work)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    del subparsers, common
