"""A calendar publisher on 127.0.0.1 for the feed tests: each path answers as a test sets it (a status,
an ETag, a delay, a body with or without its length), and every request is kept to look at after."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """How one path answers."""

    body: bytes = b""
    status: int = 200
    etag: str = ""  # answered with 304 to a request that sends it back
    location: str = ""  # for a redirect
    delay: float = 0.0  # seconds before answering (a slow server)
    declare_length: bool = True  # False: the body's end is the connection's close
    trickle: float = 0.0  # seconds between each 1 KB of the body (a server that never quite stops)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    status: int = 0


@dataclass
class FeedServer:
    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def statuses(self, path: str) -> list[int]:
        return [seen.status for seen in self.requests if seen.path == path]


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen = Seen(self.path, dict(self.headers.items()))
            server.requests.append(seen)
            route = server.routes.get(self.path)
            if route is None:
                seen.status = 404
                self.send_error(404, "Not Found")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                seen.status = 304
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            seen.status = route.status
            self.send_response(route.status)
            if route.location:
                self.send_header("Location", server.url(route.location))
            if route.etag:
                self.send_header("ETag", route.etag)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            if route.declare_length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            # The client may stop reading (a body over its size cap): that is its right.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                if not route.trickle:
                    self.wfile.write(route.body)
                    return
                for start in range(0, len(route.body), 1024):
                    self.wfile.write(route.body[start : start + 1024])
                    self.wfile.flush()
                    time.sleep(route.trickle)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the test output is not the place for an access log

    return Handler


@contextmanager
def serving() -> Iterator[FeedServer]:
    """A FeedServer answering on 127.0.0.1 (a free port) in a thread, for the length of the block."""
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
