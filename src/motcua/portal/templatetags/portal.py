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
