"""Who did what to whom, where and when? PLOVER events with CAMEO-style actors.

``find`` reads events from the parse (one ``frame`` per trigger); ``patterns`` loads the trigger
patterns; ``roles`` finds the actor and target tokens, ``actors`` resolves them to names and codes;
``factuality`` decides whether each happened (asserted, negated, hypothetical, intended, attempted) and
flags background clauses; ``reported`` reads the attribution records (reported events, verbal events,
speech verbs); ``clause`` gives each its place and date; ``casualties`` reads fatality and injury counts.
"""

from newsgraph.extract.events.find import extract_events

__all__ = ["extract_events"]
