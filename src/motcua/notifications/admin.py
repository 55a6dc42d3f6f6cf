"""Admin: the outbox (filters, the dead-letter list, a "retry" action) and the editable templates."""

from django.contrib import admin
from django.db import transaction

from motcua.core.admin import OutboxAdmin
from motcua.notifications import delivery
from motcua.notifications.models import NotificationTemplate, OutboxMessage
from motcua.notifications.outbox import enqueue_delivery


@admin.register(OutboxMessage)
class OutboxMessageAdmin(OutboxAdmin):
    list_display = ("created_at", "dossier", "key", "channel", "recipient", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "channel", "key", "language")
    search_fields = ("dossier__code", "recipient", "provider_message_id", "uid")

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def retry(self, queryset) -> int:
        count = delivery.retry(queryset)
        if count:
            transaction.on_commit(enqueue_delivery)
        return count


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    list_display = ("key", "channel", "language", "subject", "active", "updated_at")
    list_filter = ("key", "channel", "language", "active")
    search_fields = ("subject", "body", "provider_template_id")
