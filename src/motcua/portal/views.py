from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from motcua.divisions.selectors import portal_summary
from motcua.dossiers.constants import Status
from motcua.dossiers.selectors import public_dossier


def home(request):
    """The province's e-portal home page."""
    return render(request, "portal/home.html", {"summary": portal_summary()})


@require_GET
def lookup(request, code: str | None = None):
    """Public lookup of a dossier by its code (the receipt's QR code points here): status and dates only."""
    if code is None and request.GET.get("code"):
        return redirect("portal:lookup-code", code=request.GET["code"].strip())
    dossier = public_dossier(code) if code else None
    context = {"code": code, "dossier": dossier, "statuses": Status}
    return render(request, "portal/lookup.html", context, status=404 if code and dossier is None else 200)
