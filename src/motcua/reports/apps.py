from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    label = "reports"
    verbose_name = _("Statistics and reports")

    def ready(self) -> None:
        from motcua.dossiers.actions import subscribe
        from motcua.reports import metrics
        from motcua.reports.rollups import on_dossier_event

        subscribe(on_dossier_event)  # roll-ups move inside each dossier action's transaction
        metrics.register()
