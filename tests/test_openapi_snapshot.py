"""The API's schema is committed (docs/openapi.json): a change to the API must change the
committed copy in the same commit, so integrators see every change in review."""

import json
from pathlib import Path

from upward.api import api

SNAPSHOT = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def test_the_committed_schema_matches_the_api() -> None:
    live = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), sort_keys=True))
    committed = json.loads(SNAPSHOT.read_text())
    added = sorted(set(live["paths"]) - set(committed["paths"]))
    removed = sorted(set(committed["paths"]) - set(live["paths"]))
    assert live == committed, (
        "The API changed but docs/openapi.json did not: run `make openapi` and commit it. "
        f"New paths: {added}; removed paths: {removed}."
    )


def test_the_schema_describes_both_ways_in() -> None:
    schemes = json.loads(SNAPSHOT.read_text())["components"]["securitySchemes"]
    kinds = {(s["type"], s.get("scheme") or s.get("in")) for s in schemes.values()}
    assert ("http", "bearer") in kinds and ("apiKey", "cookie") in kinds


def test_every_list_is_paginated() -> None:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    bare_lists = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        content = get["responses"].get("200", {}).get("content", {})
        body = content.get("application/json", {}).get("schema", {})
        if body.get("type") == "array":
            bare_lists.append(path)
    assert bare_lists == [], "lists must be paginated ({items, count}); add @paginate"
