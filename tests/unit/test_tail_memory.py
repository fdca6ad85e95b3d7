"""A tail's memory stays flat however many items arrive (rapidly_tui/commands/tail.py):
10,000 items arrive, 100 between two polls, through a fake list that makes its pages
on the fly; every item is printed once and the memory in use does not grow."""

from __future__ import annotations

import argparse
import asyncio
import gc
import io
import tracemalloc
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, cast

import pytest

from rapidly_tui.commands import tail
from rapidly_tui.commands.base import listing
from rapidly_tui.commands.common import CommandContext
from rapidly_tui.present import resources

BASE = datetime(2026, 11, 1, tzinfo=timezone.utc)


class Item:
    __slots__ = ("created_at", "id")

    def __init__(self, number: int) -> None:
        self.id = f"item-{number}"
        self.created_at = BASE + timedelta(seconds=number)

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id}


class Source:
    """A newest-first list of ``count`` items, numbered from 0; nothing kept."""

    def __init__(self) -> None:
        self.count = 50

    async def fetch(self, page: int, limit: int) -> Sequence[Item]:
        newest = self.count - 1 - (page - 1) * limit
        return [Item(n) for n in range(newest, max(newest - limit, -1), -1)]


class CountingSink(io.StringIO):
    """stdout that counts lines and distinct ids without keeping them all."""

    def __init__(self) -> None:
        super().__init__()
        self.lines = 0
        self.last_number = -1
        self.out_of_order = 0

    def write(self, text: str) -> int:
        for line in text.splitlines():
            number = int(line.split("item-")[1].split('"')[0])
            if number != self.last_number + 1:
                self.out_of_order += 1
            self.last_number = number
            self.lines += 1
        return len(text)


class Done(Exception):
    pass


def test_ten_thousand_arriving_items_are_printed_once_in_constant_memory() -> None:
    source = Source()
    source.count = 0
    sink = CountingSink()
    args = argparse.Namespace(output_format="jsonl", since=None)
    context = CommandContext(args, cast(Any, None), cast(Any, None), sink, io.StringIO())
    polls = 0
    usage: dict[int, int] = {}

    async def sleep(_seconds: float) -> None:
        nonlocal polls
        polls += 1
        if polls in (20, 100):
            gc.collect()
            usage[polls] = tracemalloc.get_traced_memory()[0]
        if polls > 100:
            raise Done
        source.count += 100  # 100 new items before each poll

    tracemalloc.start()
    try:
        with pytest.raises(Done):
            asyncio.run(
                tail._follow(
                    context,
                    listing(resources.PAYMENT),
                    source.fetch,
                    when=lambda item: item.created_at,
                    schedule=None,
                    sleep=sleep,
                )
            )
    finally:
        tracemalloc.stop()
    assert sink.lines == 10_000
    assert sink.out_of_order == 0  # each once, oldest first, none lost
    # 8,000 more items went through between the two measures: memory did not follow.
    assert usage[100] - usage[20] < 200_000, usage
