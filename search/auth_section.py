"""The ``[auth]`` section that turns on sign-in to the web app, in the file the ``auth_file``
setting names (Streamlit's secrets.toml format, which ``minutes serve`` hands to Streamlit).

It names the OpenID Connect provider and the app's client there; the problems found are named
by key, never by value, since the values are secrets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from search.setting_paths import read_toml
from search.setting_values import Invalid, parse_url

REQUIRED = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
CALLBACK = "/oauth2callback"  # Streamlit's route for the provider's answer
MIN_SECRET_CHARS = 32


def read_auth_section(path: Path, *, required: bool) -> dict[str, Any] | None:
    """The checked ``[auth]`` section of the TOML file at ``path``; None when the file has
    none, or is missing and not ``required``."""
    section = read_toml(path, required=required).get("auth")
    if section is None:
        return None
    if not isinstance(section, dict):
        raise Invalid("wrong_type", "[auth]")
    for key in REQUIRED:
        if key not in section:
            raise Invalid("missing_key", f"[auth] {key}")
        if not isinstance(section[key], str):
            raise Invalid("wrong_type", f"[auth] {key}")
        if not section[key].strip():
            raise Invalid("empty", detail=f"[auth] {key}")
    parse_url(section["server_metadata_url"])
    redirect = section["redirect_uri"]
    try:
        parse_url(redirect.replace("{port}", "8501"))  # Streamlit puts in the server's port
    except Invalid:
        raise Invalid("bad_redirect", redirect) from None
    if not redirect.endswith(CALLBACK):
        raise Invalid("bad_redirect", redirect)
    if len(section["cookie_secret"]) < MIN_SECRET_CHARS:
        raise Invalid("short_secret", "[auth] cookie_secret")
    return section
