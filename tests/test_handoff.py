"""ui.handoff.Inbox: a run waits for a slow callback still working in another thread."""

from __future__ import annotations

import threading

from ui.handoff import Inbox


def test_first_waits_for_work_in_progress_then_returns_what_it_posted():
    box = Inbox()
    started, release = threading.Event(), threading.Event()
    seen: list[str] = []

    def slow_callback() -> None:
        with box.work() as post:
            started.set()
            release.wait(5)
            post(lambda: seen.append("saved"))

    worker = threading.Thread(target=slow_callback)
    worker.start()
    started.wait(5)
    assert box.first(wait_s=0.05) is None  # still working: nothing to deliver yet
    release.set()
    apply = box.first()
    worker.join()
    assert apply is not None
    apply()
    box.done(apply)
    assert seen == ["saved"] and box.first(wait_s=0) is None


def test_updates_come_in_order_and_stay_until_done():
    box = Inbox()
    with box.work() as post:
        post(a := lambda: None)
        post(b := lambda: None)
    assert box.first() is a
    assert box.first() is a  # an interrupted delivery finds it again
    box.done(b)  # not the oldest: nothing removed
    assert box.first() is a
    box.done(a)
    assert box.first() is b


def test_work_that_fails_does_not_leave_the_inbox_busy():
    box = Inbox()
    try:
        with box.work():
            raise RuntimeError("database gone")
    except RuntimeError:
        pass
    assert box.first(wait_s=0) is None
    assert box._working == 0
