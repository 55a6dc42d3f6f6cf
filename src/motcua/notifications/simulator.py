"""Local simulators of the SMS (eSMS-shaped), Zalo ZNS and e-mail providers, for the demo and the tests.

Each "delivery" is appended as one JSON line to `<NOTIFY_SIMULATOR_DIR>/<provider>.jsonl` (and logged),
and, like the real providers' idempotency ids (eSMS `RequestId` → CodeResult 124 "duplicate request"),
a second request with the same message id is acknowledged but NOT delivered again. That is what makes a
re-send after a worker crash harmless. The same handlers answer in-process (the default) or over HTTP
(`motcua notify_simulator`), so an adapter can be pointed at the simulator by URL like at the provider.
"""

from __future__ import annotations

import fcntl
import json
import logging
import threading
import time
import uuid
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

ESMS_PATH = "/esms/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ZNS_PATH = "/zns/message/template"
_thread_lock = threading.Lock()


def simulator_dir() -> Path:
    default = Path(getattr(settings, "VAR_DIR", Path("var"))) / "notify-simulator"
    return Path(getattr(settings, "NOTIFY_SIMULATOR_DIR", None) or default)


class SimulatorStore:
    """An append-only file per provider, deduplicated by our message id under a file lock (safe across
    threads and processes on one machine)."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else simulator_dir()

    def _file(self, provider: str) -> Path:
        return self.directory / f"{provider}.jsonl"

    @contextmanager
    def _locked(self, provider: str):
        self.directory.mkdir(parents=True, exist_ok=True)
        with _thread_lock, open(self.directory / f"{provider}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def deliveries(self, provider: str) -> list[dict]:
        path = self._file(provider)
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def record(self, provider: str, message_id: str, entry: dict) -> tuple[str, bool]:
        """Deliver once per `message_id`: returns (provider message id, whether it was a duplicate)."""
        with self._locked(provider):
            for seen in self.deliveries(provider):
                if seen["message_id"] == message_id:
                    logger.info("notify-simulator %s: duplicate %s ignored", provider, message_id)
                    return seen["provider_message_id"], True
            provider_message_id = uuid.uuid4().hex
            line = {"message_id": message_id, "provider_message_id": provider_message_id, "at": time.time(), **entry}
            with open(self._file(provider), "a", encoding="utf-8") as out:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            logger.info("notify-simulator %s → %s: %s", provider, entry.get("to"), entry.get("text", "")[:200])
            return provider_message_id, False


# --- provider-shaped handlers ----------------------------------------------------------------------------
def handle_esms(payload: dict) -> dict:
    """eSMS SendMultipleMessage_V4_post_json: CodeResult "100" accepted, "124" duplicate RequestId."""
    if not payload.get("ApiKey") or not payload.get("SecretKey"):
        return {"CodeResult": "101", "CountRegenerate": 0, "ErrorMessage": "Authorize Failed"}
    if not payload.get("Phone") or not payload.get("Content"):
        return {"CodeResult": "99", "CountRegenerate": 0, "ErrorMessage": "Invalid request"}
    request_id = payload.get("RequestId") or uuid.uuid4().hex
    sms_id, duplicate = SimulatorStore().record(
        "sms",
        request_id,
        {"to": payload["Phone"], "text": payload["Content"], "brandname": payload.get("Brandname", "")},
    )
    if duplicate:
        return {"CodeResult": "124", "CountRegenerate": 0, "ErrorMessage": "Request exist 1", "SMSID": sms_id}
    return {"CodeResult": "100", "CountRegenerate": 0, "SMSID": sms_id}


def handle_zns(payload: dict, access_token: str) -> dict:
    """Zalo ZNS POST /message/template: error 0 with data.msg_id; the simulator deduplicates tracking_id."""
    if not access_token:
        return {"error": -124, "message": "Access token is invalid"}
    if not payload.get("phone") or not payload.get("template_id"):
        return {"error": -100, "message": "Invalid parameter"}
    tracking_id = payload.get("tracking_id") or uuid.uuid4().hex
    data = payload.get("template_data") or {}
    msg_id, _duplicate = SimulatorStore().record(
        "zns",
        tracking_id,
        {
            "to": payload["phone"],
            "template_id": payload["template_id"],
            "template_data": data,
            "text": data.get("text", ""),
        },
    )
    return {
        "error": 0,
        "message": "Success",
        "data": {"msg_id": msg_id, "sent_time": str(int(time.time() * 1000)), "quota": {"remainingQuota": "499"}},
    }


class SimulatorEmailBackend(BaseEmailBackend):
    """A Django e-mail backend that records messages like the SMS simulator, deduplicated by Message-ID
    (set EMAIL_BACKEND or NOTIFY_EMAIL_BACKEND to "motcua.notifications.simulator.SimulatorEmailBackend")."""

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            message_id = message.extra_headers.get("Message-ID") or uuid.uuid4().hex
            SimulatorStore().record(
                "email",
                message_id,
                {"to": ", ".join(message.to), "subject": message.subject, "text": message.body},
            )
            sent += 1
        return sent


# --- over HTTP -------------------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            payload = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            payload = None
        if payload is None or self.path not in (ESMS_PATH, ZNS_PATH):
            self.send_response(400 if payload is None else 404)
            self.end_headers()
            return
        if self.path == ESMS_PATH:
            answer = handle_esms(payload)
        else:
            answer = handle_zns(payload, self.headers.get("access_token", ""))
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        logger.debug("notify-simulator http: " + format, *args)


def make_server(host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """An HTTP server answering like eSMS at ESMS_PATH and like ZNS at ZNS_PATH (port 0: any free port)."""
    return ThreadingHTTPServer((host, port), _Handler)
