from django.urls import path

from motcua.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("hang-doi/<str:key>/", views.queue, name="queue-key"),
    path("tiep-nhan/", views.receive, name="receive"),
    path("tre-han/", views.lateness, name="lateness"),
    path("ho-so/<str:code>/", views.dossier, name="dossier"),
    path("ho-so/<str:code>/<str:action>/", views.act, name="act"),
]
