"""File-system checks of path settings: what kind of thing a path names, and its permissions.

Each check raises Invalid (from ``setting_values``); the settings loader says which setting
and where its value came from.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any, Literal

from search.setting_values import Invalid, shown

Kind = Literal["folder", "other"]


def _kind(path: Path) -> Kind | None:
    """A folder, something else (a file, a broken link), or None when nothing is there."""
    try:
        return "folder" if stat.S_ISDIR(os.stat(path).st_mode) else "other"
    except FileNotFoundError:
        return "other" if os.path.islink(path) else None
    except NotADirectoryError:
        return None
    except PermissionError:
        raise Invalid("not_readable", path) from None


def readable_folder(path: Path) -> None:
    """``path`` is an existing folder whose files can be listed and read."""
    kind = _kind(path)
    if kind is None:
        raise Invalid("missing", path)
    if kind != "folder":
        raise Invalid("not_a_folder", path)
    if not os.access(path, os.R_OK | os.X_OK):
        raise Invalid("not_readable", path)


def index_folder(path: Path, *, writable: bool) -> None:
    """``path`` is a folder (``writable``: one to write in), or can become one later."""
    kind = _kind(path)
    if kind == "other":
        raise Invalid("not_a_folder", path)
    if kind == "folder":
        if not os.access(path, os.R_OK | os.X_OK):
            raise Invalid("not_readable", path)
        if writable and not os.access(path, os.W_OK):
            raise Invalid("not_writable", path)
        return
    parent = next(p for p in path.absolute().parents if _kind(p) is not None)
    if _kind(parent) != "folder":
        raise Invalid("not_a_folder", parent)
    if writable and not os.access(parent, os.W_OK | os.X_OK):
        raise Invalid("cannot_create", path, shown(parent))


def appendable_file(path: Path) -> None:
    """``path`` is a file that can be appended to, or can be created in its folder."""
    kind = _kind(path)
    if kind == "folder":
        raise Invalid("not_a_file", path)
    if kind is not None:
        if not os.access(path, os.W_OK):
            raise Invalid("not_writable", path)
        return
    parent = path.absolute().parent
    if _kind(parent) != "folder":
        raise Invalid("missing", parent)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise Invalid("cannot_create", path, shown(parent))


def read_toml(path: Path, *, required: bool) -> dict[str, Any]:
    """The TOML file at ``path``; empty when it is missing and not ``required``."""
    kind = _kind(path)
    if kind is None and not required:
        return {}
    if kind is None:
        raise Invalid("missing", path)
    if kind == "folder":
        raise Invalid("not_a_file", path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except PermissionError:
        raise Invalid("not_readable", path) from None
    except OSError as error:
        raise Invalid("not_readable", path, error.strerror or "") from None
    except UnicodeDecodeError:
        raise Invalid("not_utf8", path) from None
    except tomllib.TOMLDecodeError as error:
        raise Invalid("bad_toml", path, str(error)) from None
    except RecursionError:
        raise Invalid("too_deep", path) from None


def text_lines(path: Path) -> list[str]:
    """The lines of the text file at ``path`` (none when there is no file)."""
    if _kind(path) is None:
        return []
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except IsADirectoryError:
        raise Invalid("not_a_file", path) from None
    except OSError:
        raise Invalid("not_readable", path) from None
