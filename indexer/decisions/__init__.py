"""Decisions found in a document at index time: what was decided, with its outcome, its agenda
item, the proposal it decided, the people elected and the amounts of money.

``extract_decisions(doc)`` reads the text the readers produce, so offsets point into what the
index stores. Modules: ``model`` (``Decision``, ``OUTCOMES``), ``agenda`` (headings and their
roles), ``sections`` and ``entries`` (the text cut into blocks and "Att:"/"Beslut:" entries),
``outcome`` (verdicts), ``details`` (people elected, amounts), ``formal`` (att-satser and their
verdicts), ``prose`` (decisions written as sentences), ``extract`` (all of it together).
"""

from indexer.decisions.extract import extract_decisions
from indexer.decisions.model import OUTCOMES, Decision

__all__ = ["OUTCOMES", "Decision", "extract_decisions"]
