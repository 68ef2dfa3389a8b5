"""One act restated across an article is one event.

"The attack", "the assault", "the raid" on one day by one doer on one recipient: the
firmest reading (highest confidence) stands for all of its mentions. Within one sentence,
a second telling with no recipient of its own ("killed ... and wounded") is the same act.
"""

from __future__ import annotations

from collections import defaultdict

from detente.types import Actor, Event


def _party(actor: Actor | None) -> str:
    """Who an event's party is, for telling restatements apart: the country when known
    ("Washington" and "US officials" are one party), else the code, else the name."""
    if actor is None:
        return ""
    return actor.country or actor.code or actor.name.lower()


def _same_day(a: Event, b: Event) -> bool:
    """Two mentions may be one occasion: the same date, or one of them undated (the
    article's date standing in)."""
    return a.date == b.date or "article" in (a.date_precision, b.date_precision)


class Restatements:
    """One act restated across the article ("the attack", "the assault", "the raid") is one
    event: the same doer, recipient, kind of act, occasion and polarity. The firmest
    reading stands for all of its mentions."""

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str, str, bool], list[Event]] = defaultdict(list)

    def add(self, event: Event) -> None:
        if self._told_in_sentence(event):
            return
        key = (
            _party(event.source),
            _party(event.target),
            event.plover or event.cameo_root,
            event.negated,
        )
        group = self._groups[key]
        for i, seen in enumerate(group):
            if _same_day(seen, event):
                if event.confidence > seen.confidence:
                    group[i] = event
                return
        group.append(event)

    def _told_in_sentence(self, event: Event) -> bool:
        """One act told twice in one sentence ("57 people were killed and 110 others
        wounded", "donated money to help the UN"): the same doer and kind of act, one of
        the two with no recipient of its own, is one event. The reading with a recipient
        stands: True when `event` adds nothing, and a kept reading without a recipient
        gives way to `event`."""
        doer, kind = _party(event.source), event.plover or event.cameo_root
        for key, group in self._groups.items():
            if key[0] != doer or key[2] != kind or key[3] != event.negated:
                continue
            for i, seen in enumerate(group):
                if seen.start != event.start or None not in (seen.target, event.target):
                    continue
                if seen.target is None and event.target is not None:
                    del group[i]
                    return False
                return True
        return False

    def has_kind(self, event: Event) -> bool:
        """An act of `event`'s kind is already kept, whatever its parties."""
        kind = event.plover or event.cameo_root
        return any(key[2] == kind and group for key, group in self._groups.items())

    def events(self) -> list[Event]:
        return [e for group in self._groups.values() for e in group]
