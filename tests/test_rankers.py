"""The rankings retrieval fuses, and what makes a ranking complete."""

import numpy as np

from search.rankers import lexical_ranker


class _Scores:
    """Stands in for bm25s: rows 1, 4 and 2 hold the terms, in that order."""

    def get_tokens_ids(self, terms):
        return [0]

    def get_scores_from_ids(self, ids):
        return np.array([0.0, 3.0, 1.0, 0.0, 2.0])


def test_a_lexical_ranking_is_complete_when_every_row_holding_a_term_is_in_it():
    rank = lexical_ranker(_Scores(), ["budget"])
    assert rank(None, 2).rows.tolist() == [1, 4] and not rank(None, 2).complete
    assert rank(None, 3).rows.tolist() == [1, 4, 2] and rank(None, 3).complete
    allowed = np.array([True, False, True, True, True])
    assert rank(allowed, 2).rows.tolist() == [4, 2] and rank(allowed, 2).complete
