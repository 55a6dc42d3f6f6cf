from django.urls import path

from motcua.payments import views

app_name = "payments"

urlpatterns = [
    path("simulator/<str:reference>/", views.simulator, name="simulator"),
    path("gateway-simulator/", views.gateway_simulator, name="gateway-simulator"),
    path("vietqr/<str:reference>/", views.vietqr_page, name="vietqr"),
    path("return/<str:reference>/", views.payment_return, name="return"),
]
