"""Progress bars for long index work (tqdm on stderr; silent when disabled or not a terminal)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm


class Progress:
    """Shows progress bars when ``enabled`` and stderr is a terminal."""

    def __init__(self, enabled: bool = True):
        self.disable = None if enabled else True  # None: tqdm turns itself off without a TTY

    @contextmanager
    def bar(self, label: str, *, unit: str) -> Iterator[Bar]:
        """A bar whose total is set when the work is known (``start``)."""
        with tqdm(desc=label, unit=unit, disable=self.disable, leave=False) as progress:
            yield Bar(progress)


class Bar:
    """A progress bar driven by a total and a running count."""

    def __init__(self, progress: tqdm):
        self._progress = progress

    def start(self, total: int) -> None:
        self._progress.reset(total=total)

    def reached(self, done: int) -> None:
        """Show ``done`` steps finished (a running count, not an increment)."""
        self._progress.update(done - self._progress.n)
