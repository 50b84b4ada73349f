"""Places: offline gazetteer lookups, context-based disambiguation, mentions with offsets."""

from __future__ import annotations

from newsgraph.extract.places import extract_places, geocode
from newsgraph.model import Article
from newsgraph.nlp import get_nlp


def test_ambiguous_city_follows_the_article_countries():
    assert geocode("Tripoli", ["Lebanon", "Beirut"]).country == "LB"
    assert geocode("Tripoli", ["Libya"]).country == "LY"


def test_countries_aliases_and_facilities():
    assert geocode("Türkiye").country == "TR"
    assert geocode("the United States").feature == "country"
    base = geocode("al-Watiya")
    assert base.feature == "facility" and base.country == "LY"
    assert geocode("Gaza City").country == "PS"
    assert geocode("Narnia-on-Sea") is None


def test_extract_places_keeps_offsets_and_finds_facilities_the_ner_misses():
    text = "Drones struck the Mitiga base in Tripoli, Libya, and a depot outside Misrata."
    article = Article(id="p", source_file="t", headline=None, text=text, paragraphs=(text,))
    found = extract_places(article, get_nlp()(text))
    for mention, _ in found:
        assert text[mention.start:mention.end] == mention.text
    by_text = {m.text: p for m, p in found}
    assert by_text["Tripoli"].country == "LY"
    assert any(p.feature == "facility" for p in by_text.values())
    assert by_text["Misrata"].country == "LY"


def test_modifiers_and_publication_names_are_not_places():
    from newsgraph.extract.places import not_a_place_here

    text = "Rebels downed a US-made helicopter; Lyon daily Le Progres said police in Lyon arrested two."
    us, lyon1, lyon2 = text.index("US"), text.index("Lyon"), text.rindex("Lyon")
    assert not_a_place_here(text, us, us + 2)  # "US-made": where the helicopter was made
    assert not_a_place_here(text, lyon1, lyon1 + 4)  # "Lyon daily": a newspaper
    assert not not_a_place_here(text, lyon2, lyon2 + 4)  # "in Lyon arrested": the place
