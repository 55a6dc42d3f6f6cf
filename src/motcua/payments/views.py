"""Pages: the local simulators (gateway, bank) and the pages the payer lands on.

These pages play the provider's side in the demo; they are 404 unless the simulators are on
(PAYMENTS_SIMULATORS), except the VietQR page and the return page, which real deployments use too.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from motcua.payments.base import callback_url, deliver
from motcua.payments.contrib.napas_gateway import provider as gateway
from motcua.payments.contrib.simulator.provider import simulators_enabled
from motcua.payments.contrib.vietqr import provider as vietqr
from motcua.payments.models import Payment
from motcua.payments.receipts import vnd
from motcua.payments.registry import registry


def _page(request, template: str, payment: Payment, **extra):
    return render(request, template, {"payment": payment, "amount": vnd(payment.amount), **extra})


@require_http_methods(["GET", "POST"])
def simulator(request, reference: str):
    """The simulator gateway's payment page: "Pay" or "Fail" sends the signed callback over HTTP."""
    if not simulators_enabled():
        raise Http404
    payment = get_object_or_404(Payment.objects.select_related("dossier"), reference=reference, provider="simulator")
    delivery = None
    if request.method == "POST" and payment.status == "pending":
        outcome = request.POST.get("outcome")
        if outcome not in ("pay", "fail"):
            return HttpResponseBadRequest()
        delivery = registry.get("simulator").notify(payment, paid=outcome == "pay")
        payment.refresh_from_db()
    return _page(request, "payments/simulator.html", payment, delivery=delivery)


@require_http_methods(["GET", "POST"])
def vietqr_page(request, reference: str):
    """The VietQR code to scan; with the simulators on, a button plays the bank's credit notification."""
    payment = get_object_or_404(Payment.objects.select_related("dossier"), reference=reference, provider="vietqr")
    delivery = None
    if request.method == "POST":
        if not simulators_enabled():
            raise Http404
        if payment.status == "pending":
            delivery = registry.get("vietqr").notify(payment)
            payment.refresh_from_db()
    qr = segno.make(payment.qr_payload, error="m").svg_data_uri(scale=5, border=2) if payment.qr_payload else ""
    return _page(
        request,
        "payments/vietqr.html",
        payment,
        qr=qr,
        bank=vietqr.config(),
        simulate=simulators_enabled(),
        delivery=delivery,
    )


@require_http_methods(["GET", "POST"])
def gateway_simulator(request):
    """The simulated gateway: checks the merchant's signed redirect like the real one, then on a choice sends
    the signed IPN to our callback endpoint over HTTP and sends the browser back to vnp_ReturnUrl."""
    if not simulators_enabled():
        raise Http404
    order = (request.GET if request.method == "GET" else request.POST).dict()
    order.pop("outcome", None)
    order.pop("csrfmiddlewaretoken", None)
    if not gateway.verify(order, gateway.config()["secret"]):
        return HttpResponseBadRequest("vnp_SecureHash does not match (code 97)")
    payment = get_object_or_404(Payment.objects.select_related("dossier"), reference=order.get("vnp_TxnRef"))
    if request.method == "GET":
        return _page(request, "payments/gateway.html", payment, order=order)
    paid = request.POST.get("outcome") == "pay"
    ipn = gateway.NapasGatewayProvider.ipn_params(order, paid=paid, transaction_no=f"{payment.pk:08d}")
    query = urlencode(ipn)
    delivery = deliver(callback_url("napas_gateway") + "?" + query, method="GET")
    if delivery.error or delivery.status >= 500:
        payment.refresh_from_db()
        return _page(request, "payments/gateway.html", payment, order=order, delivery=delivery)
    return HttpResponseRedirect(order["vnp_ReturnUrl"] + "?" + query)


def payment_return(request, reference: str):
    """Where the gateway sends the browser back: shows our record (the IPN is authoritative, not this page)."""
    payment = get_object_or_404(Payment.objects.select_related("dossier"), reference=reference)
    return _page(request, "payments/return.html", payment)
