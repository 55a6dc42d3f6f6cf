from django.urls import path

from motcua.payments.api import views

urlpatterns = [
    path("", views.PaymentCreate.as_view(), name="payment-list"),
    path("providers/", views.Providers.as_view(), name="payment-providers"),
    path("reconciliation/", views.Reconciliation.as_view(), name="payment-reconciliation"),
    path("callbacks/<str:provider>/", views.ProviderCallback.as_view(), name="payment-callback"),
    path("<str:reference>/", views.PaymentDetail.as_view(), name="payment-detail"),
    path("<str:reference>/vietqr/", views.VietQRPayload.as_view(), name="payment-vietqr"),
    path("<str:reference>/vietqr.png", views.VietQRImage.as_view(), name="payment-vietqr-png"),
    path("<str:reference>/receipt.pdf", views.Receipt.as_view(), name="payment-receipt"),
]
