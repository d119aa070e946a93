"""The page in Swedish where Streamlit itself writes English: ``<html lang="sv">`` and the
accessible names of its own controls.

Streamlit offers no setting for either, so one fixed script (no text from a document or a
question in it) sets the language and renames the controls it knows, also those Streamlit
draws later.
"""

from __future__ import annotations

import json

import streamlit as st

# Streamlit's English accessible names and tooltips → Swedish.
SWEDISH_LABELS = {
    "Collapse sidebar": "Fäll ihop sidopanelen",
    "Expand sidebar": "Fäll ut sidopanelen",
    "Open sidebar": "Öppna sidopanelen",
    "Close sidebar": "Stäng sidopanelen",
    "Main menu": "Huvudmeny",
    "Clear value": "Töm fältet",
    "Clear all": "Töm alla",
    "Open": "Öppna",
    "Close": "Stäng",
    "Running...": "Arbetar …",
    "Show password text": "Visa lösenordet",
    "Fullscreen": "Helskärm",
    "Close fullscreen": "Stäng helskärm",
    "View fullscreen": "Visa i helskärm",
    "Show data": "Visa data",
    "Download as CSV": "Ladda ner som CSV",
    "Search": "Sök",
    "Selected": "Vald",
    "No results": "Inga träffar",
    "Choose an option": "Välj ett alternativ",
    "Help": "Hjälp",
    "Sidebar": "Sidopanel",
    "Link to heading": "Länk till rubriken",
    "Download as PNG": "Ladda ner som PNG",
    "Download as SVG": "Ladda ner som SVG",
    "Copy Vega-Lite spec": "Kopiera diagrammets Vega-Lite-kod",
    "Vega visualization": "Diagram",
    "Copy to clipboard": "Kopiera",
}
SWEDISH_PREFIXES = {"Help for ": "Hjälp om "}  # "Help for Från och med" → "Hjälp om Från …"
_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")

_TEMPLATE = """<script>
(function () {
  const labels = LABELS;
  const prefixes = PREFIXES;
  const attributes = ATTRIBUTES;
  function translated(value) {
    if (value in labels) { return labels[value]; }
    for (const [english, swedish] of Object.entries(prefixes)) {
      if (value.startsWith(english)) { return swedish + value.slice(english.length); }
    }
    return null;
  }
  function swedish() {
    if (document.documentElement.lang !== "sv") { document.documentElement.lang = "sv"; }
    for (const name of attributes) {
      for (const element of document.querySelectorAll("[" + name + "]")) {
        const swedish = translated(element.getAttribute(name));
        if (swedish) { element.setAttribute(name, swedish); }
      }
    }
  }
  let pending = false;
  function soon() {  // once per frame, however many changes Streamlit makes in it
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; swedish(); }); }
  }
  swedish();
  if (!window.__minutesSwedish) {
    window.__minutesSwedish = new MutationObserver(soon);
    window.__minutesSwedish.observe(document.documentElement, {
      subtree: true, childList: true, attributes: true,
      attributeFilter: ["lang"].concat(attributes),
    });
  }
})();
</script>"""


def script() -> str:
    """The script, its word lists filled in as JSON."""
    values = {"LABELS": SWEDISH_LABELS, "PREFIXES": SWEDISH_PREFIXES, "ATTRIBUTES": _ATTRIBUTES}
    text = _TEMPLATE
    for name, value in values.items():
        text = text.replace(name, json.dumps(value, ensure_ascii=False), 1)
    return text


LANGUAGE_SCRIPT = script()


def mark_swedish() -> None:
    """Run the script that makes the page Swedish (it draws nothing)."""
    st.html(LANGUAGE_SCRIPT, unsafe_allow_javascript=True)
