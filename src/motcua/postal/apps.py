from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostalConfig(AppConfig):
    name = "motcua.postal"
    label = "postal"
    verbose_name = _("Postal service")

    def ready(self):
        # Importing the providers registers them; the subscriber creates deliveries inside dossier actions.
        from motcua.dossiers.actions import subscribe
        from motcua.postal.actions import on_dossier_event
        from motcua.postal.contrib.simulator import provider as _simulator  # noqa: F401
        from motcua.postal.contrib.vnpost import provider as _vnpost  # noqa: F401

        subscribe(on_dossier_event)
        from django.utils.translation import gettext_lazy as _

        from motcua.dossiers.constants import register_system_event
        from motcua.postal.constants import TIMELINE_KIND

        labels = {
            "postal_ordered": _("Sent through the post: waybill issued"),
            "postal_picked_up": _("Picked up by the post"),
            "postal_delivered": _("Delivered by the post"),
            "postal_failed": _("Delivery attempt failed"),
            "postal_returned": _("Returned to sender by the post"),
        }
        for kind in TIMELINE_KIND.values():
            register_system_event(kind, labels[kind])
