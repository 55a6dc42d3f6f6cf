from django.contrib import admin

from motcua.postal.models import Shipment, ShipmentEvent, SimulatorEvent


class ReadOnly(admin.ModelAdmin):
    """Shipments change only through postal/actions.py: the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Shipment)
class ShipmentAdmin(ReadOnly):
    list_display = ["reference", "waybill", "dossier", "direction", "provider", "status", "created_at"]
    list_filter = ["direction", "provider", "status"]
    search_fields = ["reference", "waybill", "dossier__code"]


@admin.register(ShipmentEvent)
class ShipmentEventAdmin(ReadOnly):
    list_display = ["received_at", "provider", "source", "event_id", "status", "cod_collected", "result"]
    list_filter = ["provider", "source", "result", "signature_ok"]
    search_fields = ["event_id"]


@admin.register(SimulatorEvent)
class SimulatorEventAdmin(ReadOnly):
    list_display = ["at", "waybill", "status", "cod_collected", "event_id"]
    search_fields = ["waybill"]
