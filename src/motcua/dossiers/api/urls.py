from django.urls import include, path

from motcua.dossiers.api import views

urlpatterns = [
    path("", views.DossierListCreate.as_view(), name="dossier-list"),
    path("<str:code>/", views.DossierDetail.as_view(), name="dossier-detail"),
    path("<str:code>/events/", views.DossierEvents.as_view(), name="dossier-events"),
    path("<str:code>/documents/", views.DossierDocuments.as_view(), name="dossier-documents"),
    path("<str:code>/documents/<int:pk>/", views.DossierDocumentFile.as_view(), name="dossier-document"),
    path("<str:code>/actions/<str:action>/", views.DossierAction.as_view(), name="dossier-action"),
    path("", include("motcua.dossiers.paperwork.urls")),
]

public_urlpatterns = [
    path("<str:code>/", views.PublicLookup.as_view(), name="public-dossier"),
]
