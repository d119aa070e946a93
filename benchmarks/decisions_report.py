"""Decision extraction measured on a corpus: counts, recall against the formal markup, a sample.

Usage: python benchmarks/decisions_report.py CORPUS [--sample 60] [--seed 9] [--misses 40]

Every file is read with the real readers and ``extract_decisions`` runs on its text. Printed:
decisions per organisation (the corpus's top-level folders) and per outcome; recall against
the formal markup, counted by a scan of the raw sources that shares no code with the
extractor: every ``\\item``/``\\att`` of a LaTeX ``beslut`` environment, every entry of a
Typst ``#attSatser`` in a "Beslut" block, and (reported apart) every ``\\item`` of a LaTeX
``attsatser`` environment under a "Beslut" heading. A formal item is found when a decision of
its document covers it: the item's words (lowercase letters and digits, its first 60) lie in
the decision's span of the document text. Last, a seeded random sample of decisions to check
by hand against the sources.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from indexer.decisions import OUTCOMES, Decision, extract_decisions
from indexer.documents import UnreadableDocument
from indexer.readers import SUPPORTED_SUFFIXES, read_document

SKIPPED_NAMES = {"MANIFEST.md"}
SKIPPED_SUFFIXES = {".tsv", ".jsonl"}
PREFIX = 60  # normalised characters of a formal item that must lie in a decision's span


@dataclass(frozen=True)
class FormalItem:
    """One item of formal decision markup in a raw source."""

    kind: str  # "latex-beslut", "typst-beslut" or "latex-beslut-heading"
    text: str  # the item's own words, markup removed


# -- the independent scan of raw sources ---------------------------------------------------

LATEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
LATEX_BESLUT = re.compile(r"\\begin\{beslut\}(.*?)\\end\{beslut\}", re.S)
LATEX_NESTED = re.compile(r"\\begin\{(\w+)\}.*?\\end\{\1\}", re.S)
LATEX_ITEM = re.compile(r"\\(?:item|att)\b(?:\[[^\]]*\])?")
LATEX_SECTION = re.compile(r"\\(?:sub)*section\*?\{([^}]*)\}|\\(?:sub)?punkt\{([^}]*)\}")
LATEX_ATTSATSER = re.compile(r"\\begin\{attsatser\}(.*?)\\end\{attsatser\}", re.S)
LATEX_CUT = re.compile(r"\\blockquote|\\begin\{")
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?|[{}\[\]~]")
TYPST_HEADING = re.compile(r"^[ \t]*(=+)[ \t]+(.*)$", re.M)
TYPST_BESLUT = re.compile(r"(?:.*:\s*)?beslut:?", re.I)
TYPST_CALL = re.compile(r"#attSatser\s*\(")
TYPST_COMMENT = re.compile(r"/\*.*?\*/|(?<![:/])//[^\n]*", re.S)


def formal_items(path: Path) -> list[FormalItem]:
    """The formal decision items of a raw .tex or .typ source."""
    source = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".tex":
        return latex_items(LATEX_COMMENT.sub("", source))
    if path.suffix == ".typ":
        return typst_items(TYPST_COMMENT.sub("", source))
    return []


def latex_items(source: str) -> list[FormalItem]:
    """``\\item``/``\\att`` of each ``beslut`` environment (not of lists nested in it), and
    ``\\item`` of each ``attsatser`` environment whose nearest heading is "Beslut"."""
    items = []
    for block in LATEX_BESLUT.finditer(source):
        body = LATEX_NESTED.sub(" ", block.group(1))
        items += [FormalItem("latex-beslut", latex_words(p)) for p in LATEX_ITEM.split(body)[1:]]
    for block in LATEX_ATTSATSER.finditer(source):
        headings = list(LATEX_SECTION.finditer(source, 0, block.start()))
        title = (headings[-1].group(1) or headings[-1].group(2) or "") if headings else ""
        if title.strip().rstrip(":").lower() == "beslut":
            parts = LATEX_ITEM.split(block.group(1))[1:]
            items += [FormalItem("latex-beslut-heading", latex_words(p)) for p in parts]
    return [item for item in items if item.text]


def latex_words(item: str) -> str:
    """An item's own text: up to a quotation or nested environment, commands removed."""
    cut = LATEX_CUT.search(item)
    return " ".join(LATEX_COMMAND.sub(" ", item[: cut.start()] if cut else item).split())


def typst_items(source: str) -> list[FormalItem]:
    """The entries of each ``#attSatser`` call in a block headed "Beslut"."""
    headings = list(TYPST_HEADING.finditer(source))
    items = []
    for i, heading in enumerate(headings):
        if not TYPST_BESLUT.fullmatch(heading.group(2).strip().strip("*_ ")):
            continue
        end = headings[i + 1].start() if i + 1 < len(headings) else len(source)
        for call in TYPST_CALL.finditer(source, heading.end(), end):
            items += [
                FormalItem("typst-beslut", typst_words(c)) for c in bracket_args(source, call.end())
            ]
    return [item for item in items if item.text]


def bracket_args(source: str, position: int) -> list[str]:
    """The ``[...]`` content arguments of a call whose ``(`` ends at ``position``."""
    args, depth, start = [], 0, -1
    for i in range(position, len(source)):
        char = source[i]
        if char == "[":
            depth += 1
            if depth == 1:
                start = i + 1
        elif char == "]" and depth > 0:
            depth -= 1
            if depth == 0:
                args.append(source[start:i])
        elif char == ")" and depth == 0:
            break
    return args


def typst_words(content: str) -> str:
    return " ".join(re.sub(r"#\w+(?:\.\w+)*|[*_\[\]]", " ", content).split())


def normalise(text: str) -> str:
    """Lowercase letters and digits only."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def covered(item: FormalItem, text: str, decisions: list[Decision]) -> bool:
    """Whether a decision's span holds the item's (first) words."""
    words = normalise(item.text)[:PREFIX]
    return any(words in normalise(text[d.start : d.end]) for d in decisions)


# -- the report ------------------------------------------------------------------------------


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(
        p
        for p in corpus.rglob("*")
        if p.is_file()
        and p.name not in SKIPPED_NAMES
        and p.suffix.lower() not in SKIPPED_SUFFIXES
        and p.suffix.lower() in SUPPORTED_SUFFIXES
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sample", type=int, default=60)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--misses", type=int, default=40, help="missed items to list at most")
    args = parser.parse_args()

    found: list[tuple[str, Decision]] = []
    per_org: Counter[tuple[str, str]] = Counter()
    formal: Counter[tuple[str, bool]] = Counter()
    missed: list[tuple[str, FormalItem]] = []
    unreadable = 0
    for path in corpus_files(args.corpus):
        name = str(path.relative_to(args.corpus))
        try:
            doc = read_document(path)
        except UnreadableDocument:
            unreadable += 1
            continue
        decisions = extract_decisions(doc)
        found += [(name, d) for d in decisions]
        per_org.update((name.split("/")[0], d.outcome) for d in decisions)
        for item in formal_items(path):
            hit = covered(item, doc.text, decisions)
            formal[item.kind, hit] += 1
            if not hit:
                missed.append((name, item))

    print_counts(per_org, len(found), unreadable)
    print_recall(formal, missed, args.misses)
    print_spans(found)
    print_sample(found, args.sample, args.seed)


def print_counts(per_org: Counter[tuple[str, str]], total: int, unreadable: int) -> None:
    orgs = sorted({org for org, _ in per_org})
    print(f"Decisions: {total} (unreadable files skipped: {unreadable})\n")
    print(f"{'organisation':<14}" + "".join(f"{o:>15}" for o in OUTCOMES) + f"{'total':>8}")
    for org in orgs:
        row = [per_org[org, o] for o in OUTCOMES]
        print(f"{org:<14}" + "".join(f"{n:>15}" for n in row) + f"{sum(row):>8}")
    column = [sum(per_org[org, o] for org in orgs) for o in OUTCOMES]
    print(f"{'all':<14}" + "".join(f"{n:>15}" for n in column) + f"{sum(column):>8}\n")


def print_recall(formal: Counter[tuple[str, bool]], missed: list, limit: int) -> None:
    print("Recall against the formal markup (raw sources):")
    groups = [("LaTeX \\begin{beslut} \\item/\\att", ("latex-beslut",))]
    groups += [('Typst "Beslut" block, #attSatser entries', ("typst-beslut",))]
    groups += [("both (the acceptance measure)", ("latex-beslut", "typst-beslut"))]
    groups += [('LaTeX attsatser under a "Beslut" heading', ("latex-beslut-heading",))]
    for label, kinds in groups:
        hit = sum(formal[k, True] for k in kinds)
        total = hit + sum(formal[k, False] for k in kinds)
        share = f"{100 * hit / total:.1f} %" if total else "–"
        print(f"  {label:<44} {hit:>4} / {total:<4} {share}")
    print(f"\nMissed formal items ({len(missed)}):")
    for name, item in missed[:limit]:
        print(f"  {name} [{item.kind}] {item.text[:110]}")
    print()


def print_spans(found: list[tuple[str, Decision]]) -> None:
    lengths = [d.end - d.start for _, d in found]
    if lengths:
        long = sum(n > 2000 for n in lengths)
        print(
            f"Span length: median {statistics.median(lengths):.0f} characters, {long} over 2000\n"
        )


def print_sample(found: list[tuple[str, Decision]], size: int, seed: int) -> None:
    sample = sorted(random.Random(seed).sample(range(len(found)), min(size, len(found))))
    print(f"Random sample of {len(sample)} decisions (seed {seed}), to check by hand:")
    for n, i in enumerate(sample, 1):
        name, d = found[i]
        agenda = " ".join(x for x in (d.agenda_number, d.agenda_title) if x) or "–"
        print(f"\n{n:>2}. {name} [{d.start}:{d.end}] {d.outcome} | {agenda}")
        print(f"    text: {d.text[:200]}")
        proposal = "—" if d.proposal is None else "(= text)" if d.proposal == d.text else d.proposal
        print(f"    proposal: {proposal[:200]}")
        if d.elected or d.amounts:
            print(f"    elected: {', '.join(d.elected)}  amounts: {', '.join(d.amounts)}")


if __name__ == "__main__":
    main()
