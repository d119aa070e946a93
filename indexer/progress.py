"""Progress bars for long index work (tqdm on stderr; silent when disabled or not a terminal)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


class Progress:
    """Shows progress bars when ``enabled`` and stderr is a terminal."""

    def __init__(self, enabled: bool = True):
        self.disable = None if enabled else True  # None: tqdm turns itself off without a TTY

    def iterate(self, items: Iterable[T], label: str, *, unit: str) -> Iterator[T]:
        """Iterate ``items`` with a bar."""
        items = list(items)
        yield from tqdm(
            items, desc=label, unit=unit, disable=self.disable or not items, leave=False
        )

    @contextmanager
    def bar(self, total: int, label: str, *, unit: str) -> Iterator[Callable[[int], None]]:
        """A bar of ``total`` steps; the context gives a function that adds steps done."""
        with tqdm(
            total=total, desc=label, unit=unit, disable=self.disable or not total, leave=False
        ) as progress:
            yield progress.update
