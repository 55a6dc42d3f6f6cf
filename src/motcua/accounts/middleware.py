"""Per-request memo of the signed-in user's memberships (see accounts.permissions.memberships_of)."""

from __future__ import annotations

from motcua.accounts.permissions import _request_memberships


class RequestMemberships:
    """Keep the memberships read while serving one request, and forget them when it ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memberships.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memberships.reset(token)
