# ruff: noqa: F811 - the browser fixtures come from test_e2e, and tests take them by name
"""The web app in a real browser on the development corpus (../shared/corpora, 279 meetings of
three organisations), its series named by the table in tests/fixtures/shared-corpora.toml.

Skipped when the corpus is not there. The index is built with the fake embedder, unless
MINUTES_CORPORA_INDEX names one (`make screenshots` gives the development index of the real
model, built with the same table). With MINUTES_SCREENSHOTS=<dir>, the ask, search, meetings
and passage pages are saved there as PNG files.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from indexer.build import IndexBuild
from search.settings import load_settings
from search.snapshot import IndexReader
from tests.browser import require_chromium
from tests.conftest import SHARED_CORPORA
from tests.serving import serving
from tests.test_e2e import (
    _passage_ids,
    _screenshot,
    _until,
)

TABLE = Path(__file__).resolve().parent / "fixtures" / "shared-corpora.toml"
QUESTION = "Vad beslutades om budgeten?"
FOLDER_PATH = re.compile(r"\b(?:dvd|lithekod|ludd)/\w+")


@pytest.fixture(scope="module")
def settings():
    """The corpus' exclusions and the [series] table, as `minutes index` reads them."""
    return load_settings(config_file=TABLE, environ={})


@pytest.fixture(scope="module")
def corpora_index(tmp_path_factory, fake_embedder, settings) -> Path:
    require_chromium()
    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"the development corpus is not here: {SHARED_CORPORA}")
    given = os.environ.get("MINUTES_CORPORA_INDEX")
    if given:
        return Path(given)
    index = tmp_path_factory.mktemp("corpora") / "index"
    IndexBuild(
        SHARED_CORPORA,
        index,
        model=fake_embedder.model_id,
        exclude=settings.exclude,
        series_names=settings.series,
        embedder=fake_embedder,
    ).run()
    return index


@pytest.fixture(scope="module")
def server(corpora_index, tmp_path_factory) -> Iterator[str]:
    with serving(corpora_index, tmp_path_factory.mktemp("serve") / "serve.log") as url:
        yield url


@pytest.fixture(scope="module")
def names(settings) -> set[str]:
    return {entry.name for entry in settings.series.values() if entry.name}


def _options(page, label: str) -> list[str]:
    """The options of a select box (opened, read, closed)."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option").first.wait_for()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return options


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` of a select box, typed to find it in a long list."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()


def test_series_names_in_sidebar_cards_and_timeline_and_a_citation(page, server, names):
    page.goto(f"{server}/?q={quote(QUESTION)}")
    page.locator("div.answer a.cite").first.wait_for()
    page.locator(".vega-embed svg").first.wait_for()
    assert set(_options(page, "Mötesserie")) == {"Alla mötesserier", *names}
    cards = page.locator("div.source .meta").all_text_contents()  # also those folded away
    assert cards and all(any(name in card for name in names) for card in cards)
    assert not [card for card in cards if FOLDER_PATH.search(card)]
    assert not [t for t in page.locator("div.source .passage-text").all_inner_texts() if "## " in t]
    chart = page.locator(".vega-embed svg text").all_text_contents()
    assert set(chart) & names and not [t for t in chart if FOLDER_PATH.search(t)]
    _screenshot(page, "ask.png")

    page.locator("div.answer a.cite").first.click()
    page.locator("mark#passage-mark").wait_for()
    page.get_by_text("← Tillbaka till svaret").wait_for()  # visible, within the timeout
    _screenshot(page, "passage.png")


def test_the_meetings_page_pages_and_filters(page, server, corpora_index):
    meetings = IndexReader(corpora_index).snapshot().meta.meeting_overviews()
    page.goto(f"{server}/?page=moten")
    rows = page.locator("div.meeting-title a")
    rows.first.wait_for()
    assert rows.count() == 25
    assert page.get_by_text(f"{len(meetings)} möten · Sida 1 av {-(-len(meetings) // 25)}")
    newest = max(m.meeting.date for m in meetings if m.meeting.date)
    assert page.locator("div.meeting .when").first.inner_text().endswith(str(newest.year))
    _screenshot(page, "meetings.png")
    first = rows.all_inner_texts()

    page.get_by_role("button", name="Nästa →").click()
    _until(page, lambda: parse_qs(urlsplit(page.url).query).get("sida") == ["2"])
    _until(page, lambda: rows.count() == 25 and not set(rows.all_inner_texts()) & set(first))

    _choose(page, "År", "2019")
    _until(page, lambda: parse_qs(urlsplit(page.url).query).get("ar") == ["2019"])
    assert "sida" not in parse_qs(urlsplit(page.url).query)  # back to page 1
    in_2019 = [m for m in meetings if m.meeting.date and m.meeting.date.year == 2019]
    when = page.locator("div.meeting .when")
    _until(page, lambda: all(w.endswith("2019") for w in when.all_inner_texts()))
    assert rows.count() == min(25, len(in_2019))

    search = page.get_by_role("searchbox", name="Sök bland mötena")
    search.fill("stormöte")
    search.press("Enter")
    stormote = [m for m in in_2019 if m.meeting.series == "LiTHe kod – stormöte"]
    _until(page, lambda: rows.count() == len(stormote) > 0)
    rows.first.click()
    page.get_by_text("Mötets dokument").wait_for()
    page.get_by_text("← Tillbaka till mötena").wait_for()  # visible, within the timeout
    assert "stormöte" in page.locator(".doc-header").inner_text().casefold()


def test_the_search_page_on_the_real_minutes(page, server, corpora_index):
    meta = IndexReader(corpora_index).snapshot().meta
    page.goto(f"{server}/?page=sok&q=budget&sort=datum")
    page.locator("div.source").first.wait_for()
    days = [meta.passage_by_id(i).meeting.date or dt.date.min for i in _passage_ids(page)]
    assert len(days) == 10 and days == sorted(days, reverse=True)
    cards = page.locator("div.source .passage-text").all_inner_texts()
    assert not [card for card in cards if "## " in card or "\\section" in card]
    assert page.locator("div.source mark").count() > 0
    _screenshot(page, "search.png")
