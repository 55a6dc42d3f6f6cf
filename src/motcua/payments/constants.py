"""Payment statuses, purposes and the problem codes of the payments app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")  # chờ thanh toán
    PAID = "paid", _("Paid")  # đã thanh toán
    FAILED = "failed", _("Failed")  # thanh toán không thành công
    EXPIRED = "expired", _("Expired")  # hết hạn
    CANCELLED = "cancelled", _("Cancelled")  # đã huỷ


class Purpose(models.TextChoices):
    SUBMISSION_FEE = "submission_fee", _("Fees and charges at submission")  # phí, lệ phí khi nộp hồ sơ
    FINANCIAL_OBLIGATION = "financial_obligation", _("Financial obligation")  # nghĩa vụ tài chính (trạng thái 6)


class CallbackOutcome(models.TextChoices):
    """What became of a stored provider callback (PaymentCallback.result)."""

    PAID = "paid", _("Payment recorded")
    DUPLICATE = "duplicate", _("Already recorded (duplicate)")
    FAILED = "failed", _("Failure recorded")
    IGNORED = "ignored", _("No change (payment no longer pending)")
    SIGNATURE_INVALID = "signature_invalid", _("Rejected: bad signature")
    MALFORMED = "malformed", _("Rejected: unreadable")
    UNKNOWN_REFERENCE = "unknown_reference", _("Rejected: unknown reference")
    AMOUNT_MISMATCH = "amount_mismatch", _("Rejected: amount mismatch")
    ERROR = "error", _("Error while processing")


# Statuses a payment may still become "paid" from: money that arrived is a fact and is always recorded,
# even for a payment the applicant abandoned (a refund is then the agency's business).
PAYABLE = frozenset({PaymentStatus.PENDING, PaymentStatus.FAILED, PaymentStatus.EXPIRED, PaymentStatus.CANCELLED})


class ErrorCode(models.TextChoices):
    PROVIDER_UNKNOWN = "payment_provider_unknown", _("No such payment provider.")
    PROVIDER_DISABLED = "payment_provider_disabled", _("This payment provider is not enabled.")
    NOT_PAYABLE = "payment_not_payable", _("Nothing to pay for this dossier now.")
    ALREADY_PAID = "payment_already_paid", _("This obligation is already paid.")
    NOT_FOUND = "payment_not_found", _("No such payment.")
    SIGNATURE_INVALID = "payment_signature_invalid", _("The callback signature is not valid.")
    CALLBACK_INVALID = "payment_callback_invalid", _("The callback cannot be read.")
    AMOUNT_MISMATCH = "payment_amount_mismatch", _("The amount does not match the payment.")
    NOT_PAID = "payment_not_paid", _("The payment is not paid yet.")
    NOT_QR = "payment_not_vietqr", _("This payment has no VietQR code.")
    FORBIDDEN = "payment_forbidden", _("You may not do this for this dossier.")
