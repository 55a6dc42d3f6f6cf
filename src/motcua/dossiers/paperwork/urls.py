"""Routes of the paperwork, included under /api/v1/dossiers/ after the dossier routes.

`ledger.xlsx` has no trailing slash and a dot, so `<str:code>/…` routes never take it; a test checks it.
"""

from django.urls import path

from motcua.dossiers.paperwork import views

urlpatterns = [
    path("ledger.xlsx", views.LedgerXlsx.as_view(), name="dossier-ledger"),
    path("<str:code>/papers/<str:form>.pdf", views.PaperPdf.as_view(), name="dossier-paper"),
]
