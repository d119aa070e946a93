"""The Streamlit web app: `minutes serve`, or `streamlit run app.py` with MINUTES_INDEX set."""

from search.webapp.main import run

run()
