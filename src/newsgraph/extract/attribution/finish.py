"""What record does each draft become? Speakers resolved, stance decided, ids given.

Speakers are resolved by the article's reference service (``extract.reference``), the one event
actors use too; stance by ``stance.decide_stance``. A denial read only from a negated content
stands when it answers another speaker's claim ("We have never seen ..." answers nothing).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution.drafts import Draft, token_at
from newsgraph.extract.attribution.lexicon import Lexicon
from newsgraph.extract.attribution.stance import decide_stance, negation_answers_claim
from newsgraph.extract.attribution.stance_read import negated_content, signals
from newsgraph.extract.reference import Referent, References, phrase_bounds, references
from newsgraph.extract.time import statement_date
from newsgraph.model import CLAIMING, Article, Attribution, Entity, Span, Speaker
from newsgraph.nlp import text_of

def finish(drafts: list[Draft], article: Article, doc: Doc, entities: tuple[Entity, ...], lex: Lexicon) -> tuple[Attribution, ...]:
    text = text_of(doc)
    refs = references(doc, entities)
    referents: dict[int, Referent] = {}
    out: list[Attribution] = []
    negation_only: dict[str, str] = {}  # id -> stance had the negated content not made it a denial
    def first_mention(d: Draft) -> tuple[int, bool]:
        speaker = (d.copy_of or d).speaker  # a copy is resolved after what it copies, as it
        return (speaker[2].i if speaker else token_at(doc, d.content[0])), d.copy_of is not None

    for draft in sorted(drafts, key=first_mention):
        referents[id(draft)] = _referent(draft, refs, referents)
    for draft in sorted(drafts, key=lambda d: d.position):
        ref = referents[id(draft)]
        source = draft.copy_of or draft
        speaker = None
        if source.speaker is not None:
            start, end, _ = source.speaker
            speaker = Speaker(
                text=doc[start:end].text, start=doc[start].idx, end=doc[start].idx + len(doc[start:end].text),
                resolved=ref.name, entity_id=ref.entity_id, anonymous=ref.anonymous, affiliation=ref.affiliation,
            )
        elif draft.continues is not None and ref.name:
            speaker = Speaker(resolved=ref.name, entity_id=ref.entity_id, anonymous=ref.anonymous, affiliation=ref.affiliation)
        cue_span = source.cue_span
        s, e = draft.content
        content_text = text[s:e]
        stance_args = dict(negated=source.negated, no_comment=draft.no_comment, relayed=ref.via is not None, lex=lex)
        cue_verb = source.verb if draft.continues is None else None
        negated_c = negated_content(doc, (s, e), draft.content_root)
        stance_args["signals"] = signals(doc, source.cue_token if draft.continues is None else None, (s, e), lex)
        stance = decide_stance(cue_verb, content_text, content_negated=negated_c, **stance_args)
        if stance == "deny":
            plain = decide_stance(cue_verb, content_text, **stance_args)  # the stance without the content's negation
            if plain != "deny":
                negation_only[f"q{len(out) + 1}"] = plain
        out.append(
            Attribution(
                id=f"q{len(out) + 1}",
                speaker=speaker,
                cue=Span(cue_span[0], cue_span[1], text[cue_span[0] : cue_span[1]]) if cue_span and draft.continues is None else None,
                content=Span(s, e, content_text),
                form=draft.form,  # type: ignore[arg-type]
                stance=stance,  # type: ignore[arg-type]
                channel=source.channel,
                via=ref.via or _relayer(draft, referents, doc),
                nested_source=draft.nested,
                when=_when(source.cue_token, article.published),
            )
        )
    return _settle_negations(out, negation_only)


def _relayer(draft: Draft, referents: dict[int, Referent], doc: Doc) -> str | None:
    """Nested hearsay: who reported the statement this one was reported in."""
    outer = draft.relayed_by
    if outer is None:
        return None
    ref = referents.get(id(outer))
    if ref is not None and ref.name:
        return ref.name
    return doc[outer.speaker[0] : outer.speaker[1]].text if outer.speaker else None


def _settle_negations(found: list[Attribution], negation_only: dict[str, str]) -> tuple[Attribution, ...]:
    """A denial read only from a negated content stands when it answers another speaker's claim."""
    def who(a: Attribution) -> str:
        return ((a.speaker.resolved or a.speaker.text or "") if a.speaker else "").lower()

    out = []
    for a in found:
        if a.id in negation_only:
            claims = [c.content.text for c in found if c is not a and c.stance in CLAIMING and who(c) != who(a)]
            if not negation_answers_claim(a.content.text, claims):
                a = replace(a, stance=negation_only[a.id])  # type: ignore[arg-type]
        out.append(a)
    return tuple(out)


def _referent(draft: Draft, refs: References, done: dict[int, Referent]) -> Referent:
    if draft.copy_of is not None and id(draft.copy_of) in done:
        return done[id(draft.copy_of)]
    if draft.continues is not None:
        return done.get(id(draft.continues), Referent(None, "person"))
    if draft.speaker is None:
        return Referent(None, "thing")
    start, end, head = draft.speaker
    ref = refs.describe(head, start, end)
    if draft.via_head is not None:
        via_start, via_end = phrase_bounds(draft.via_head)
        via = refs.describe(draft.via_head, via_start, via_end)
        ref = replace(ref, via=via.name or head.doc[via_start:via_end].text)
    return ref


def _when(cue: Token | None, published: str | None) -> str | None:
    """ISO date of the statement when the cue says 'on <weekday>' and the publication date is known."""
    if cue is None or not published:
        return None
    for prep in cue.children:
        if prep.dep_ == "prep" and prep.lower_ == "on":
            for obj in prep.children:
                if date := statement_date(published, obj.lower_):
                    return date
    return None

