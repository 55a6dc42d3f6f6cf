from django.urls import path

from motcua.postal import views

app_name = "postal"

urlpatterns = [
    path("simulator/track/<str:waybill>/", views.simulator_track, name="simulator-track"),
    path("simulator/<str:reference>/", views.simulator, name="simulator"),
]
