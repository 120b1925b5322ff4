"""Which queries take the vector path, and the text encoded for them."""
from __future__ import annotations

from corpus import querylang as ql


def semantic_text(tree) -> str | None:
    """The words of a query made only of words and phrases (AND/OR, no field, NOT, wildcard
    or date: those restrict what matches, which a vector neighbour cannot honour); else None."""
    words: list[str] = []

    def walk(node) -> bool:
        if isinstance(node, ql.Word) and node.field is None:
            words.append(node.text)
            return True
        if isinstance(node, ql.Phrase) and node.field is None:
            words.extend(node.words)
            return True
        if isinstance(node, (ql.And, ql.Or)):
            return all(walk(c) for c in node.children)
        return False

    if not walk(tree) or not words:
        return None
    seen = dict.fromkeys(words)
    return " ".join(seen)
