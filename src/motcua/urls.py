from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from motcua.core import views as core_views
from motcua.dossiers.api.urls import public_urlpatterns as public_dossier_urls

admin.site.site_header = _("motcua administration")
admin.site.site_title = _("motcua administration")
admin.site.index_title = _("Configuration of the province")

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(api_version="1.0.0"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="v1:schema"), name="docs"),
    path("workdays/", include("motcua.workdays.api.urls")),
    path("procedures/", include("motcua.procedures.api.urls")),
    path("dossiers/", include("motcua.dossiers.api.urls")),
    path("payments/", include("motcua.payments.api.urls")),
    path("postal/", include("motcua.postal.api.urls")),
    path("reports/", include("motcua.reports.api.urls")),
    path("public/dossiers/", include(public_dossier_urls)),
    path("personnel/", include("motcua.personnel.api.urls")),
    path("recruitment/", include("motcua.recruitment.api.urls")),
    path("reform/", include("motcua.reform.api.urls")),
    path("feedback/", include("motcua.feedback.api.urls")),
]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/v1/", include((api_v1, "api"), namespace="v1")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("oidc/", include("mozilla_django_oidc.urls")),  # stable redirect URI: outside the language prefix
    path("identity/", include("motcua.identity.urls")),
    path("nationalsync/", include("motcua.nationalsync.urls")),
    *i18n_patterns(
        path("admin/", admin.site.urls),
        path("personnel/", include("motcua.personnel.urls")),
        path("recruitment/", include("motcua.recruitment.urls")),
        path("reform/", include("motcua.reform.urls")),
        path("desk/", include("motcua.desk.urls")),
        path("payments/", include("motcua.payments.urls")),
        path("postal/", include("motcua.postal.urls")),
        path("reports/", include("motcua.reports.urls")),
        path("phan-anh/", include("motcua.feedback.urls")),
        path("", include("motcua.portal.urls")),
        prefix_default_language=False,
    ),
]
