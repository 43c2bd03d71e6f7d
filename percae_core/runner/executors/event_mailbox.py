"""The Ray actor through which running cells' events reach the driver, in the order they were sent.

Tasks post ``(cell_id, event)``; the driver drains the mailbox between waits and feeds each event
to that cell's recording sink (epoch rows) and to the progress display. Ray runs an actor's
method calls from one caller in order, so a cell's events arrive in order; the driver drains
after a task has returned, by which time all its posts have been received.
"""

from __future__ import annotations

from typing import Any

from percae_core.events import Event


class EventMailbox:
    def __init__(self) -> None:
        self.items: list[tuple[int, Event]] = []

    def post(self, cell_id: int, event: Event) -> None:
        self.items.append((cell_id, event))

    def drain(self) -> list[tuple[int, Event]]:
        items, self.items = self.items, []
        return items


def start_mailbox(ray: Any) -> Any:
    """A mailbox actor that reserves no CPU, so it never takes a cell's place."""
    return ray.remote(EventMailbox).options(num_cpus=0).remote()
