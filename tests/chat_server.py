"""A small OpenAI-compatible chat-completions server for the tests: it answers each request
with a prepared reply, status or delay, and records what it was asked."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ChatServer(ThreadingHTTPServer):
    """Answers POST /v1/chat/completions with ``reply`` (or ``status``, after ``delay``)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ChatHandler)
        self.reply: str = "Inget svar."
        self.status = 200
        self.delay = 0.0
        self.raw: bytes | None = None  # sent as is instead of a chat-completions response
        self.requests: list[tuple[str, dict[str, str], dict]] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class ChatHandler(BaseHTTPRequestHandler):
    server: ChatServer

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, dict(self.headers), body))
        time.sleep(self.server.delay)
        payload = (
            self.server.raw
            or json.dumps(
                {"choices": [{"message": {"role": "assistant", "content": self.server.reply}}]}
            ).encode()
        )
        try:
            self.send_response(self.server.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout test)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def chat_server() -> Iterator[ChatServer]:
    """A ChatServer answering on a loopback port for the block."""
    chat = ChatServer()
    thread = threading.Thread(target=chat.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield chat
    finally:
        chat.shutdown()
        chat.server_close()
