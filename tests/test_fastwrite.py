"""FastSegmentWriter writes exactly the index Whoosh's own SegmentWriter writes."""
from __future__ import annotations

from whoosh import index

from corpus.document import Document
from corpus.engines.whoosh.fastwrite import FastSegmentWriter
from corpus.engines.whoosh.writers import document_fields
from corpus.engines.whoosh.schema import build_schema
from corpus.engines.whoosh import patches
from tests.conftest import NEWS

patches.install()       # as store.open_index does: these tests create indexes with Whoosh's own calls


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


def _by_id(ix) -> dict:
    """term -> sorted (document id, positions) postings: independent of document order."""
    with ix.reader() as r:
        ids = {n: f["id"] for n, f in r.iter_docs()}
        out = {}
        for field, text in r.all_terms():
            m = r.postings(field, text)
            if field in ("title", "body", "exact"):
                out[field, text] = sorted((ids[d], tuple(p)) for d, p in m.items_as("positions"))
            else:
                out[field, text] = sorted(ids[d] for d in m.all_ids())
        return out


def test_small_fast_segments_merge_like_stock_ones(tmp_path):
    """Inlined posting lists of value-less fields (id, path, facets) used to break Whoosh's
    merge of small segments after four incremental commits (`vbytes=''`)."""
    path = tmp_path / "fast"
    path.mkdir()
    ix = index.create_in(str(path), build_schema())
    docs = _docs()
    for start in range(0, len(docs), 3):       # one small segment per commit; merges on the way
        w = FastSegmentWriter(ix)
        for d in docs[start:start + 3]:
            w.add_document(**document_fields(d))
        w.commit()
    with ix.reader() as r:
        assert all(v is None or isinstance(v, bytes) for *_, v in r.iter_postings())
    w = FastSegmentWriter(ix)
    w.commit(optimize=True)
    assert ix.doc_count() == len(docs)
    assert _by_id(ix) == _by_id(_build(tmp_path / "stock", False))


def _long_lists_docs():
    """Terms in every document (posting lists of several 128-posting blocks), in 15, 16 and
    17 documents (around the inline limit), and bodies of varied lengths."""
    words = ["الجيش", "قرية", "النفط", "كركوك", "Peshmerga", "Erbil", "oil", "army"]
    out = []
    for i in range(300):
        body = " ".join([words[i % 8]] * (1 + i % 5) + ["الموصل"] +
                        (["نادرة"] if i < 15 else []) + (["نادر"] if i < 16 else []) +
                        (["أندر"] if i < 17 else []) + [words[(i * 3) % 8], str(i)])
        out.append(Document(id=f"d{i}", path=f"/x/{i % 7}", title=f"عنوان {words[i % 3]} {i}",
                            body=body, source=("الأناضول", "رويترز")[i % 2], lang="ar"))
    return out


def test_segment_files_are_byte_for_byte_whooshs(tmp_path):
    """The term table and the postings file FastSegmentWriter writes are the bytes Whoosh's
    own writer (with the same codec) writes for the same documents."""
    from whoosh.codec.whoosh3 import W3Codec
    from corpus.engines.whoosh.fastwrite import INLINE_LIMIT

    files = {}
    for kind in ("fast", "stock"):
        path = tmp_path / kind
        path.mkdir()
        ix = index.create_in(str(path), build_schema())
        if kind == "fast":
            w = FastSegmentWriter(ix, compound=False)
        else:
            w = ix.writer(codec=W3Codec(inlinelimit=INLINE_LIMIT), compound=False)
        for d in _long_lists_docs():
            fields = document_fields(d)
            if kind == "stock":
                fields["exact"] = "\n".join(fields["exact"])
            w.add_document(**fields)
        w.commit()
        files[kind] = {p.suffix: p.read_bytes() for p in path.iterdir() if p.suffix in (".trm", ".pst")}
    assert set(files["fast"]) == {".trm", ".pst"}
    assert len(files["fast"][".pst"]) > 1000      # blocks were written, not only inlined lists
    assert files["fast"] == files["stock"]


def test_single_postings_are_encoded_as_whoosh_pickles_them():
    from pickle import dumps
    from whoosh.system import pack_uint
    from corpus.engines.whoosh import fastwrite
    for pos, start, end in [(0, 0, 1), (3, 10, 15), (255, 256, 300), (300, 65535, 65536),
                            (70_000, 1 << 20, (1 << 20) + 9), (70_000, 5, 9), (5, 2 ** 31, 2 ** 31 + 3)]:
        assert fastwrite._ONE_CHARS([(pos, start, end)]) == pack_uint(1) + dumps([(pos, start, end - start)], 2)
        assert fastwrite._ONE_POSITION([pos]) == pack_uint(1) + dumps([pos], 2)


def test_a_term_in_one_document_gets_the_term_info_of_the_general_path():
    from corpus.engines.whoosh.fastwrite import _OneTermInfo, _inlined_terminfo
    one = _OneTermInfo()
    values = [b"", b"\x00\x00\x00\x01\x80\x02]q\x00K\x05a.", bytes(range(256)), b"x" * 70_000]
    for docnum in (0, 5, 255, 256, 65_535, 65_536, 2 ** 31 + 7):
        for weight in (1.0, 2.0, 0.5, 0.1, 0.0, 3):
            for value in values:
                for lengths in ({}, {docnum: 37}, {docnum + 1: 5}, {docnum: 100_000}):
                    flat = [docnum, weight, value]
                    assert one(flat, lengths) == _inlined_terminfo(flat, lengths), (docnum, weight, value[:8], lengths)


def test_posting_values_of_several_occurrences_are_encoded_as_whoosh_encodes_them():
    import random
    from whoosh.formats import Characters, Positions
    from corpus.engines.whoosh import fastwrite
    rng = random.Random(7)
    for n in (2, 3, 7, 40):
        for _ in range(50):
            poses = sorted(rng.sample(range(100_000), n))
            spans = [(p, 6 * p + rng.randrange(3), 6 * p + 3 + rng.randrange(70_000)) for p in poses]
            assert fastwrite._encode_chars(spans) == Characters().encode(spans)
            assert fastwrite._encode_positions(poses) == Positions().encode(poses)
