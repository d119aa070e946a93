"""The web app in a real browser: `minutes serve` on a free port, driven by headless Chromium.

Runs wherever /usr/bin/chromium exists; skipped (with the reason) elsewhere, except under CI
(CI=true), where a missing browser is a failure. Set MINUTES_SCREENSHOTS=<dir> to save
ask.png and passage.png there.
"""

from __future__ import annotations

import datetime as dt
import http.server
import os
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

from indexer.build import IndexBuild
from search.service import MinutesService
from search.settings import Settings
from search.snapshot import IndexReader
from tests.browser import TIMEOUT_MS, require_chromium
from tests.chat_server import chat_server
from tests.serving import serving
from tests.snapshot_sql import query
from tests.webapp_corpus import EVIL_QUESTION, EVIL_SCRIPT, EVIL_TITLE, make_corpus, shared_index

QUESTION = "Vad beslutades om distansarbete?"


@pytest.fixture(scope="module")
def index(tmp_path_factory, fake_embedder) -> Path:
    require_chromium()
    return shared_index(tmp_path_factory, fake_embedder)


@pytest.fixture(scope="module")
def model_index(tmp_path_factory, embedder) -> Path:
    """The same corpus indexed with the real model, for the test of what an answer cites."""
    require_chromium()
    return shared_index(tmp_path_factory, embedder)


@pytest.fixture(scope="module")
def server(index, tmp_path_factory) -> Iterator[str]:
    """The URL of `minutes serve` running on the test index."""
    with serving(index, tmp_path_factory.mktemp("serve") / "serve.log") as url:
        yield url


@pytest.fixture(scope="module")
def model_server(model_index, tmp_path_factory) -> Iterator[str]:
    """The URL of `minutes serve` running on the index of the real model."""
    with serving(model_index, tmp_path_factory.mktemp("serve") / "serve.log") as url:
        yield url


def _screenshot(page, name: str) -> None:
    folder = os.environ.get("MINUTES_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.wait_for_timeout(800)  # let the chart and fonts settle
        page.screenshot(path=str(Path(folder) / name))


def _words(text: str) -> str:
    return " ".join(text.split())


# The first citation of the answer is a passage far enough down its document to be scrolled
# to: which passage that is comes from the real model's ranking.
@pytest.mark.model
def test_ask_and_follow_a_citation_to_the_highlighted_passage(page, model_server, model_index):
    server, index = model_server, model_index
    page.goto(server)
    page.get_by_label("Din fråga").fill(QUESTION)
    page.keyboard.press("Enter")
    citation = page.locator("div.answer a.cite").first
    citation.wait_for()
    page.locator("div.source mark").first.wait_for()
    _screenshot(page, "ask.png")

    passage_id = parse_qs(urlsplit(citation.get_attribute("href")).query)["passage"][0]
    citation.click()
    page.wait_for_url(f"**/?passage={passage_id}&**")
    mark = page.locator("mark#passage-mark")
    mark.wait_for()
    passage = IndexReader(index).snapshot().meta.passage_by_id(passage_id)
    assert _words(passage.text)[:60] in _words(mark.inner_text())
    page.wait_for_function("() => document.querySelector('.doc-scroll').scrollTop > 0")
    assert mark.is_visible()
    _screenshot(page, "passage.png")

    with page.expect_download() as download:
        page.get_by_text("Ladda ner originalfilen").click()
    original = Path(IndexReader(index).snapshot().manifest.corpus) / passage.document.path
    assert download.value.suggested_filename == original.name
    assert Path(download.value.path()).read_bytes() == original.read_bytes()


def test_a_passage_url_opens_highlighted_in_a_fresh_page(page, server, index):
    snapshot = IndexReader(index).snapshot()
    row = query(
        snapshot,  # the last passage of the longest document: it must be scrolled to
        "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id "
        "ORDER BY length(d.text) DESC, c.start DESC LIMIT 1",
    )[0]
    passage = snapshot.meta.passage_by_id(row["id"])
    page.goto(f"{server}/?passage={passage.id}")
    mark = page.locator("mark#passage-mark")
    mark.wait_for()
    page.wait_for_function(
        """() => {
            const mark = document.getElementById('passage-mark').getBoundingClientRect();
            const box = document.querySelector('.doc-scroll').getBoundingClientRect();
            return mark.top >= box.top && mark.top < box.bottom;
        }"""
    )
    assert _words(passage.meeting.title) in _words(page.locator(".doc-header").inner_text())


def test_an_unknown_passage_is_a_friendly_message(page, server):
    page.goto(f"{server}/?passage=does-not-exist")
    page.get_by_text("Avsnittet hittades inte.").wait_for()


def _assert_inert(page) -> None:
    page.wait_for_timeout(300)  # time for an injected onerror handler to have fired
    for frame in page.frames:
        assert frame.evaluate("typeof window.__pwned") == "undefined", frame.url
        assert frame.locator('a[href^="javascript:"]').count() == 0, frame.url


def test_markup_in_a_document_stays_text(page, server, index):
    snapshot = IndexReader(index).snapshot()
    document = query(snapshot, "SELECT id FROM documents WHERE path LIKE 'kansliet/%'")[0]["id"]
    passage = query(snapshot, "SELECT id FROM chunks WHERE document_id = ?", (document,))[0]["id"]

    page.goto(f"{server}/?document={document}")
    page.get_by_text(EVIL_SCRIPT).wait_for()
    page.get_by_text(EVIL_TITLE).first.wait_for()
    _assert_inert(page)

    page.goto(f"{server}/?passage={passage}")
    page.locator("mark#passage-mark").wait_for()
    _assert_inert(page)

    page.goto(server)
    page.get_by_label("Din fråga").fill(EVIL_QUESTION)
    page.keyboard.press("Enter")
    page.locator("div.source").first.wait_for()
    page.get_by_text(EVIL_TITLE).first.wait_for()
    _assert_inert(page)

    page.goto(f"{server}/?page=moten")
    page.get_by_text(EVIL_TITLE).wait_for()
    _assert_inert(page)


@contextmanager
def _listener() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server's URL and the paths of the requests it receives."""
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    listener = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=listener.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.server_port}", requests
    finally:
        listener.shutdown()
        listener.server_close()


def test_markdown_in_a_refused_question_stays_text_and_loads_nothing(page, server, index):
    with _listener() as (listener, requests):
        link, image = f"[klicka här]({listener}/link)", f"![bild]({listener}/image.png)"
        question = f"Hur många mål gjorde Zlatan i VM? {link} {image}"
        assert not MinutesService(Settings(index=index)).ask(question).answered
        page.goto(f"{server}/?q={quote(question)}")
        notice = page.locator("div.notice")
        notice.wait_for()
        page.locator("div.source").first.wait_for()
        assert f"{link} {image}" in notice.inner_text()
        page.wait_for_timeout(500)  # time for an image to have been fetched
        for frame in page.frames:
            assert frame.locator(f'a[href^="{listener}"]').count() == 0, frame.url
            assert frame.locator(f'img[src^="{listener}"]').count() == 0, frame.url
        assert requests == []
        with urllib.request.urlopen(f"{listener}/probe", timeout=5):
            pass  # the listener was there all along
        assert requests == ["/probe"]


# --- Swedish, plain cards, the way back, search and shared links (issue 12) -------------------

# The English labels of Streamlit's own controls that are still on the page.
_ENGLISH_LABELS = """([labels, prefixes]) => [...document.querySelectorAll(
    "[aria-label], [title], [placeholder]")].flatMap(element =>
    ["aria-label", "title", "placeholder"].map(name => element.getAttribute(name))
).filter(value => value && (labels.includes(value) || prefixes.some(p => value.startsWith(p))))"""


def _passage_ids(page) -> list[str]:
    hrefs = page.locator("div.source-title a").evaluate_all("links => links.map(a => a.href)")
    return [parse_qs(urlsplit(href).query)["passage"][0] for href in hrefs]


def _until(page, check, timeout: float = TIMEOUT_MS / 1000) -> None:
    """Wait until ``check()`` holds (the page re-renders after a change); the browser's
    events are handled while waiting, so that ``page.url`` follows."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{check.__doc__ or check} did not happen within {timeout} s")
        page.wait_for_timeout(200)


def test_the_page_is_swedish_to_screen_readers_too(page, server):
    from search.webapp.language import SWEDISH_LABELS, SWEDISH_PREFIXES

    page.goto(f"{server}/?q={quote(QUESTION)}")
    page.locator("div.source").first.wait_for()
    page.wait_for_function("() => document.documentElement.lang === 'sv'")
    page.wait_for_timeout(300)  # the labels are renamed as Streamlit draws them
    assert page.evaluate(_ENGLISH_LABELS, [list(SWEDISH_LABELS), list(SWEDISH_PREFIXES)]) == []
    assert (
        page.get_by_role("textbox", name="Från och med").get_attribute("placeholder")
        == "ÅÅÅÅ-MM-DD"
    )


def test_cards_are_plain_text_and_a_passage_leads_back_to_the_answer(page, server):
    page.goto(f"{server}/?q={quote(QUESTION)}&from=2020")
    page.locator("div.source mark.cited").first.wait_for()
    cards = page.locator("div.source .passage-text").all_inner_texts()
    assert cards and not [c for c in cards if "## " in c or "\\section" in c]
    page.locator("div.answer a.cite").first.click()
    page.locator("mark#passage-mark").wait_for()
    page.get_by_text("← Tillbaka till svaret").click()
    _until(page, lambda: "passage" not in parse_qs(urlsplit(page.url).query))
    assert parse_qs(urlsplit(page.url).query) == {"q": [QUESTION], "from": ["2020"]}
    _until(page, lambda: page.get_by_label("Din fråga").input_value() == QUESTION)
    page.locator("div.answer").wait_for()
    assert page.get_by_role("textbox", name="Från och med").input_value() == "2020"


def test_the_search_page_sorts_by_date_and_pages(page, server, index):
    meta = IndexReader(index).snapshot().meta
    page.goto(f"{server}/?page=sok")
    box = page.get_by_role("searchbox", name="Sökord")
    box.fill("distansarbete")
    box.press("Enter")
    page.locator("div.source").first.wait_for()
    assert len(_passage_ids(page)) == 10
    page.get_by_text("Nyast först").click()
    page.wait_for_url("**sort=datum**")

    def dates() -> list:
        return [meta.passage_by_id(i).meeting.date or dt.date.min for i in _passage_ids(page)]

    _until(page, lambda: dates() == sorted(dates(), reverse=True) and len(dates()) == 10)
    first = _passage_ids(page)
    page.get_by_role("button", name="Nästa →").click()
    page.wait_for_url("**sida=2**")
    _until(page, lambda: _passage_ids(page) and not set(_passage_ids(page)) & set(first))
    assert max(dates()) <= min(meta.passage_by_id(i).meeting.date or dt.date.min for i in first)
    page.get_by_role("button", name="← Föregående").click()
    _until(page, lambda: _passage_ids(page) == first)


def test_a_shared_search_link_restores_its_filters_and_order(page, server, index):
    meta = IndexReader(index).snapshot().meta
    series = "Vision – nätverket för medicinska sekreterare"
    params = {"page": "sok", "q": "distansarbete", "from": "2021", "kind": "attachment"}
    params |= {"series": "vision-natverket-medicinska-sekreterare", "sort": "datum"}
    page.goto(f"{server}/?{urlencode(params)}")
    page.locator("div.source").first.wait_for()
    _until(page, lambda: page.get_by_role("textbox", name="Från och med").input_value() == "2021")
    assert page.get_by_role("searchbox", name="Sökord").input_value() == "distansarbete"
    assert page.get_by_role("radio", name="Bilagor").is_checked()
    assert page.get_by_role("radio", name="Nyast först").is_checked()
    assert page.get_by_role("combobox", name="Mötesserie").input_value() == series
    passages = [meta.passage_by_id(i) for i in _passage_ids(page)]
    assert {(p.meeting.series, p.meeting.date.year, p.document.kind) for p in passages} == {
        (series, 2021, "attachment")
    }


def _live_markup(host: str) -> str:
    """Every way text could become a live link, image or frame pointing at ``host``."""
    return (
        f"[Logga in]({host}/login) ![bild]({host}/image.png?fraga=hemligt) "
        f'<img src="{host}/html.png"> <a href="{host}/html-link">Klicka</a> '
        f'<{host}/autolink> {host}/bare <iframe src="{host}/frame"></iframe> '
        f'<link rel="stylesheet" href="{host}/style.css">'
    )


_FOREIGN = """() => {
    const own = (url) => new URL(url, location.href).origin === location.origin
        || /^(data|blob|about):/.test(url);
    return [...document.querySelectorAll("[href], [src]")]
        .map((element) => element.getAttribute("href") ?? element.getAttribute("src"))
        .filter((url) => !own(url));
}"""


def _assert_only_own_links(page) -> None:
    """Every link, image, frame and stylesheet of every frame points at the app itself."""
    for frame in page.frames:
        assert frame.evaluate(_FOREIGN) == [], frame.url


def test_markup_from_a_document_and_a_model_stays_text_and_loads_nothing(
    page, tmp_path_factory, fake_embedder
):
    root = tmp_path_factory.mktemp("live")
    with _listener() as (listener, requests), chat_server() as chat:
        markup = _live_markup(listener)
        corpus = make_corpus(root)
        meeting = corpus / "kansliet" / "2022-04-01 Inloggning"
        meeting.mkdir()
        (meeting / "protokoll.md").write_text(
            f"# Inloggningen\n\nNya inloggningen till medlemssidorna beslutades. {markup}\n",
            encoding="utf-8",
        )
        IndexBuild(
            corpus, root / "index", model=fake_embedder.model_id, embedder=fake_embedder
        ).run()
        chat.reply = f"Den nya inloggningen beslutades [1]. {markup}"
        env = {"MINUTES_LLM_BASE_URL": chat.base_url, "MINUTES_LLM_MODEL": "testmodell"}
        with serving(root / "index", root / "serve.log", env) as server:
            page.goto(server)
            page.get_by_label("Din fråga").fill("Vad beslutades om inloggningen?")
            page.keyboard.press("Enter")
            answer = page.locator("div.answer")
            answer.wait_for()
            assert f"[Logga in]({listener}/login)" in answer.inner_text()
            assert f'<img src="{listener}/html.png">' in answer.inner_text()
            page.locator("div.source").first.wait_for()
            _assert_only_own_links(page)

            page.locator("div.source a").first.click()  # a passage in its document
            page.locator("mark#passage-mark").wait_for()
            assert f"![bild]({listener}/image.png" in page.locator(".document").inner_text()
            _assert_only_own_links(page)
            page.wait_for_timeout(500)  # time for an image to have been fetched
            assert requests == []

            # Were a script ever to run, the Content-Security-Policy stops it reaching out.
            page.evaluate(
                f"""() => {{
                    new Image().src = "{listener}/script-image.png";
                    return fetch("{listener}/script-fetch").catch(() => "blocked");
                }}"""
            )
            page.wait_for_timeout(500)
            assert requests == []
        assert len(chat.requests) == 1  # the answer came from the model
        with urllib.request.urlopen(f"{listener}/probe", timeout=5):
            pass  # the listener was there all along
        assert requests == ["/probe"]


def test_a_long_question_in_the_url_is_cut_and_an_over_long_url_refused(page, server):
    response = page.goto(f"{server}/?q=" + "a" * 60_000)
    assert response is not None and response.status == 200
    page.get_by_text("Frågan var för lång och har kortats till sina första 2000 tecken.").wait_for()
    _until(page, lambda: len(page.get_by_label("Din fråga").input_value()) == 2000)
    response = page.goto(f"{server}/?q=" + "a" * 1_000_000)
    assert response is not None and response.status == 414
    page.get_by_text("Adressen är för lång för att kunna öppnas.").wait_for()
    _assert_only_own_links(page)
