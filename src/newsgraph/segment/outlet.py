"""Which outlet published a dump, judging by sources who speak *to* it ("told Asharq Al-Awsat")?

The outlets are the rows of ``data/entities/outlets.tsv`` (name and aliases); the phrases
are the regexes of ``data/segment/outlet_cues.txt`` with ``{outlet}`` standing for any of them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from newsgraph.resources import load_lines, load_tsv


@functools.lru_cache(maxsize=1)
def _cue_patterns() -> tuple[dict[str, str], tuple[re.Pattern[str], ...]]:
    """(alias -> outlet name, compiled cue patterns with a named group ``outlet``)."""
    names: dict[str, str] = {}
    for row in load_tsv("entities/outlets.tsv"):
        for alias in [row["name"], *row.get("aliases", "").split("|")]:
            if alias.strip():
                names[alias.strip()] = row["name"]
    alternatives = "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True))
    outlet = rf"(?P<outlet>{alternatives})(?![\w-])"
    patterns = tuple(re.compile(cue.replace("{outlet}", outlet)) for cue in load_lines("segment/outlet_cues.txt"))
    return names, patterns


def infer_outlet(texts: Iterable[str]) -> str | None:
    """The outlet that sources speak to most often in these texts, or None when none is named."""
    names, patterns = _cue_patterns()
    counts: Counter[str] = Counter()
    for text in texts:
        for pattern in patterns:
            counts.update(names[m.group("outlet")] for m in pattern.finditer(text))
    return counts.most_common(1)[0][0] if counts else None
