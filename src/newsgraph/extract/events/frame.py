"""What is an event while it is read? The frame a trigger opens and the readers of ``find`` fill in."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from newsgraph.extract.events.patterns import Trigger
from newsgraph.model import Actor, Mention, Place, When


@dataclass
class Frame:
    """An event under construction: the trigger plus the tokens it was read from."""

    trigger: Trigger
    anchor: Token  # token whose clause holds the event's place and date
    actors: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    target_tokens: list[Token] = field(default_factory=list)
    target_roots: list[Token] = field(default_factory=list)
    actor_tokens: list[Token] = field(default_factory=list)
    clause: set[int] = field(default_factory=set)
    type: str = ""
    mode: str | None = None
    place: Place | None = None
    place_evidence: Mention | None = None  # the mention the place was read from
    when: When | None = None
    hypothetical: bool = False  # a mark of not happening (hypothetical, intended, attempted) anywhere above
    factuality: str = "asserted"  # model.FACTUALITY
    attribution_id: str | None = None  # the attribution whose content holds the event
    reported_by: str | None = None  # that attribution's source
    background: bool = False  # read from a relative, participial or time clause, not the sentence's event
    place_tokens: list[Token] = field(default_factory=list)  # "delivered aid to Ravensk": a place, not a target
    object_lemma: str | None = None  # the thing a denial or visit was about: "denied the accusation"
    dropped: bool = False
    generic: bool = False  # a habit or a disposition ("often attack the press"): dropped, and no event at its cue
    stated_by: Token | None = None  # "said it would cooperate": the say verb that states the intention

    @property
    def negated(self) -> bool:
        """The old flag, read from the factuality (a negation anywhere above makes it ``negated``)."""
        return self.factuality == "negated"
