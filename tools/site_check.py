"""Serve the built book on localhost and inspect its pages in headless Chromium.

Shared by the browser tests (``tests/test_site.py``) and the benchmark (page weights). The
server compresses text files with gzip, as any real static host does, so the sizes measured are
the bytes a reader's browser transfers. Chromium is Debian's ``/usr/bin/chromium``, driven by
Playwright; it is started headless, without sandbox, background networking or component
updates, and every request that would leave the site is blocked and recorded.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
#: What GitHub Pages sends: a page opened after another reuses the shared files for 10 minutes.
CACHE_CONTROL = "max-age=600"
_COMPRESSIBLE = {".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".ttf", ".eot", ".otf"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; gzip-encoded when the browser accepts it and the file is text-like."""

    def log_message(self, *args: Any) -> None:  # keep test output clean
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if (
            path.is_file()
            and path.suffix in _COMPRESSIBLE
            and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", CACHE_CONTROL)
            self.end_headers()
            return _Body(body)
        return super().send_head()

    def end_headers(self) -> None:
        if not any(h.startswith(b"Cache-Control") for h in getattr(self, "_headers_buffer", [])):
            self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *args: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) and yield its base URL."""
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright: Any) -> Any:
    """Headless Debian Chromium through Playwright."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


@dataclass
class PageReport:
    """What one visit to a page saw."""

    url: str
    status: int = 0
    console_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    transferred: dict[str, int] = field(default_factory=dict)  # resource URL -> bytes
    facts: dict[str, Any] = field(default_factory=dict)


_FACTS_JS = """
() => {
  const q = (s) => document.querySelectorAll(s);
  const sheets = Array.from(q('link[rel="stylesheet"]'));
  return {
    title: document.title,
    stylesheets: sheets.length,
    stylesheets_loaded: sheets.filter((l) => l.sheet !== null).length,
    body_font: getComputedStyle(document.body).fontFamily,
    math_sources: q('div.math, span.math').length,
    math_rendered: q('mjx-container').length,
    explorers: q('.pl-explorer').length,
    explorers_ready: q('.pl-explorer[data-ready]').length,
    explorer_frames_loaded: Array.from(q('img.pl-frame')).filter((i) => i.naturalWidth > 0).length,
    slider_readouts: Array.from(q('.pl-explorer output')).map((e) => e.textContent.trim()),
    slider_labels: Array.from(q('.pl-explorer label')).map((e) => e.textContent.trim()),
    placeholders_left: q('.pl-explorer-recipe').length,
    headings: Array.from(q('article h1, article h2, article h3, article h4, article h5, article h6'))
      .map((h) => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]),
    images_without_alt: Array.from(q('article img'))
      .filter((i) => !((i.alt || i.title || i.getAttribute('aria-label') || '').trim()))
      .map((i) => i.src.slice(0, 80)),
    dropdowns: q('.solution.dropdown').length,
  };
}
"""


def visit(context: Any, base: str, path: str, wait_ms: int = 1500) -> PageReport:
    """Open ``base/path`` in a fresh tab; block and record any request that leaves the site."""
    report = PageReport(url=f"{base}/{path}")
    page = context.new_page()

    def route(route: Any) -> None:
        if route.request.url.startswith((base, "blob:", "data:")):
            route.continue_()
        else:
            report.blocked_requests.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: report.console_errors.append(f"uncaught: {e}"))
    finished: list[Any] = []
    # Sizes are read after the page settles: asking for them inside the event handler stalls
    # the page's own blob: requests (the widget manager then fails to create image views).
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda r: report.failed_requests.append(r.url))
    response = page.goto(report.url, wait_until="networkidle")
    report.status = response.status if response else 0
    page.wait_for_timeout(wait_ms)
    report.facts = page.evaluate(_FACTS_JS)
    for request in finished:
        if request.url.startswith(base):
            report.transferred[request.url.split("?")[0]] = _bytes_transferred(request)
    page.close()
    return report


def _bytes_transferred(request: Any) -> int:
    sizes = request.sizes()
    return int(sizes.get("responseBodySize", 0)) + int(sizes.get("responseHeadersSize", 0))


def network_bytes(context: Any, base: str, path: str, wait_ms: int = 500) -> int:
    """Bytes a visit to ``base/path`` takes from the network (gzip bodies and headers), as
    Chromium's DevTools count them: files served from the browser's cache count nothing."""
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    total = [0]
    session.on("Network.loadingFinished",
               lambda event: total.__setitem__(0, total[0] + int(event["encodedDataLength"])))
    page.goto(f"{base}/{path}", wait_until="networkidle")
    page.wait_for_timeout(wait_ms)
    page.close()
    return total[0]
