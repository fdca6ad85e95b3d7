"""Following a newest-first, offset-paged list: nothing lost, nothing twice, bounded."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from rapidly_tui.follow import Follower, PollSchedule


class GrowingList:
    """A server list, newest first, offset-paged, that grows between polls."""

    def __init__(self, count: int, page_size: int) -> None:
        self.rows = list(range(count, 0, -1))  # newest (highest id) first
        self.page_size = page_size
        self.requests: list[int] = []

    def arrive(self, count: int) -> list[int]:
        top = self.rows[0] if self.rows else 0
        fresh = list(range(top + count, top, -1))
        self.rows[:0] = fresh
        return fresh

    async def page(self, number: int) -> Sequence[int]:
        self.requests.append(number)
        start = (number - 1) * self.page_size
        return self.rows[start : start + self.page_size]


def follower(server: GrowingList, **kwargs: int) -> Follower[int]:
    return Follower(server.page, key=lambda row: row, page_size=server.page_size, **kwargs)


async def test_nothing_new_costs_one_request_and_returns_nothing() -> None:
    server = GrowingList(25, page_size=10)
    follow = follower(server)
    follow.remember(server.rows[:10])
    result = await follow.poll()
    assert result.new == []
    assert server.requests == [1]


async def test_rows_arriving_across_a_page_boundary_are_all_returned_once() -> None:
    server = GrowingList(25, page_size=10)
    follow = follower(server)
    follow.remember(server.rows[:10])
    fresh = server.arrive(14)  # more than a page: the first seen row is now on page 2
    result = await follow.poll()
    assert result.new == fresh
    assert len(set(result.new)) == len(result.new)
    assert server.requests == [1, 2]
    assert not result.gap
    # The next poll finds nothing again: what was returned is remembered.
    assert (await follow.poll()).new == []


async def test_an_empty_list_at_start_then_rows() -> None:
    server = GrowingList(0, page_size=10)
    follow = follower(server)
    assert (await follow.poll()).new == []
    fresh = server.arrive(3)
    result = await follow.poll()
    assert result.new == fresh
    assert not result.gap


async def test_more_than_max_pages_of_arrivals_says_there_is_a_gap() -> None:
    server = GrowingList(5, page_size=10)
    follow = follower(server, max_pages=2)
    follow.remember(server.rows)
    server.arrive(45)
    result = await follow.poll()
    assert len(result.new) == 20
    assert result.gap


async def test_memory_is_bounded_over_ten_thousand_arrivals() -> None:
    server = GrowingList(0, page_size=100)
    follow = follower(server, recent=500)
    total = 0
    for _ in range(100):
        server.arrive(100)
        result = await follow.poll()
        total += len(result.new)
        server.rows = server.rows[:300]  # the fake server need not keep everything either
    assert total == 10_000
    assert follow.remembered <= 500


def test_schedule_backs_off_while_quiet_and_snaps_back_on_activity() -> None:
    schedule = PollSchedule()
    delays = [schedule.after_nothing() for _ in range(10)]
    assert delays[0] == pytest.approx(4.5)
    assert delays == sorted(delays)
    assert delays[-1] == 30.0
    assert schedule.after_new_rows() == 3.0


def test_schedule_honours_retry_after_beyond_its_ceiling() -> None:
    schedule = PollSchedule()
    assert schedule.after_failure(retry_after=60.0) == 60.0
    assert schedule.after_failure() == 30.0  # then back within the ceiling
    assert schedule.after_failure(retry_after=1.0) == 30.0
