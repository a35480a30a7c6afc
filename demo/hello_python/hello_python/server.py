"""HTTP server: /health answers "ok", / describes the running image."""
import json
import os
import platform
import signal
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata

# Imported at start-up: a native module built for the wrong platform stops the app here.
from hello_python import _native


def app_version() -> str:
    configured = os.environ.get("APP_VERSION")
    if configured:
        return configured
    try:
        return metadata.version("hello-python")
    except metadata.PackageNotFoundError:
        return "dev"


def trusted_ca_count() -> int:
    return ssl.create_default_context().cert_store_stats()["x509_ca"]


class Handler(BaseHTTPRequestHandler):
    server_version = "hello-python"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/health":
            self.reply(200, b"ok", "text/plain")
        elif self.path == "/":
            body = {
                "app": "hello-python",
                "version": self.server.version,
                "arch": platform.machine(),
                "native_arch": _native.build_arch(),
                "python": platform.python_version(),
                "uid": os.getuid(),
            }
            self.reply(200, json.dumps(body).encode(), "application/json")
        else:
            self.reply(404, b"not found", "text/plain")

    def reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        sys.stderr.write("%s %s\n" % (self.address_string(), format % args))


def main() -> int:
    cas = trusted_ca_count()
    if cas == 0:
        print("refusing to start: the default SSL context trusts no CA certificates", file=sys.stderr)
        return 1
    port = int(os.environ.get("PORT", "8080"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    server.version = app_version()

    # As PID 1 a signal without a handler is ignored: stop cleanly on SIGTERM.
    # shutdown() waits for serve_forever, so it must run off the main thread.
    def stop(signum, _frame) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"hello-python {server.version} on {platform.machine()} listening on :{port} ({cas} CAs)", flush=True)
    server.serve_forever()
    server.server_close()
    print("hello-python stopped", flush=True)
    return 0
