"""Source-level preparation of LaTeX before parsing: comments, simple \\def macros, parts."""

from __future__ import annotations

import re

from indexer.readers.limits import check_expansion

_COMMENT_OR_PROTECTED = re.compile(
    r"^[ \t]*%[^\n]*(?:\n|$)"  # a line that is only a comment disappears with its line break
    r"|\\verb\*?([^\sa-zA-Z*])[^\n]*?\1"  # \verb|...| may contain a percent sign
    r"|\\."  # an escaped character, such as \%
    r"|%[^\n]*",  # a comment after text
    re.MULTILINE,
)
_BRACED = r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"  # up to two levels of nested braces
_DEF = re.compile(r"\\def\s*\\([^\W\d_]+)\s*" + _BRACED)
_BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
_END_DOCUMENT = re.compile(r"\\end\s*\{document\}")
_MAX_EXPANSIONS = 5


def strip_comments(source: str) -> str:
    """Remove TeX comments (``%`` to the end of the line), leaving ``\\%`` and ``\\verb``."""
    return _COMMENT_OR_PROTECTED.sub(
        lambda m: m.group() if m.group().startswith("\\") else "", source
    )


def expand_defs(source: str) -> str:
    """Replace uses of argument-less ``\\def\\name{text}`` macros by their text."""
    definitions = {m.group(1): m.group(2) for m in _DEF.finditer(source)}
    source = _DEF.sub("", source)
    if not definitions:
        return source
    names = "|".join(re.escape(name) for name in sorted(definitions, key=len, reverse=True))
    use = re.compile(rf"\\({names})(?![^\W\d_])[ \t]*")
    limit = 2 * len(source) + 10_000  # a macro defined in terms of itself must not explode
    for _ in range(_MAX_EXPANSIONS):
        size = len(source) + sum(
            len(definitions[m.group(1)]) - len(m.group()) for m in use.finditer(source)
        )
        check_expansion(size)  # a long macro used often: refused before it is built
        if size > limit:
            break
        expanded = use.sub(lambda m: definitions[m.group(1)], source)
        if expanded == source:
            break
        source = expanded
    return source


def split_document(source: str) -> tuple[str, str]:
    """Split into the preamble and the body (the whole text is the body without a document)."""
    begin = _BEGIN_DOCUMENT.search(source)
    if begin is None:
        return "", source
    end = _END_DOCUMENT.search(source, begin.end())
    return source[: begin.start()], source[begin.end() : end.start() if end else len(source)]


def macro_argument(source: str, *names: str) -> str | None:
    """The first argument of the first use of any of the macros ``names``."""
    pattern = re.compile(rf"\\(?:{'|'.join(map(re.escape, names))})(?![^\W\d_])\s*" + _BRACED)
    match = pattern.search(source)
    return match.group(1) if match else None
