"""The facet registry (corpus/fields.py) is the one list of facets: the writers of both
engines, their schemas, the request's validation, the pages' labels, the OpenAPI
document and the CLI all follow it."""
from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from corpus import fields
from corpus.cli import main
from corpus.document import Document
from corpus.engines.opensearch.mapping import mappings, source
from corpus.engines.whoosh.schema import build_schema
from corpus.engines.whoosh.writers import document_fields
from corpus.request import SearchRequest
from search_web.openapi import spec
from search_web.views import FACET_LABELS, OPEN_FACETS

NAMES = [f.name for f in fields.FACET_REGISTRY]


def _doc() -> Document:
    return Document(id="x1", title="وزارة الصحة تعلن", body="أعلنت وزارة الصحة اليوم",
                    date=dt.date(2015, 7, 14), source="alriyadh", place="الرياض",
                    author="الرياض - واس", lang="ar", path="/tmp/x1.json")


def test_every_consumer_lists_exactly_the_registry():
    assert list(fields.FACETS) == NAMES and len(set(NAMES)) == len(NAMES)
    assert set(FACET_LABELS) == set(NAMES) and OPEN_FACETS <= set(NAMES)
    schema = build_schema()
    assert all(name in schema for name in NAMES)
    props = mappings()["properties"]
    assert all(name in props and f"{name}_key" in props for name in NAMES)
    params = {p["name"]: p for p in spec(10_000)["paths"]["/api/search"]["get"]["parameters"]}
    for f in fields.FACET_REGISTRY:
        assert f.help in params[f.name]["description"]
    help_text = CliRunner().invoke(main, ["search", "--help"]).output
    assert all(f"--{name}" in help_text for name in NAMES)
    for name in NAMES:
        SearchRequest.build("", filters={name: ["x"]})      # a known filter: no error


def test_both_writers_index_the_same_derived_values():
    doc = _doc()
    values = fields.indexed_values(doc)
    assert set(values) == set(NAMES) | {"byline"}
    assert values["year"] == "2015" and values["month"] == "2015-07" and values["lang"] == "ar"
    assert values["org"] == ["وزارة الصحة"] and values["person"] == []
    whoosh, opensearch = document_fields(doc), source(doc)
    for name, value in values.items():
        if name in fields.MULTI_FACETS:     # Whoosh: one string, OpenSearch: a list, none: absent
            assert fields.multi_values(whoosh.get(name)) == value, name
            assert fields.multi_values(opensearch.get(name)) == value, name
        else:
            assert whoosh.get(name, "") == value and opensearch.get(name, "") == value, name


def test_a_document_without_a_date_or_language_has_no_such_values():
    doc = _doc()
    doc.date, doc.lang = None, ""
    values = fields.indexed_values(doc)
    assert values["year"] == values["month"] == values["lang"] == ""
