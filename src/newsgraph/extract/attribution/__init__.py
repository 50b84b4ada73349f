"""Who said what? Quotations and reported speech with their speakers, cues, channels and stance.

``find`` reads attributions from the parse; ``quotes`` pairs quotation marks; ``lexicon`` loads
the cue verbs and source words; ``speakers`` resolves who spoke; ``gender`` reads people's
gender from the text; ``stance`` judges what stance the attribution takes.
"""

from newsgraph.extract.attribution.find import extract_attributions

__all__ = ["extract_attributions"]
