"""The registry of postal providers: the payments app's plugin registry, with the postal problem codes.

The simulator is a demo plugin, enabled in demo mode or when POSTAL_SIMULATOR is set; `vnpost` is enabled when
its credentials are configured.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.core.errors import ProblemError
from motcua.payments.registry import Registry as _PluginRegistry
from motcua.postal.base import PostalProvider
from motcua.postal.constants import ErrorCode


class Registry(_PluginRegistry):
    def get(self, identifier: str, *, enabled_only: bool = False) -> PostalProvider:
        provider = self._providers.get(identifier)
        if provider is None:
            raise ProblemError(
                ErrorCode.PROVIDER_UNKNOWN, _("No postal provider “%(id)s”.") % {"id": identifier}, status=404
            )
        if enabled_only and not provider.is_enabled():
            raise ProblemError(
                ErrorCode.PROVIDER_DISABLED,
                _("The postal provider “%(id)s” is not enabled.") % {"id": identifier},
                status=422,
            )
        return provider

    def default(self) -> PostalProvider:
        """The provider new shipments use: POSTAL_PROVIDER if set and enabled, else the first enabled one."""
        from motcua.postal.base import setting

        wanted = setting("POSTAL_PROVIDER", "")
        if wanted:
            return self.get(wanted, enabled_only=True)
        for provider in self.iter_enabled():
            return provider
        raise ProblemError(ErrorCode.PROVIDER_DISABLED, _("No postal provider is enabled."), status=422)


registry = Registry()
register = registry
