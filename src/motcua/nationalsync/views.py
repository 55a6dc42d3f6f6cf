"""The simulated national portal's HTTP endpoints (server-to-server JSON), on only with NATIONALSYNC_SIMULATOR
(the demo turns it on). Mounted outside the language prefix: `/nationalsync/simulator/…`."""

from __future__ import annotations

import json

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.webhooks import setting
from motcua.nationalsync import simulator
from motcua.nationalsync.models import PortalReceipt, PortalSimulatorState


def _on() -> None:
    if not setting("NATIONALSYNC_SIMULATOR", False):
        raise Http404


def _body(request) -> dict:
    try:
        data = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@csrf_exempt
@require_POST
def session(request):
    _on()
    body = _body(request)
    token = simulator.open_session(str(body.get("username", "")), str(body.get("password", "")))
    if token is None:
        return JsonResponse({"error_code": 1, "message": "Sai tên đăng nhập hoặc mật khẩu"}, status=401)
    return JsonResponse({"error_code": 0, "session": token})


@csrf_exempt
@require_POST
def sync(request):
    _on()
    answer = simulator.receive(_body(request), request.headers.get("X-Request-Id", ""))
    return JsonResponse(answer.json(), status=answer.status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def control(request):
    """GET: what the simulator received; POST {"fail_next": N}: refuse the next N sync calls."""
    _on()
    if request.method == "POST":
        simulator.fail_next(int(_body(request).get("fail_next", 0) or 0))
    state = PortalSimulatorState.objects.filter(pk=1).first()
    received = [
        {
            "service": r.service,
            "MaHoSo": r.dossier_code,
            "isUpdating": r.is_update,
            "accepted": r.accepted,
            "answer": r.answer,
            "data": r.body.get("data"),
        }
        for r in PortalReceipt.objects.order_by("-pk")[:200]
    ]
    return JsonResponse(
        {"fail_next": state.fail_next if state else 0, "received": received[::-1]},
        json_dumps_params={"ensure_ascii": False},
    )
