import pytest

from gazette.shortanswer import short_answer


@pytest.mark.parametrize(
    ("question", "sentence", "kind", "expected"),
    [
        ("How many North Korean troops are in Kursk?",
         "Up to 8,000 North Korean troops are now in Russia's Kursk region, US officials said on 31 October [1].",
         "number", "8,000"),
        ("How many drones did Russia launch in the week before 27 October?",
         "Russia launched more than 1,100 guided aerial bombs, over 560 attack drones and 21 missiles before 27 "
         "October.", "number", "560"),
        ("How many attack drones did Russia launch?", "Russia launched 1,100 bombs and 560 attack drones.",
         "number", "560"),
        ("What revenue did Nvidia report?", "Nvidia reported revenue of $35.1 billion on Wednesday.", "number",
         "$35.1 billion"),
        ("What percentage of voters backed it?", "About 54% backed it in 2024.", "number", "54%"),
        ("When did Ukraine withdraw from Vuhledar?", "The group said on Wednesday, 2 October, that it had left.",
         "date", "Wednesday, 2 October"),
        ("Who won the Nobel Peace Prize in 2024?",
         "The Nobel Peace Prize for 2024 has been awarded to Nihon Hidankyo, a Japanese organisation.",
         "person", "Nihon Hidankyo"),
        ("Who scored a hat-trick when Barcelona beat Bayern Munich?",
         "Raphinha scored three times as Barcelona beat Bayern Munich 4-1.", "person", "Raphinha"),
        ("How many goals?", "No numbers here.", "number", None),
    ],
)
def test_short_answer(question, sentence, kind, expected):
    assert short_answer(question, sentence, kind) == expected
