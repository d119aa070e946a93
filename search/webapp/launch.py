"""`python -m search.webapp.launch run <server.py> [options]`: Streamlit's own command line,
with uvicorn's HTTP parser told to accept request heads up to ``PARSER_HEAD_BYTES``.

Uvicorn's h11 parser answers a head over its limit (16 kB by default) with "400 Invalid HTTP
request" and closes the connection, or resets it. Accepting up to 4 MB (a browser sends URLs
of at most 2 MB) lets ``http_guard`` answer every over-long URL with 414 itself. Streamlit has
no option for it, so its uvicorn settings are extended here (a private function: the serve
tests check that it still works).
"""

from __future__ import annotations

import sys
from typing import Any

from streamlit.web import cli as streamlit_cli
from streamlit.web.server.starlette import starlette_server

PARSER_HEAD_BYTES = 4 * 1024 * 1024


def _with_head_limit(options: Any) -> Any:
    def extended() -> dict[str, Any]:
        return {**options(), "http": "h11", "h11_max_incomplete_event_size": PARSER_HEAD_BYTES}

    return extended


def main() -> None:
    starlette_server._get_uvicorn_config_kwargs = _with_head_limit(
        starlette_server._get_uvicorn_config_kwargs
    )
    sys.argv[0] = "streamlit"
    streamlit_cli.main()


if __name__ == "__main__":
    main()
