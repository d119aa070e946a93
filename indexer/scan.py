"""Find the files of a corpus folder that the indexer should read.

The walk never stops at one entry: a folder that cannot be read, a link loop, a broken link,
a name that is not UTF-8 or a hidden document is a problem with a reason, and the walk goes on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from indexer.readers import SUPPORTED_SUFFIXES, os_error_reason

IGNORE_FILE = ".minutesignore"
MEETING_FILE = "meeting.toml"
SERIES_FILE = "series.toml"  # the corpus' names of its series (search.settings reads it)
NOT_UTF8_FILE = "the file name is not valid UTF-8: rename the file to index it"
NOT_UTF8_FOLDER = "the folder name is not valid UTF-8: rename the folder to index what it holds"
HIDDEN_FILE = "hidden file (the name starts with a dot): rename it to index it"
LINK_LOOP = "link loop (the link leads back to itself; not followed)"
BROKEN_LINK = "broken link (its target does not exist)"
LINK_OUTSIDE = "link to a {kind} outside the corpus (not followed)"
NOT_REGULAR = "not a regular file"
_MAC_METADATA = "._"  # AppleDouble files beside every file copied from a Mac: not documents


@dataclass(frozen=True)
class FileStat:
    """A file of the corpus: its path relative to the corpus root (POSIX) and its stat."""

    rel: str
    size: int
    mtime_ns: int


@dataclass
class ScanResult:
    """What a walk of the corpus found."""

    documents: list[FileStat] = field(default_factory=list)
    meeting_tomls: list[FileStat] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # types we do not read
    # (rel path, reason) of what cannot be read; a folder's path ends in "/"
    problems: list[tuple[str, str]] = field(default_factory=list)


def _ignore_spec(root: Path, exclude: Sequence[str]) -> pathspec.PathSpec:
    lines = list(exclude)
    ignore_file = root / IGNORE_FILE
    if ignore_file.is_file():
        lines += ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
    return pathspec.GitIgnoreSpec.from_lines(lines)


def scan_corpus(
    root: Path, *, exclude: Sequence[str] = (), skip_dirs: Sequence[Path] = ()
) -> ScanResult:
    """Walk ``root``, leaving out hidden folders, ignored paths and ``skip_dirs`` (the index)."""
    walk = _Walk(root.resolve(), _ignore_spec(root.resolve(), exclude), skip_dirs)
    walk.run()
    return walk.result


class _Walk:
    """One depth-first walk (iterative: no depth of folders is too deep), in name order."""

    def __init__(self, root: Path, spec: pathspec.PathSpec, skip_dirs: Sequence[Path]):
        self.root, self.spec = root, spec
        self.ignoring = bool(spec.patterns)  # matching costs even without a pattern
        self.skip = {d.resolve() for d in skip_dirs}
        self.result = ScanResult()

    def run(self) -> None:
        pending = [""]
        while pending:
            rel_dir = pending.pop()
            entries = self._entries(rel_dir)
            folders = [e for e in entries if _is_folder(e) and self._wanted_folder(rel_dir, e)]
            pending += reversed([_join(rel_dir, e.name) for e in folders])
            for entry in entries:
                if not _is_folder(entry):
                    self._file(entry, _join(rel_dir, entry.name))

    def _entries(self, rel_dir: str) -> list[os.DirEntry[str]]:
        """The entries of a folder in name order; none, and a problem, when it cannot be read."""
        try:
            with os.scandir(self.root / rel_dir) as listing:
                return sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            where = "the corpus folder" if not rel_dir else "folder"
            shown = f"{_shown(rel_dir)}/" if rel_dir else "./"
            self.problem(shown, f"{where} cannot be read ({os_error_reason(error)})")
            return []

    def _wanted_folder(self, rel_dir: str, entry: os.DirEntry[str]) -> bool:
        rel = _join(rel_dir, entry.name)
        if entry.name.startswith(".") or Path(entry.path) in self.skip:
            return False
        if self.ignoring and self.spec.match_file(rel + "/"):
            return False
        if not _is_utf8(rel):
            self.problem(_shown(rel), NOT_UTF8_FOLDER)
            return False
        return True

    def _file(self, entry: os.DirEntry[str], rel: str) -> None:
        if entry.name.startswith(_MAC_METADATA) or (self.ignoring and self.spec.match_file(rel)):
            return
        if entry.name.startswith("."):  # hidden: named only when it would be read
            if _suffix(entry.name) in SUPPORTED_SUFFIXES:
                self.problem(_shown(rel), HIDDEN_FILE)
        elif not _is_utf8(rel):
            self.problem(_shown(rel), NOT_UTF8_FILE)
        elif entry.is_symlink():
            self._link(entry, rel)
        else:
            self._classify(entry, rel)

    def _link(self, entry: os.DirEntry[str], rel: str) -> None:
        """A link is not followed: its target is indexed where it lies, inside the corpus."""
        try:
            target = Path(entry.path).resolve(strict=True)
        except FileNotFoundError:
            self.problem(rel, BROKEN_LINK)
        except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop
            self.problem(rel, LINK_LOOP)
        else:
            if target.is_relative_to(self.root):
                if not target.is_dir():
                    self.result.skipped.append(rel)
            else:
                kind = "folder" if target.is_dir() else "file"
                self.problem(rel, LINK_OUTSIDE.format(kind=kind))

    def _classify(self, entry: os.DirEntry[str], rel: str) -> None:
        try:
            info = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            return  # vanished while we walked: nothing to index
        except OSError as error:  # e.g. in a folder that can be listed but not entered
            self.problem(rel, os_error_reason(error))
            return
        found = FileStat(rel, info.st_size, info.st_mtime_ns)
        is_toml = entry.name == MEETING_FILE
        if not (is_toml or _suffix(entry.name) in SUPPORTED_SUFFIXES):
            if entry.name != "minutes.toml" and rel != SERIES_FILE:
                self.result.skipped.append(rel)
        elif not stat.S_ISREG(info.st_mode):  # a FIFO would block whoever opens it
            self.problem(rel, NOT_REGULAR)
        else:
            (self.result.meeting_tomls if is_toml else self.result.documents).append(found)

    def problem(self, rel: str, reason: str) -> None:
        self.result.problems.append((rel, reason))


def _suffix(name: str) -> str:
    """A file name's suffix in lower case, as PurePath's ``suffix`` (".md"; none for ".x")."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _join(rel_dir: str, name: str) -> str:
    return f"{rel_dir}/{name}" if rel_dir else name


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A real folder (a link to one is a link, and is not followed)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_utf8(rel: str) -> bool:
    """Whether ``rel`` is valid UTF-8 (Python gives a name's other bytes as surrogates)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(rel: str) -> str:
    """A path as the summary shows it: bytes that are not UTF-8 written as \\xNN."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
