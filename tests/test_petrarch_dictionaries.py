"""The field's dictionaries (PETRARCH-2 verbs, Phoenix actors and agents): readers on invented snippets
in their formats, and the derived data as a lower-priority pattern and actor source."""

from __future__ import annotations

import pytest

from newsgraph.extract.events import petrarch
from newsgraph.extract.events.actors import code_for
from newsgraph.extract.events.dictionaries import (
    plover_of, read_actor_dictionary, read_agent_dictionary, read_cameo_plover, read_verb_dictionary,
)
from newsgraph.extract.events.patterns import function_verbs, patterns
from newsgraph.options import OptionError
from tests.test_events import events_of

VERBS = """# an invented dictionary in PETRARCH-2's format
&FRUIT_
+PEAR
+QUINCE_

####### VERB PATTERNS #######

---  GLORP   [051]  ---
GLORP {GLORPS GLORPING GLORPED}
+FLIM_OUT {+FLIMS_OUT +FLIMMED_OUT} [120]
ZANDER  # an invented coder note
- * &FRUIT                              [073]     # ZANDERED
- * {GRAIN SHIPMENT} (TO CAPITAL)       [072:070] # GLORP
- TANKS *                               [190]     # GLORP
- * NOTHING                             [:110]    # GLORP
- * BREAD                               [070]     # WOBBLE

---  IDLE   [---]  ---
IDLE

######## TRANSFORMATIONS ##########
~ a (a b X) SAY = a b 015
"""


def test_verb_dictionary_reader_on_an_invented_snippet():
    book = read_verb_dictionary(VERBS.replace("ZANDER  #", "ZANDER {ZANDERED}  #"))
    assert book.synonyms == {"&FRUIT_": ("pear", "quince")}
    assert [(v.verb, v.code, v.group) for v in book.verbs] == [
        ("glorp", "051", "glorp"), ("flim out", "120", "glorp"), ("zander", "051", "glorp"), ("idle", None, "idle")]
    found = [(p.verbs, p.before, p.after, p.code) for p in book.patterns]
    assert found == [
        (("zander",), (), ("&FRUIT",), "073"),  # its comment names the verb by an irregular form
        (("glorp",), (), ("{GRAIN SHIPMENT}", "(TO CAPITAL)"), "072"),  # [a:b] codes a from the source
        (("glorp",), ("TANKS",), (), "190"),
    ]  # '[:110]' codes only target->source; a pattern written for another group's verb is not this one's


def test_actor_and_agent_readers_on_invented_snippets():
    actors = read_actor_dictionary("""# invented
ODA_VELMAR_  # note
+PRESIDENT_VELMAR
+VELMAR
\t[KSRGOVLEG 990101-031231]
\t[KSRGOV >040101]
\t[KSRELI]

HARBOUR_FRONT_ [KSRREB]
+HF_
""")
    assert [(a.names, a.current_code()) for a in actors] == [
        (("oda velmar", "president velmar", "velmar"), "KSRGOV"), (("harbour front", "hf"), "KSRREB")]
    agents = read_agent_dictionary("!OFF! = OFFICER, OFFICERS\nHARBOUR!OFF! [~COP]\nTIDE_WARDEN {TIDE_WARDENS} [~GOVENV]\n")
    assert [(a.phrase, a.code) for a in agents] == [
        ("harbourofficer", "COP"), ("harbourofficers", "COP"), ("tide warden", "GOVENV"), ("tide wardens", "GOVENV")]


def test_cameo_codes_map_to_our_plover_types_and_modes():
    table = read_cameo_plover("09: ACCUSE\n091: ACCUSE, investigate, crime # Investigate crime\n"
                              "1011: REQUEST, assist, economic # Demand economic cooperation\n")
    modes = {"ACCUSE": ("investigate",), "REQUEST": ("meet",)}
    assert plover_of("0912", table, {}, modes) == ("ACCUSE", "investigate")  # nearest parent code
    assert plover_of("1011", table, {}, modes) == ("REQUEST", None)  # a mode we do not use is dropped
    assert plover_of("021", table, {"02": "REQUEST"}, modes) == ("REQUEST", None)  # root from plover_cameo.tsv
    assert plover_of("010", table, {"02": "REQUEST"}, modes) is None  # statements: no PLOVER type


@pytest.fixture
def level():
    yield petrarch.use_dictionaries
    petrarch.use_dictionaries(None)


def test_a_pattern_only_the_dictionary_supplies_is_used_at_level_patterns(level):
    assert not any(k.split()[0] == "appoint" for k in patterns().verbs)  # not one of ours
    text = "Prosecutor Ilse Marrow appointed a committee on the Tidewater Party on Monday."
    level("actors")
    assert not [e for e in events_of(text) if e.type == "ACCUSE"]
    level("patterns")
    accusations = [e for e in events_of(text) if e.type == "ACCUSE"]
    assert [e.mode for e in accusations] == ["investigate"]
    assert accusations[0].actor.name.endswith("Ilse Marrow")


def test_our_own_patterns_win_over_the_dictionary(level):
    level("all")
    assert petrarch.dictionary_verbs()["attend summit"] == ("CONSULT", None)
    assert "meet" not in petrarch.dictionary_verbs()  # ours has it: not derived
    events = events_of("Mayor Ines Dalby met the harbour workers in Lisbon on Tuesday.")
    assert "CONSULT" in {e.type for e in events}


def test_fallback_actor_codes_for_leaders_groups_and_ministries(level):
    level("off")
    assert code_for("Chancellor Angela Merkel") is None  # our own data has no code for her
    level("actors")
    assert code_for("Chancellor Angela Merkel") == "DEUGOV"
    assert code_for("the Abu Nidal Organization") == "IMGMUSALQ"
    assert code_for("angela merkel") is None  # a name is capitalised
    assert code_for("an Egyptian dairy farmer") == "EGYAGR"  # a Phoenix agent after our country
    assert code_for("the Egyptian minister of agriculture") == "EGYGOV"  # ours win: our sector 'minister'
    level("off")
    assert code_for("an Egyptian dairy farmer") == "EGY"
    level("actors")
    events = events_of("Angela Merkel met Tomas Reyk in Lisbon on Tuesday.")
    assert [e.actor.code for e in events if e.type == "CONSULT"] == ["DEUGOV"]


def test_a_bad_level_is_one_line_naming_the_variable(level, monkeypatch):
    monkeypatch.setenv(petrarch.ENV, "most")
    with pytest.raises(OptionError) as err:
        petrarch.level()
    assert str(err.value) == "NEWSGRAPH_EVENT_DICTIONARIES 'most' is not one of: off, actors, specific, patterns, all"
    with pytest.raises(OptionError):
        level("some")


def _build_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "build_petrarch_data.py"
    spec = importlib.util.spec_from_file_location("build_petrarch_data", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_script_reads_our_tables_as_tables_not_their_header_rows():
    script = _build_script()
    own = script.own_names()
    assert "pattern" not in own  # the header row of actors.tsv is no actor name
    assert own and all(name == name.lower() for name in own)
    roots = script.cameo_roots()
    assert roots and all(code.isdigit() for code in roots) and set(roots.values()) <= set(patterns().cooperative_types
                                                                                         | patterns().hostile_types
                                                                                         | {"ACCUSE", "REQUEST", "THREATEN"})


def test_a_dictionary_verb_needs_the_arguments_of_an_interaction(level):
    level("all")
    assert "apprehend" not in patterns().verbs and petrarch.dictionary_verbs()["apprehend"][0] == "COERCE"
    events = events_of("Attorney General Ada Lenk apprehended the Tidewater Party last year.")
    assert [e.target.name for e in events if e.type == "COERCE"] == ["Tidewater Party"]
    # no one it is done to or with: the dictionary_sense drops it ("apprehended quickly")
    assert not [e for e in events_of("Attorney General Ada Lenk apprehended quickly last year.")
                if e.type == "COERCE"]


def test_a_function_verb_of_ours_is_no_dictionary_event_alone(level):
    level("all")
    assert petrarch.dictionary_verbs()["want"][0] == "AGREE"  # CAMEO 03: express intent
    assert "want" in function_verbs()  # factuality.yaml: a hypothetical governor
    events = events_of("Mayor Ines Dalby wanted the harbour workers in the council.")
    assert not [e for e in events if e.type == "AGREE"]


def test_level_specific_reads_only_the_bare_verbs_of_a_specific_cameo_code(level):
    level("specific")
    verbs = petrarch.dictionary_verbs()
    assert verbs["castigate"] == ("ACCUSE", "disapprove")  # 111: criticize or denounce
    assert "castigate" not in patterns().verbs
    assert "defeat" not in verbs and "come" not in verbs  # 190, 040: a root's catch-all
    assert not any(" " in k for k in verbs)  # no verb+word patterns at this level
    events = events_of("Senator Ilse Marrow castigated the Tidewater Party on Monday.")
    assert [(e.type, e.target.name) for e in events] == [("ACCUSE", "Tidewater Party")]
    level("actors")
    assert not events_of("Senator Ilse Marrow castigated the Tidewater Party on Monday.")
