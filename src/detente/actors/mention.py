"""The records actor recognition hands to the coder: actor and place mentions in a Doc."""

from __future__ import annotations

from dataclasses import dataclass

from detente.types import Actor

# The country block of a code whose country is not known yet ("---GOV"), as in CAMEO.
UNKNOWN_COUNTRY = "---"
# Entries of persons and organisations the entity recogniser found and the dictionaries do
# not know, recorded with their text and no code, and of pronouns and surnames standing for
# them.
UNFAMILIAR_ENTRIES = frozenset({"ner:person", "ner:org", "coref:pronoun", "coref:person"})
# Joins the entry of a role that stands for several countries ("the foreign ministers"):
# the article's own country is not given to it.
MULTINATIONAL = "+multinational"


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor found in a Doc: token span, the noun-phrase head it hangs on, its record."""

    start: int
    end: int
    head: int
    actor: Actor
    person: bool = False
    # The agent sector named in the phrase ("military" in "NATO military"), if any.
    role: str = ""
    # For a pronoun or a later bare surname, the named mention it stands for.
    antecedent: ActorMention | None = None
    # For a record copied from an earlier named mention (a later bare surname, an acronym),
    # that mention's key, so a country the earlier one gains later reaches the copy too.
    copied_from: tuple[int, int, int] | None = None

    @property
    def key(self) -> tuple[int, int, int]:
        """Identifies the mention across the passes that refine its record."""
        return (self.start, self.end, self.head)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    name: str
    country: str
    entry: str
