"""The types of the `minutes` command's text arguments: UTF-8 text, questions, filter dates.

Each refuses a value with click's "Invalid value for '--flag'" message (exit status 2).
"""

from __future__ import annotations

from typing import Any

import click

from search.setting_values import is_utf8, shown
from search.validation import QueryError, clean_query, parse_date_bound


class Text(click.ParamType):
    """Text that is valid UTF-8 and not blank, given back stripped."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        if not is_utf8(value):
            self.fail(
                f"{shown(value)} is not valid UTF-8 text: set the terminal (or the script's "
                "locale) to UTF-8",
                param,
                ctx,
            )
        return self.parse(value, param, ctx)

    def parse(self, text: str, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The value of ``text``, which is valid UTF-8."""
        if not text.strip():
            self.fail("it is empty", param, ctx)
        return text.strip()


class Question(Text):
    """A question or query: text that holds more than control characters and spaces."""

    name = "question"

    def parse(self, text: str, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            clean_query(text)
        except QueryError as error:
            self.fail(str(error), param, ctx)
        return text


class DateBound(Text):
    """A filter date (YYYY-MM-DD, YYYY-MM or YYYY): its period's first day, or last for ``end``."""

    name = "date"

    def __init__(self, *, end: bool):
        self.end = end

    def parse(self, text: str, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return parse_date_bound(super().parse(text, param, ctx), end=self.end)
        except QueryError as error:
            self.fail(str(error), param, ctx)
