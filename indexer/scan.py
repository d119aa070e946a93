"""Find the files of a corpus folder that the indexer should read."""

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
    """Walk ``root``, leaving out hidden files, ignored paths and ``skip_dirs`` (the index)."""
    root = root.resolve()
    spec = _ignore_spec(root, exclude)
    skip = {d.resolve() for d in skip_dirs}
    result = ScanResult()

    def unreadable(error: OSError) -> None:
        rel = Path(error.filename).relative_to(root).as_posix()
        where = "the corpus folder" if rel == "." else "folder"
        result.problems.append((f"{rel}/", f"{where} cannot be read ({os_error_reason(error)})"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        here = Path(dirpath)
        rel_dir = here.relative_to(root).as_posix()
        dirnames[:] = [
            d
            for d in sorted(dirnames)
            if not d.startswith(".")
            and (here / d).resolve() not in skip
            and not spec.match_file(f"{rel_dir}/{d}/".lstrip("./"))
            and _utf8_name(f"{rel_dir}/{d}".lstrip("./"), NOT_UTF8_FOLDER, result)
        ]
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir != "." else name
            if name.startswith(".") or spec.match_file(rel):
                continue
            if _utf8_name(rel, NOT_UTF8_FILE, result):
                _classify(root, here / name, rel, result)
    return result


def _utf8_name(rel: str, reason: str, result: ScanResult) -> bool:
    """Whether ``rel`` is valid UTF-8; when not, it is a problem, reported with its bytes
    written as \\xNN (Python gives such bytes of a file name as surrogates)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        result.problems.append((shown, reason))
        return False
    return True


def _classify(root: Path, path: Path, rel: str, result: ScanResult) -> None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return  # vanished while we walked: nothing to index
    except OSError as error:  # e.g. in a folder that can be listed but not entered
        result.problems.append((rel, os_error_reason(error)))
        return
    if stat.S_ISLNK(info.st_mode):
        if path.resolve().is_relative_to(root):
            result.skipped.append(rel)  # its target is indexed where it lies
        else:
            result.problems.append((rel, "link to a file outside the corpus (not followed)"))
        return
    entry = FileStat(rel, info.st_size, info.st_mtime_ns)
    if path.name == MEETING_FILE:
        result.meeting_tomls.append(entry)
    elif path.suffix.lower() in SUPPORTED_SUFFIXES:
        result.documents.append(entry)
    elif path.name != "minutes.toml" and rel != SERIES_FILE:
        result.skipped.append(rel)
