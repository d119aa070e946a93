"""The publish guard: a build that would drop too much of the published index is not published.

A corpus in which every file fails (a file-size limit of zero, an unreadable folder) or that is
suddenly empty (an unmounted share) must not replace a full index by an empty one. By default
a build may not drop every published document, nor more than half of them when more than
``MANY_FAILURES`` files fail; the setting ``max_shrink`` sets the share instead, and
``--allow-shrink`` lets any build through.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from indexer.summary import BuildSummary

MANY_FAILURES = 20  # more failed files than this make dropping over half the documents suspect


class ShrinkRefused(Exception):
    """The build would drop too much of the published index and was not published."""

    def __init__(self, message: str, summary: BuildSummary):
        super().__init__(message)
        self.summary = summary


@dataclass(frozen=True)
class ShrinkPolicy:
    """How much of the published documents a build may drop and still be published."""

    max_share: float | None = None  # None: not all of them, nor over half with many failures
    allow: bool = False  # --allow-shrink: publish whatever the build holds

    def refusal(
        self, published: Collection[str], kept: Collection[str], failed: Sequence[tuple[str, str]]
    ) -> str | None:
        """Why a build keeping ``kept`` of the ``published`` documents, with ``failed``
        (path, reason) pairs, must not be published; None when it may be."""
        dropped = set(published) - set(kept)
        if self.allow or not dropped or not self._too_many(len(dropped), len(published), failed):
            return None
        unreadable = sum(_unreadable(path, failed) for path in dropped)
        return (
            f"not published: the new snapshot would drop {len(dropped)} of the "
            f"{len(published)} documents in the published index ({unreadable} could not be "
            f"read, {len(dropped) - unreadable} are no longer in the corpus folder); the "
            "published index is unchanged. Check the corpus folder, or run again with "
            "--allow-shrink to publish it anyway"
        )

    def _too_many(self, dropped: int, published: int, failed: Sequence[tuple[str, str]]) -> bool:
        if self.max_share is not None:
            return dropped > self.max_share * published
        return dropped == published or (len(failed) > MANY_FAILURES and dropped > published / 2)


def _unreadable(path: str, failed: Sequence[tuple[str, str]]) -> bool:
    """Whether ``path`` failed, itself or as part of a folder that failed (ending in "/")."""
    return any(
        path == where or where == "./" or (where.endswith("/") and path.startswith(where))
        for where, _reason in failed
    )
