"""The JSON Schema of the analysis record, derived from the records in ``model.py``.

Deriving it keeps the schema and the code from drifting apart; the file shipped at
``newsgraph/data/analysis.schema.json`` is this function's output, and a test
checks they are equal (``python -m newsgraph.schema > src/newsgraph/data/analysis.schema.json``).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from newsgraph import model

DESCRIPTIONS = {
    "Analysis": "What `newsgraph analyze --json` emits: articles and the contradictions across them.",
    "Article": "One cleaned article. Every start/end in it indexes into `text`.",
    "Attribution": "Who said what: speaker, cue, content, form and stance.",
    "Event": "Who did what to whom (PLOVER 2.0 category and mode), where and when.",
}


def _type_schema(tp: Any) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = get_args(tp)
        inner = [a for a in args if a is not type(None)]
        schemas = [_type_schema(a) for a in inner]
        if type(None) in args:
            schemas.append({"type": "null"})
        return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(get_args(tp)[0])}
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if tp in simple:
        return {"type": simple[tp]}
    return {}


def _record_schema(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props, required = {}, []
    for f in dataclasses.fields(cls):
        props[f.name] = _type_schema(hints[f.name])
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    schema: dict[str, Any] = {"type": "object", "properties": props, "required": required}
    if cls.__name__ in DESCRIPTIONS:
        schema["description"] = DESCRIPTIONS[cls.__name__]
    return schema


def json_schema() -> dict[str, Any]:
    records = [
        model.Analysis, model.Article, model.Caption, model.Entity, model.Mention, model.Attribution,
        model.Speaker, model.Span, model.Contradiction, model.Event, model.Actor, model.Place, model.When,
        model.Story, model.TimelineEntry,
    ]
    defs = {cls.__name__: _record_schema(cls) for cls in records}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://newsgraph.invalid/schema/analysis.schema.json",
        "title": "newsgraph analysis record",
        "$ref": "#/$defs/Analysis",
        "$defs": defs,
    }


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(json_schema(), indent=2))
