import pytest

from gazette.followups import answered_names, keeps_terms, leans_on_history, rewrite

PREV = [("user", "How many missiles did Russia fire in the week before 27 October?"), ("assistant", "21 [1].")]


@pytest.mark.parametrize(
    ("question", "history", "expected"),
    [
        ("How many drones?", [], "How many drones?"),
        ("and how many drones?", PREV, "and how many drones? (Russia fire 27 October)"),
        # the thing counted is the last word before the verb, not the first after "how many"
        ("and how many drones?", [("user", "How many North Korean troops are in Kursk?")],
         "and how many drones? (North Korean Kursk)"),
        ("What did he say next?", [("user", "What did Syrskyi say about the offensive?")],
         "What did he say next? (Syrskyi offensive)"),
        # a follow-up of a follow-up keeps the story: the last question is taken as it was searched
        ("When did they arrive?", [("user", "How many North Korean troops are in Kursk?"), ("assistant", "8,000 [1]."),
                                   ("user", "Who said so?"), ("assistant", "US officials [1].")],
         "When did they arrive? (North Korean troops Kursk)"),
        # a question that stood alone starts the story afresh
        ("and drones?", [("user", "How many troops are in Kursk?"), ("user", "How many missiles hit Kyiv?")],
         "and drones? (missiles hit Kyiv)"),
        # a question that stands alone is searched as it is
        ("Who won the Nobel Peace Prize in 2024?", PREV, "Who won the Nobel Peace Prize in 2024?"),
        # the earlier question's dates go only with a follow-up that names none of its own; "what about" counts
        # nothing
        ("What about 28 November?", [("user", "How many missiles did Russia fire on 17 November?")],
         "What about 28 November? (missiles Russia fire)"),
        ("And now?", [("user", "How many troops were in Kursk in November 2024?")], "And now? (troops Kursk)"),
        ("What about the drones?", [("user", "How many missiles did Russia fire on 17 November?")],
         "What about the drones? (Russia fire 17 November)"),  # another thing of that day
        ("What about Tuesday?", [("user", "How many missiles did Russia fire on 17 November?")],
         "What about Tuesday? (missiles Russia fire)"),  # the same thing, another day
        ("What about the following week?", [("user", "How many missiles did Russia fire in the week to 20 October?")],
         "What about the following week? (missiles Russia fire 27 October)"),  # the same thing, a week on
        ("What about last year?", [("user", "Who won the prize in 2024?")], "What about last year? (won prize)"),
        # a follow-up that moves in time moves them
        ("And the day before?", [("user", "What happened in Kursk on 4 November?")],
         "And the day before? (happened Kursk 3 November)"),
        ("And the week before?", PREV, "And the week before? (missiles Russia fire 20 October)"),
        ("What about the month after?", [("user", "How many troops were in Kursk in October 2024?")],
         "What about the month after? (troops Kursk November 2024)"),
        ("And a week earlier?", [("user", "How many troops were in Kursk in 2024?")],
         "And a week earlier? (troops Kursk 2024)"),  # a week earlier is most likely still that year
        # the assistant's words are not used, only the user's last question ...
        ("and drones?", [("user", "Missiles fired at Kyiv?"), ("assistant", "Zelensky said 30 [1].")],
         "and drones? (Missiles fired Kyiv)"),
        ("and drones?", [("user", "Missiles fired at Kyiv?"), ("assistant", "Mara Vell said 30 [1].")],
         "and drones? (Missiles fired Kyiv)"),
        # ... except the names its answer gave, for a follow-up that refers to a person ("he", "she", "they")
        ("And who was he replacing?", [("user", "Who did Harbour Bank name as chief executive in November 2022?"),
                                       ("assistant", "Harbour Bank brought back Tom Reyes to lead it [1].")],
         "And who was he replacing? (Harbour Bank name chief executive November 2022 Tom Reyes)"),
        ("Who does she play next?", [("user", "How did Mara Vell do in her quarterfinal?"),
                                     ("assistant", "She beat Ana Ruiz 6-2 6-4 [1]. Jo Banks waits.")],
         "Who does she play next? (Mara Vell quarterfinal Ana Ruiz)"),
        ("What did she win?", [("user", "Who won the Lake Town Open?"), ("assistant", "The archive has nothing.")],
         "What did she win? (won Lake Town Open)"),
        # a season across two years stays one: its second year is no number an article must print
        ("Who had a triple-double in that win?", [("user", "How did the Bucks start the 2022-23 NBA season?")],
         "Who had a triple-double in that win? (Bucks start 2022-23 NBA season)"),
        ("And in the next one?", [("user", "Who won the 2019–20 title in May 2020?")],
         "And in the next one? (won 2019–20 title May 2020)"),
    ],
)
def test_rewrite(question, history, expected):
    assert rewrite(question, history) == expected


@pytest.mark.parametrize(
    ("answer", "names"),
    [
        ("Harbour Bank brought back former CEO Tom Reyes [1].", ["Harbour", "Bank", "CEO", "Tom", "Reyes"]),
        ("Mara Vell, in her first event as a professional.", ["Mara", "Vell"]),
        ("The Venezuelan government seized it.", []),  # a stop word and one name: no name of two words
        ("Up to 8,000 troops are in Russia's Kursk region [1].", []),  # a possessive ends its name
        ("Lake Town's Ana Ruiz won.", ["Lake", "Town", "Ana", "Ruiz"]),
        ("Up to 8,000, US officials said [1].", []),
        ("She won [1]. Then Ana Ruiz lost.", []),  # the first sentence only
    ],
)
def test_answered_names(answer, names):
    assert answered_names(answer) == names


@pytest.mark.parametrize(
    ("question", "leans"),
    [("And in Kharkiv?", True), ("What about them?", True), ("Why?", True),
     ("How many North Korean troops are in Kursk?", False)],
)
def test_leans_on_history(question, leans):
    assert leans_on_history(question) is leans


@pytest.mark.parametrize(("question", "query", "kept"), [
    ("and how many drones?", "How many drones did Russia launch on 10 November?", True),
    ("What did he say next?", "What did Zelensky say next about Kursk?", True),
    ("What did he say next?", "Zelensky said that 11,000 troops had arrived.", False),
    ("and in 2023?", "How many troops were in Kursk in 2023?", True),
    ("and in 2023?", "How many troops were in Kursk in 2024?", False),
])
def test_keeps_terms(question, query, kept):
    assert keeps_terms(question, query) is kept


# -- rewriting with the language model, when one is configured ---------------------------------------------

KURSK_TURNS = [("user", "How many North Korean troops are in Kursk?"),
               ("assistant", "Up to 8,000, US officials said [1].")]
STANDALONE = "How many drones did North Korea send to Russia for the Kursk offensive?"


def _generative(replies):
    from gazette.generative import GenerativeAnswerer
    from gazette.prompts import REWRITE_FIELDS, load_prompt
    from tests.fakes import QueuedChatModel

    model = QueuedChatModel(replies=list(replies))
    model.prompts = []
    return GenerativeAnswerer(model, load_prompt("answer"), rewrite_messages=load_prompt("rewrite", REWRITE_FIELDS)), \
        model


def test_the_model_rewrites_a_follow_up_from_the_conversation():
    answerer, model = _generative([f"Standalone question: “{STANDALONE}”\nI added the topic."])
    assert answerer.rewrite_query("and how many drones?", KURSK_TURNS) == STANDALONE
    [prompt] = model.prompts
    shown = "\n".join(str(m.content) for m in prompt)
    # The conversation, markers removed, and the follow-up, in the prompt from prompts/rewrite.txt.
    assert "User: How many North Korean troops are in Kursk?\nGazette: Up to 8,000, US officials said." in shown
    assert "Follow-up: and how many drones?" in shown and "standalone question" in shown


def test_a_question_that_stands_alone_costs_no_model_call():
    answerer, model = _generative([])
    assert answerer.rewrite_query("Who won the Nobel Peace Prize in 2024?", KURSK_TURNS) == \
        "Who won the Nobel Peace Prize in 2024?"
    assert answerer.rewrite_query("and how many drones?", []) == "and how many drones?"
    assert model.prompts == []


@pytest.mark.parametrize("reply", [
    "", "   \n", "The archive has nothing on that.", "x" * 400,
    # an answer instead of a rewrite: "drones" is gone
    "The answer is 21.",
    # a reply that repeats the rewrite prompt's own instructions
    "Keep what the follow-up asks; add the people, places, organisations, dates and numbers from the conversation",
])
def test_an_unusable_rewrite_falls_back_to_the_rule_based_one(reply):
    answerer, _ = _generative([reply])
    assert answerer.rewrite_query("and how many drones?", KURSK_TURNS) == rewrite("and how many drones?", KURSK_TURNS)


def test_a_failing_model_still_gets_the_rule_based_rewrite(caplog):
    answerer, _ = _generative([])  # the fake raises: no reply queued
    assert answerer.rewrite_query("and how many drones?", KURSK_TURNS) == rewrite("and how many drones?", KURSK_TURNS)
    assert "could not rewrite the follow-up (RuntimeError)" in caplog.text


def test_ask_searches_the_models_rewrite_and_asks_the_model_it(sample_app):
    from gazette.answering import ask
    from tests.fakes import source_number_with

    answerer, model = _generative([
        "How many drones did Russia launch at Ukraine on 10 November 2024?",
        lambda prompt: f"Russia launched 145 drones [{source_number_with('145 drones', prompt)}].",
    ])
    ans = ask("and drones?", sample_app.retriever, answerer, history=[
        ("user", "How many missiles did Russia fire at Ukraine?"), ("assistant", "Several [1].")])
    assert ans.searched_query == "How many drones did Russia launch at Ukraine on 10 November 2024?"
    assert "145 drones" in ans.answer and not ans.abstained and ans.citations
    # The answer prompt carried the standalone question, not the bare follow-up.
    assert "Question: How many drones did Russia launch at Ukraine on 10 November 2024?" in \
        "\n".join(str(m.content) for m in model.prompts[-1])


@pytest.mark.parametrize(("raw", "line"), [
    ("Query: What did Zelensky say about Kursk?", "What did Zelensky say about Kursk?"),
    ("\n\n`How many troops?`\nbecause…", "How many troops?"),
    ("x" * 301, ""),
])
def test_standalone_line(raw, line):
    from gazette.prompts import standalone_line

    assert standalone_line(raw) == line
