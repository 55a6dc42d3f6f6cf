"""Small formatting helpers of the portal templates."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def vnd(value) -> str:
    """20000 → "20.000 đ" (Vietnamese thousands separator)."""
    if value in (None, ""):
        return ""
    amount = int(Decimal(value))
    return f"{amount:,}".replace(",", ".") + " đ"


@register.filter
def hours(value) -> str:
    """Decimal("4.00") → "4"; Decimal("1.50") → "1,5"."""
    number = Decimal(value).normalize()
    text = f"{number:f}"
    return text.replace(".", ",")


@register.filter
def filesize(value) -> str:
    size = int(value or 0)
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.simple_tag(takes_context=True)
def portal_links(context) -> list[dict]:
    """The portal's own sections not already in the site menu (core.navigation), for the account bar."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    taken = {item["url"] for item in context.get("menu") or []}
    nav = context.get("nav", "")
    links = [
        ("portal:catalogue", _("Procedures"), "catalogue"),
        ("portal:lookup", _("Look up a dossier"), "lookup"),
        ("portal:my-dossiers", _("My dossiers"), "mine"),
        ("portal:timeliness", _("Timeliness"), "timeliness"),
    ]
    return [
        {"url": reverse(name), "label": label, "current": key == nav}
        for name, label, key in links
        if reverse(name) not in taken
    ]
