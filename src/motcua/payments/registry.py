"""The registry of payment providers (Open Forms' plugin registry: src/openforms/plugins/registry.py).

Providers register with a decorator under a unique id; `get(id)` returns one, `choices()` the enabled
ones for forms and serializers. The simulator is a demo plugin: enabled only in demo mode or when
PAYMENTS_SIMULATOR_ENABLED is set (Open Forms hides demo plugins unless ENABLE_DEMO_PLUGINS).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from motcua.core.errors import ProblemError
from motcua.payments.base import PaymentProvider
from motcua.payments.constants import ErrorCode


class Registry:
    def __init__(self):
        self._providers: dict[str, PaymentProvider] = {}

    def __call__(self, identifier: str):
        """`@registry("vietqr")` on a PaymentProvider subclass registers one instance of it."""

        def decorate(cls: type[PaymentProvider]) -> type[PaymentProvider]:
            if identifier in self._providers:
                raise ValueError(f"A payment provider with id {identifier!r} is already registered.")
            self._providers[identifier] = cls(identifier)
            return cls

        return decorate

    def __iter__(self) -> Iterator[PaymentProvider]:
        return iter(self._providers.values())

    def __contains__(self, identifier: str) -> bool:
        return identifier in self._providers

    def get(self, identifier: str, *, enabled_only: bool = False) -> PaymentProvider:
        provider = self._providers.get(identifier)
        if provider is None:
            raise ProblemError(
                ErrorCode.PROVIDER_UNKNOWN, _("No payment provider “%(id)s”.") % {"id": identifier}, status=404
            )
        if enabled_only and not provider.is_enabled():
            raise ProblemError(
                ErrorCode.PROVIDER_DISABLED,
                _("The payment provider “%(id)s” is not enabled.") % {"id": identifier},
                status=422,
            )
        return provider

    def iter_enabled(self) -> Iterator[PaymentProvider]:
        return (p for p in self if p.is_enabled())

    def choices(self) -> list[tuple[str, str]]:
        return [(p.identifier, str(p.verbose_name)) for p in self.iter_enabled()]


registry = Registry()
register = registry
