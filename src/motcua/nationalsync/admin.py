"""Admin: the outbox to the national portal (the dead-letter list is the "dead" filter; a "retry" action) and,
in the demo, what the simulated portal received."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.nationalsync import actions
from motcua.nationalsync.models import PortalReceipt, SyncMessage


@admin.register(SyncMessage)
class SyncMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "dossier", "seq", "service", "is_update", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "service")
    search_fields = ("dossier__code", "uid", "last_error")
    date_hierarchy = "created_at"
    list_select_related = ("dossier",)
    actions = ["retry_messages"]
    readonly_fields = [f.name for f in SyncMessage._meta.fields]

    def has_add_permission(self, request):
        return False  # rows come only from dossier events

    def has_change_permission(self, request, obj=None):
        return False  # read-only; the retry action is the only change

    def has_delete_permission(self, request, obj=None):
        return False  # deleting one would let its dossier's later messages overtake it

    @admin.action(description=_("Retry the selected failed or dead messages"), permissions=["view"])
    def retry_messages(self, request, queryset):
        with transaction.atomic():
            count = actions.retry(queryset)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count) % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(PortalReceipt)
class PortalReceiptAdmin(admin.ModelAdmin):
    list_display = ("received_at", "service", "dossier_code", "is_update", "accepted", "answer")
    list_filter = ("service", "accepted")
    search_fields = ("dossier_code", "request_id")
    readonly_fields = [f.name for f in PortalReceipt._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
