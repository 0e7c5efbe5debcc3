import pytest

from gazette.followups import leans_on_history, rewrite

PREV = [("user", "How many missiles did Russia fire in the week before 27 October?"), ("assistant", "21 [1].")]


@pytest.mark.parametrize(
    ("question", "history", "expected"),
    [
        ("How many drones?", [], "How many drones?"),
        ("and how many drones?", PREV, "and how many drones? (Russia fire 27 October)"),
        ("What did he say next?", [("user", "What did Syrskyi say about the offensive?")],
         "What did he say next? (Syrskyi offensive)"),
        # a question that stands alone is searched as it is
        ("Who won the Nobel Peace Prize in 2024?", PREV, "Who won the Nobel Peace Prize in 2024?"),
        # the assistant's words are not used, only the user's last question
        ("and drones?", [("user", "Missiles fired at Kyiv?"), ("assistant", "Zelensky said 30 [1].")],
         "and drones? (Missiles fired Kyiv)"),
    ],
)
def test_rewrite(question, history, expected):
    assert rewrite(question, history) == expected


@pytest.mark.parametrize(
    ("question", "leans"),
    [("And in Kharkiv?", True), ("What about them?", True), ("Why?", True),
     ("How many North Korean troops are in Kursk?", False)],
)
def test_leans_on_history(question, leans):
    assert leans_on_history(question) is leans
