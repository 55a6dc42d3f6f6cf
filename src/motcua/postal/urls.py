from django.urls import path

from motcua.postal import views

app_name = "postal"

urlpatterns = [
    path("simulator/<str:reference>/", views.simulator, name="simulator"),
]
