"""`minutes serve` in a process of its own on a free port, for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`minutes serve` exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"`minutes serve` did not answer within 30 s:\n{log.read_text()}")


@contextmanager
def serving(index: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """The URL of `minutes serve` running on ``index`` (with ``env`` added to its
    environment), its output going to ``log``."""
    port = free_port()
    command = [sys.executable, "-m", "search.cli", "serve", "--index", str(index)]
    command += ["--port", str(port), "--host", "127.0.0.1"]
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
