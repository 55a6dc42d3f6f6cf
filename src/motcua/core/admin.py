"""Admin pieces shared by the apps' outboxes (notifications, national-portal sync)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class OutboxAdmin(admin.ModelAdmin):
    """An outbox written only by dossier events: read-only, listed newest first, with a "retry" action that
    calls `retry(queryset) -> count` (subclasses set it) inside a transaction."""

    date_hierarchy = "created_at"
    list_select_related = ("dossier",)
    actions = ["retry_messages"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False  # rows come only from dossier events

    def has_change_permission(self, request, obj=None):
        return False  # read-only; the retry action is the only change

    def retry(self, queryset) -> int:
        raise NotImplementedError

    @admin.action(description=_("Retry the selected failed or dead messages"), permissions=["view"])
    def retry_messages(self, request, queryset):
        with transaction.atomic():
            count = self.retry(queryset)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count) % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
