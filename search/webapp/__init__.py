"""The Streamlit web app in Swedish: ask, read a passage in its document, browse meetings."""
