"""Who is 'she', 'the group', 'the latter', 'the statement'? One referent per mention, for every layer.

``names`` holds the article's names, built once from its entities (aliases, surnames and short
names -> full name, acronyms, people by role); ``resolve`` resolves pronouns and descriptions
against earlier mentions; ``gender`` reads people's gender from the text; ``words`` loads the
reference vocabulary. Quote speakers (``extract.attribution``) and event actors and targets
(``extract.events``) ask the same :class:`References` of an article, so one mention has one
referent in both.
"""

from newsgraph.extract.reference.names import NameInfo, Names
from newsgraph.extract.reference.resolve import Referent, References, phrase_bounds, references

__all__ = ["NameInfo", "Names", "Referent", "References", "phrase_bounds", "references"]
