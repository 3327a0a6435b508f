"""The cookie half of login sessions (workbench.access.sessions).

server.py mounts ``ROUTES`` next to the app through Streamlit's own ``st.App``: after a login the
page posts the one-time handoff code to ``PATH``; the route exchanges it for the session token and
sets it as an HttpOnly, SameSite=Strict cookie, which ``st.context.cookies`` reads back when the
browser opens a new Streamlit session (F5, a page URL, another tab). The token never appears in
the page. ``handoff_script`` is the little script the page renders to send the code.
"""
from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from workbench.access import sessions
from workbench.schema import open_db

PATH = "/_wb/session"
MAX_CODE = 200


def _redeem(code: str) -> str | None:
    db = open_db()
    try:
        return sessions.redeem(db, code)
    finally:
        db.close()


async def set_session_cookie(request: Request) -> Response:
    code = (await request.body())[:MAX_CODE].decode("ascii", "replace")
    token = await run_in_threadpool(_redeem, code)
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204)
    response.set_cookie(sessions.COOKIE, token, max_age=sessions.max_age_seconds(), path="/", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


ROUTES = [Route(PATH, set_session_cookie, methods=["POST"])]


def handoff_script(code: str) -> str:
    """The script that sends the handoff code to the cookie route (same origin, no navigation)."""
    return (f"<script>fetch({json.dumps(PATH)}, {{method: 'POST', credentials: 'same-origin', "
            f"body: {json.dumps(code)}}});</script>")
