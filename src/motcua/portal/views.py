from django.shortcuts import render

from motcua.divisions.selectors import portal_summary


def home(request):
    """The province's e-portal home page."""
    return render(request, "portal/home.html", {"summary": portal_summary()})
