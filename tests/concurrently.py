"""Starting several threads at the same moment, for tests of what happens at once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def at_once(action: Callable[[T], R], items: Sequence[T], timeout_s: float = 30) -> list[R]:
    """``action(item)`` for every item, each in its own thread, all released together.

    Returns the results in the order of ``items``; the first error is raised.
    """
    start = threading.Barrier(len(items), timeout=timeout_s)

    def run(item: T) -> R:
        start.wait()
        return action(item)

    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        return list(pool.map(run, items))
