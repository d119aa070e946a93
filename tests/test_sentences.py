from indexer.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_swedish_abbreviations_do_not_end_a_sentence():
    text = (
        "Styrelsen tog bl.a. upp budgeten, t.ex. hyran. Vi köper kaffe, te m.m. Och "
        "kakor osv. Mötet hölls ca. Kl. 18 i Monaden, dvs. hemma. Nästa möte i maj!"
    )
    assert sentences(text) == [
        "Styrelsen tog bl.a. upp budgeten, t.ex. hyran.",
        "Vi köper kaffe, te m.m. Och kakor osv. Mötet hölls ca. Kl. 18 i Monaden, dvs. hemma.",
        "Nästa möte i maj!",
    ]


def test_a_full_stop_before_a_lower_case_word_ends_no_sentence():
    assert sentences("Det gäller bl a t ex. mötet. Sen går vi hem.") == [
        "Det gäller bl a t ex. mötet.",
        "Sen går vi hem.",
    ]


def test_list_lines_and_lines_after_a_colon_are_sentences():
    text = "Närvarande:\nKalle Anka\nLisa Berg\n- köpa kaffe\n- boka sal\n1. Öppnande\n2.3 Val"
    assert sentences(text) == [
        "Närvarande:",
        "Kalle Anka",
        "Lisa Berg",
        "- köpa kaffe",
        "- boka sal",
        "1. Öppnande",
        "2.3 Val",
    ]


def test_a_hard_wrapped_sentence_stays_whole():
    text = (
        "Det är styrelsens beslut att\nbestämma vad som är opassande.\n"
        "Vi ses den\n23 november, och\nKalle tar med fika.\n\nnytt stycke"
    )
    assert sentences(text) == [
        "Det är styrelsens beslut att\nbestämma vad som är opassande.",
        "Vi ses den\n23 november, och\nKalle tar med fika.",
        "nytt stycke",
    ]


def test_spans_are_trimmed_and_stay_inside_the_range():
    text = "Inledning. Mitt emellan.  Sista meningen.  \n"
    spans = split_sentences(text, 11, len(text))
    assert [text[a:b] for a, b in spans] == ["Mitt emellan.", "Sista meningen."]
    assert split_sentences("   \n  ") == []


def test_a_heading_line_is_its_own_sentence():
    assert sentences("##Troll i slacken\nVi tar bort meddelanden.") == [
        "##Troll i slacken",
        "Vi tar bort meddelanden.",
    ]
