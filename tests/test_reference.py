"""The reference service: one referent per mention, the same for quote speakers and event actors."""

from __future__ import annotations

from newsgraph.extract.events.actors import ActorResolver
from newsgraph.extract.reference import references
from newsgraph.model import RawDocument
from newsgraph.pipeline import Options, analyze_documents
from newsgraph.nlp import get_nlp


def _analyse(text: str):
    (article,) = analyze_documents([RawDocument("t.txt", text)], Options(published="2031-03-14"))
    return article


def _pronoun_speakers_and_actors(text: str) -> list[tuple[str, str | None, str | None]]:
    """(pronoun, speaker resolved by the attribution layer, actor named by the event layer) per pronoun speaker."""
    article = _analyse(text)
    doc = get_nlp()(article.text)
    actors = ActorResolver(doc, article.entities)
    out = []
    for a in article.attributions:
        if a.speaker is None or a.speaker.start is None:
            continue
        token = doc.char_span(a.speaker.start, a.speaker.end)
        if token is None or len(token) != 1 or token[0].lower_ not in references(doc).words.pronouns:
            continue
        actor = actors.actor(token[0])
        out.append((a.speaker.text, a.speaker.resolved, actor.name if actor else None))
    return out


def test_she_after_a_congresswoman_is_her_as_speaker_and_as_actor():
    article = _analyse("Ada Holt, a congresswoman, visited Lyon. Piet Varn hosted the talks. She condemned the vote.")
    (said,) = [a for a in article.attributions if a.speaker and a.speaker.text == "She"]
    assert said.speaker.resolved == "Ada Holt"
    condemned = [e for e in article.events if e.text.startswith("She condemned")]
    assert condemned and condemned[0].actor.name == "Ada Holt"


def test_attribution_and_events_give_each_pronoun_the_same_referent():
    found = _pronoun_speakers_and_actors(
        "Port director Edda Quist toured the new terminal on Monday, where she met the harbour engineer "
        "Olaf Brenning.\n\n"
        "He told reporters that the cranes would arrive in June. She said the port would reopen in May.\n\n"
        "The Varn Liberation Front attacked a convoy near Ravensk on Tuesday. It said the trucks carried weapons.\n\n"
        "Councillor Ada Vinter and Councillor Bram Tellis met the fishermen on Wednesday. "
        "They said the quotas were unfair."
    )
    by_pronoun = {p: (speaker, actor) for p, speaker, actor in found}
    assert by_pronoun["He"] == ("Olaf Brenning", "Olaf Brenning")
    assert by_pronoun["She"] == ("Edda Quist", "Edda Quist")  # he is Brenning, so she is not
    assert by_pronoun["It"] == ("Varn Liberation Front", "Varn Liberation Front")
    assert len(found) >= 4 and all(speaker == actor for _, speaker, actor in found)


def test_the_latter_is_the_same_person_for_speakers_and_actors():
    article = _analyse("Governor Anna Veltri met with banker Tomas Reyk in Lisbon. The latter said the talks went well.")
    (said,) = [a for a in article.attributions if a.speaker and a.speaker.text == "The latter"]
    assert said.speaker.resolved == "Tomas Reyk"
    doc = get_nlp()(article.text)
    latter = next(t for t in doc if t.lower_ == "latter")
    assert ActorResolver(doc, article.entities).actor(latter).name == "Tomas Reyk"


def test_the_fighters_take_the_group_named_with_them_before():
    article = _analyse("Tarn Brotherhood fighters attacked a convoy near Ravensk. "
                       "The fighters said the convoy carried weapons.")
    said = [a for a in article.attributions if a.speaker and a.speaker.text == "The fighters"]
    assert said and said[0].speaker.resolved == "Tarn Brotherhood"
    doc = get_nlp()(article.text)
    fighters = [t for t in doc if t.lower_ == "fighters"][1]
    assert ActorResolver(doc, article.entities).actor(fighters).name == "Tarn Brotherhood"


def test_the_service_is_built_once_per_article():
    doc = get_nlp()("Ada Holt visited Lyon. She left.")
    assert references(doc) is references(doc)
    assert ActorResolver(doc).refs is references(doc)
