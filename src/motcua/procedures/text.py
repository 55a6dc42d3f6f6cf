"""Vietnamese-aware text normalisation for search: lower case, no diacritics, đ → d, single spaces."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import yaml

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


@functools.cache
def _search_words() -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """(colloquial phrase → official words, longest first; filler words) from data/search_words.yaml."""
    data = yaml.safe_load((Path(__file__).parent / "data" / "search_words.yaml").read_text(encoding="utf-8"))
    pairs = sorted(((normalise(k), normalise(v)) for k, v in data["colloquial"].items()), key=lambda p: -len(p[0]))
    return tuple(pairs), frozenset(normalise(w) for w in data["filler"])


def official_words(query: str) -> str:
    """The query with colloquial phrases replaced by the words of official names: "cap doi so do" →
    "cap doi giay chung nhan quyen su dung dat" (whole words only)."""
    text = f" {normalise(query)} "
    for phrase, official in _search_words()[0]:
        text = text.replace(f" {phrase} ", f" {official} ")
    return text.strip()


def without_filler(words: list[str]) -> list[str]:
    """The words that name the procedure, without those that only carry intent ("lam", "xin", "cho"…)."""
    filler = _search_words()[1]
    return [w for w in words if w not in filler]
