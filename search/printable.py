"""Text from documents, file names and models made safe to print in a terminal.

Control characters (C0, DEL, C1) would let a document or a file name clear the screen, move
the cursor, colour the output or add hidden links (OSC 8): each is shown as ``\\xNN`` instead.
Characters that reorder text (bidirectional overrides and isolates) are shown as ``?``.
"""

from __future__ import annotations

import json
import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_REORDERING = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# What json.dumps leaves as it is (it escapes C0 itself) but a terminal would act on.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` with its control characters as ``\\xNN`` and reordering marks as ``?``;
    with ``lines``, line breaks are kept (for text of several lines)."""
    control = _CONTROL_BUT_NEWLINE if lines else _CONTROL
    text = control.sub(lambda match: f"\\x{ord(match[0]):02x}", text)
    return _REORDERING.sub("?", text)


def json_text(data: Any) -> str:
    """``data`` as indented JSON whose every character is safe to print; the escapes are
    JSON's own (``\\u009b``), so a program reading it gets the same strings."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", text)
