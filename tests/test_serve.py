"""`minutes serve` starts the web app on the asked address and port (no browser needed)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from search.cli import cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.read().decode()
    except OSError:
        return None


def test_serve_answers_on_the_given_port(tmp_path: Path):
    port = _free_port()
    command = [sys.executable, "-m", "search.cli", "serve", "--index", str(tmp_path / "index")]
    command += ["--port", str(port), "--host", "127.0.0.1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while _get(f"http://127.0.0.1:{port}/_stcore/health") != "ok":
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "the server did not start within 30 s"
            time.sleep(0.2)
        assert "<noscript>" in _get(f"http://127.0.0.1:{port}/")
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert f"at http://127.0.0.1:{port}" in output
    assert str((tmp_path / "index").resolve()) in output


def test_serve_help_names_its_options():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--index", "--port", "--host"):
        assert option in result.output
