"""The registry of postal providers: the shared plugin registry (core.plugins), with the postal problem codes.

The simulator is a demo plugin, enabled in demo mode or when POSTAL_SIMULATOR is set; `vnpost` is enabled when
its credentials are configured.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from motcua.core.errors import ProblemError
from motcua.core.plugins import Refusal
from motcua.core.plugins import Registry as _PluginRegistry
from motcua.postal.base import PostalProvider
from motcua.postal.constants import ErrorCode


class Registry(_PluginRegistry):
    def default(self) -> PostalProvider:
        """The provider new shipments use: POSTAL_PROVIDER if set and enabled, else the first enabled one."""
        from motcua.postal.base import setting

        wanted = setting("POSTAL_PROVIDER", "")
        if wanted:
            return self.get(wanted, enabled_only=True)
        for provider in self.iter_enabled():
            return provider
        raise ProblemError(ErrorCode.PROVIDER_DISABLED, _("No postal provider is enabled."), status=422)


registry = Registry(
    "postal provider",
    unknown=Refusal(ErrorCode.PROVIDER_UNKNOWN, _lazy("No postal provider “%(id)s”."), 404),
    disabled=Refusal(ErrorCode.PROVIDER_DISABLED, _lazy("The postal provider “%(id)s” is not enabled."), 422),
)
register = registry
