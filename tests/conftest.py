"""Shared fixtures: a small corpus of Swedish minutes written as real files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from indexer.build import IndexBuild
from indexer.embedders import load_embedder

SHARED_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"

MINUTES_2021 = """Styrelsemöte 2021-05-19

1. Öppnande
Ordföranden öppnade mötet kl 18.00.

2. Distansarbete
Styrelsen diskuterade distansarbete efter pandemin. Många medlemmar vill fortsätta
arbeta hemifrån två dagar i veckan.
Beslut: Styrelsen beslutade att distansarbete tillåts två dagar per vecka.

3. Budget
Kassören redovisade budgeten för 2021. Överskottet blev 12 000 kr.
Beslut: Budgeten fastställs.

4. Avslutning
Mötet avslutades.
"""

MINUTES_2020 = """# Ledningsgruppsmöte 12 mars 2020

## Covid-19
Vi följer Folkhälsomyndighetens råd. Alla resor ställs in till och med april.

## Sobonadagarna
Sobonadagarna i Gävle flyttas till 2021. Projektgruppen tar frågan vidare.
"""


def index_command(corpus: Path, index: Path, *options: str) -> list[str]:
    """`minutes index` as a separate process, with this interpreter."""
    return [
        sys.executable,
        "-m",
        "search.cli",
        "index",
        str(corpus),
        "--index",
        str(index),
        "--quiet",
        *options,
    ]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Two meetings: a folder with meeting.toml and an attachment, and a lone Markdown file."""
    corpus = tmp_path / "corpus"
    write(corpus / "styrelsen" / "2021-05-19 Styrelsemöte" / "protokoll.txt", MINUTES_2021)
    write(
        corpus / "styrelsen" / "2021-05-19 Styrelsemöte" / "meeting.toml",
        'title = "Styrelsemöte i maj"\nseries = "Styrelsen"\n',
    )
    write(
        corpus / "styrelsen" / "2021-05-19 Styrelsemöte" / "bilagor" / "bilaga-1-enkat.txt",
        "Enkät om distansarbete\n\n80 procent av medlemmarna vill arbeta på distans.\n",
    )
    write(corpus / "ledningsgruppen" / "2020-03-12.md", MINUTES_2020)
    return corpus


@pytest.fixture(scope="session")
def embedder():
    """The default embedding model, loaded once for the whole test run."""
    return load_embedder()


@pytest.fixture
def build_index(embedder):
    """Run one index build of ``corpus`` into ``index`` with the shared model."""

    def run(corpus: Path, index: Path, **options):
        return IndexBuild(
            corpus, index, model=embedder.model_id, embedder=embedder, **options
        ).run()

    return run
