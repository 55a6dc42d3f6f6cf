from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalSyncConfig(AppConfig):
    name = "motcua.nationalsync"
    label = "nationalsync"
    verbose_name = _("National portal sync")

    def ready(self):
        from motcua.dossiers.actions import subscribe
        from motcua.nationalsync import connectors  # noqa: F401 (registers the connectors)
        from motcua.nationalsync.actions import on_dossier_event

        subscribe(on_dossier_event)
