"""Data commands (``customers list`` ...), placeholder until the commands work lands."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    del subparsers, common
