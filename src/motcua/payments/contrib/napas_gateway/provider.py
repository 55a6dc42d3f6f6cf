"""A national-payment-platform-style card/account gateway (cổng thanh toán), shaped like VNPAY's public
merchant API version 2.1.0 (https://sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html):

- the payer is redirected to the gateway with query parameters vnp_Version, vnp_Command=pay, vnp_TmnCode,
  vnp_Amount (VND × 100), vnp_CurrCode=VND, vnp_TxnRef (our reference), vnp_OrderInfo (no diacritics),
  vnp_OrderType, vnp_Locale, vnp_ReturnUrl, vnp_IpAddr, vnp_CreateDate and vnp_ExpireDate (yyyyMMddHHmmss,
  GMT+7), plus vnp_SecureHash = HMAC-SHA512 (hex) under the merchant's hash secret of the other parameters
  sorted by name and URL-encoded (`quote_plus`) as `k=v&k=v` (reproduces the test vectors of the open-source
  client github.com/lehuygiang28/vnpay, see tests/test_gateway_signature.py);
- the gateway notifies the result server-to-server (IPN: a GET to our IPN URL) with vnp_Amount, vnp_TxnRef,
  vnp_ResponseCode, vnp_TransactionStatus ("00" = success), vnp_TransactionNo, vnp_PayDate, vnp_TmnCode,
  vnp_BankCode… and vnp_SecureHash computed the same way; we answer {"RspCode", "Message"} (00 confirmed,
  02 already confirmed, 97 bad signature, 04 bad amount, 01 order not found);
- the browser comes back to vnp_ReturnUrl with the same parameters (display only; the IPN is authoritative).

The national public-service portal's payment platform (Nền tảng thanh toán trực tuyến / PayGov) routes to
such gateways; its own merchant interface is not public, so this adapter follows the published VNPAY shape.
With the simulators on and no PAYMENTS_GATEWAY_URL, the gateway is our local page (gateway simulator).
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.payments.base import (
    CallbackMalformed,
    CallbackResult,
    PaymentProvider,
    PaymentStart,
    SignatureInvalid,
    hmac_hex,
    public_base_url,
    setting,
    signature_matches,
)
from motcua.payments.constants import CallbackOutcome
from motcua.payments.contrib.simulator.provider import simulators_enabled
from motcua.payments.contrib.vietqr.payload import ascii_text
from motcua.payments.registry import register

VERSION = "2.1.0"
HASH_FIELDS_EXCLUDED = ("vnp_SecureHash", "vnp_SecureHashType")
DEMO = {"merchant": "MOTCUA01", "secret": "motcua-demo-gateway-secret"}
DATE_FORMAT = "%Y%m%d%H%M%S"


def config() -> dict:
    conf = {
        "url": setting("PAYMENTS_GATEWAY_URL", ""),
        "merchant": setting("PAYMENTS_GATEWAY_MERCHANT_CODE", ""),
        "secret": setting("PAYMENTS_GATEWAY_SECRET", ""),
    }
    if simulators_enabled():
        conf["merchant"] = conf["merchant"] or DEMO["merchant"]
        conf["secret"] = conf["secret"] or DEMO["secret"]
        conf["url"] = conf["url"] or public_base_url() + reverse("payments:gateway-simulator")
    return conf


def hash_data(params: dict[str, str]) -> str:
    """The signed string: every parameter but the hash, sorted by name, `quote_plus`-encoded (VNPAY sample)."""
    items = sorted((k, str(v)) for k, v in params.items() if k not in HASH_FIELDS_EXCLUDED)
    return urlencode(items)


def sign(params: dict[str, str], secret: str) -> str:
    return hmac_hex(secret, hash_data(params).encode(), hashlib.sha512)


def verify(params: dict[str, str], secret: str) -> bool:
    return signature_matches(secret, hash_data(params).encode(), params.get("vnp_SecureHash", ""), hashlib.sha512)


def gateway_time(moment) -> str:
    return timezone.localtime(moment, timezone.get_fixed_timezone(7 * 60)).strftime(DATE_FORMAT)


@register("napas_gateway")
class NapasGatewayProvider(PaymentProvider):
    verbose_name = _("Online payment gateway")
    stored_headers = ("content-type", "user-agent")  # the signature travels in the parameters

    def check_config(self) -> list[str]:
        conf, problems = config(), []
        for key, name in (("url", "PAYMENTS_GATEWAY_URL"), ("merchant", "PAYMENTS_GATEWAY_MERCHANT_CODE")):
            if not conf[key]:
                problems.append(str(_("%(name)s is not set.")) % {"name": name})
        if not conf["secret"]:
            problems.append(str(_("PAYMENTS_GATEWAY_SECRET is not set.")))
        return problems

    def is_enabled(self) -> bool:
        return not self.check_config()

    def params(self, payment) -> dict[str, str]:
        conf = config()
        created = payment.created_at or timezone.now()
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": conf["merchant"],
            "vnp_Amount": str(payment.amount * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": ascii_text(f"Thanh toan ho so {payment.dossier.code}", 255),
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": public_base_url() + reverse("payments:return", args=[payment.reference]),
            "vnp_IpAddr": "127.0.0.1",
            "vnp_CreateDate": gateway_time(created),
            "vnp_ExpireDate": gateway_time(payment.expires_at or created + timedelta(minutes=15)),
        }
        params["vnp_SecureHash"] = sign(params, conf["secret"])
        return params

    def start(self, payment) -> PaymentStart:
        return PaymentStart(
            reference=payment.reference, redirect_url=config()["url"] + "?" + urlencode(self.params(payment))
        )

    def verify_callback(self, request_body: bytes, headers: dict[str, str]) -> CallbackResult:
        try:
            params = dict(parse_qsl(request_body.decode("utf-8"), keep_blank_values=True))
        except (UnicodeDecodeError, ValueError) as exc:
            raise CallbackMalformed("not a query string") from exc
        conf = config()
        if not verify(params, conf["secret"]):
            raise SignatureInvalid
        if params.get("vnp_TmnCode") != conf["merchant"]:
            raise CallbackMalformed("another merchant's notification")
        try:
            raw_amount = int(params["vnp_Amount"])
            reference = params["vnp_TxnRef"]
        except (KeyError, ValueError) as exc:
            raise CallbackMalformed("vnp_Amount and vnp_TxnRef are required") from exc
        if raw_amount % 100:
            raise CallbackMalformed("vnp_Amount is not a whole number of VND")
        paid = params.get("vnp_ResponseCode") == "00" and params.get("vnp_TransactionStatus") == "00"
        return CallbackResult(reference, raw_amount // 100, paid, params.get("vnp_TransactionNo", ""))

    def acknowledgement(self, outcome: str) -> dict:
        if outcome in (CallbackOutcome.DUPLICATE, CallbackOutcome.IGNORED):
            return {"RspCode": "02", "Message": "Order already confirmed"}
        return {"RspCode": "00", "Message": "Confirm Success"}

    # --- the simulated gateway ----------------------------------------------------------------------------------
    @staticmethod
    def ipn_params(order: dict[str, str], *, paid: bool, transaction_no: str) -> dict[str, str]:
        """The IPN the simulated gateway sends for an order it received (the signed redirect parameters)."""
        params = {
            "vnp_Amount": order["vnp_Amount"],
            "vnp_BankCode": "NCB",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": order.get("vnp_OrderInfo", ""),
            "vnp_PayDate": gateway_time(timezone.now()),
            "vnp_ResponseCode": "00" if paid else "24",  # 24: the customer cancelled
            "vnp_TmnCode": order["vnp_TmnCode"],
            "vnp_TransactionNo": transaction_no,
            "vnp_TransactionStatus": "00" if paid else "02",
            "vnp_TxnRef": order["vnp_TxnRef"],
        }
        params["vnp_SecureHash"] = sign(params, config()["secret"])
        return params


PROBLEM_RSPCODES = {"payment_signature_invalid": "97", "payment_amount_mismatch": "04", "payment_not_found": "01"}


def problem_rspcode(code: str) -> dict:
    return {"RspCode": PROBLEM_RSPCODES.get(code, "99"), "Message": json.dumps(code)[1:-1]}
