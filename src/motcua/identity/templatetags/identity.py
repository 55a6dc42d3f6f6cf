"""`{% vneid_button %}`: the "Sign in with VNeID" link of the sign-in page (nothing when IDENTITY_OIDC is off)."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("identity/_vneid_button.html", takes_context=True)
def vneid_button(context, next_url=""):
    request = context.get("request")
    return {
        "enabled": bool(getattr(settings, "IDENTITY_OIDC", False)),
        "next_url": next_url or "",
        "failed": bool(request is not None and request.GET.get("vneid") == "failed"),
    }
