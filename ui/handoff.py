"""What a slow callback learned, handed to the session by the script run that shows it.

When the user acts while a script run is busy, Streamlit (``runner.fastReruns``, on by default)
tells the busy run to stop and starts the next run at once in a new thread. The old run stops at
its next access to ``st.session_state`` or ``st.query_params`` — inside widget callbacks too —
and whatever it would have written there is lost. So a callback that saves something and then
writes the session could save and lose what it meant to tell the user: a staff login was thrown
away after its password check, and a sign-up was stored but never confirmed, whenever the user
(or the map's first value) acted during the slow part.

So a slow callback reads what it needs from the session first, then does the slow work inside
``with handoff.inbox().work() as post:`` without touching ``st.*``, and posts what the session
should learn as a function of no arguments. :func:`deliver`, called at the start of every run,
waits for work in progress in the same session, then applies posted functions in order. Each
one only sets values, so it is safe to repeat; it stays posted until it has run to the end, so
a delivery that is itself interrupted is simply made again by the next run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st

KEY = "handoff_inbox"  # no "staff_" prefix: logging out keeps it
WAIT_S = 60.0  # longest a run waits for slow work (a save is bounded by the database timeouts)

Apply = Callable[[], None]


class Inbox:
    """One session's posted updates, oldest first, and how much slow work is still going on."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._working = 0
        self._posted: list[Apply] = []

    @contextmanager
    def work(self) -> Iterator[Callable[[Apply], None]]:
        """Mark slow work in progress; yields ``post`` for what the session should learn."""
        with self._changed:
            self._working += 1
        try:
            yield self._post
        finally:
            with self._changed:
                self._working -= 1
                self._changed.notify_all()

    def _post(self, apply: Apply) -> None:
        with self._changed:
            self._posted.append(apply)

    def first(self, wait_s: float = WAIT_S) -> Apply | None:
        """The oldest posted update, once no work is in progress (or ``wait_s`` has passed)."""
        with self._changed:
            self._changed.wait_for(lambda: self._working == 0, timeout=wait_s)
            return self._posted[0] if self._posted else None

    def done(self, apply: Apply) -> None:
        with self._changed:
            if self._posted and self._posted[0] is apply:
                self._posted.pop(0)


def inbox() -> Inbox:
    """The session's inbox; take it before the slow work (this touches the session)."""
    box = st.session_state.get(KEY)
    if not isinstance(box, Inbox):
        box = Inbox()
        st.session_state[KEY] = box
    return box


def deliver() -> None:
    """Apply everything posted, in order; call at the start of every run, before any page."""
    box = st.session_state.get(KEY)
    if not isinstance(box, Inbox):
        return
    while (apply := box.first()) is not None:
        apply()
        box.done(apply)
