"""Sign-in and permissions in a real browser: `minutes serve` with an [auth] section naming a
real OpenID Connect provider on a free loopback port (oidc-provider-mock, whose sign-in form
offers the test's users), and an [access] table that keeps the board's minutes to the group
"styrelsen". Runs wherever the other browser tests run (see test_e2e)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import werkzeug.serving
from oidc_provider_mock import User
from oidc_provider_mock import app as provider_app

from search.snapshot import IndexReader
from tests.browser import require_chromium
from tests.conftest import write
from tests.serving import serving
from tests.test_e2e import (
    _until,
)

QUESTION = "Vad beslutades om kanslichefen?"
BOARD_TITLE = "Styrelsemöte om kanslichefen"
BOARD_TEXT = "Styrelsen beslutade att kanslichefen sägs upp med sex månaders lön."
BOARD_MINUTES = f"""{BOARD_TITLE}

1. Kanslichefen
{BOARD_TEXT}
Beslut: Kanslichefens anställning upphör den 30 juni.
"""
ANNUAL_MINUTES = """Årsmöte 2023

1. Verksamhetsberättelse
Kanslichefen presenterade verksamhetsberättelsen för 2022.
Beslut: Årsmötet lade verksamhetsberättelsen till handlingarna.

2. Val
Årsmötet valde en ny styrelse.
"""
MEETING_MINUTES = """Medlemsmöte om lokalen

1. Lokalen
Kanslichefen visade den nya lokalen. Beslut: Föreningen hyr lokalen från hösten.
"""
ACCESS = """
audit_log = "{audit}"

[access]
"*" = ["medlemmar"]
"*/styrelse/**" = ["styrelsen"]
"""
AUTH = """
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{secret}"
client_id = "minutes"
client_secret = "hemligt"
server_metadata_url = "{provider}/.well-known/openid-configuration"
"""
USERS = [
    User(
        sub="anna",
        claims={
            "name": "Anna Ordförande",
            "email": "anna@example.org",
            "groups": ["medlemmar", "styrelsen"],
        },
    ),
    User(
        sub="bertil",
        claims={"name": "Bertil Medlem", "email": "bertil@example.org", "groups": ["medlemmar"]},
    ),
]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """The address of a local OpenID Connect provider that signs in Anna and Bertil."""
    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, provider_app(user_claims=USERS), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def site(tmp_path_factory, fake_embedder, provider) -> Iterator[tuple[str, Path, Path]]:
    """The server's URL, its index (a board series and two meetings for members) and its
    audit log."""
    require_chromium()
    from indexer.build import IndexBuild

    root = tmp_path_factory.mktemp("sign-in")
    corpus = root / "corpus"
    write(
        corpus / "forening" / "styrelse" / "2023-03-01 Styrelsemöte" / "protokoll.txt",
        BOARD_MINUTES,
    )
    write(corpus / "forening" / "arsmote" / "2023-04-20 Årsmöte" / "protokoll.txt", ANNUAL_MINUTES)
    write(corpus / "forening" / "medlemsmote" / "2023-09-05.txt", MEETING_MINUTES)
    IndexBuild(corpus, root / "index", model=fake_embedder.model_id, embedder=fake_embedder).run()
    audit = root / "audit.log"
    config = write(root / "minutes.toml", ACCESS.format(audit=audit))
    secrets = write(root / "secrets.toml", AUTH.format(secret="s" * 40, provider=provider))
    env = {"MINUTES_CONFIG": str(config), "MINUTES_AUTH_FILE": str(secrets)}
    with serving(root / "index", root / "serve.log", env) as url:
        yield url, root / "index", audit


def _board_passage(index: Path) -> str:
    snapshot = IndexReader(index).snapshot()
    rows = [p for p in snapshot.meta.passages(range(len(snapshot))).values()]
    return next(p.id for p in rows if BOARD_TEXT in p.text)


def _sign_in(page, url: str, user: str) -> None:
    """Open ``url``, sign in as ``user`` at the provider, and wait to be back."""
    page.goto(url)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("button", name=user, exact=True).click()  # the provider's form
    page.get_by_text("Inloggad som").wait_for()


def _ask(page, server: str) -> list[str]:
    """The passage ids of the sources of the answer to QUESTION."""
    page.goto(f"{server}/?q={quote(QUESTION)}")
    page.locator("div.source").first.wait_for()
    page.get_by_text("Träffar från").wait_for()
    hrefs = page.locator("div.source a").evaluate_all("links => links.map(a => a.href)")
    return [parse_qs(urlsplit(href).query)["passage"][0] for href in hrefs if "passage=" in href]


def test_an_anonymous_visitor_sees_only_the_sign_in_page(page, site):
    server, index, _ = site
    for address in (server, f"{server}/?q={quote(QUESTION)}", f"{server}/?page=moten"):
        page.goto(address)
        page.get_by_role("button", name="Logga in").wait_for()
        page.wait_for_timeout(500)  # time for anything else to be drawn
        text = page.locator("body").inner_text()
        assert "Protokollen är bara till för organisationens medlemmar" in text
        assert "Din fråga" not in text and "Möten" not in text and "Kanslichefen" not in text
    page.goto(f"{server}/?passage={_board_passage(index)}")
    page.get_by_role("button", name="Logga in").wait_for()
    assert BOARD_TITLE not in page.locator("body").inner_text()


def test_a_board_member_finds_the_board_passage_and_opens_it(page, site):
    server, index, audit = site
    board = _board_passage(index)
    _sign_in(page, f"{server}/?passage={board}", "anna")  # the link survives the sign-in
    page.locator("mark#passage-mark").wait_for()
    assert BOARD_TEXT in page.locator("mark#passage-mark").inner_text()
    page.get_by_text("Inloggad som Anna Ordförande").wait_for()

    assert board in _ask(page, server)
    page.get_by_text("Träffar från 3 möten").wait_for()  # the timeline has the board meeting
    page.locator(f'div.source a[href*="passage={board}"]').first.click()
    page.locator("mark#passage-mark").wait_for()

    page.goto(f"{server}/?page=moten")
    page.get_by_text(BOARD_TITLE).wait_for()

    lines = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()]
    anna = [line for line in lines if line["user"] == "anna@example.org"]
    assert {"event": "open", "passage": board} in [
        {"event": line["event"], "passage": line.get("passage")} for line in anna
    ]
    assert QUESTION in [line.get("question") for line in anna]
    assert BOARD_TEXT not in audit.read_text(encoding="utf-8")


def test_a_member_outside_the_board_sees_nothing_of_its_minutes(page, site):
    server, index, audit = site
    board = _board_passage(index)
    _sign_in(page, server, "bertil")
    page.get_by_text("Inloggad som Bertil Medlem").wait_for()

    sources = _ask(page, server)  # as Anna did: her cached answer is not Bertil's
    assert sources and board not in sources
    page.get_by_text("Träffar från 2 möten").wait_for()  # the timeline lacks the board meeting
    assert BOARD_TEXT not in page.locator("body").inner_text()

    page.goto(f"{server}/?page=moten")
    page.get_by_text("2 möten").wait_for()
    assert BOARD_TITLE not in page.locator("body").inner_text()

    page.goto(f"{server}/?passage={board}")
    page.get_by_text("Du har inte behörighet").wait_for()
    shown = page.locator("body").inner_text()
    assert BOARD_TITLE not in shown and BOARD_TEXT not in shown and "2023" not in shown
    denied = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()]
    assert {"user": "bertil@example.org", "event": "denied", "passage": board} in [
        {k: line.get(k) for k in ("user", "event", "passage")} for line in denied
    ]


def test_after_signing_out_the_app_asks_to_sign_in_again(page, site):
    server, _, _ = site
    _sign_in(page, server, "bertil")
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("button", name="End session").click()  # the provider's own page
    page.get_by_role("button", name="Logga in").wait_for()
    page.goto(f"{server}/?page=moten")
    page.get_by_role("button", name="Logga in").wait_for()
    _until(page, lambda: "Inloggad som" not in page.locator("body").inner_text())
