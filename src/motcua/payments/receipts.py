"""The electronic receipt (biên lai điện tử) of a paid payment, as a PDF.

Content after the receipts for fees and charges of Decree 123/2020/NĐ-CP (art. 32: name of the collecting
organisation, receipt symbol and number, payer, fee or charge collected, amount in figures and in words, date)
— the layout is ours; the receipt symbol and number series of a real deployment come from the agency's
registration with the tax authority and are not modelled here (the payment reference stands for the number).
Rendered with the paperwork's WeasyPrint set-up (local fonts only, no network).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import ProblemError
from motcua.dossiers.paperwork import text
from motcua.dossiers.paperwork.pdf import font_faces, html_to_pdf, lookup_url, qr_data_uri
from motcua.payments.constants import ErrorCode, PaymentStatus
from motcua.payments.models import Payment
from motcua.payments.registry import registry

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]


def _three(n: int, full: bool) -> str:
    """Words for 0 < n < 1000 (`full`: a higher group precedes, so "không trăm", "linh" are said)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens > 1:
        words += [_DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 5:
            words.append("lăm")
        elif units == 4:
            words.append("tư")
        elif units:
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    elif units:
        if hundreds or full:
            words.append("linh")
        words.append(_DIGITS[units])
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """2150000 → "Hai triệu một trăm năm mươi nghìn đồng"."""
    if amount == 0:
        return "Không đồng"
    groups = []
    while amount:
        groups.append(amount % 1000)
        amount //= 1000
    words = []
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if value:
            words.append(_three(value, full=index < len(groups) - 1))
            if _GROUPS[index]:
                words.append(_GROUPS[index])
    sentence = " ".join(words) + " đồng"
    return sentence[0].upper() + sentence[1:]


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def receipt_context(payment: Payment) -> dict:
    if payment.status != PaymentStatus.PAID:
        raise ProblemError(ErrorCode.NOT_PAID, _("The payment is not paid yet."), status=409)
    dossier = payment.dossier
    agency = dossier.receiving_agency
    provider = registry.get(payment.provider) if payment.provider in registry else None
    paid_at = timezone.localtime(payment.paid_at)
    return {
        "payment": payment,
        "dossier": dossier,
        "fonts": font_faces(),
        "header": text.header(agency, desk=True),
        "agency": agency,
        "place_date": f"{text.place_name(agency)}, {text.vn_date(paid_at)}",
        "paid_at": text.vn_datetime(paid_at),
        "amount": vnd(payment.amount),
        "amount_words": amount_in_words(payment.amount),
        "purpose": payment.get_purpose_display(),
        "provider": provider.verbose_name if provider is not None else payment.provider,
        "qr": qr_data_uri(lookup_url(dossier.code)),
    }


def render_receipt(payment: Payment) -> bytes:
    payment = Payment.objects.select_related(
        "dossier__procedure", "dossier__receiving_agency__parent", "dossier__receiving_agency__unit"
    ).get(pk=payment.pk)
    return html_to_pdf(render_to_string("payments/receipt.html", receipt_context(payment)))
