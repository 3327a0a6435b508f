"""HTTP headers for every response of the served app (server.py mounts :class:`SecurityHeaders`).

``Content-Security-Policy``: images, media and fonts only from the server itself (or inline
``data:``/``blob:``), no plugins, no framing by other sites — so user text that slipped past
ui.text.md as Markdown still cannot make a viewer's browser fetch a remote resource.
``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: same-origin`` as well.
"""
from __future__ import annotations

from starlette.datastructures import MutableHeaders

CSP = ("img-src 'self' data: blob:; media-src 'self' data: blob:; font-src 'self' data:; "
       "object-src 'none'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


class SecurityHeaders:
    """Pure ASGI middleware adding :data:`HEADERS` to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
