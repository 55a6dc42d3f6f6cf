from django.conf import settings


def site(request):
    """The province this installation serves, for every template's header."""
    from motcua.core.navigation import menu_for
    from motcua.divisions.selectors import current_province

    return {"province": current_province(), "demo_mode": settings.DEMO_MODE, "menu": menu_for(request)}
