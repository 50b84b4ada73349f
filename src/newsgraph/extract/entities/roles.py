"""What role or title does the text give a named person ("NDF commander", "the foreign minister")?

Two places hold a role: the run of words just before the name ("Marenian Deputy Defence
Minister Ana-Maria Velkova", "commander of allied forces in the north General Tove Brask") and an
apposition ("X, the foreign minister, said"; "The foreign minister, X, said"). A run is kept only
when it holds a title word from ``data/entities/words.yaml``; a rank right before the name
("General") becomes a role of its own.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.entities.words import EntityWords, entity_words

_STOP_POS = {"VERB", "AUX", "PRON", "CCONJ", "SCONJ", "INTJ", "SYM", "X"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_MAX_ROLE_TOKENS = 12


def person_roles(span: Span) -> list[str]:
    """Roles of the person named by ``span``: the title run before it, then appositions."""
    words = entity_words()
    roles = _prenominal_roles(span, words)
    for role in _apposition_roles(span, words):
        if role not in roles:
            roles.append(role)
    return roles


def leading_titles(span: Span) -> int:
    """How many tokens at the start of a PERSON span are a title, not the name.

    The model sometimes takes "NDF commander Ivar Lindqvist" or "General Tove Brask" as
    the name; everything up to the last title or rank word before the final token is a title.
    """
    words = entity_words()
    last = -1
    for k in range(len(span) - 1):
        if _is_title_token(span[k], words, ranks_too=True):
            last = k
    return last + 1


def _is_title_token(tok: Token, words: EntityWords, ranks_too: bool = False) -> bool:
    low = tok.lower_
    if low in words.titles or tok.lemma_.lower() in words.titles:
        return True
    return ranks_too and low in words.ranks


def _text(doc: Doc, first: int, last: int) -> str:
    # the span's own text: Doc.text would rebuild the whole article's string on every call
    return doc[first : last + 1].text


def _walk_back(span: Span, words: EntityWords) -> list[Token]:
    """The tokens before the name that may belong to a title run, left to right."""
    doc = span.doc
    sent_start = span.sent.start if doc.has_annotation("SENT_START") else 0
    run: list[Token] = []
    i = span.start - 1
    while i >= sent_start and len(run) < _MAX_ROLE_TOKENS:
        tok = doc[i]
        if "\n" in tok.text_with_ws or tok.is_space:
            break
        if tok.ent_type_ == "PERSON":
            break
        low = tok.lower_
        if tok.text in _POSSESSIVE and tok.pos_ == "PART":
            pass
        elif tok.pos_ == "DET":
            # "head of the UN mission X": an article is fine right after a connector
            if not (i - 1 >= sent_start and doc[i - 1].lower_ in words.role_connectors):
                break
        elif tok.pos_ == "ADP":
            if low not in words.role_connectors:
                break
        elif tok.is_punct:
            if tok.text not in {"-", "‐"} or tok.whitespace_ or (i > 0 and doc[i - 1].whitespace_):
                break
        elif tok.pos_ in _STOP_POS or (tok.like_num and not tok.is_alpha):
            break
        run.append(tok)
        i -= 1
    run.reverse()
    return run


def _prenominal_roles(span: Span, words: EntityWords) -> list[str]:
    run = _walk_back(span, words)
    if not run or not _may_end_title(run[-1], words):
        return []  # "the candidate's response to [Trump]": the words before the name are not its title
    first_title = next((k for k, t in enumerate(run) if _is_title_token(t, words, ranks_too=True)), None)
    if first_title is None:
        return []
    # Start at the modifier run right before the first title word ("Russian Deputy Defense Minister").
    start = first_title
    while start > 0 and _is_modifier(run[start - 1], words):
        start -= 1
    # "Russia's Foreign Minister": keep a possessive owner with the title.
    if start >= 2 and run[start - 1].text in _POSSESSIVE and _is_name_token(run[start - 2]):
        start -= 2
        while start > 0 and run[start - 1].lower_ not in words.role_connectors and run[start - 1].pos_ == "PROPN":
            start -= 1
    tokens = run[start:]
    while tokens and tokens[0].lower_ in words.role_skip_words | words.role_connectors:
        tokens = tokens[1:]
    # A rank right before the name is a role of its own: "... in the north General Tove Brask".
    rank_start = len(tokens)
    while rank_start > 0 and tokens[rank_start - 1].lower_ in words.ranks:
        rank_start -= 1
    if 0 < rank_start < len(tokens) and _is_title_token(tokens[rank_start - 1], words) and "." not in tokens[-1].text:
        rank_start = len(tokens)  # "Attorney General", "Secretary General": one title, not a rank
    roles: list[str] = []
    head, ranks = tokens[:rank_start], tokens[rank_start:]
    while head and (head[-1].lower_ in words.role_connectors or head[-1].pos_ == "DET"):
        head = head[:-1]
    if head and any(_is_title_token(t, words) for t in head):
        roles.append(_text(span.doc, head[0].i, head[-1].i))
    if ranks:
        rank = _text(span.doc, ranks[0].i, ranks[-1].i)
        if rank.lower() not in words.plain_honorifics:
            roles.append(rank)
    return roles


def _is_name_token(tok: Token) -> bool:
    return tok.ent_type_ in {"GPE", "ORG", "NORP", "LOC", "FAC"} or (tok.pos_ == "PROPN" and tok.is_title)


def _may_end_title(tok: Token, words: EntityWords) -> bool:
    """The word right before a name, if the run is its title: a title, a rank or a name ("envoy to Libya")."""
    return _is_title_token(tok, words, ranks_too=True) or _is_name_token(tok)


def _is_modifier(tok: Token, words: EntityWords) -> bool:
    """A word that qualifies a following title: "Russian", "LNA", "human rights", "Deputy"."""
    if tok.lower_ in words.role_connectors or tok.text in _POSSESSIVE:
        return False
    if _is_title_token(tok, words, ranks_too=True) or tok.ent_type_ in {"NORP", "GPE", "ORG", "LOC"}:
        return True
    return tok.dep_ in {"compound", "amod", "nmod", "poss"}


def _apposition_roles(span: Span, words: EntityWords) -> list[str]:
    doc = span.doc
    roles = []
    # "X, the foreign minister of Boravia, said"
    for tok in span:
        for child in tok.children:
            if child.dep_ == "appos" and child.i >= span.end and child.ent_type_ != "PERSON":
                if child.tag_ in {"NNS", "NNPS"}:
                    continue  # "X, advisers said": a plural is not X's title
                role = _clean_phrase(doc, child.left_edge.i, child.right_edge.i, words)
                if role:
                    roles.append(role)
    # "The foreign minister, X, said" / "A spokesman for the army, Colonel X, said"
    root = span.root
    head = root.head
    if root.dep_ == "appos" and head.i < span.start and _is_title_token(head, words):
        last = span.start - 1
        while last > head.i and (doc[last].is_punct or doc[last].lower_ in words.ranks):
            last -= 1
        role = _clean_phrase(doc, head.left_edge.i, last, words)
        if role:
            roles.append(role)
    return roles


def _clean_phrase(doc: Doc, first: int, last: int, words: EntityWords) -> str | None:
    """The phrase without leading articles or trailing punctuation, if it holds a title word.

    It stops at a comma or bracket inside ("majority leader, whose state ...", "adviser (then-Senator").
    """
    while first <= last and (doc[first].pos_ in {"DET", "PUNCT", "PRON"} or doc[first].lower_ in words.role_skip_words):
        first += 1
    for k in range(first, last + 1):
        if doc[k].text in {",", "(", ")", ";", "—", "–"}:
            last = k - 1
            break
    while last >= first and doc[last].is_punct:
        last -= 1
    if last < first or last - first + 1 > _MAX_ROLE_TOKENS:
        return None
    if any(doc[k].ent_type_ == "PERSON" for k in range(first, last + 1)):
        return None
    if not any(_is_title_token(doc[k], words) for k in range(first, last + 1)):
        return None
    text = _text(doc, first, last)
    return None if "\n" in text else text
