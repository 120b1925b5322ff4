"""Plain-text articles (.txt): one scraped article per file."""
from __future__ import annotations

from corpus.document import Document, ReadError
from corpus.extract import parse_article
from corpus.readers.decode import MiB, decode, size_error

MAX_ARTICLE_BYTES = 2 * MiB


def read_text(data: bytes, path: str, name: str) -> list[Document]:
    """One article; `name` is its id (the file, or "archive.zip!member.txt"), `path` the source file."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise size_error("file too large for an article", len(data), MAX_ARTICLE_BYTES)
    doc = parse_article(decode(data), name)
    if not (doc.title or doc.body):
        raise ReadError("no article text found")
    doc.path = path
    return [doc]
