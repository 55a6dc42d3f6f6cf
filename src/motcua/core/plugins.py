"""A registry of plugins (Open Forms' plugin registry: src/openforms/plugins/registry.py), shared by the apps
that talk to outside services through adapters: payment providers, postal carriers, notification channels.

Plugins register with a decorator under a unique id (one instance of the class each); `get(id)` returns one,
`iter_enabled()` and `choices()` the enabled ones. Each app makes its own registry with its problem codes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from motcua.core.errors import ProblemError


@dataclass(frozen=True)
class Refusal:
    """The problem a registry raises: a code and a (lazily translated) message with an `%(id)s` placeholder."""

    code: str
    message: Any
    status: int


class Registry:
    def __init__(self, kind: str, *, unknown: Refusal | None = None, disabled: Refusal | None = None):
        self.kind = kind
        self.unknown = unknown
        self.disabled = disabled
        self._plugins: dict[str, Any] = {}

    def __call__(self, identifier: str):
        """`@registry("vietqr")` on a plugin class registers one instance of it."""

        def decorate(cls):
            if identifier in self._plugins:
                raise ValueError(f"A {self.kind} with id {identifier!r} is already registered.")
            self._plugins[identifier] = cls(identifier)
            return cls

        return decorate

    def __iter__(self) -> Iterator:
        return iter(self._plugins.values())

    def __contains__(self, identifier: str) -> bool:
        return identifier in self._plugins

    def _refuse(self, refusal: Refusal | None, identifier: str, fallback: type[Exception]):
        if refusal is None:
            raise fallback(identifier)
        raise ProblemError(refusal.code, str(refusal.message) % {"id": identifier}, status=refusal.status)

    def get(self, identifier: str, *, enabled_only: bool = False):
        plugin = self._plugins.get(identifier)
        if plugin is None:
            self._refuse(self.unknown, identifier, KeyError)
        if enabled_only and not plugin.is_enabled():
            self._refuse(self.disabled, identifier, LookupError)
        return plugin

    def iter_enabled(self) -> Iterator:
        return (p for p in self if p.is_enabled())

    def choices(self) -> list[tuple[str, str]]:
        return [(p.identifier, str(p.verbose_name)) for p in self.iter_enabled()]
