"""Highlighting shared by the engines: escaped text with the matches in <mark>, and the
snippet window with the most distinct matches."""
from __future__ import annotations

from html import escape


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """text[start:end] escaped, with spans wrapped in <mark>."""
    end = len(text) if end is None else end
    out, cur = [], start
    for s, e in spans:
        if e <= cur or s >= end:
            continue
        s = max(s, cur)
        out.append(escape(text[cur:s]))
        out.append(f"<mark>{escape(text[s:min(e, end)])}</mark>")
        cur = min(e, end)
    out.append(escape(text[cur:end]))
    return "".join(out)


def _word_boundary(text: str, i: int, direction: int) -> int:
    """Move i to the nearest whitespace in `direction` (within 20 chars)."""
    for k in range(20):
        j = i + direction * k
        if j <= 0 or j >= len(text):
            return max(0, min(j, len(text)))
        if text[j].isspace():
            return j + (1 if direction < 0 else 0)
    return i


def snippet(text: str, spans: list[tuple[int, int]], width: int = 240) -> str:
    """The window of `text` with the most distinct matches, highlighted, ellipsised."""
    if not text:
        return ""
    if not spans:
        end = _word_boundary(text, width, -1) if len(text) > width else len(text)
        return escape(text[:end].rstrip()) + (" …" if end < len(text) else "")
    best, best_key = 0, None
    for i, (s, _) in enumerate(spans):
        inside = [text[a:b] for a, b in spans[i:] if b <= s + width]
        key = (len(set(inside)), len(inside), -s)
        if best_key is None or key > best_key:
            best, best_key = i, key
    first = spans[best][0]
    start = max(0, first - width // 4)
    start = _word_boundary(text, start, -1) if start else 0
    end = min(len(text), start + width)
    end = _word_boundary(text, end, 1) if end < len(text) else end
    body = mark(text, spans, start, end).strip()
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")
