"""`minutes serve` starts the web app on the asked address and port (no browser needed): every
response carries the security headers, and over-long requests get a clean 414 or 431."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from search.cli import cli
from tests.conftest import write
from tests.serving import free_port


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.read().decode()
    except OSError:
        return None


@contextmanager
def _serving(index: Path) -> Iterator[tuple[int, list[str]]]:
    """The port `minutes serve` answers on, and (after the block) its output lines."""
    port = free_port()
    command = [sys.executable, "-m", "search.cli", "serve", "--index", str(index)]
    command += ["--port", str(port), "--host", "127.0.0.1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while _get(f"http://127.0.0.1:{port}/_stcore/health") != "ok":
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            assert time.monotonic() < deadline, "the server did not start within 30 s"
            time.sleep(0.2)
        yield port, output
    finally:
        process.terminate()
        output += process.communicate(timeout=10)[0].splitlines()


def _request(port: int, target: str, headers: str = "") -> tuple[int, dict[str, str], str]:
    """Send one GET of ``target`` as raw bytes; the status, headers and body of the answer."""
    request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request.encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.decode("utf-8", "replace").partition("\r\n\r\n")
    status_line, *lines = head.split("\r\n")
    fields = dict(line.lower().split(": ", 1) for line in lines)
    return int(status_line.split()[1]), fields, body


def test_serve_answers_on_the_given_port(tmp_path: Path):
    with _serving(tmp_path / "index") as (port, output):
        assert "<noscript>" in (_get(f"http://127.0.0.1:{port}/") or "")
    assert f"Serving {(tmp_path / 'index').resolve()} at http://127.0.0.1:{port}" in output


def test_every_response_forbids_loading_from_other_origins(tmp_path: Path):
    with _serving(tmp_path / "index") as (port, _):
        for target in ("/", "/_stcore/health", "/?q=hej"):
            status, headers, _ = _request(port, target)
            assert status == 200
            policy = dict(d.split(" ", 1) for d in headers["content-security-policy"].split("; "))
            assert policy["default-src"] == "'self'"
            assert policy["img-src"] == "'self' data: blob:"
            assert policy["connect-src"] == "'self'"
            assert policy["script-src"].startswith("'self' 'sha256-")  # no inline script else
            assert "unsafe" not in policy["script-src"]
            assert headers["referrer-policy"] == "no-referrer"


def test_over_long_urls_and_heads_get_a_clean_refusal(tmp_path: Path):
    with _serving(tmp_path / "index") as (port, _):
        assert _request(port, "/?q=" + "a" * 60_000)[0] == 200  # the page cuts the question
        for length in (200_000, 1_000_000, 3_000_000):
            status, headers, body = _request(port, "/?q=" + "a" * length)
            assert status == 414, length
            assert "Adressen är för lång" in body and '<a href="/">' in body
            assert "content-security-policy" in headers
        status, _, body = _request(port, "/", headers=f"Cookie: k={'x' * 300_000}\r\n")
        assert status == 431 and "för stor" in body


def test_serve_help_names_its_options():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--index", "--port", "--host"):
        assert option in result.output


def test_serve_refuses_permissions_without_sign_in_in_one_line(tmp_path, monkeypatch):
    config = write(tmp_path / "minutes.toml", '[access]\n"*" = ["medlemmar"]\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MINUTES_CONFIG", str(config))
    result = CliRunner().invoke(cli, ["serve", "--index", str(tmp_path / "index")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: setting access")
    assert "needs sign-in" in lines[0]
