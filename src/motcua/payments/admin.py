from django.contrib import admin

from motcua.payments.models import Payment, PaymentCallback


class ReadOnlyAdmin(admin.ModelAdmin):
    """Payments change only through payments/actions.py; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("reference", "dossier", "purpose", "amount", "provider", "status", "created_at", "paid_at")
    list_filter = ("provider", "status", "purpose")
    search_fields = ("reference", "dossier__code", "provider_txn")
    date_hierarchy = "created_at"


@admin.register(PaymentCallback)
class PaymentCallbackAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "provider", "reference", "signature_ok", "result")
    list_filter = ("provider", "result", "signature_ok")
    search_fields = ("reference",)
    date_hierarchy = "received_at"
