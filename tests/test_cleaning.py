"""clean_text removes conversion leftovers and is safe on any string."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.cleaning import clean_text


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("Beslut: bifalles.[bookmark: _GoBack]", "Beslut: bifalles."),
        ("[bookmark: _Hlk123]Mötet öppnas", "Mötet öppnas"),
        ("distans\u00adarbete", "distansarbete"),
        ("noll\u200bbredd\u200c och\u2060 ord\ufeff", "nollbredd och ord"),
        ("\ufeffRubrik", "Rubrik"),
        ("ﬁnns ﬂera eﬀekter ﬃ ﬄ ﬅ ﬆ", "finns flera effekter ffi ffl st st"),
        ("19\u00a0maj\u202f2021\u2003kl\u3000 18", "19 maj 2021 kl  18"),
        ("rad ett\r\nrad två\rrad tre", "rad ett\nrad två\nrad tre"),
        ("klocka\x07n\x00 ring\x1ber\tfint", "klockan ringer\tfint"),
        ("sida ett\fsida två", "sida ett\nsida två"),
        ("slut på raden   \nnästa\t\n", "slut på raden\nnästa"),
        ("ett\n\n\n\n\ntvå\n\n\ntre\n\nfyra", "ett\n\ntvå\n\ntre\n\nfyra"),
        ("\n\n  \n\t\nInnehåll\n\n \n", "Innehåll"),
        ("    indraget stycke", "    indraget stycke"),
    ],
)
def test_removes_conversion_leftovers(dirty: str, clean: str) -> None:
    assert clean_text(dirty) == clean


def test_composes_decomposed_swedish_letters() -> None:
    decomposed = unicodedata.normalize("NFD", "Åtgärder för möten")
    assert decomposed != "Åtgärder för möten"
    assert clean_text(decomposed) == "Åtgärder för möten"


def test_soft_hyphen_used_as_a_dash_becomes_a_dash() -> None:
    """PDF exports from 2013 wrote dates and bullets with soft hyphens."""
    assert clean_text("LiTHe Kod 2013\u00ad10\u00ad09\n\u00ad\u00a0mötesordförande") == (
        "LiTHe Kod 2013-10-09\n- mötesordförande"
    )


def test_bookmark_hidden_by_another_bookmark_is_removed_too() -> None:
    assert clean_text("a[bookm[bookmark: x]ark: _GoBack]b") == "ab"


def test_empty_and_blank_text_become_empty() -> None:
    assert clean_text("") == ""
    assert clean_text(" \n\t\r\n\u00a0\u200b") == ""


_LEFTOVERS = st.sampled_from(
    [
        "[bookmark: _GoBack]",
        "[bookmark:",
        "]",
        "\r\n",
        "\r",
        "\n\n\n",
        " \t",
        "\u00ad",
        "1\u00ad2",
        "a\u0308",
        "ﬁ",
        "\u00a0",
        "\u2000",
        "\u200b",
        "\ufeff",
        "\x00",
        "\x85",
        "\u2028",
        "\ud800",
    ]
)
_MESSY_TEXT = st.lists(st.one_of(st.text(), _LEFTOVERS)).map("".join)


@given(_MESSY_TEXT)
def test_cleaning_is_total_idempotent_and_leaves_no_leftovers(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert "\r" not in cleaned
    assert "\u00ad" not in cleaned
    assert not cleaned.startswith("\n") and not cleaned.endswith(("\n", " ", "\t"))
    assert "\n\n\n" not in cleaned
    assert cleaned == unicodedata.normalize("NFC", cleaned)


@given(st.text(alphabet=st.characters(exclude_categories=())))
def test_cleaning_accepts_any_code_point_including_lone_surrogates(text: str) -> None:
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # storable: no lone surrogates survive
