"""What may each data file under ``newsgraph/data`` hold, and who reads each part of it?

``SCHEMAS`` names every data file with its shape: for YAML the allowed top-level keys and the
form of their values (word lists, stances, PLOVER types and modes, fixed-key entries), for TSV
the columns, for plain lists how each line is read. ``newsgraph.resources`` checks a file
against its schema when it loads it; a problem raises ``DataFileError`` with one line naming
the file and line ("attribution/cues.yaml:41: unknown stance 'denail' (allowed: ...)").

A key marked ``Read(..., via="Lexicon.prepositional")`` is handed out as that attribute of
the named holder class; ``tests/test_datafiles.py`` checks every key (and every such
attribute) is read when the pipeline runs, so no entry sits in a file unused.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Callable, get_args

import yaml

from newsgraph.model import Stance

STANCES: tuple[str, ...] = get_args(Stance)
PLOVER_TYPES_FILE = "events/plover_types.yaml"
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT")
PLACE_FEATURES = ("facility", "region", "city", "continent")


class DataFileError(ValueError):
    """A data file that does not match its schema: one line, ``file:line: problem``."""


@dataclass
class _Where:
    name: str

    def fail(self, line: int, message: str) -> None:
        raise DataFileError(f"{self.name}:{line}: {message}")

    def at(self, node: yaml.Node, message: str) -> None:
        self.fail(node.start_mark.line + 1, message)


def _allowed(values: Any) -> str:
    return ", ".join(str(v) for v in values)


# --- YAML value shapes -------------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"


def _scalar(node: yaml.Node, where: _Where, what: str = "a word") -> str:
    if not isinstance(node, yaml.ScalarNode):
        where.at(node, f"expected {what}, found a {'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}")
    if node.tag != _STR and node.tag.rsplit(":", 1)[-1] in ("bool", "null"):
        where.at(node, f"'{node.value}' reads as {node.tag.rsplit(':', 1)[-1]} in YAML: quote it")
    return node.value


class Spec:
    def check(self, node: yaml.Node, where: _Where) -> None:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass
class Word(Spec):
    """One scalar; with ``allowed``, one of those values (``what`` names them in errors)."""

    allowed: tuple[str, ...] | Callable[[], tuple[str, ...]] | None = None
    what: str = "value"

    def values(self) -> tuple[str, ...] | None:
        return self.allowed() if callable(self.allowed) else self.allowed

    def check(self, node: yaml.Node, where: _Where) -> None:
        value = _scalar(node, where)
        allowed = self.values()
        if allowed is not None and value not in allowed:
            where.at(node, f"unknown {self.what} '{value}' (allowed: {_allowed(allowed)})")


@dataclass
class Flag(Spec):
    def check(self, node: yaml.Node, where: _Where) -> None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            where.at(node, f"expected true or false, found '{getattr(node, 'value', '...')}'")


@dataclass
class Number(Spec):
    def check(self, node: yaml.Node, where: _Where) -> None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:int":
            where.at(node, f"expected a whole number, found '{getattr(node, 'value', '...')}'")


@dataclass
class Words(Spec):
    """A list of scalars, each checked by ``item``."""

    item: Spec = field(default_factory=Word)

    def check(self, node: yaml.Node, where: _Where) -> None:
        if not isinstance(node, yaml.SequenceNode):
            where.at(node, "expected a list")
        for child in node.value:
            self.item.check(child, where)


@dataclass
class Fields(Spec):
    """A mapping with a fixed set of keys."""

    keys: dict[str, Spec]
    required: tuple[str, ...] = ()

    def check(self, node: yaml.Node, where: _Where) -> None:
        if not isinstance(node, yaml.MappingNode):
            where.at(node, "expected a mapping")
        seen = set()
        for key_node, value_node in node.value:
            key = _scalar(key_node, where, "a key")
            if key not in self.keys:
                where.at(key_node, f"unknown key '{key}' (allowed: {_allowed(self.keys)})")
            if key in seen:
                where.at(key_node, f"key '{key}' given twice")
            seen.add(key)
            spec = self.keys[key]
            (spec.spec if isinstance(spec, Read) else spec).check(value_node, where)
        missing = [k for k in self.required if k not in seen]
        if missing:
            where.at(node, f"missing key '{missing[0]}'")


@dataclass
class Table(Spec):
    """A mapping with free keys (checked by ``key``) and values checked by ``value``."""

    value: Spec
    key: Spec = field(default_factory=Word)

    def check(self, node: yaml.Node, where: _Where) -> None:
        if not isinstance(node, yaml.MappingNode):
            where.at(node, "expected a mapping")
        seen = set()
        for key_node, value_node in node.value:
            self.key.check(key_node, where)
            if key_node.value in seen:
                where.at(key_node, f"key '{key_node.value}' given twice")
            seen.add(key_node.value)
            self.value.check(value_node, where)


@dataclass
class Read(Spec):
    """A top-level section handed out as attribute ``via`` ("Class.attribute") of a holder."""

    spec: Spec
    via: str

    def check(self, node: yaml.Node, where: _Where) -> None:
        self.spec.check(node, where)


@dataclass
class TypeMode(Spec):
    """A PLOVER event type, optionally followed by one of its modes: "ASSAULT" or "ASSAULT heavy"."""

    def check(self, node: yaml.Node, where: _Where) -> None:
        parts = _scalar(node, where, "a PLOVER type").split()
        types = plover_types()
        if not parts or parts[0] not in types:
            where.at(node, f"unknown PLOVER type '{parts[0] if parts else ''}' (allowed: {_allowed(types)})")
        if len(parts) > 2:
            where.at(node, f"expected 'TYPE' or 'TYPE mode', found '{node.value}'")
        if len(parts) == 2 and parts[1] not in types[parts[0]]:
            where.at(node, f"unknown mode '{parts[1]}' of {parts[0]} (allowed: {_allowed(types[parts[0]])})")


@functools.lru_cache(maxsize=1)
def plover_types() -> dict[str, tuple[str, ...]]:
    """PLOVER type -> its modes, from ``data/events/plover_types.yaml`` (read without tracking)."""
    from newsgraph.resources import data_text

    raw = yaml.safe_load(data_text(PLOVER_TYPES_FILE))
    return {name: tuple(spec.get("modes", ())) for name, spec in raw["types"].items()}


def _type_mode(value: str) -> bool:
    parts = value.split()
    types = plover_types()
    return 1 <= len(parts) <= 2 and parts[0] in types and (len(parts) == 1 or parts[1] in types[parts[0]])


# --- TSV and plain-list shapes -----------------------------------------------------------------

def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


@dataclass
class Columns:
    """A TSV file: its header must hold ``required`` and may hold ``optional``; ``checks`` test values."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    checks: dict[str, tuple[Callable[[str], bool], str]] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return self.required + self.optional

    def check(self, text: str, where: _Where) -> None:
        header: list[str] | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                unknown = [c for c in cells if c not in self.names]
                if unknown:
                    where.fail(number, f"unknown column '{unknown[0]}' (allowed: {_allowed(self.names)})")
                missing = [c for c in self.required if c not in cells]
                if missing:
                    where.fail(number, f"missing column '{missing[0]}'")
                continue
            if len(cells) != len(header):
                where.fail(number, f"{len(cells)} tab-separated fields, the header has {len(header)}")
            row = dict(zip(header, (c.strip() for c in cells)))
            for column in self.required[:1]:
                if not row[column]:
                    where.fail(number, f"empty '{column}'")
            for column, (test, what) in self.checks.items():
                value = row.get(column, "")
                if value and not test(value):
                    where.fail(number, f"'{value}' in column '{column}' is not {what}")


@dataclass
class Lines:
    """A plain list; ``regex`` lines must compile (after dropping a listed ``prefix``)."""

    regex: bool = False
    prefixes: tuple[str, ...] = ()
    placeholder: str | None = None  # text every line must hold ("{outlet}")
    always_regex: bool = True  # False: only prefixed lines are regexes

    def check(self, text: str, where: _Where) -> None:
        for number, line in enumerate(text.splitlines(), start=1):
            item = line.strip()
            if not item or item.startswith("#"):
                continue
            if self.placeholder and self.placeholder not in item:
                where.fail(number, f"a line without {self.placeholder}")
            prefix = next((p for p in self.prefixes if item.startswith(p)), None)
            pattern = item[len(prefix):] if prefix else item
            if self.regex and (prefix or self.always_regex):
                try:
                    re.compile(pattern.replace(self.placeholder or "\0", "X"))
                except re.error as exc:
                    where.fail(number, f"bad regular expression: {exc}")


# --- the schemas -------------------------------------------------------------------------------

_LEX = "newsgraph.extract.attribution.lexicon:Lexicon"
_PAT = "newsgraph.extract.events.patterns:Patterns"
_ENT = "newsgraph.extract.entities.words:EntityWords"
_FACT = "newsgraph.extract.events.factuality:FactualityCues"
_SENSE = Fields({"actor": Word(("agent",), "actor kind"), "not_objects": Words(), "objects": Words(),
                 "retype": Table(TypeMode()), "target": Word(("needed",), "target need"), "own_object": TypeMode(),
                 "recipient": Flag(), "no_clause": Flag(), "people": Flag()})
_REF = "newsgraph.extract.reference.words:ReferenceWords"
_PLACE = "newsgraph.extract.places:PlaceWords"
_STW = "newsgraph.extract.attribution.stance_read:StanceWords"
_STANCE = Word(STANCES, "stance")
_GROUPS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


def _read(holder: str, names: dict[str, Spec]) -> dict[str, Spec]:
    """Sections handed out as attributes of the same name (or "key=attribute") of one holder class."""
    out: dict[str, Spec] = {}
    for name, spec in names.items():
        key, _, attribute = name.partition("=")
        out[key] = Read(spec, f"{holder}.{attribute or key}")
    return out


def _words(*names: str) -> dict[str, Spec]:
    return {name: Words() for name in names}


_CUE_VERB = Fields({
    "stance": _STANCE, "negated": _STANCE, "preps": Words(), "particles": Words(), "not_speech": Words(),
    **{flag: Flag() for flag in ("object", "recipient", "relay", "predicate", "weak", "xcomp", "subject", "evidence")},
}, required=("stance",))

SCHEMAS: dict[str, Any] = {
    "attribution/cues.yaml": Fields(_read(_LEX, {
        "verbs": Table(_CUE_VERB),
        "prepositional": Table(Fields({"stance": _STANCE, "preposition": Word()}, required=("stance", "preposition"))),
        "nouns": Table(Fields({"stance": _STANCE}, required=("stance",))),
        **_words("refusal_verbs", "refused_speech", "question_participles", "setting_preps",
                   "raising_verbs"),
    })),
    "attribution/sources.yaml": Fields({
        **_read(_REF, {
            "pronouns": Table(Word(("person", "thing", "plural", "speaker"), "pronoun kind")),
            **_words("anonymous_heads", "anonymity_markers", "affiliation_preps", "person_nouns", "statement_nouns",
                     "relative_pronouns", "setting_preps"),
        }),
        **_read(_LEX, _words("anonymity_requests", "colon_labels", "colon_nouns")),
    }),
    "attribution/channels.yaml": Fields(_read(_LEX, _words(
        "generic_audiences", "channel_nouns", "channel_preps", "interview_nouns"))),
    "attribution/content_stance.yaml": Fields(_read(_LEX, {
        "reject=content_words": Words(), "accuse=content_words": Words(), "verify=content_words": Words(),
        "no_comment=no_comment_phrases": Words(), "reject_with_claim": Words(), "claim_nouns": Table(Words()),
    })),
    "attribution/stance_words.yaml": Fields(_read(_STW, {
        "phrasal": Table(_STANCE), "cue_nouns": Table(_STANCE),
        **_words("position_cues", "relay_cues", "decision_nouns", "negative", "refusal_phrases", "wrongdoing",
                 "verify_phrases", "verify_cues", "assert_markers", "falsity", "falsity_phrases", "evidence_nouns",
                 "insist_cues", "thing_pronouns", "withheld_verbs", "withheld_objects", "secrecy",
                 "concession_verbs", "legal_charge_cues"),
    })),
    "attribution/report_assert.yaml": Fields(_read("newsgraph.extract.attribution.stance_account:AccountWords",
                                                   _words("account_cues", "state_predicates", "position_predicates",
                                                          "evaluative", "personal")),
                                             required=("account_cues", "personal")),
    "propositions.yaml": Fields(_read("newsgraph.extract.propositions:PropositionWords", {
        "predicate_groups": Table(Words())})),
    "words.yaml": Fields({  # read whole by newsgraph.words when it is imported
        "months": Table(Words()), "numbers": Table(Number()), "vague_numbers": Table(Number()),
        "gender_words": Table(Words(), key=Word(("male", "female"), "gender")),
        "stem_rules": Table(Word()), "dependency_labels": Table(Words()),
        **_words("weekdays", "first_person", "titles", "honorifics", "claim_ignore_words"),
    }, required=("months", "weekdays", "numbers", "vague_numbers", "gender_words", "first_person", "titles",
                 "honorifics", "claim_ignore_words", "stem_rules", "dependency_labels")),
    "credits.yaml": Fields(_words("agencies", "keywords", "labels", "bare")),
    "claims/stance_words.yaml": Fields(_words("refuting", "hedging", "supporting", "negation"),
                                       required=("refuting", "hedging", "supporting", "negation")),
    "claims/model.tsv": Columns(("stage", "label", "feature", "weight"), checks={
        "stage": (lambda v: v in ("related", "stance"), "a stage (related, stance)"),
        "weight": (_number, "a number")}),
    "entities/words.yaml": Fields(_read(_ENT, _words(
        "titles", "ranks", "plain_honorifics", "role_skip_words", "role_connectors", "org_heads",
        "facility_heads", "not_entities", "keep_labels"))),
    "places/words.yaml": Fields(_read(_PLACE, _words(
        "place_prepositions", "facility_words", "settlements", "ungeocoded_prepositions", "publication_nouns"))),
    "events/plover_types.yaml": Fields({"types": Table(Fields({
        "group": Word(_GROUPS, "group"), "modes": Words(), "threat": Flag(), "located": Flag(), "casualties": Flag(), "agent": Flag(),
    }, required=("group",)), key=Word(what="PLOVER type"))}),
    "events/plover_patterns.yaml": Fields(_read(_PAT, {
        "verbs": Table(TypeMode()), "nouns": Table(TypeMode()), "thing_object_events": Table(TypeMode()),
        "person_to_person_senses": Table(TypeMode()),
        "say_content": Table(Words(), key=TypeMode()), "typed_noun_preps": Table(Words(), key=TypeMode()),
        "verbal_types": Words(Word(plover_types, "PLOVER type")),
        "unthreatening_intents": Words(Word(plover_types, "PLOVER type")),
        "senses": Table(_SENSE), "dictionary_sense": _SENSE, "bare_event_nouns": Flag(),
        **_words("light_verbs", "target_preps", "intent_words",
                 "say_verbs", "question_words", "background_marks", "background_preps", "happening_verbs", "instrument_nouns", "not_with_infinitive",
                 "subject_control_verbs", "judging_types", "noun_argument_preps", "naming_verbs", "blame_words",
                 "praise_words", "inanimate_nouns", "response_verbs", "contest_words", "habitual_adverbs", "habitual_verbs",
                 "generic_pronouns", "pointing_determiners", "undergoing_verbs", "standing_verbs",
                 "people_nouns", "thing_nouns", "addressee_verbs", "media_nouns", "claim_nouns", "anonymity_verbs",
                 "owned_nouns", "deferring_verbs", "partitive_nouns", "carrier_nouns"),
    })),
    "events/factuality.yaml": Fields(_read(_FACT, _words(
        "denial_verbs", "refusal_governors", "failure_governors", "modals", "conditional_marks", "hypothetical_governors",
        "intention_governors", "attempt_governors", "future_aux", "purpose_deps", "performed_purposes", "negating_preps", "negating_determiners", "question_marks",
        "adjunct_preps", "presupposing_wh", "prospective_marks", "negating_subjects", "contrast_conjunctions",
        "prospective_object_verbs", "future_forms", "allegation_modifiers", "proposal_governors", "consequent_marks",
        "unconditional_before"))),
    "events/actors.tsv": Columns(("pattern", "code", "kind"), checks={
        "kind": (lambda v: v in ("actor", "sector"), "actor or sector"),
        "code": (lambda v: v.isalnum() and v.isupper(), "an upper-case code")}),
    "events/plover_cameo.tsv": Columns(("plover", "cameo_root", "quad_class", "goldstein"), checks={
        "plover": (lambda v: v in plover_types(), "a PLOVER type of events/plover_types.yaml"),
        "cameo_root": (lambda v: len(v) == 2 and v.isdigit(), "a two-digit CAMEO root code"),
        "quad_class": (lambda v: v in ("1", "2", "3", "4"), "a QuadClass (1-4)"),
        "goldstein": (lambda v: _number(v) and -10 <= float(v) <= 10, "a Goldstein value (-10 to 10)")}),
    "events/petrarch/verbs.tsv": Columns(("key", "event", "cameo"), checks={
        "event": (_type_mode, "a PLOVER type of events/plover_types.yaml, optionally with one of its modes"),
        "cameo": (lambda v: v.isdigit() and 2 <= len(v) <= 4, "a CAMEO event code")}),
    **{f"events/petrarch/{name}.tsv": Columns(("name", "code"), checks={
        "code": (lambda v: v.isalnum() and v.isupper(), "an upper-case code")}) for name in ("actors", "agents")},
    "places/countries.tsv": Columns(("iso3", "iso2", "name", "aliases", "adjectives", "metonyms"), checks={
        "iso3": (lambda v: len(v) == 3 and v.isupper(), "an ISO 3166 alpha-3 code"),
        "iso2": (lambda v: len(v) == 2 and v.isupper(), "an ISO 3166 alpha-2 code")}),
    **{f"entities/{name}.tsv": Columns(("name", "label", "aliases"), ("lat", "lon", "country", "feature"), checks={
        "label": (lambda v: v in ENTITY_LABELS, f"an entity label ({_allowed(ENTITY_LABELS)})"),
        "lat": (_number, "a number"), "lon": (_number, "a number"),
        "country": (lambda v: len(v) == 2 and v.isupper(), "an ISO 3166 alpha-2 code"),
        "feature": (lambda v: v in PLACE_FEATURES, f"a feature ({_allowed(PLACE_FEATURES)})")})
       for name in ("facilities", "places")},
    **{f"entities/{name}.tsv": Columns(("name", "label", "aliases"), checks={
        "label": (lambda v: v in ENTITY_LABELS, f"an entity label ({_allowed(ENTITY_LABELS)})")})
       for name in ("organizations", "outlets")},
    "segment/artifacts.txt": Lines(regex=True, prefixes=("re:",), always_regex=False),
    "segment/separators.txt": Lines(regex=True, prefixes=("break:",)),
    "segment/outlet_cues.txt": Lines(regex=True, placeholder="{outlet}"),
    "ingest/boilerplate_paragraphs.txt": Lines(regex=True),
}
NOT_LOADED = {
    "events/petrarch/NOTICE": "the MIT notice of the PETRARCH-2 dictionaries the petrarch/ files derive from",
    "analysis.schema.json": "generated by newsgraph.schema; tests/test_model.py compares it",
    "plover_record.schema.json": "the event export's JSON schema; tests/test_tables.py validates exports with it",
}


def schema(name: str) -> Any:
    try:
        return SCHEMAS[name]
    except KeyError:
        raise DataFileError(f"{name}:0: no schema declared for this data file (newsgraph.datafiles.SCHEMAS)") from None


def check_yaml(name: str, text: str) -> Any:
    """The file's data, after checking it against its schema (``DataFileError`` on a problem)."""
    where = _Where(name)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            where.fail(1, "empty file")
        schema(name).check(node, where)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where.fail(mark.line + 1 if mark else 0, f"not valid YAML: {exc.problem or exc}")
    finally:
        loader.dispose()


def check_text(name: str, text: str) -> None:
    """Check a TSV file or a plain list against its schema."""
    spec = schema(name)
    if not isinstance(spec, (Columns, Lines)):
        raise DataFileError(f"{name}:0: declared as YAML, read as text")
    spec.check(text, _Where(name))


def declared_reads() -> list[tuple[str, str, str | None]]:
    """(file, key or column or "", holder attribute or None) for every part a schema declares."""
    out: list[tuple[str, str, str | None]] = []
    for name, spec in SCHEMAS.items():
        if isinstance(spec, Fields):
            out.extend((name, key, s.via if isinstance(s, Read) else None) for key, s in spec.keys.items())
        elif isinstance(spec, Columns):
            out.extend((name, column, None) for column in spec.names)
        else:
            out.append((name, "", None))
    return out
