"""Admin: the outbox to the national portal (the dead-letter list is the "dead" filter; a "retry" action) and,
in the demo, what the simulated portal received."""

from django.contrib import admin

from motcua.core.admin import OutboxAdmin
from motcua.nationalsync import actions
from motcua.nationalsync.models import PortalReceipt, SyncMessage


@admin.register(SyncMessage)
class SyncMessageAdmin(OutboxAdmin):
    list_display = ("created_at", "dossier", "seq", "service", "is_update", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "service")
    search_fields = ("dossier__code", "uid", "last_error")

    def has_delete_permission(self, request, obj=None):
        return False  # deleting one would let its dossier's later messages overtake it

    def retry(self, queryset) -> int:
        return actions.retry(queryset)


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
