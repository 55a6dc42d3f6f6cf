from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformConfig(AppConfig):
    name = "motcua.reform"
    label = "reform"
    verbose_name = _("Administrative reform")

    def ready(self):
        from motcua.reform import metrics, selectors

        # Metrics the reform app computes itself from plans and reports; the reports app registers its own.
        metrics.register_provider("plan_tasks_done_rate", selectors.tasks_done_rate)
        metrics.register_provider("reports_on_time_rate", selectors.reports_on_time_rate)
