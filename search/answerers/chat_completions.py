"""An OpenAI-compatible chat-completions endpoint: the prompt, the call, the cited numbers.

Works with Ollama, the llama.cpp server, vLLM and OpenAI (``base_url`` such as
``http://localhost:11434/v1``); only the standard library is used.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Sequence

from search.results import Passage

SYSTEM_PROMPT = (
    "Du besvarar frågor om en organisations mötesprotokoll. Svara kort och på svenska. "
    "Använd bara de numrerade avsnitten som följer, inte egen kunskap. Ange efter varje "
    "påstående vilket avsnitt det kommer från med avsnittets nummer inom hakparentes, till "
    "exempel [1] eller [2][3]. Om avsnitten inte besvarar frågan, säg att du inte vet och "
    "gissa inte."
)
_CITATION = re.compile(r"([ \t]*)\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")


class LLMUnavailable(Exception):
    """The language model gave no usable reply; the message (Swedish) says why."""


def build_messages(question: str, passages: Sequence[Passage]) -> list[dict[str, str]]:
    """The system and user messages: the passages numbered from 1, then the question."""
    numbered = "\n\n".join(
        f"[{n}] {describe_source(p)}\n{p.text.strip()}" for n, p in enumerate(passages, 1)
    )
    user = f"Avsnitt ur protokollen:\n\n{numbered}\n\nFråga: {question.strip()}"
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def describe_source(passage: Passage) -> str:
    """Where a passage comes from: meeting, date, document (or attachment) and page."""
    meeting, document = passage.meeting, passage.document
    date = meeting.date.isoformat() if meeting.date else "utan datum"
    parts = [f"Möte: {meeting.title} ({date})"]
    if document.kind == "attachment":
        parts.append(f"Dokument: {document.title} (Bilaga till {meeting.title})")
    else:
        parts.append(f"Dokument: {document.title}")
    if passage.page is not None:
        parts.append(f"{'Bild' if document.page_kind == 'slide' else 'Sida'} {passage.page}")
    return " | ".join(parts)


def complete(
    messages: list[dict[str, str]],
    *,
    base_url: str,
    model: str,
    api_key: str | None,
    timeout: float,
) -> str:
    """The model's reply to ``messages``; raises LLMUnavailable on any failure."""
    request = urllib.request.Request(
        base_url.rstrip("/") + "/chat/completions",
        data=json.dumps({"model": model, "messages": messages, "temperature": 0.1}).encode(),
        headers={"Content-Type": "application/json"}
        | ({"Authorization": f"Bearer {api_key}"} if api_key else {}),
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        raise LLMUnavailable(f"servern svarade med HTTP-fel {error.code}") from error
    except TimeoutError as error:
        raise LLMUnavailable(f"inget svar inom {timeout:g} s") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise LLMUnavailable(_connection_reason(error, base_url)) from error
    return _content(body)


def _connection_reason(error: Exception, base_url: str) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, TimeoutError):
        return "inget svar i tid"
    if isinstance(reason, ConnectionRefusedError):
        return f"ingen server svarar på {base_url}"
    return f"kunde inte ansluta till {base_url}: {reason}"


def _content(body: bytes) -> str:
    """The reply text of a chat-completions response body."""
    try:
        content = json.loads(body)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise LLMUnavailable("servern gav ett svar i fel format") from error
    if not isinstance(content, str) or not content.strip():
        raise LLMUnavailable("servern gav ett tomt svar")
    return content.strip()


def renumber_citations(text: str, given: int) -> tuple[str, list[int], list[int]]:
    """Check the [n] in ``text`` against the ``given`` passages (numbered from 1).

    Returns the text with the citations renumbered 1, 2, … in order of first appearance and
    unknown numbers removed, the given numbers of the cited passages in their new order, and
    the unknown numbers that were removed.
    """
    order: list[int] = []
    unknown: list[int] = []

    def replace(match: re.Match[str]) -> str:
        kept = []
        for number in map(int, re.findall(r"\d+", match.group(2))):
            if not 1 <= number <= given:
                if number not in unknown:
                    unknown.append(number)
            elif number not in kept:
                kept.append(number)
                if number not in order:
                    order.append(number)
        if not kept:
            return ""
        return match.group(1) + "[" + ", ".join(str(order.index(n) + 1) for n in kept) + "]"

    return _CITATION.sub(replace, text).strip(), order, unknown
