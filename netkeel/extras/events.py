"""Change events: the change log publishes each recorded change here, and whatever reacts to changes
(webhooks today) subscribes. Publishing happens inside the change's transaction; a subscriber that does
anything outside the database defers it with `transaction.on_commit`, so a rolled-back change sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Subscriber = Callable[[Any], None]  # called with the extras.ObjectChange just written

_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> None:
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def unsubscribe(subscriber: Subscriber) -> None:
    if subscriber in _subscribers:
        _subscribers.remove(subscriber)


def publish(change: Any) -> None:
    for subscriber in list(_subscribers):
        subscriber(change)
