"""JSON Schemas shipped with the package, and a validator that resolves their cross-references."""

from __future__ import annotations

import json
from importlib import resources


def load(name: str) -> dict:
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


def validator(name: str):
    """A jsonschema validator for a shipped schema, with sibling schemas resolvable by file name."""
    import jsonschema
    from referencing import Registry, Resource

    schemas = {n: load(n) for n in ("discovery.schema.json", "audit.schema.json")}
    registry = Registry().with_resources(
        (uri, Resource.from_contents(s)) for n, s in schemas.items() for uri in (n, s["$id"])
    )
    schema = schemas[name]
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=registry)
