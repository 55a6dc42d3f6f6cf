"""The gateway's signature scheme (VNPAY 2.1.0: HMAC-SHA512 over the sorted, quote_plus-encoded parameters),
checked against third-party test vectors: github.com/lehuygiang28/vnpay, test/verify-ipn-call.test.ts
(secret "test_secret")."""

from motcua.payments.contrib.napas_gateway.provider import hash_data, sign, verify

IPN = {
    "vnp_Amount": "1000000",
    "vnp_BankCode": "NCB",
    "vnp_BankTranNo": "VNP14422574",
    "vnp_CardType": "ATM",
    "vnp_OrderInfo": "Thanh toan don hang 2024-05-21T02:17:31.249Z",
    "vnp_PayDate": "20240521091806",
    "vnp_ResponseCode": "00",
    "vnp_TmnCode": "TEST_TMN_CODE",
    "vnp_TransactionNo": "14422574",
    "vnp_TransactionStatus": "00",
    "vnp_TxnRef": "1716257871703",
}
PAID_HASH = (
    "649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361d"
    "bf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895"
)
FAILED_HASH = (
    "503194f6d93b57b357b2d1d09742565e67e86d771352c5dca4fc8d39df3d392c"
    "6b3809add9405f97cfb9631f445e36c80656cfbf47eac67d97fa165865c13e1b"
)


def test_it_signs_like_the_published_vectors():
    assert sign(IPN, "test_secret") == PAID_HASH
    assert sign(IPN | {"vnp_ResponseCode": "99"}, "test_secret") == FAILED_HASH


def test_it_verifies_and_rejects():
    assert verify(IPN | {"vnp_SecureHash": PAID_HASH, "vnp_SecureHashType": "HmacSHA512"}, "test_secret")
    assert not verify(IPN | {"vnp_SecureHash": PAID_HASH, "vnp_ResponseCode": "99"}, "test_secret")
    assert not verify(IPN | {"vnp_SecureHash": PAID_HASH}, "another_secret")
    assert not verify(IPN, "test_secret")  # no hash at all


def test_the_signed_string_is_sorted_and_form_encoded():
    assert hash_data({"vnp_b": "a b:c", "vnp_a": "1", "vnp_SecureHash": "x"}) == "vnp_a=1&vnp_b=a+b%3Ac"
