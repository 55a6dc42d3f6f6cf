"""Admin: the outbox (filters, the dead-letter list, a "retry" action) and the editable templates."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.notifications import delivery
from motcua.notifications.models import NotificationTemplate, OutboxMessage
from motcua.notifications.outbox import enqueue_delivery


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "dossier", "key", "channel", "recipient", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "channel", "key", "language")
    search_fields = ("dossier__code", "recipient", "provider_message_id", "uid")
    date_hierarchy = "created_at"
    list_select_related = ("dossier",)
    actions = ["retry_messages"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False  # rows come only from dossier events

    def has_change_permission(self, request, obj=None):
        return False  # read-only; the retry action is the only change

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description=_("Retry the selected failed or dead messages"), permissions=["view"])
    def retry_messages(self, request, queryset):
        with transaction.atomic():
            count = delivery.retry(queryset)
            if count:
                transaction.on_commit(enqueue_delivery)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count) % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    list_display = ("key", "channel", "language", "subject", "active", "updated_at")
    list_filter = ("key", "channel", "language", "active")
    search_fields = ("subject", "body", "provider_template_id")
