"""The app's stylesheet: readable text, source cards, the document box and the top bar."""

CSS = """<style>
.block-container { max-width: 1180px; padding-top: 3.2rem; }
.topbar { display: flex; align-items: baseline; gap: 1.4rem; padding: 0.2rem 0 0.6rem;
  border-bottom: 1px solid rgba(49, 51, 63, 0.15); margin-bottom: 0.4rem; }
.topbar .brand { font-size: 1.55rem; font-weight: 700; margin-right: 0.6rem; }
.topbar .nav-link { text-decoration: none; color: inherit; opacity: 0.7; font-weight: 500; }
.topbar .nav-link.active { opacity: 1; border-bottom: 2px solid #ff4b4b; }
[data-testid="InputInstructions"] { display: none; }  /* Streamlit's English hint */
.note { margin: 0.2rem 0 0.6rem; }
.notice { padding: 0.9rem 1rem; margin-bottom: 0.8rem; border-radius: 0.5rem;
  background: rgba(28, 131, 225, 0.1); color: rgb(0, 66, 128); white-space: pre-wrap; }
.intro { opacity: 0.8; margin: 0.2rem 0 0; }
.meta { font-size: 0.85rem; opacity: 0.7; }
.answer { font-size: 1.05rem; line-height: 1.6; padding: 0.9rem 1.1rem;
  border-left: 4px solid #ff4b4b; background: rgba(255, 75, 75, 0.05); border-radius: 4px; }
.answer p { margin: 0 0 0.6rem; }
.answer p:last-child { margin-bottom: 0; }
a.cite { text-decoration: none; font-weight: 600; font-size: 0.85em; }
.source { border: 1px solid rgba(49, 51, 63, 0.15); border-radius: 6px;
  padding: 0.7rem 0.9rem; margin-bottom: 0.7rem; }
.source-title a { font-weight: 600; text-decoration: none; }
.source .section { font-size: 0.85rem; font-style: italic; margin-top: 0.15rem; }
.passage-text { white-space: pre-wrap; margin-top: 0.4rem; font-size: 0.92rem;
  line-height: 1.5; max-height: 18rem; overflow-y: auto; }
mark { background: #fff1a8; color: inherit; padding: 0 1px; border-radius: 2px; }
mark.cited { background: #e8f1ff; box-shadow: inset 0 -2px 0 #8fb4f0; padding: 0; }
mark.cited mark { background: #fff1a8; }
.back { margin: 0.2rem 0 0.6rem; }
.back a { text-decoration: none; font-weight: 500; }
.page-of { text-align: center; font-size: 0.9rem; opacity: 0.8; }
mark.passage { background: #ffe27a; box-shadow: 0 0 0 2px #ffe27a; }
.doc-header h2 { margin: 0.1rem 0 0.2rem; padding: 0; font-size: 1.5rem; }
.doc-kind { font-weight: 500; }
.doc-scroll { max-height: 70vh; overflow-y: auto; border: 1px solid rgba(49, 51, 63, 0.15);
  border-radius: 6px; padding: 0.8rem 1.1rem; background: rgba(250, 250, 252, 0.6); }
.document .page-label { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.05em;
  opacity: 0.6; margin: 0.9rem 0 0.2rem; border-top: 1px dashed rgba(49, 51, 63, 0.2);
  padding-top: 0.4rem; }
.document .page-label:first-child { margin-top: 0; border-top: none; padding-top: 0; }
.document .page-text { white-space: pre-wrap; line-height: 1.55; font-size: 0.95rem; }
.meetings h4.year { margin: 1.1rem 0 0.3rem; padding: 0; font-size: 1.1rem; }
.meeting { display: grid; grid-template-columns: 9.5rem 1fr 1fr; gap: 0.2rem 1rem;
  padding: 0.45rem 0.2rem; border-bottom: 1px solid rgba(49, 51, 63, 0.1); }
.meeting .when { font-size: 0.9rem; opacity: 0.8; }
.meeting-title { font-weight: 600; }
.meeting-title a { text-decoration: none; }
.meeting-documents { font-size: 0.92rem; }
ul.documents { margin: 0.2rem 0 0; padding-left: 1.1rem; }
.decision { display: grid; grid-template-columns: 9.5rem 8rem 1fr; gap: 0.2rem 1rem;
  padding: 0.45rem 0.2rem; border-bottom: 1px solid rgba(49, 51, 63, 0.1); }
.decision .when { font-size: 0.9rem; opacity: 0.8; }
.decision.in-meeting { grid-template-columns: 8rem 1fr; }
.decision .outcome { font-size: 0.85rem; font-weight: 600; }
.outcome-avslagen { color: #b42318; }
.outcome-bifallen, .outcome-val { color: #067647; }
ul.documents li { margin: 0.1rem 0; }
ul.documents li.current { font-weight: 600; }
.file-name { word-break: break-all; margin-top: 0.3rem; }
dl.status { display: grid; grid-template-columns: auto 1fr; gap: 0.15rem 0.7rem;
  font-size: 0.82rem; margin: 0; }
dl.status dt { opacity: 0.7; }
dl.status dd { margin: 0; word-break: break-word; }
</style>"""
