"""Who may read what in the web app.

The ``access`` setting maps gitignore-style patterns of a document's path in the corpus to the
groups that may read it (``"*/styrelse/**" = ["styrelsen"]``), or to ``"everyone"`` who signs
in. The rules apply in the order written: the last one that matches a document decides, as in
a .gitignore, and a document no rule matches is read by everyone who signs in. A user's groups
are the values of one claim of their ID token (``groups``, ``roles``) and the groups whose
e-mail allow-list holds their address.

``Access`` is one user's view: which documents they may read, as a mask for retrieval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pathspec

EVERYONE = "everyone"  # a rule's readers: everyone who signs in
_MATCH_ALL = {"*", "**", "**/*"}  # patterns that match every path


@dataclass(frozen=True)
class Rule:
    """A pattern of corpus paths and the groups that may read them (None: everyone)."""

    pattern: str
    groups: tuple[str, ...] | None


@dataclass(frozen=True)
class AccessRules:
    """The rules in the order written; the last that matches a path decides."""

    rules: tuple[Rule, ...]

    def readers(self, path: str) -> tuple[str, ...] | None:
        """The groups that may read the document at ``path`` (None: everyone who signs in)."""
        return _readers(self.rules, path)


def matches_every_path(pattern: str) -> bool:
    """Whether ``pattern`` matches every document (``*``, ``**``, ``/**``, ``**/*``)."""
    return pattern.strip("/") in _MATCH_ALL


@lru_cache(maxsize=1024)
def _spec(pattern: str) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines([pattern])


@lru_cache(maxsize=100_000)
def _readers(rules: tuple[Rule, ...], path: str) -> tuple[str, ...] | None:
    for rule in reversed(rules):
        if _spec(rule.pattern).match_file(path):
            return rule.groups
    return None


@dataclass(frozen=True)
class Access:
    """What one signed-in user may read: the rules and the user's groups (sorted)."""

    rules: AccessRules
    groups: tuple[str, ...]

    def may_read(self, path: str) -> bool:
        """Whether the user may read the document at ``path`` (relative to the corpus)."""
        readers = self.rules.readers(path)
        return readers is None or not set(readers).isdisjoint(self.groups)

    def readable(self, paths: Sequence[str]) -> np.ndarray:
        """Which of the documents at ``paths`` the user may read, as a mask."""
        return np.fromiter((self.may_read(path) for path in paths), dtype=bool, count=len(paths))


def user_groups(
    claims: Mapping[str, Any], claim: str, emails: Mapping[str, frozenset[str]]
) -> tuple[str, ...]:
    """A user's groups, sorted: the strings of the ID token's ``claim`` (a list, or one
    string; anything else or nothing counts as no group) and each group whose allow-list in
    ``emails`` holds the user's address (unless the provider says it is not verified)."""
    value = claims.get(claim)
    listed = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    groups = {group for group in listed if isinstance(group, str) and group}
    email = claims.get("email")
    if isinstance(email, str) and claims.get("email_verified") is not False:
        address = email.strip().casefold()
        groups |= {group for group, allowed in emails.items() if address in allowed}
    return tuple(sorted(groups))
