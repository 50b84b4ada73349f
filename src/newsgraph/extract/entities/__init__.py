"""Who and what does an article name? People, organisations and places, each with its mentions,
aliases and roles.

``find`` builds the entities; ``mentions`` finds name mentions and merges their variants;
``roles`` reads titles and roles beside a name; ``words`` loads the entity word lists.
"""

from newsgraph.extract.entities.find import caption_texts, extract_entities

__all__ = ["caption_texts", "extract_entities"]
