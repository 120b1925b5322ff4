"""A server's start freezes what it read to warm up (gc.freeze: the collector's full passes
do not walk it again); a re-index unfreezes it, so that the old version's objects can go."""
import gc

from corpus.engines.whoosh import store
from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus
from search_web import create_app
from tests.test_fastsearch import another_doc, small_index


def test_a_server_freezes_its_warm_objects_and_a_reindex_unfreezes_them(tmp_path):
    directory = tmp_path / "index"
    rng = small_index(directory, 3, 30)
    gc.unfreeze()
    try:
        create_app({"INDEX": str(directory), "TESTING": True})
        assert gc.get_freeze_count() == 0          # an app in a test or a script: nothing frozen
        app = create_app({"INDEX": str(directory), "TESTING": True, "WARM_WAIT": True})
        assert gc.get_freeze_count() > 1000
        corpus = app.extensions["corpus"]
        assert isinstance(corpus, Corpus) and corpus.search("الجيش").total
        assert gc.get_freeze_count() > 1000         # searching keeps it
        w = store.open_index(directory).writer()
        w.add_document(**another_doc(rng, 99))
        w.commit()
        assert corpus.search("الجيش").total         # the new version opened
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
