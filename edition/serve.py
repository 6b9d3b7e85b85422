"""Serve the published site on localhost for previewing."""

from __future__ import annotations

import contextlib
import functools
import http.server

from edition.paths import SITE


def main(port: int = 8000) -> int:
    if not (SITE / "index.html").exists():
        print("No published site yet: run `make book` first.")
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving the edition at http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0
