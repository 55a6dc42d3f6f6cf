"""Vietnamese-aware text normalisation for search: lower case, no diacritics, đ → d, single spaces."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z.]+")
_SPACES = re.compile(r"\s+")


def unaccent(text: str) -> str:
    """'Cấp giấy phép xây dựng' → 'Cap giay phep xay dung'; 'Đ'/'đ' become 'D'/'d'."""
    text = (text or "").replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))


def normalise(text: str) -> str:
    """Search form of a text: unaccented, lower case, punctuation (but the dots of codes) as spaces."""
    folded = _NON_WORD.sub(" ", unaccent(text).lower())
    # A dot belongs to a code like 1.001193 only between digits; elsewhere it is punctuation.
    folded = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", folded)
    return _SPACES.sub(" ", folded).strip()


def tokens(query: str) -> list[str]:
    """Distinct search words of a query, in order."""
    seen: dict[str, None] = {}
    for word in normalise(query).split():
        seen.setdefault(word, None)
    return list(seen)
