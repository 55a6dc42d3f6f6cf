from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self):
        # Importing the providers registers them (Open Forms' pattern: each contrib module registers itself).
        from motcua.payments.contrib.napas_gateway import provider as _gateway  # noqa: F401
        from motcua.payments.contrib.simulator import provider as _simulator  # noqa: F401
        from motcua.payments.contrib.vietqr import provider as _vietqr  # noqa: F401
