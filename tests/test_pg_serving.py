"""Two `minutes serve` processes on one PostgreSQL database answer in a real browser while
builds commit new snapshots to it."""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import quote

from indexer.build import IndexBuild
from search.webapp import texts
from tests.browser import TIMEOUT_MS, require_chromium
from tests.conftest import write
from tests.serving import serving

QUESTION = "Vad beslutades om distansarbete?"
PROBLEMS = [texts.STORE_UNAVAILABLE, texts.DAMAGED_INDEX, texts.NO_INDEX, texts.INDEX_UNREADABLE]


def _build(corpus: Path, cache: Path, embedder, store: str):
    return IndexBuild(corpus, cache, model=embedder.model_id, embedder=embedder, store=store).run()


def _answers(page, url: str, question: str) -> str:
    """The text of the answer page for ``question``; fails on any error the page shows."""
    page.goto(f"{url}/?q={quote(question)}")
    page.locator("div.source").first.wait_for()
    text = page.locator("body").inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0, text
    assert not [problem for problem in PROBLEMS if problem in text], text
    return text


def test_two_servers_answer_while_builds_commit(
    browser, small_corpus, tmp_path, fake_embedder, pg_store
):
    require_chromium()
    cache = tmp_path / "cache"
    _build(small_corpus, cache, fake_embedder, pg_store)
    env = {"MINUTES_STORE": pg_store}
    with (
        serving(cache, tmp_path / "one.log", env) as one,
        serving(cache, tmp_path / "two.log", env) as two,
    ):
        pages = []
        for _ in (one, two):
            context = browser.new_context(locale="sv-SE")
            context.set_default_timeout(TIMEOUT_MS)
            pages.append(context.new_page())
        failures: list[BaseException] = []

        def builds() -> None:
            try:
                for round_ in range(3):
                    write(
                        small_corpus / "nytt" / f"2022-0{round_ + 1}-01.md",
                        f"# Möte {round_}\n\nVi köpte kaffebryggare nummer {round_}.\n",
                    )
                    assert _build(small_corpus, cache, fake_embedder, pg_store).published
            except BaseException as error:  # noqa: BLE001 - re-raised below
                failures.append(error)

        builder = threading.Thread(target=builds)
        builder.start()
        answered = 0
        while builder.is_alive() or answered < 4:
            for page, url in zip(pages, (one, two), strict=True):
                _answers(page, url, QUESTION)
                answered += 1
        builder.join()
        assert not failures, failures
        for page, url in zip(pages, (one, two), strict=True):  # both follow the last build
            page.goto(f"{url}/?page=moten")
            page.get_by_text("Möte 2022-03-01").first.wait_for()
    for log in ("one.log", "two.log"):
        assert "Traceback" not in (tmp_path / log).read_text()
