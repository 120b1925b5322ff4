"""FastSegmentWriter writes exactly the index Whoosh's own SegmentWriter writes."""
from __future__ import annotations

from whoosh import index

from corpus.document import Document
from corpus.fastwrite import FastSegmentWriter
from corpus.indexer import document_fields
from corpus.schema import build_schema
from tests.conftest import NEWS


def _docs():
    out = []
    for i, (id_, title, body, date, source, place) in enumerate(NEWS * 3):
        out.append(Document(id=f"{id_}-{i}", path="/x", title=title, body=body + f" {i} الجيش",
                            source=source, place=place, lang="ar"))
    return out


def _build(path, fast: bool):
    path.mkdir()
    ix = index.create_in(str(path), build_schema())
    w = FastSegmentWriter(ix) if fast else ix.writer()
    for d in _docs():
        fields = document_fields(d)
        if not fast:                       # the stock writer takes `exact` as one string
            fields["exact"] = "\n".join(fields["exact"])
        w.add_document(**fields)
    w.commit()
    return ix


def test_same_postings_lengths_and_stored_fields(tmp_path):
    a, b = _build(tmp_path / "fast", True), _build(tmp_path / "stock", False)
    with a.reader() as ra, b.reader() as rb:
        terms = list(ra.all_terms())
        assert terms == list(rb.all_terms()) and len(terms) > 100
        for field, text in terms:
            if field in ("title", "body", "exact"):
                assert list(ra.postings(field, text).items_as("positions")) == \
                    list(rb.postings(field, text).items_as("positions")), (field, text)
                assert ra.doc_frequency(field, text) == rb.doc_frequency(field, text)
        for field in ("title", "body", "exact"):
            assert ra.field_length(field) == rb.field_length(field)
            assert [ra.doc_field_length(n, field) for n in range(ra.doc_count())] == \
                   [rb.doc_field_length(n, field) for n in range(rb.doc_count())]
        assert list(ra.all_stored_fields()) == list(rb.all_stored_fields())


def test_character_offsets_point_at_the_words(tmp_path):
    ix = _build(tmp_path / "fast", True)
    with ix.searcher() as s:
        doc = s.document_number(id="ar1-0")
        body = s.stored_fields(doc)["body"]
        m = s.postings("body", "جيش")
        m.skip_to(doc)
        spans = [body[st:en] for _, st, en in m.value_as("characters")]
        assert spans == ["الجيش", "الجيش"]
