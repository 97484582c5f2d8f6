"""Hooks that `cargo xtask conformance` gives schemathesis (through SCHEMATHESIS_HOOKS).

schemathesis 4.32.5 validates JSON, YAML, XML, text and Server-Sent Events answers by
itself and skips the others "due to missing deserializers"; its guide "Custom Response
Deserializers" (and `core/deserialization.py`) has a hook register one per media type.
This one reads JSON Lines (`application/jsonl`, `application/x-ndjson`: one JSON text a
line, RFC-less but jsonlines.org's) and JSON text sequences (`application/json-seq`, RFC
7464: each record a RS, a JSON text and a line feed) into the list of their items, which
schemathesis then validates against the media type's `schema`; the runner writes that
schema as `{type: array, items: <one item's schema>}`, so each item is held to the item
schema, by its index. An item that is not JSON is an error naming its number (from 1).
Written by xtask; not generated.
"""

import json

import schemathesis


def _media_type(response):
    values = response.headers.get("content-type") or [""]
    return values[0].split(";")[0].strip().lower()


def _pieces(text, media_type):
    if media_type == "application/json-seq":
        records = text.split("\x1e")
        if records[0].strip():
            raise ValueError("a JSON text sequence begins with a record separator (RS, 0x1E)")
        return records[1:]
    # A line ends at LF; a CR before it is part of the line end.
    return text.split("\n")


@schemathesis.deserializer("application/jsonl", "application/x-ndjson", "application/json-seq")
def records(_ctx, response):
    text = response.content.decode("utf-8")
    items = []
    for piece in _pieces(text, _media_type(response)):
        if not piece.strip():
            continue
        try:
            items.append(json.loads(piece))
        except ValueError as error:
            raise ValueError(f"item {len(items) + 1} is not JSON: {error}") from None
    return items
