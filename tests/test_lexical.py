import gzip
import json

import bm25s

from indexer.lexical import Vocabulary, analyze, analyze_many, words
from indexer.store.layout import VOCABULARY as VOCABULARY_FILE
from indexer.store.lexical_index import read_vocabulary, write_vocabulary

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


def test_vocabulary_is_stored_in_the_snapshot(tmp_path):
    written = write_vocabulary(tmp_path, PASSAGES)
    with gzip.open(tmp_path / VOCABULARY_FILE, "rt", encoding="utf-8") as handle:
        assert json.load(handle)["words"]["distans"] == 2
    read = read_vocabulary(tmp_path)
    assert read is not None
    assert (read.words, read.stems) == (written.words, written.stems)
    assert read.split("distansarbete") == written.split("distansarbete")


def test_no_vocabulary_in_an_older_snapshot(tmp_path):
    assert read_vocabulary(tmp_path) is None
