"""Shared fixtures: a small corpus of Swedish minutes written as real files, and the embedders.

Index builds use the model-free ``fake:384`` embedder (``fake_embedder``, ``build_index``,
``index_command``); the index records that model, so searching it uses the fake embedder too.
Only tests about what the real model finds use ``embedder``, and they are marked ``model``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from indexer.build import IndexBuild
from indexer.embedders import load_embedder

pytest_plugins = ["tests.browser", "tests.postgres"]  # browser, page; postgres_server, pg_store

FAKE_MODEL = "fake:384"
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


def index_command(corpus: Path, index: Path, *options: str, model: str = FAKE_MODEL) -> list[str]:
    """`minutes index` as a separate process, with this interpreter (and the fake model)."""
    return [
        sys.executable,
        "-m",
        "search.cli",
        "index",
        str(corpus),
        "--index",
        str(index),
        "--quiet",
        "--model",
        model,
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
def fake_embedder():
    """The deterministic model-free embedder the index builds of the tests use."""
    return load_embedder(FAKE_MODEL)


@pytest.fixture(scope="session")
def embedder():
    """The default embedding model, loaded once; only for tests marked ``model``."""
    return load_embedder()


@pytest.fixture
def build_index(fake_embedder):
    """Run one index build of ``corpus`` into ``index`` with the fake embedder."""

    def run(corpus: Path, index: Path, **options):
        return IndexBuild(
            corpus, index, model=fake_embedder.model_id, embedder=fake_embedder, **options
        ).run()

    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that loads the real model through ``embedder`` must say so with ``model``."""
    unmarked = [
        item.nodeid
        for item in items
        if "embedder" in getattr(item, "fixturenames", ())
        and item.get_closest_marker("model") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "these tests use the real model (fixture `embedder`) but are not marked "
            "@pytest.mark.model: " + ", ".join(unmarked)
        )
