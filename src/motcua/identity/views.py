"""Sign-in views (mozilla-django-oidc's, gated by IDENTITY_OIDC) and the local provider simulator's endpoints
(gated by IDENTITY_SIMULATOR; mounted outside the language prefix so that the redirect URI stays stable)."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from motcua.identity import simulator


# --- our side (relying party) ------------------------------------------------------------------------------
class AuthenticateView(OIDCAuthenticationRequestView):
    """`/oidc/authenticate/`: send the citizen to the identity provider (state, nonce, PKCE in the session)."""

    def get(self, request):
        if not getattr(settings, "IDENTITY_OIDC", False):
            raise Http404
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """`/oidc/callback/`: the provider's answer. A state we did not issue is refused (400, SuspiciousOperation);
    a token or claims that do not check out end on the sign-in page with an error."""

    @property
    def success_url(self):
        return self.request.session.get("oidc_login_next") or reverse("portal:my-dossiers")

    def get(self, request):
        if not getattr(settings, "IDENTITY_OIDC", False):
            raise Http404
        return super().get(request)


# --- the simulated provider --------------------------------------------------------------------------------
def _on() -> None:
    if not getattr(settings, "IDENTITY_SIMULATOR", False):
        raise Http404


def issuer(request) -> str:
    return request.build_absolute_uri(reverse("identity:simulator-root")).rstrip("/")


@require_GET
def discovery(request):
    _on()
    base = issuer(request)
    return JsonResponse(
        {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256", "plain"],
            "claims_supported": ["sub", "SoDinhDanh", "HoVaTen", "NgayThangNamSinh", "SoDienThoai", "ThuDienTu"],
        }
    )


@require_GET
def jwks(request):
    _on()
    return JsonResponse(simulator.jwks())


def _redirect_ok(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.fragment


@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request):
    """The provider's sign-in page: pick a demo citizen (stands for VNeID's QR scan or password + OTP)."""
    _on()
    params = request.POST if request.method == "POST" else request.GET
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    if client_id != settings.OIDC_RP_CLIENT_ID or not _redirect_ok(redirect_uri):
        # Never redirect to an address we cannot trust (OIDC Core §3.1.2.6): show the error here.
        return HttpResponseBadRequest(_("Unknown client or redirect address."))
    state = params.get("state", "")

    def back(**answer):
        return HttpResponseRedirect(f"{redirect_uri}?{urlencode({**answer, 'state': state})}")

    if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
        return back(error="unsupported_response_type" if params.get("response_type") != "code" else "invalid_scope")
    if request.method == "POST":
        if "cancel" in request.POST:
            return back(error="access_denied")
        chosen = simulator.citizen(request.POST.get("citizen", ""))
        if chosen is not None:
            code = simulator.issue_code(
                number=chosen["SoDinhDanh"],
                client_id=client_id,
                redirect_uri=redirect_uri,
                nonce=params.get("nonce", ""),
                challenge=params.get("code_challenge", ""),
                method=params.get("code_challenge_method", "plain" if params.get("code_challenge") else ""),
            )
            return back(code=code)
    keep = {
        k: params.get(k, "")
        for k in (
            "client_id",
            "redirect_uri",
            "response_type",
            "scope",
            "state",
            "nonce",
            "code_challenge",
            "code_challenge_method",
        )
    }
    return render(request, "identity/simulator_authorize.html", {"citizens": simulator.CITIZENS, "keep": keep})


def _token_error(error: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": error}, status=status)


def _client_credentials(request) -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            user, _sep, password = base64.b64decode(header[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        return user, password
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


@csrf_exempt
@require_POST
def token(request):
    _on()
    client_id, secret = _client_credentials(request)
    if client_id != settings.OIDC_RP_CLIENT_ID or secret != settings.OIDC_RP_CLIENT_SECRET:
        return _token_error("invalid_client", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type")
    data = simulator.redeem_code(request.POST.get("code", ""))
    if data is None or data["c"] != client_id or data["r"] != request.POST.get("redirect_uri", ""):
        return _token_error("invalid_grant")
    if not simulator.pkce_matches(data["p"], data["m"], request.POST.get("code_verifier", "")):
        return _token_error("invalid_grant")
    id_token = simulator.id_token(issuer=issuer(request), number=data["n"], client_id=client_id, nonce=data["o"])
    response = JsonResponse(
        {
            "access_token": simulator.access_token(data["n"], client_id),
            "token_type": "Bearer",
            "expires_in": simulator.TOKEN_SECONDS,
            "id_token": id_token,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def userinfo(request):
    _on()
    header = request.headers.get("Authorization", "")
    data = simulator.read_access_token(header[7:]) if header.startswith("Bearer ") else None
    if data is None:
        response = JsonResponse({"error": "invalid_token"}, status=401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    return JsonResponse(simulator.userinfo_claims(data["n"]), json_dumps_params={"ensure_ascii": False})
