"""LaTeX .tex files reduced to the text a reader of the typeset document would see."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeGuard

from pylatexenc import latex2text, latexwalker, macrospec
from pylatexenc.latexwalker import LatexCharsNode, LatexGroupNode, LatexMacroNode, LatexNode
from pylatexenc.macrospec import MacroSpec

from indexer.documents import ExtractedDocument
from indexer.readers import latex_source
from indexer.readers.builder import (
    SOFT_BREAK,
    MarkedDocument,
    document_from_marked,
    mark_heading,
    resolve_soft_breaks,
    strip_marks,
)
from indexer.readers.decoding import decode_text
from indexer.readers.properties import sane_date, sane_title

_HEADING_LEVELS = {
    "part": 1,
    "chapter": 1,
    "section": 1,
    "subsection": 2,
    "subsubsection": 3,
    "paragraph": 4,
    "punkt": 1,  # LUDD's minutes class
    "subpunkt": 2,
}
# Macros of the minutes' own document classes whose arguments are content, as lines.
_ARGUMENT_LINES = {
    "förtroendevald": "{0}: {1} ({2})",
    "medlem": "- {0}",
    "person": "Närvarande: {0} ({1})",
    "adjung": "Adjungerad: {0}",
    "typ": "Möte: {0}",
    "plats": "Plats: {0}",
    "datum": "Datum: {0}",
    "tid": "Tid: {0}–{1}",
    "organisation": "Organisation: {0}",
    "forordf": "Föreningsordförande: {0}",
    "ordf": "Mötesordförande: {0}",
    "sekr": "Mötessekreterare: {0}",
    "justA": "Justerare: {0} ({1})",
    "justB": "Justerare: {0} ({1})",
    "behorighet": "Mötet är inte behörigt: {0}",
}
# Layout and cross-reference commands: their arguments are not text a reader sees.
_LAYOUT_MACROS = {
    "pagenumbering": "{",
    "addtocounter": "{{",
    "pagestyle": "{",
    "thispagestyle": "{",
    "enlargethispage": "*{",
    "numberline": "{",
    "pageref": "{",
    **{f"{side}{part}": "[{" for side in "lcr" for part in ("head", "foot")},
}
_DISCARDED: tuple[str, ...] = (
    "title",
    "subtitle",
    "author",
    "date",
    "emoji",
    "includegraphics",
    "includepdf",
)
_DISCARDED += ("label", "maketitle", "today", "newpage", "clearpage", "thepage", "thesection")
_DISCARDED += ("input", "include", "ref", "cite", *_LAYOUT_MACROS)
_DATE_MACRO_USE = re.compile(r"\\csname\s*@date\s*\\endcsname")
_SPACES = re.compile(r"[ \t\u00a0]+")
_END = re.compile(r"\\end\s*\{[^{}]*\}\s*$")


def read_tex(path: Path) -> ExtractedDocument:
    """Read a .tex file as text with its sectioning commands as headings."""
    return document_from_marked(reduce_latex(decode_text(path.read_bytes())))


def reduce_latex(source: str) -> MarkedDocument:
    """Convert LaTeX source to plain text with marked headings, its title and its date."""
    source = latex_source.expand_defs(latex_source.strip_comments(strip_marks(source)))
    date_text = latex_source.macro_argument(source, "date", "datum")
    date = sane_date(date_text)
    source = _DATE_MACRO_USE.sub(lambda _: date_text or "", source)
    preamble, body = latex_source.split_document(source)
    title = latex_source.macro_argument(source, "title")
    header = _Converter(header_only=True).convert(preamble)
    text = resolve_soft_breaks(header + "\n\n" + _Converter().convert(body))
    return MarkedDocument(
        text="\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")),
        title=sane_title(_Converter().convert(title)) if title else None,
        date=date,
    )


class _Converter(latex2text.LatexNodes2Text):
    """pylatexenc's converter, taught the minutes' macros and to keep unknown macros' text."""

    def __init__(self, *, header_only: bool = False) -> None:
        super().__init__(latex_context=_TEXT_CONTEXT, math_mode="text")
        self.header_only = header_only
        self.item_prefixes = ["- "]

    def convert(self, source: str) -> str:
        """The text of ``source``; falls back to the bare source text if parsing fails."""
        try:
            walker = latexwalker.LatexWalker(source, latex_context=_WALKER_CONTEXT)
            nodes = walker.get_latex_nodes()[0]
            if self.header_only:
                nodes = [n for n in nodes if _is_macro(n) and n.macroname in _ARGUMENT_LINES]
            return self.nodelist_to_text(nodes)
        except Exception:  # pylatexenc on malformed input: keep the words rather than fail
            return _bare_text(source)

    def nodelist_to_text(self, nodelist: list[LatexNode]) -> str:
        """Like the parent, but an unknown macro followed by ``{...}`` groups keeps their text."""
        parts, index = [], 0
        while index < len(nodelist):
            node = nodelist[index]
            index += 1
            if _is_blank(node):  # between two commands: a space, or a paragraph break
                parts.append("\n\n" if node.chars.count("\n") > 1 else " ")
                continue
            if not self._is_unknown_macro(node):
                parts.append(self.node_to_text(node))
                continue
            arguments = []
            while index < len(nodelist) and _is_braced_group(nodelist[index]):
                arguments.append(self.group_node_to_text(nodelist[index]).strip())
                index += 1
            parts.append(" ".join(a for a in arguments if a))
        return "".join(parts)

    def _is_unknown_macro(self, node: LatexNode | None) -> bool:
        if not _is_macro(node) or self.latex_context.get_macro_spec(node.macroname) is not None:
            return False
        return not (node.nodeargd and node.nodeargd.argnlist)

    def arguments(self, node: LatexMacroNode) -> list[str]:
        """The text of each argument of ``node`` ("" for an omitted optional one)."""
        count = len(node.nodeargd.argnlist) if node.nodeargd else 0
        return [" ".join(self.node_arg_to_text(node, k).split()) for k in range(count)]


def _is_macro(node: LatexNode | None) -> TypeGuard[LatexMacroNode]:
    return node is not None and node.isNodeType(LatexMacroNode)


def _is_blank(node: LatexNode) -> bool:
    return node.isNodeType(LatexCharsNode) and not node.chars.strip()


def _is_braced_group(node: LatexNode) -> bool:
    return node.isNodeType(LatexGroupNode) and node.delimiters == ("{", "}")


def _bare_text(source: str) -> str:
    """Last resort for source pylatexenc cannot parse: drop commands and braces."""
    return re.sub(r"\\[^\W\d_]+\*?|[{}\\]", " ", source)


def _heading(node: LatexMacroNode, macroname: str, l2tobj: _Converter) -> str:
    arguments = l2tobj.arguments(node)
    return mark_heading(arguments[-1] if arguments else "", _HEADING_LEVELS[macroname])


def _argument_line(node: LatexMacroNode, macroname: str, l2tobj: _Converter) -> str:
    arguments = l2tobj.arguments(node)
    if not any(arguments):
        return ""
    return SOFT_BREAK + _ARGUMENT_LINES[macroname].format(*arguments).replace(" ()", "")


def _last_argument(node: LatexMacroNode, l2tobj: _Converter) -> str:
    arguments = l2tobj.arguments(node)
    return arguments[-1] if arguments else ""


def _last_argument_on_its_own_line(node: LatexMacroNode, l2tobj: _Converter) -> str:
    return SOFT_BREAK + _last_argument(node, l2tobj)


def _item(node: LatexMacroNode, l2tobj: _Converter) -> str:
    label = "".join(l2tobj.arguments(node))
    return SOFT_BREAK + l2tobj.item_prefixes[-1] + (f"{label}: " if label else "")


def _list_environment(prefix: str, *, formal: bool = False):
    """Format a list environment whose items start with ``prefix``; a ``formal`` one (decision
    markup) left without its ``\\end`` is plain text, so that it reads as no decision."""

    def format_list(node: LatexNode, l2tobj: _Converter) -> str:
        if formal and not _closed(node):
            return _plain_environment(node, l2tobj)
        l2tobj.item_prefixes.append(prefix)
        try:
            return SOFT_BREAK + l2tobj.nodelist_to_text(node.nodelist) + SOFT_BREAK
        finally:
            l2tobj.item_prefixes.pop()

    return format_list


def _decision(node: LatexNode, l2tobj: _Converter) -> str:
    if not _closed(node):
        return _plain_environment(node, l2tobj)
    return f"{SOFT_BREAK}Beslut: {l2tobj.nodelist_to_text(node.nodelist).strip()}{SOFT_BREAK}"


def _closed(node: LatexNode) -> bool:
    """Whether the environment ends with its ``\\end`` (pylatexenc tolerates a missing one)."""
    return bool(_END.search(node.latex_verbatim()))


def _plain_environment(node: LatexNode, l2tobj: _Converter) -> str:
    """An environment's content as plain lines, without list or decision labels."""
    l2tobj.item_prefixes.append("")
    try:
        return SOFT_BREAK + l2tobj.nodelist_to_text(node.nodelist) + SOFT_BREAK
    finally:
        l2tobj.item_prefixes.pop()


def _walker_context() -> macrospec.LatexContextDb:
    macros = [MacroSpec(name, "{") for name in ("punkt", "subpunkt", "subtitle", "url", "emoji")]
    macros += [MacroSpec(name, "{" * _ARGUMENT_LINES[name].count("{")) for name in _ARGUMENT_LINES]
    macros += [MacroSpec("att", ""), MacroSpec("blockquote", "[[{"), MacroSpec("href", "[{{")]
    macros += [MacroSpec("hypertarget", "{{"), MacroSpec("includepdf", "[{")]
    macros += [MacroSpec("addcontentsline", "{{{"), MacroSpec("caption", "[{")]
    macros += [MacroSpec(name, arguments) for name, arguments in _LAYOUT_MACROS.items()]
    context = latexwalker.get_default_latex_context_db()
    context.add_context_category("minutes", macros=macros, prepend=True)
    return context


def _text_context() -> macrospec.LatexContextDb:
    Macro, Env = latex2text.MacroTextSpec, latex2text.EnvironmentTextSpec
    macros = [Macro(name, simplify_repl=_heading) for name in _HEADING_LEVELS]
    macros += [Macro(name, simplify_repl=_argument_line) for name in _ARGUMENT_LINES]
    macros += [Macro(name, discard=True) for name in _DISCARDED]
    macros += [
        Macro("item", simplify_repl=_item),
        Macro("att", simplify_repl="att "),
        Macro("LaTeX", simplify_repl="LaTeX"),
        Macro("TeX", simplify_repl="TeX"),
        Macro("par", simplify_repl="\n\n"),
        Macro("verb", simplify_repl=lambda n: n.nodeargd.verbatim_text),
        Macro("url", simplify_repl="%s"),
        Macro("footnote", simplify_repl=lambda n, l2tobj: f" ({_last_argument(n, l2tobj)})"),
        Macro("href", simplify_repl=_last_argument),
        Macro("hypertarget", simplify_repl=_last_argument),
        Macro("caption", simplify_repl=_last_argument),
        Macro("addcontentsline", simplify_repl=_last_argument_on_its_own_line),
        Macro("blockquote", simplify_repl=_last_argument_on_its_own_line),
        Macro("\\", simplify_repl=SOFT_BREAK),
    ]
    lists = ("itemize", "enumerate", "description")
    environments = [Env(name, simplify_repl=_list_environment("- ")) for name in lists]
    environments += [
        Env("attsatser", simplify_repl=_list_environment("Att: ", formal=True)),
        Env("beslut", simplify_repl=_decision),
    ]
    context = latex2text.get_default_latex_context_db()
    context.add_context_category("minutes", macros=macros, environments=environments, prepend=True)
    return context


_WALKER_CONTEXT = _walker_context()
_TEXT_CONTEXT = _text_context()
