"""The filters a page was asked for, as its URL holds them (``from``, ``to``, ``series``,
``kind``), and what they mean for a search. Pure: no Streamlit here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from search.results import Filters, Kind
from search.validation import check_date_order, parse_date_bound

FILTER_PARAMS = ("from", "to", "series", "kind")
KINDS: dict[str, Kind] = {"minutes": "minutes", "attachment": "attachment"}


@dataclass(frozen=True)
class FilterChoice:
    """The filters as typed: dates as text (YYYY, YYYY-MM or YYYY-MM-DD), a series' name,
    a kind of document; empty when not chosen."""

    date_from: str = ""
    date_to: str = ""
    series: str = ""
    kind: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> FilterChoice:
        """The choice a URL holds; an unknown kind counts as none."""
        kind = params.get("kind", "")
        return cls(
            params.get("from", "").strip(),
            params.get("to", "").strip(),
            params.get("series", "").strip(),
            kind if kind in KINDS else "",
        )

    def params(self) -> dict[str, str]:
        """The URL parameters of the choice, the empty ones left out."""
        values = (self.date_from, self.date_to, self.series, self.kind)
        return {name: value for name, value in zip(FILTER_PARAMS, values, strict=True) if value}

    def filters(self) -> Filters:
        """The choice as search filters; QueryError for a date that cannot be read or a period
        that ends before it starts."""
        date_from = parse_date_bound(self.date_from, end=False)
        date_to = parse_date_bound(self.date_to, end=True)
        check_date_order(date_from, date_to)
        return Filters(date_from, date_to, self.series or None, KINDS.get(self.kind))


def series_name(asked: str, names: Sequence[str], folders: Mapping[str, str]) -> str | None:
    """The display name a URL's series stands for (its name or its folder), else None."""
    if asked in names:
        return asked
    return folders.get(asked)


def page_number(value: str | None) -> int:
    """The page a URL asks for (``sida``): a whole number from 1, else 1."""
    return int(value) if value and value.isdigit() and 0 < int(value) < 10**6 else 1
