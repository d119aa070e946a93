"""The app's own scripts: fixed text, no document text in them. The Content-Security-Policy
(``http_guard``) lets exactly these inline scripts run, by their hashes."""

from search.webapp.language import LANGUAGE_SCRIPT
from search.webapp.render import PASSAGE_ANCHOR

# Once Streamlit has drawn the document (it tries for a minute: a busy server is slow), scroll
# its box so that the marked passage starts a quarter down, also when opened from a link.
SCROLL_SCRIPT = f"""<script>
(function () {{
  let tries = 0;
  function scroll() {{
    const mark = document.getElementById("{PASSAGE_ANCHOR}");
    const box = mark && mark.closest(".doc-scroll");
    if (!box) {{ if (tries++ < 1200) setTimeout(scroll, 50); return; }}
    const offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += offset - box.clientHeight / 4;
  }}
  scroll();
}})();
</script>"""

SCRIPTS = (SCROLL_SCRIPT, LANGUAGE_SCRIPT)
