"""Serve the SMS (eSMS-shaped) and Zalo ZNS simulators over HTTP for the demo.

Point the adapters at it with NOTIFY_ESMS_URL=http://127.0.0.1:8025/esms/MainService.svc/json/
SendMultipleMessage_V4_post_json/ and NOTIFY_ZNS_URL=http://127.0.0.1:8025/zns/message/template.
Deliveries are recorded in NOTIFY_SIMULATOR_DIR (one JSON line each, deduplicated by message id).
"""

from django.core.management.base import BaseCommand

from motcua.notifications.simulator import ESMS_PATH, ZNS_PATH, make_server, simulator_dir


class Command(BaseCommand):
    help = "Run the SMS/ZNS notification simulators over HTTP."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8025)

    def handle(self, *args, host, port, **options):
        server = make_server(host, port)
        base = f"http://{host}:{server.server_address[1]}"
        self.stdout.write(f"SMS: {base}{ESMS_PATH}\nZNS: {base}{ZNS_PATH}\nrecording in {simulator_dir()}")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
