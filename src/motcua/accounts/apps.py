from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from motcua.accounts.permissions import clear_agency_tree
        from motcua.divisions.models import Agency

        def _clear(**kwargs):
            clear_agency_tree()

        post_save.connect(_clear, sender=Agency, dispatch_uid="accounts-agency-tree-save")
        post_delete.connect(_clear, sender=Agency, dispatch_uid="accounts-agency-tree-delete")
