from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from motcua.dossiers.actions import subscribe
        from motcua.notifications import channels  # noqa: F401 (registers the channels)
        from motcua.notifications.outbox import on_dossier_event

        subscribe(on_dossier_event)
