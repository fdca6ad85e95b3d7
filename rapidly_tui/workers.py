"""Start async workers from a coroutine *factory*, never from a coroutine object.

Textual's exclusive workers cancel the previous worker of their group; one cancelled
before it started never awaits a coroutine object it was given (a RuntimeWarning, and
with it whatever the coroutine holds). A factory is only called when the worker runs.
Failures are always handled by the caller, so a worker error never exits the app.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.worker import Worker


def run_async_worker(
    node: DOMNode,
    work: Callable[[], Coroutine[Any, Any, None]],
    *,
    group: str,
    name: str = "",
    exclusive: bool = True,
) -> Worker[None]:
    """Run ``work()`` as an exclusive worker of ``node`` in ``group``."""
    # The annotation gives mypy the result type it cannot infer from run_worker's union.
    worker: Worker[None] = node.run_worker(
        work, name=name, group=group, exclusive=exclusive, exit_on_error=False
    )
    return worker
