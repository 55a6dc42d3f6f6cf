"""VietQR bank transfer: we show a dynamic VietQR code (amount and our reference in the transfer's purpose);
the payer scans it in any bank app; the bank (or the collecting account's statement service) notifies us of
the credit with a signed webhook.

The notification's shape is ours (assumed; banks and statement aggregators each have their own): a JSON body
{"transaction_id", "account_number", "amount", "description", "credited_at"} signed with HMAC-SHA256 of the
raw body under a shared secret, hex in the header X-Bank-Signature. The payment is found by the reference
written in the transfer description (payers' apps may add words or drop spaces, so it is searched for).
In demo mode the VietQR page has a button that plays the bank and sends that notification.
"""

from __future__ import annotations

import json
import re
import secrets

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.payments.base import (
    CallbackMalformed,
    CallbackResult,
    Delivery,
    PaymentProvider,
    PaymentStart,
    SignatureInvalid,
    callback_url,
    deliver,
    hmac_hex,
    parse_json,
    public_base_url,
    setting,
    signature_matches,
)
from motcua.payments.contrib.simulator.provider import simulators_enabled
from motcua.payments.contrib.vietqr.payload import build_payload
from motcua.payments.registry import register

SIGNATURE_HEADER = "x-bank-signature"
REFERENCE_PATTERN = re.compile(r"MC\d{6}[A-Z2-9]{8}")
# Demo collecting account (used only while the simulators are on and nothing is configured): BIN 970405 is
# Agribank's in the NAPAS BIN list; the account number is invented.
DEMO = {"bin": "970405", "account": "7300201000001", "name": "KHO BAC NHA NUOC DEMO", "secret": "motcua-demo-bank"}


def config() -> dict:
    conf = {
        "bin": setting("PAYMENTS_VIETQR_BANK_BIN", ""),
        "account": setting("PAYMENTS_VIETQR_ACCOUNT", ""),
        "name": setting("PAYMENTS_VIETQR_ACCOUNT_NAME", ""),
        "secret": setting("PAYMENTS_VIETQR_WEBHOOK_SECRET", ""),
    }
    if simulators_enabled():
        conf = {key: value or DEMO[key] for key, value in conf.items()}
    return conf


def find_reference(description: str) -> str:
    found = REFERENCE_PATTERN.search(re.sub(r"[^A-Z0-9]", "", (description or "").upper()))
    return found.group(0) if found else ""


@register("vietqr")
class VietQRProvider(PaymentProvider):
    verbose_name = _("VietQR bank transfer")
    stored_headers = ("content-type", "user-agent", SIGNATURE_HEADER)

    def check_config(self) -> list[str]:
        conf, problems = config(), []
        if not (len(conf["bin"]) == 6 and conf["bin"].isdigit()):
            problems.append(str(_("PAYMENTS_VIETQR_BANK_BIN must be the bank's 6-digit BIN.")))
        if not conf["account"]:
            problems.append(str(_("PAYMENTS_VIETQR_ACCOUNT is not set.")))
        if not conf["secret"]:
            problems.append(str(_("PAYMENTS_VIETQR_WEBHOOK_SECRET is not set.")))
        return problems

    def is_enabled(self) -> bool:
        return not self.check_config()

    def payload(self, payment) -> str:
        conf = config()
        return build_payload(
            bank_bin=conf["bin"], account=conf["account"], amount=payment.amount, purpose=payment.reference
        )

    def start(self, payment) -> PaymentStart:
        url = public_base_url() + reverse("payments:vietqr", args=[payment.reference])
        return PaymentStart(reference=payment.reference, redirect_url=url, qr_payload=self.payload(payment))

    def verify_callback(self, request_body: bytes, headers: dict[str, str]) -> CallbackResult:
        conf = config()
        if not signature_matches(conf["secret"], request_body, headers.get(SIGNATURE_HEADER, "")):
            raise SignatureInvalid
        data = parse_json(request_body)
        try:
            amount, account = int(data["amount"]), str(data["account_number"])
        except (KeyError, TypeError, ValueError) as exc:
            raise CallbackMalformed("amount and account_number are required") from exc
        if account != conf["account"]:
            raise CallbackMalformed("credit to another account")
        reference = find_reference(str(data.get("description", "")))
        if not reference:
            raise CallbackMalformed("no payment reference in the transfer description")
        return CallbackResult(reference, amount, True, str(data.get("transaction_id", "")))

    # --- the simulated bank -----------------------------------------------------------------------------------
    @staticmethod
    def notification(payment, *, amount: int | None = None, description: str | None = None):
        conf = config()
        body = json.dumps(
            {
                "transaction_id": "FT" + secrets.token_hex(6).upper(),
                "account_number": conf["account"],
                "amount": payment.amount if amount is None else amount,
                "description": description if description is not None else f"{payment.reference} chuyen tien",
                "credited_at": timezone.now().isoformat(),
            },
            separators=(",", ":"),
        ).encode()
        return body, {"Content-Type": "application/json", "X-Bank-Signature": hmac_hex(conf["secret"], body)}

    def notify(self, payment, *, amount: int | None = None) -> Delivery:
        body, headers = self.notification(payment, amount=amount)
        return deliver(callback_url(self.identifier), data=body, headers=headers)
