"""The registry of payment providers (Open Forms' plugin registry: src/openforms/plugins/registry.py).

Providers register with a decorator under a unique id; `get(id)` returns one, `choices()` the enabled
ones for forms and serializers. The simulator is a demo plugin: enabled only in demo mode or when
PAYMENTS_SIMULATORS is set (Open Forms hides demo plugins unless ENABLE_DEMO_PLUGINS).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core.plugins import Refusal, Registry
from motcua.payments.constants import ErrorCode

registry = Registry(
    "payment provider",
    unknown=Refusal(ErrorCode.PROVIDER_UNKNOWN, _("No payment provider “%(id)s”."), 404),
    disabled=Refusal(ErrorCode.PROVIDER_DISABLED, _("The payment provider “%(id)s” is not enabled."), 422),
)
register = registry
