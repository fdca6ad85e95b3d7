"""The demo server's order of a list: newest (or oldest) first, ties by id.

Every page of a list sorts all of it again; sorting by a time takes a shorter path
than other keys (rapidly_tui/demo/query.py). Pages must follow one another the same
way whichever path sorted them: a row repeated or skipped between two pages of equal
times would show in the browsers.
"""

from __future__ import annotations

import random
import uuid

import pytest

from rapidly_tui.demo.query import sort_items


def _general_order(items: list[dict], key: str, descending: bool) -> list[dict]:
    """The order a sort by id, then by the key (stable), gives: ties by id ascending."""
    by_id = sorted(items, key=lambda item: item["id"])
    return sorted(by_id, key=lambda item: item["_ts"], reverse=descending)


def _items(count: int, distinct_times: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [
        {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "_ts": float(rng.randrange(distinct_times)),
            "created_at": "",
        }
        for _ in range(count)
    ]


@pytest.mark.parametrize("key", ["created_at", "timestamp"])
@pytest.mark.parametrize("descending", [True, False])
def test_equal_times_are_listed_by_id_in_both_directions(key: str, descending: bool) -> None:
    items = _items(500, distinct_times=40, seed=3)  # many rows share each time
    got = sort_items(items, [(key, descending)])
    assert [i["id"] for i in got] == [i["id"] for i in _general_order(items, key, descending)]


def test_distinct_times_keep_time_order_whatever_the_ids() -> None:
    items = _items(300, distinct_times=10**9, seed=5)
    got = sort_items(items, [("created_at", True)])
    assert [i["_ts"] for i in got] == sorted((i["_ts"] for i in items), reverse=True)
    assert sorted(i["id"] for i in got) == sorted(i["id"] for i in items)


def test_a_time_after_another_key_still_sorts_the_general_way() -> None:
    items = [
        {"id": "b", "_ts": 1.0, "name": "x"},
        {"id": "a", "_ts": 2.0, "name": "x"},
        {"id": "c", "_ts": 2.0, "name": None},
    ]
    got = sort_items(items, [("name", False), ("created_at", True)])
    assert [i["id"] for i in got] == ["a", "b", "c"]  # nulls last ascending
