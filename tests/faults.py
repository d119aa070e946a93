"""Real faults for the tests: a file-size limit, folders without permissions even for root,
read-only bind mounts and small tmpfs disks (the last two need mount privileges)."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from indexer.store import IndexDir

# No .pyc is written under a file-size limit before the command has set itself up for it.
NO_BYTECODE = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


def run(
    command: Sequence[str], *, file_size: int | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``command``; with ``file_size``, no file it writes may grow past that many bytes
    (`ulimit -f`: the write fails with EFBIG and the process is sent SIGXFSZ)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run(
        list(command),
        preexec_fn=limit if file_size is not None else None,
        env={**NO_BYTECODE, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def without_root_file_access() -> list[str]:
    """A command prefix under which file permissions apply, even when the tests run as root."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root and setpriv (util-linux) is missing")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def _can_mount() -> bool:
    probe = ["unshare", "--mount", "sh", "-c", "mount -t tmpfs none /mnt"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def require_mount() -> None:
    if shutil.which("unshare") is None or not _can_mount():
        pytest.skip("mounting needs root (CAP_SYS_ADMIN) and unshare")


def read_only_mount(folder: Path) -> list[str]:
    """A command prefix that runs the command in its own mount namespace, where ``folder`` is
    bind-mounted read-only on itself (the real folder stays writable for everyone else)."""
    require_mount()
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(folder)]


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """``folder`` as a tmpfs of ``size`` (e.g. "2m") for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]
    if shutil.which("mount") is None or subprocess.run(mount, capture_output=True).returncode:
        pytest.skip("mounting a tmpfs needs root (CAP_SYS_ADMIN)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` with one file until at most ``leave`` bytes are free; returns the file."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as handle:
        try:
            handle.write(b"\0" * max(0, free - leave))
            handle.flush()
        except OSError:
            pass  # the disk filled up before the last bytes: that is the point
    return filler


def snapshot_names(index: Path) -> set[str]:
    """The snapshot folders of ``index``, complete or not."""
    folder = IndexDir(index).snapshots
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def one_line_error(result: subprocess.CompletedProcess[str], status: int = 1) -> str:
    """The error line of a command that failed as a user error: one line, exit status 1 (at
    run time) or 2 (a setting that cannot be used)."""
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]
