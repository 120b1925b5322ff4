"""Plain-text articles (.txt): one scraped article per file."""
from __future__ import annotations

from typing import BinaryIO, Iterator

from corpus.document import Document, ReadError
from corpus.extract import parse_article
from corpus.readers import decode as _decode
from corpus.readers.decode import MiB, decode, read_whole, size_error

MAX_ARTICLE_BYTES = 2 * MiB


def read_text(f: BinaryIO, size: int | None, path: str, name: str) -> Iterator[Document]:
    """One article; `name` is its id (the file's name below its source, or "archive.zip!member.txt")."""
    if size is not None and size > _decode.MAX_FILE_BYTES:
        raise size_error("file too large", size, _decode.MAX_FILE_BYTES)
    data = read_whole(f, size, MAX_ARTICLE_BYTES, "file too large for an article")
    doc = parse_article(decode(data), name)
    if not (doc.title or doc.body):
        raise ReadError("no article text found")
    doc.path = path
    yield doc
