"""What does the speaker do with the content: report, assert, deny, reject, accuse, verify, no comment?

The cue decides when it is specific ("denied", "blames", "confirmed", "did not comment"). A neutral
cue (say, tell, add, stress) takes its stance from the content: dismissive words ("misleading
reports") reject, charges ("constitutes a war crime") accuse, confirmation ("verified by his
office") verifies, and a negated main clause ("the agreements don't include ...") denies. Speech
relayed through someone else ("Bloomberg quoted sources as saying") is a report.
"""

from __future__ import annotations

import re

from newsgraph.extract.attribution_lexicon import CueVerb, Lexicon, lexicon

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
SPECIFIC = {"deny", "reject", "accuse", "verify", "no_comment"}


def content_stance(content: str, lex: Lexicon | None = None) -> str | None:
    """reject / accuse / verify when the content's own words say so, else None."""
    lex = lex or lexicon()
    lowered = content.lower()
    words = set(_WORD.findall(lowered))
    for stance in ("reject", "accuse", "verify"):
        if words & lex.content_words[stance] or any(p in lowered for p in lex.content_phrases[stance]):
            return stance
    return None


def decide_stance(
    cue: CueVerb | None,
    content: str,
    *,
    negated: bool = False,
    no_comment: bool = False,
    content_negated: bool = False,
    relayed: bool = False,
    lex: Lexicon | None = None,
) -> str:
    if no_comment:
        return "no_comment"
    if cue is not None and negated:
        return cue.negated
    if cue is not None and cue.stance in SPECIFIC:
        return cue.stance
    if relayed or (cue is not None and cue.stance == "report"):
        return "report"
    from_content = content_stance(content, lex)
    if from_content:
        return from_content
    if content_negated:
        return "deny"
    return cue.stance if cue is not None else "assert"
