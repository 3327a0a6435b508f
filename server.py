"""Serve the workbench: the Streamlit app (app.py) plus the session-cookie route
(ui/session_routes.py) that keeps users logged in across a reload, through Streamlit's st.App.

    streamlit run server.py --server.address 127.0.0.1 --server.port 8501

(``streamlit run app.py`` still serves the app, but a reload then asks for the password again, and
the security headers of ui/security_headers.py — no remote images — are not sent.)
"""
import streamlit as st
from starlette.middleware import Middleware

from ui.security_headers import SecurityHeaders
from ui.session_routes import ROUTES

app = st.App("app.py", routes=ROUTES, middleware=[Middleware(SecurityHeaders)])
