import pytest

from gazette.shortanswer import described_name, description, short_answer


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
        ("When is the monster truck show?", "The monster truck show is on Aug. 8 at the grandstand.", "date",
         "Aug. 8"),  # a month as news abbreviates it
        ("On what day was she convicted?", "She was convicted on Thursday (4 Aug 2022).", "date", "4 Aug 2022"),
        ("Who won the Nobel Peace Prize in 2024?",
         "The Nobel Peace Prize for 2024 has been awarded to Nihon Hidankyo, a Japanese organisation.",
         "person", "Nihon Hidankyo"),
        ("Who scored a hat-trick when Barcelona beat Bayern Munich?",
         "Raphinha scored three times as Barcelona beat Bayern Munich 4-1.", "person", "Raphinha"),
        ("How many goals?", "No numbers here.", "number", None),
        # a name: never a day or month alone, the dateline, or a possessive's "'s"
        ("Who won the election?", "On Tuesday, Donald Trump's win surprised pollsters.", "person", "Donald Trump"),
        ("Which company won the contract?", "In August, Taser International won it.", "name", "Taser International"),
        ("Which country joined the bid?", "NYON, Switzerland (AP) — Ukraine joined the bid of Spain and Portugal.",
         "name", "Ukraine"),
        # a place: the name after a preposition of place
        ("Where did the typhoon make landfall?",
         "Super Typhoon Man-yi made landfall on the island of Catanduanes late on Saturday.", "place", "Catanduanes"),
        ("Where will the debate be held?", "Though Republicans objected, it will be held at Texas State University.",
         "place", "Texas State University"),
        # no short answer for what no name or number answers
        ("What did Trump say about Ukraine?", "President-elect Donald Trump called for a ceasefire.", "other", None),
        ("Why was the flight cancelled?", "British Airways cancelled it as the storm hit.", "reason", None),
        ("Where did the bakery rank on the list?", "The bakery came in at No. 5 among 50 shops.", "rank", "No. 5"),
        ("Where did the firm place on the list?", "The firm placed 21st this year.", "rank", "21st"),
        ("Who is Mara Velden?", "Finance minister Mara Velden will present the budget on Monday.", "describe",
         "Finance minister"),
        ("Who is Mara Velden?", "Mara Velden said the budget was fair.", "describe", None),
    ],
)
def test_short_answer(question, sentence, kind, expected):
    assert short_answer(question, sentence, kind) == expected


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Who is Mara Velden?", ["Mara", "Velden"]),
        ("Who was Jean-Luc Ortiz, the architect of the bridge?", ["Jean-Luc", "Ortiz"]),
        ("And who is Ortiz?", ["Ortiz"]),
        # these ask for a name, not about one
        ("Who is the player who competes as 'Red Comet'?", []),
        ("Who was No. 1 in the rankings?", []),
        ("Who was named coach of the year?", []),
        ("Who won the race?", []),
        ("Who is Mara Velden married to?", []),
        ("Who is Mara Velden expected to name as her deputy?", []),
        ("Who is Mara Velden of Leiden?", ["Mara", "Velden"]),
        ("Who was Mara Velden, and why did she resign?", ["Mara", "Velden"]),
        ("who is ortiz", []),  # no capital: "who is hosting" looks the same
    ],
)
def test_described_name(question, name):
    assert described_name(question) == name


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Mara Velden, a former judge from Leiden, took office in May.", "a former judge from Leiden"),
        ("Velden, who led the inquiry, resigned.", "who led the inquiry"),
        ("Mara, the youngest of four, grew up in Delft.", "the youngest of four"),
        ("Mara Velden is a retired navy officer.", "a retired navy officer"),
        ("Finance minister Mara Velden will speak.", "Finance minister"),
        ("Critics of Deputy Mayor Mara Velden protested.", "Deputy Mayor"),
        ("A Dutch economist named Mara Velden won.", "Dutch economist"),
        ("The award went to Mara Velden [2].", None),  # "to" introduces the name, it does not describe her
        ("Mara Velden said the plan would work.", None),
        ("Velden, 52, said the plan would work.", None),  # an age is not what she is
        ("Then said Mara Velden.", None),
        ("“That was purely Mara Velden trying to help,” she said.", None),  # an adverb is no role
        ("Family friend Mara Velden spoke.", "Family friend"),
        ("Jonas and Petra Velden attended.", None),  # "Petra" is another Velden's name, not Mara's role
        ("On a wet evening, Mara Velden arrived.", None),  # the comma ends what came before
        ("Nobody had called Velden, and the board waited.", None),  # a clause, no apposition
        ("Asked about Velden, she said nothing.", None),
        ("The plan is sound, Mara Velden, said a colleague.", None),
        ("The report did not mention her.", None),
    ],
)
def test_description(sentence, expected):
    assert description(["Mara", "Velden"], sentence) == expected
