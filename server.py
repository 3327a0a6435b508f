"""Serve the workbench: the Streamlit app (app.py) plus the session-cookie route
(ui/session_routes.py) that keeps users logged in across a reload, through Streamlit's st.App.

    streamlit run server.py --server.address 127.0.0.1 --server.port 8501

(``streamlit run app.py`` still serves the app, but a reload then asks for the password again.)
"""
import streamlit as st

from ui.session_routes import ROUTES

app = st.App("app.py", routes=ROUTES)
