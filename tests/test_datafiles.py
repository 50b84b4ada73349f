"""Data files: each checked when loaded (file:line errors), each entry read by some code."""

from __future__ import annotations

import functools
import importlib
import sys
from importlib import resources as importlib_resources
from pathlib import Path

import pytest

from newsgraph import datafiles, resources
from newsgraph.api import analyze
from newsgraph.datafiles import NOT_LOADED, SCHEMAS, STANCES, DataFileError, declared_reads

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DATA = Path(str(importlib_resources.files("newsgraph").joinpath("data")))


def _shipped_files() -> set[str]:
    return {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def _clear_newsgraph_caches() -> None:
    """Empty every ``functools`` cache of the loaded newsgraph modules (data, holders, the parser)."""
    for name, module in list(sys.modules.items()):
        if name == "newsgraph" or name.startswith("newsgraph."):
            for value in list(vars(module).values()):
                if isinstance(value, functools._lru_cache_wrapper):
                    value.cache_clear()


def test_every_data_file_has_a_schema_and_every_schema_a_file():
    assert _shipped_files() == set(SCHEMAS) | set(NOT_LOADED)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_data_files_pass_their_schema(name):
    text = resources.data_text(name)
    if name.endswith(".yaml"):
        assert datafiles.check_yaml(name, text) is not None
    else:
        datafiles.check_text(name, text)


def test_stances_are_the_data_model_ones():
    assert STANCES == ("report", "assert", "deny", "reject", "accuse", "verify", "no_comment")


def test_plover_types_are_the_sixteen_with_their_groups():
    types = resources.load_yaml("events/plover_types.yaml")["types"]
    assert list(types) == ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                           "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
    groups = {name: spec["group"] for name, spec in types.items()}
    assert [n for n, g in groups.items() if g == "material conflict"] == [
        "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
    from newsgraph.extract.events.patterns import patterns

    pats = patterns()
    assert pats.cooperative_types == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
    assert pats.hostile_types == {"REJECT", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    assert pats.located_types == {"PROTEST", "MOBILIZE", "COERCE", "ASSAULT"}
    assert pats.casualty_types == {"ASSAULT"}
    cameo = [row["plover"] for row in resources.load_tsv("events/plover_cameo.tsv")]
    assert sorted(cameo) == sorted(types)  # the GDELT export writes every type in CAMEO terms


# --- planted errors --------------------------------------------------------------------------------

@pytest.fixture
def planted(tmp_path, monkeypatch):
    """plant(name, old, new): a temp copy of the data files with one edit, loaded through the real loaders."""
    for path in DATA.rglob("*"):
        if path.is_file():
            target = tmp_path / path.relative_to(DATA)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    monkeypatch.setattr(resources, "data_text", lambda name: (tmp_path / name).read_text(encoding="utf-8"))
    _clear_newsgraph_caches()

    def plant(name: str, old: str, new: str) -> int:
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {name}"
        (tmp_path / name).write_text(text.replace(old, new), encoding="utf-8")
        return text[: text.index(old)].count("\n") + 1 + old[: len(old) - len(old.lstrip("\n"))].count("\n")

    yield plant
    monkeypatch.undo()
    _clear_newsgraph_caches()


def _error(load) -> str:
    with pytest.raises(DataFileError) as info:
        load()
    return str(info.value)


def test_misspelt_stance_names_file_and_line(planted):
    from newsgraph.extract.attribution.lexicon import lexicon

    line = planted("attribution/cues.yaml", "  deny: {stance: deny,", "  deny: {stance: denail,")
    allowed = "report, assert, deny, reject, accuse, verify, no_comment"
    assert _error(lexicon) == f"attribution/cues.yaml:{line}: unknown stance 'denail' (allowed: {allowed})"


def test_misspelt_negated_stance_and_unknown_cue_key(planted):
    line = planted("attribution/cues.yaml", "  blame: {stance: accuse, object: true, negated: assert}",
                   "  blame: {stance: accuse, objcet: true, negated: assert}")
    message = _error(lambda: resources.load_yaml("attribution/cues.yaml"))
    assert message.startswith(f"attribution/cues.yaml:{line}: unknown key 'objcet' (allowed: stance, negated, ")


def test_unknown_top_level_key_names_file_and_line(planted):
    line = planted("attribution/channels.yaml", "interview_nouns:", "interview_noun:")
    assert _error(lambda: resources.load_yaml("attribution/channels.yaml")) == (
        f"attribution/channels.yaml:{line}: unknown key 'interview_noun' (allowed: generic_audiences, "
        "channel_nouns, channel_preps, interview_nouns)")


def test_misspelt_plover_type_and_mode_name_file_and_line(planted):
    from newsgraph.extract.events.patterns import patterns

    line = planted("events/plover_patterns.yaml", "  jail: COERCE arrest", "  jail: COERSE arrest")
    message = _error(patterns)
    assert message.startswith(f"events/plover_patterns.yaml:{line}: unknown PLOVER type 'COERSE' (allowed: AGREE, ")
    planted("events/plover_patterns.yaml", "  jail: COERSE arrest", "  jail: COERCE arest")
    _clear_newsgraph_caches()
    assert _error(patterns).startswith(f"events/plover_patterns.yaml:{line}: unknown mode 'arest' of COERCE")


def test_plover_type_group_is_checked(planted):
    line = planted("events/plover_types.yaml", "  SUPPORT: {group: verbal cooperation, agent: true}",
                   "  SUPPORT: {group: verbal cooperative, agent: true}")
    assert _error(lambda: resources.load_yaml("events/plover_types.yaml")).startswith(
        f"events/plover_types.yaml:{line}: unknown group 'verbal cooperative' (allowed: verbal cooperation, ")


def test_yaml_boolean_in_a_word_list_is_refused(planted):
    line = planted("attribution/channels.yaml", 'during, "on", to', "during, on, to")
    assert _error(lambda: resources.load_yaml("attribution/channels.yaml")) == (
        f"attribution/channels.yaml:{line}: 'on' reads as bool in YAML: quote it")


def test_broken_yaml_names_file_and_line(planted):
    line = planted("credits.yaml", "  - Photo credit\n", "\t- Photo credit\n")
    message = _error(lambda: resources.load_yaml("credits.yaml"))
    assert message.startswith("credits.yaml:") and "not valid YAML" in message
    assert message.split(":")[1] == str(line)


def test_malformed_tsv_rows_name_file_and_line(planted):
    from newsgraph.extract.events.actors import code_for

    line = planted("events/actors.tsv", "NATO\tIGOWSTNAT\tactor\n", "NATO\tIGOWSTNAT\tactr\n")
    assert _error(lambda: code_for("NATO")) == (
        f"events/actors.tsv:{line}: 'actr' in column 'kind' is not actor or sector")
    line = planted("entities/facilities.tsv", "\t32.89\t13.28\tLY\t", "\t32.89\t13.28\tLY\textra\t")
    assert _error(lambda: resources.load_tsv("entities/facilities.tsv")) == (
        f"entities/facilities.tsv:{line}: 8 tab-separated fields, the header has 7")


def test_bad_regex_in_a_plain_list_names_file_and_line(planted):
    line = planted("segment/separators.txt", "-30-\n", "-30-(\n")
    message = _error(lambda: resources.load_lines("segment/separators.txt"))
    assert message.startswith(f"segment/separators.txt:{line}: bad regular expression: ")


# --- every entry read --------------------------------------------------------------------------------

def _holder(via: str) -> tuple[type, str]:
    path, attribute = via.rsplit(".", 1)
    module, cls = path.split(":")
    return getattr(importlib.import_module(module), cls), attribute


def unread_entries(run) -> list[str]:
    """Declared data-file parts that ``run()`` (from empty caches) never read, as "file: key (via)"."""
    holders = {_holder(via)[0] for _, _, via in declared_reads() if via}
    touched: set[tuple[str, str]] = set()
    originals = {}
    for cls in holders:
        def record(self, name, _cls=cls, _get=cls.__getattribute__):
            touched.add((_cls.__name__, name))
            return _get(self, name)
        originals[cls] = cls.__dict__.get("__getattribute__")
        cls.__getattribute__ = record
    _clear_newsgraph_caches()
    resources.READS.clear()
    if "newsgraph.words" in sys.modules:
        importlib.reload(sys.modules["newsgraph.words"])  # reads data/words.yaml when imported
    try:
        run()
    finally:
        for cls, original in originals.items():
            if original is None:
                del cls.__getattribute__
            else:
                cls.__getattribute__ = original
    missing = []
    for file, key, via in declared_reads():
        if (file, key) not in resources.READS:
            missing.append(f"{file}: {key or '(file)'}")
        elif via and (_holder(via)[0].__name__, _holder(via)[1]) not in touched:
            missing.append(f"{file}: {key} (handed out as {via}, never read)")
    return missing


def _run_pipeline_on_invented_examples(db: Path) -> None:
    """Analyse the invented examples, check a claim against them, store them, export the events as GDELT rows."""
    import io

    from newsgraph.store import open_store

    inputs = [EXAMPLES / "dump.txt", EXAMPLES / "two-outlets.jsonl", FIXTURES / "ingest" / "harbour-page.html",
              *sorted((FIXTURES / "attribution").glob("*.jsonl")), *sorted((FIXTURES / "events").glob("*.jsonl")),
              FIXTURES / "data" / "rare-paths.txt"]
    analysis = analyze([str(p) for p in inputs], published="2025-03-14")
    assert len(analysis.articles) >= 10
    from newsgraph.link.claimcheck import check_claim  # claim checking reads data/claims/

    assert check_claim("Police arrested two protesters in Lyon", analysis.articles)
    store = open_store(db)
    try:
        store.add_articles(analysis.articles)
        assert store.export_table("events", "gdelt", io.StringIO()) > 10
    finally:
        store.close()


def test_every_data_file_entry_is_read_by_the_pipeline(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_EVENT_DICTIONARIES", "all")  # the optional dictionary patterns too
    assert unread_entries(lambda: _run_pipeline_on_invented_examples(tmp_path / "store.db")) == []


def test_an_entry_no_code_reads_is_reported(monkeypatch):
    from newsgraph.extract.attribution.lexicon import Lexicon

    monkeypatch.setitem(SCHEMAS, "attribution/channels.yaml", datafiles.Fields({
        **SCHEMAS["attribution/channels.yaml"].keys,
        "spare_words": datafiles.Read(datafiles.Words(), "newsgraph.extract.attribution.lexicon:Lexicon.spare"),
    }))
    assert not hasattr(Lexicon, "spare")

    def read_channels_only():
        data = resources.load_yaml("attribution/channels.yaml")
        data.get("generic_audiences")

    missing = unread_entries(read_channels_only)
    assert "attribution/channels.yaml: spare_words" in missing
    assert "attribution/channels.yaml: generic_audiences (handed out as " \
           "newsgraph.extract.attribution.lexicon:Lexicon.generic_audiences, never read)" in missing


def test_cli_stops_on_a_broken_data_file_with_one_line(planted):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    line = planted("events/plover_patterns.yaml", "  jail: COERCE arrest", "  jail: COERSE arrest")
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLES / "dump.txt")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"error data file events/plover_patterns.yaml:{line}: unknown PLOVER type 'COERSE'")
    assert result.stdout == ""


def test_plover_types_the_code_names_are_declared():
    """A type written in code ("REQUEST", "ASSAULT") must be one of data/events/plover_types.yaml."""
    import re

    declared = set(resources.load_yaml("events/plover_types.yaml")["types"])
    src = Path(datafiles.__file__).parent
    named: set[str] = set()
    for path in [*(src / "extract" / "events").glob("*.py"), src / "evaluate" / "gold.py"]:
        text = path.read_text(encoding="utf-8")
        named.update(re.findall(r'\b(?:(?:frame|trigger|earlier)\.type|etype|g\["type"\])\s*[!=]=\s*"([A-Z]+)"', text))
        named.update(re.findall(r'frame\.type,[^=\n]*= "([A-Z]+)"', text))
    assert {"REQUEST", "CONSULT", "REJECT", "ACCUSE", "AGREE", "THREATEN"} <= named
    assert named <= declared


def test_quoted_on_is_a_channel_preposition_again():
    """channels.yaml listed `on` unquoted: YAML read it as true, so "said on Twitter" had no channel."""
    text = "Harbour vote delayed\n\nThe ferry plan will be delayed by a year, Mayor Ilse Marn said on Twitter on Monday.\n"
    (article,) = analyze(text, published="2025-03-14").articles
    assert [(q.cue.text, q.speaker.text, q.channel) for q in article.attributions] == [("said", "Mayor Ilse Marn", "Twitter")]
