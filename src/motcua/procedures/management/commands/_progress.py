"""A plain-text progress bar on stderr for the catalogue commands."""

from __future__ import annotations

import sys


class TextProgress:
    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self._last = -1

    def __call__(self, done: int, total: int, label: str) -> None:
        if total <= 0:
            return
        filled = self.width * done // total
        if filled == self._last and done != total:
            return
        self._last = filled
        bar = "#" * filled + "-" * (self.width - filled)
        self._write(f"\r[{bar}] {done}/{total} {label[:20]:<20}" + ("\n" if done == total else ""))

    def _write(self, text: str) -> None:
        # Django's OutputWrapper appends a newline unless told otherwise.
        try:
            self.stream.write(text, ending="")
        except TypeError:
            self.stream.write(text)
        self.stream.flush()
