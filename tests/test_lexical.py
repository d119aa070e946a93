import gzip
import json

import bm25s

from indexer.lexical import Vocabulary, WordCounts, analyze, analyze_many, words
from indexer.store.layout import VOCABULARY as VOCABULARY_FILE
from indexer.store.lexical_index import read_vocabulary, read_word_counts, write_vocabulary

PASSAGES = [
    "Styrelsen diskuterade distansarbete efter pandemin.",
    "Många vill arbeta på distans två dagar i veckan.",
    "Mötet hölls på distans via Zoom.",
    "Arbetet med budgeten fortsätter, och arbete med stadgarna också.",
    "Han jobbar hemma; hem till kontoret igen i höst.",
    "Vi åkte hem efter mötet.",
    "Ordföranden öppnade mötet. Ordföranden hälsade välkommen.",
    "Ordföranden ordförande ordförande",
    "Ord och inga visor. Förande av protokoll.",
]


def test_words_drop_stop_words_and_fold_ligatures():
    assert words("Vi ska ﬁxa det och Kristoﬀer kommer") == ["ska", "fixa", "kristoffer", "kommer"]


def test_compound_is_split_into_known_words():
    vocabulary = Vocabulary.from_texts(PASSAGES)
    assert vocabulary.split("distansarbete") == ("distans", "arbete")
    assert vocabulary.split("hemarbete") == ("hem", "arbete")  # never seen whole


def test_common_word_is_not_split_into_rare_parts():
    vocabulary = Vocabulary.from_texts(PASSAGES)
    assert vocabulary.split("ordförande") == ()  # more common than "ord" and "förande"
    assert vocabulary.split("distans") == ()


def test_analyze_adds_the_stems_of_the_parts():
    vocabulary = Vocabulary.from_texts(PASSAGES)
    terms = analyze("distansarbete", vocabulary)
    assert terms == analyze("distansarbete") + analyze("distans") + analyze("arbete")


def test_analyze_heads_only_adds_only_the_last_part_of_a_compound():
    """A "distansarbete" is an "arbete", not a "distans"; without a vocabulary nothing splits."""
    vocabulary = Vocabulary.from_texts(PASSAGES)
    assert analyze("distansarbete", vocabulary, heads_only=True) == analyze("distansarbete arbete")
    assert analyze("distansarbete", None, heads_only=True) == analyze("distansarbete")


def test_a_query_word_finds_the_compound_with_bm25():
    index = bm25s.BM25()
    index.index(analyze_many(PASSAGES), show_progress=False)
    vocabulary = Vocabulary.from_texts(PASSAGES)
    scores = index.get_scores(analyze("hemarbete", vocabulary))
    assert scores[0] > 0  # "distansarbete" shares the part "arbete"
    scores = index.get_scores(analyze("distans", vocabulary))
    assert scores[0] > 0  # "distans" finds "distansarbete"


def test_linking_s_is_dropped_from_the_first_part():
    texts = ["verksamhet i år", "verksamhet och planer", "planen är klar", "planen ändras"]
    assert Vocabulary.from_texts(texts).split("verksamhetsplanen") == ("verksamhet", "planen")


def test_endings_are_not_taken_for_words():
    texts = ["ning", "ning", "förstärk", "förstärk", "tar", "tar", "sekre", "sekre"]
    vocabulary = Vocabulary.from_texts(texts)
    assert vocabulary.split("förstärkning") == ()
    assert vocabulary.split("sekretare") == ()  # "tare" only shares its stem with "tar"


def test_vocabulary_is_stored_in_the_snapshot_with_every_count(tmp_path):
    counts = WordCounts.of(PASSAGES)
    write_vocabulary(tmp_path, counts)
    with gzip.open(tmp_path / VOCABULARY_FILE, "rt", encoding="utf-8") as handle:
        stored = json.load(handle)["words"]
    assert stored["distans"] == 2 and 1 in stored.values()  # rare words too, for the next build
    assert read_word_counts(tmp_path) == counts
    read, written = read_vocabulary(tmp_path), Vocabulary.from_texts(PASSAGES)
    assert (read.words, read.stems) == (written.words, written.stems)  # common ones only
    assert read.split("distansarbete") == written.split("distansarbete")


def test_counts_taken_away_and_added_are_the_counts_of_what_remains():
    before, leaving, coming = PASSAGES[:3], PASSAGES[1:2], ["Distansarbete och hemarbete igen."]
    changed = WordCounts.of(before).changed(WordCounts.of(coming), WordCounts.of(leaving))
    assert changed == WordCounts.of([PASSAGES[0], PASSAGES[2], *coming])
