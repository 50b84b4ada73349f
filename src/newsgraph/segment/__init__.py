"""How does raw text become clean articles? Split dumps, find headlines, captions, subheads, drop artifacts.

``segment(doc)`` is the whole public interface; the helpers are importable for tests and tools.
"""

from newsgraph.segment.article import segment, split_oversized
from newsgraph.segment.captions import as_caption, caption_date, parse_credit
from newsgraph.segment.lines import is_artifact
from newsgraph.segment.outlet import infer_outlet
from newsgraph.segment.split import split_articles, split_chunks, to_units

__all__ = [
    "as_caption", "caption_date", "infer_outlet", "is_artifact", "parse_credit", "segment",
    "split_articles", "split_chunks", "split_oversized", "to_units",
]
