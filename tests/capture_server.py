"""An HTTP server on loopback that records what it is sent and answers as a test tells it."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Captured:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class CaptureServer:
    """`answers` are the statuses to give, in order (the last one repeats); `delay` slows each."""

    answers: list[int] = field(default_factory=lambda: [200])
    delay: float = 0.0
    received: list[Captured] = field(default_factory=list)

    def __enter__(self) -> "CaptureServer":
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                owner.received.append(
                    Captured(self.path, dict(self.headers), self.rfile.read(length))
                )
                time.sleep(owner.delay)
                index = min(len(owner.received) - 1, len(owner.answers) - 1)
                self.send_response(owner.answers[index])
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
