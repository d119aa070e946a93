"""What members call a meeting series: a corpus' ``[series]`` table, folder → name and owner.

The table is given to the build (``IndexBuild(series_names=…)``); each entry names one series
folder. A folder without an entry keeps its path as its name; an organisation named for a
folder holds for the folders below it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class SeriesName:
    """One entry of the table: a display name, the organisation, what one meeting is called."""

    name: str | None = None
    organisation: str | None = None
    meeting: str | None = None  # "LiTHe kod – styrelsemöte", for minutes that name none

    def to_json(self) -> dict[str, str]:
        return {key: value for key, value in asdict(self).items() if value}


SeriesNames = Mapping[str, SeriesName]


@dataclass(frozen=True)
class NamedSeries:
    """A meeting's series as members see it, and the folder it was inferred from."""

    folder: str | None
    name: str | None
    organisation: str | None = None
    meeting: str | None = None

    @property
    def is_named(self) -> bool:
        """Whether the table gives the series a name of its own."""
        return self.name is not None and self.name != self.folder


def name_series(folder: str | None, names: SeriesNames) -> NamedSeries:
    """The series of ``folder`` named by ``names``: its entry's name (else the folder), and the
    organisation of the folder or of the nearest folder above it that has one."""
    if folder is None:
        return NamedSeries(None, None)
    entry = names.get(folder, SeriesName())
    above = (names.get(str(parent)) for parent in PurePosixPath(folder).parents)
    organisation = entry.organisation or next(
        (e.organisation for e in above if e and e.organisation), None
    )
    return NamedSeries(folder, entry.name or folder, organisation, entry.meeting)


def names_json(names: SeriesNames) -> dict[str, dict[str, str]]:
    """The table as the manifest records it, in folder order."""
    return {folder: names[folder].to_json() for folder in sorted(names)}
