from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "motcua.feedback"
    label = "feedback"
    verbose_name = _("Feedback and petitions")

    def ready(self) -> None:
        from motcua.feedback import metrics

        metrics.register()  # the reform app reads "feedback_on_time_rate" from us
