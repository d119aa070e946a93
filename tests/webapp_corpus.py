"""The corpus the web app tests index: the sample minutes plus a meeting full of live markup."""

from __future__ import annotations

import shutil
from pathlib import Path

from indexer.build import IndexBuild
from search.settings import Settings, series_names

SAMPLE = Path(__file__).resolve().parents[1] / "corpus"

# Each piece would run (or link) if the app passed document text on as markup.
EVIL_SCRIPT = "<script>window.__pwned=1</script>"
EVIL_IMAGE = '<img src=x onerror="window.__pwned=2">'
EVIL_LINK = "[x](javascript:window.__pwned=3)"
EVIL_TITLE = 'Kaffemöte <img src=x onerror="window.__pwned=4"> **fet**'
EVIL_SERIES = "Kansliet [länk](javascript:window.__pwned=5)"
EVIL_QUESTION = "Vad beslutades om kaffemaskinen?"

_built: dict[str, Path] = {}

EVIL_MINUTES = f"""Kansliets möte 2022-03-10

1. Kaffemaskinen
Kaffemaskinen på kansliet är trasig igen. {EVIL_SCRIPT}
{EVIL_IMAGE}
Läs mer om kaffemaskinen: {EVIL_LINK}
Beslut: Kansliet köper in en ny kaffemaskin före sommaren.

2. Avslutning
Mötet avslutades.
"""


def make_corpus(root: Path) -> Path:
    """A copy of the sample corpus in ``root`` with the markup meeting added."""
    corpus = root / "corpus"
    shutil.copytree(SAMPLE, corpus)
    meeting = corpus / "kansliet" / "2022-03-10 Kaffemöte"
    meeting.mkdir(parents=True)
    (meeting / "protokoll.txt").write_text(EVIL_MINUTES, encoding="utf-8")
    (meeting / "meeting.toml").write_text(
        f"title = '{EVIL_TITLE}'\nseries = '{EVIL_SERIES}'\ndate = 2022-03-10\n",
        encoding="utf-8",
    )
    return corpus


def shared_index(tmp_path_factory, embedder) -> Path:
    """The corpus of ``make_corpus`` indexed with ``embedder``, once per test session and
    model for every module using it."""
    if embedder.model_id not in _built:
        root = tmp_path_factory.mktemp("webapp")
        corpus = make_corpus(root)
        IndexBuild(
            corpus,
            root / "index",
            model=embedder.model_id,
            series_names=series_names(Settings(corpus=corpus)),  # the corpus' series.toml
            embedder=embedder,
        ).run()
        _built[embedder.model_id] = root / "index"
    return _built[embedder.model_id]
