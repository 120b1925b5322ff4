"""Research views built on the engine interface (searcher.search, .export, .term_documents):
trends, concordance, collocations. What the engines share to build them sits below the
engines: corpus/histogram.py (hits over time), corpus/stories.py (story grouping)."""
