import pytest

from search.answer_kinds import AnswerKind, answer_kind, holds_answer, is_label


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("När hölls årsmötet?", AnswerKind.WHEN),
        ("Vilket nytt datum fick stämman?", AnswerKind.WHEN),
        ("Under vilka dagar pågick hackathonet?", AnswerKind.WHEN),
        ("When was the annual meeting held?", AnswerKind.WHEN),
        ("Vem valdes till ordförande?", AnswerKind.WHO),
        ("Vilka har utsetts till hedersmedlemmar?", AnswerKind.WHO),
        ("Vilken kommitté ansvarar för köket?", AnswerKind.WHO),
        ("Vad hette kontaktpersonen på banken?", AnswerKind.WHO),
        ("Who was elected chair?", AnswerKind.WHO),
        ("Hur mycket kostade förrådet?", AnswerKind.AMOUNT),
        ("Hur många tröjor beställdes?", AnswerKind.AMOUNT),
        ("Vad kostar medlemskapet?", AnswerKind.AMOUNT),
        ("Vad beslutades om distansarbete?", AnswerKind.OTHER),
        ("Vilka äskningar beviljades?", AnswerKind.OTHER),
    ],
)
def test_what_a_question_asks_for(question, kind):
    assert answer_kind(question) == kind


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("Stämman flyttas till 25:e april klockan 17:17.", {AnswerKind.WHEN, AnswerKind.AMOUNT}),
        ("Vi ses på torsdag efter lunch.", {AnswerKind.WHEN}),
        ("Sista meetupen har vi den 17/05.", {AnswerKind.WHEN, AnswerKind.AMOUNT}),
        ("Anna Berg valdes med acklamation.", {AnswerKind.WHO}),
        ("Kassören ordnar det.", {AnswerKind.WHO}),
        ("Förrådet kostar ca 120 kr i månaden.", {AnswerKind.AMOUNT}),
        ("Det blev bra till slut.", set()),
    ],
)
def test_what_a_sentence_holds(sentence, kinds):
    held = {kind for kind in AnswerKind if kind is not AnswerKind.OTHER}
    assert {kind for kind in held if holds_answer(kind, sentence)} == kinds
    assert holds_answer(AnswerKind.OTHER, sentence)


@pytest.mark.parametrize("label", ["3. Ekonomi", "Kallade:", "Övriga frågor", "§ 4 Val av kassör:"])
def test_a_label_holds_no_answer(label):
    assert is_label(label)
    assert not any(holds_answer(kind, label) for kind in AnswerKind)


def test_a_short_sentence_with_a_full_stop_is_not_a_label():
    assert not is_label("Förslaget bifölls.")
