from django.urls import path

from motcua.postal.api import views

urlpatterns = [
    path("shipments/", views.Shipments.as_view(), name="postal-shipments"),
    path("shipments/<str:reference>/", views.ShipmentDetail.as_view(), name="postal-shipment-detail"),
    path("callbacks/<str:provider>/", views.CarrierWebhook.as_view(), name="postal-callback"),
]
