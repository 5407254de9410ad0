"""A local SMS provider for tests and benchmarks: a real HTTP server speaking the same API as
``alongside.notifications.sms`` (Twilio's Messages API), which can be told to accept, fail
(HTTP 500), refuse (HTTP 400) or hang past the client's timeout.

It honours ``Idempotency-Key`` like a careful provider: a repeated key is answered with the
first message's id and not sent again. ``requests`` records every request; ``delivered`` the
messages actually sent.

    with FakeSmsProvider() as provider:
        settings.SMS_API_BASE_URL = provider.base_url
        provider.mode = "fail"
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs

ACCOUNT_SID = "ACtest0000000000000000000000000000"
AUTH_TOKEN = "test-auth-token"
SENDER = "+15550100000"


@dataclass
class ProviderRequest:
    path: str
    form: dict[str, str]
    idempotency_key: str
    authorized: bool
    received_at: float  # time.time()


@dataclass
class FakeSmsProvider:
    mode: str = "ok"  # ok | fail | refuse | hang
    requests: list[ProviderRequest] = field(default_factory=list)
    delivered: list[ProviderRequest] = field(default_factory=list)
    _ids: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _release: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start the provider first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/2010-04-01/Accounts/{ACCOUNT_SID}"

    @property
    def unique_keys(self) -> int:
        return len({r.idempotency_key for r in self.requests})

    def start(self) -> FakeSmsProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
                record = ProviderRequest(
                    path=self.path,
                    form=form,
                    idempotency_key=self.headers.get("Idempotency-Key", ""),
                    authorized=self.headers.get("Authorization") == f"Basic {expected}",
                    received_at=time.time(),
                )
                with provider._lock:
                    provider.requests.append(record)
                    mode = provider.mode
                if not record.authorized:
                    self._answer(401, {"code": 20003, "message": "Authenticate"})
                elif not self.path.endswith(f"/Accounts/{ACCOUNT_SID}/Messages.json"):
                    self._answer(404, {"code": 20404, "message": "Not found"})
                elif mode == "fail":
                    self._answer(500, {"code": 20500, "message": "Internal error"})
                elif mode == "refuse":
                    self._answer(400, {"code": 21211, "message": f"The 'To' number {form.get('To')} is not valid"})
                elif mode == "hang":
                    provider._release.wait(timeout=10)
                else:
                    self._accept(record)

            def _accept(self, record: ProviderRequest) -> None:
                with provider._lock:
                    sid = provider._ids.get(record.idempotency_key) if record.idempotency_key else None
                    if sid is None:
                        sid = f"SM{len(provider.delivered):032d}"
                        provider.delivered.append(record)
                        if record.idempotency_key:
                            provider._ids[record.idempotency_key] = sid
                self._answer(201, {"sid": sid, "status": "queued"})

            def _answer(self, status: int, payload: dict[str, object]) -> None:
                body = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (a timeout test)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSmsProvider:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def run_queued_tasks() -> None:
    """Run every task queued so far, in this process, as the worker's task pass does, but without
    its connection housekeeping (which would close the test's own transaction on PostgreSQL)."""
    from django_tasks_db.models import DBTaskResult

    from alongside.core.jobs import PassWorker

    worker = PassWorker.for_every_queue(worker_id="test-worker")
    worker.deadline = float("inf")
    for row in list(DBTaskResult.objects.ready()):
        row.claim("test-worker")
        worker.run_task(row)
