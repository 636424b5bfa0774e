"""A small in-process cache for the dashboard's aggregates, invalidated by any write.

Every write in Truceline appends to the change log in its transaction, and each entry's hash
chains all those before it, so the newest ``entry_hash`` (:func:`truceline.ledger.services.head`)
is a version of the whole store: a cached answer is reused only while that hash is unchanged.
Reading it is one primary-key lookup. The head only moves forward, so an answer kept for an
older head can never be used again: it is dropped when an answer for the new head is kept (some
answers are large, such as the compliance verdicts of a million incidents).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy.orm import Session

from truceline.ledger.services import head

T = TypeVar("T")


class VersionedCache:
    """Answers kept by key for the store's version they were computed on; at most ``size`` of
    them, the least recently used dropped first."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        if self.size <= 0:
            return compute()
        version = head(session)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == version:
                self._items.move_to_end(key)
                return hit[1]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            for stale in [k for k, (kept_for, _) in self._items.items() if kept_for != version]:
                del self._items[stale]
            self._items[key] = (version, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


def app_cache(request: Request) -> VersionedCache:
    """The application's cache (``app.state.cache``, set where the app is made)."""
    cache: VersionedCache = request.app.state.cache
    return cache
