"""Who did what to whom, where and when? PLOVER events with CAMEO-style actors.

``find`` reads events from the parse; ``patterns`` loads the trigger patterns; ``actors`` resolves
actors and targets to names and codes; ``casualties`` reads fatality and injury counts.
"""

from newsgraph.extract.events.find import extract_events

__all__ = ["extract_events"]
