"""A follower whose caller remembers what it shows (the customer screen): an answer the
caller drops is read again by the next poll, not lost."""

from __future__ import annotations

from tests.unit.test_follow import GrowingList, follower


async def test_a_dropped_answer_is_read_again_by_the_next_poll() -> None:
    server = GrowingList(30, page_size=10)
    follow = follower(server)
    follow.remember(server.rows[:10])
    fresh = server.arrive(13)  # more than a page between two polls
    dropped = await follow.poll(remember=False)
    assert dropped.new == fresh
    again = await follow.poll(remember=False)
    assert again.new == fresh  # the first answer was never shown: nothing is lost
    follow.remember(again.new)  # shown now
    later = server.arrive(2)
    assert (await follow.poll(remember=False)).new == later  # each arrival once
