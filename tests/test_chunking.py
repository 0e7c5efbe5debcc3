from datetime import date

import pytest

from gazette.chunking import (
    approx_tokens,
    boilerplate,
    chunk_article,
    chunk_spans,
    ends_as_sentence,
    photo_caption,
    split_sentences,
    unbulleted,
)
from gazette.models import Article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Up to 8,000 troops arrived. Officials said so.", ["Up to 8,000 troops arrived.", "Officials said so."]),
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("The U.S. said no. Then yes.", ["The U.S. said no.", "Then yes."]),
        ("It rose 3.5 percent. Good?  Yes!", ["It rose 3.5 percent.", "Good?", "Yes!"]),
        ("“We hold,” he said. “Always.” End.", ["“We hold,” he said.", "“Always.”", "End."]),
        ("Para one ends here\n\nPara two", ["Para one ends here", "Para two"]),
        ("Met at 3 p.m. on Friday. Done.", ["Met at 3 p.m. on Friday.", "Done."]),
        # After a clock time, a time zone, weekday or month goes on with the sentence; another word starts one.
        ("It lifted off at 1:05 a.m. EST Thursday atop a rocket. Done.",
         ["It lifted off at 1:05 a.m. EST Thursday atop a rocket.", "Done."]),
        ("Doors open at 10 a.m. Saturday. Tickets at 10 A.M. Sept. 5 sold out.",
         ["Doors open at 10 a.m. Saturday.", "Tickets at 10 A.M. Sept. 5 sold out."]),
        ("The vote is at 5 p.m. Eastern time. Then results.", ["The vote is at 5 p.m. Eastern time.", "Then results."]),
        ("It ended at 9 p.m. Police left.", ["It ended at 9 p.m.", "Police left."]),
        ("He grew up in the 1990s. Then he left. J. Smith stayed.",
         ["He grew up in the 1990s.", "Then he left.", "J. Smith stayed."]),
        ("It ended at 9 p.m. The crowd left.", ["It ended at 9 p.m.", "The crowd left."]),
        # "No." before a number is a rank, not a sentence's end
        ("It was one of the worst at No. 5 on the list. Fans left.", ["It was one of the worst at No. 5 on the list.",
                                                                       "Fans left."]),
        ("Seeds Nos. 3 and 4 lost. The answer was no. Then yes.",
         ["Seeds Nos. 3 and 4 lost.", "The answer was no.", "Then yes."]),
        ("", []),
        ("   \n  ", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def _article(text: str) -> Article:
    return Article(doc_id="d1", title="A headline", text=text, outlet="Wire", published=date(2024, 11, 4))


def test_chunks_are_verbatim_slices_within_budget_and_overlap():
    text = " ".join(f"Sentence number {i} says something about item {i}." for i in range(60))
    spans = chunk_spans(text, budget=40)
    assert len(spans) > 3
    for s, e in spans:
        assert approx_tokens(text[s:e]) <= 40
    # neighbours share exactly one sentence, and together they cover the whole text
    for (s1, e1), (s2, _e2) in zip(spans, spans[1:], strict=False):
        assert s2 < e1
        assert split_sentences(text[s2:e1]) == [split_sentences(text[s1:e1])[-1]]
    assert spans[0][0] == 0 and spans[-1][1] == len(text)


def test_overlong_sentence_is_cut_at_words():
    text = "word " * 500
    spans = chunk_spans(text.strip(), budget=20)
    assert all(approx_tokens(text[s:e]) <= 20 for s, e in spans)
    assert sum(len(text[s:e].split()) for s, e in spans) >= 500


def test_chunk_article_keeps_title_and_date_and_fits_model_window(embedder):
    text = " ".join(f"Officials counted {i * 100} drones over the region of Kharkiv on day {i}." for i in range(80))
    chunks = chunk_article(_article(text), max_tokens=250, count=embedder.count_tokens)
    assert len(chunks) > 1
    for c in chunks:
        assert c.text in text
        assert c.title == "A headline" and c.published == date(2024, 11, 4)
        emb = c.embedding_text()
        assert emb.startswith("A headline | Wire | 2024-11-04\n")
        assert embedder.count_tokens(emb) <= 250


def test_chunk_ids_follow_content():
    a = chunk_article(_article("First fact here. Second fact here."))
    b = chunk_article(_article("First fact here. Second fact here."))
    c = chunk_article(_article("First fact here. Second fact changed."))
    assert [x.chunk_id for x in a] == [x.chunk_id for x in b]
    assert a[0].chunk_id != c[0].chunk_id
    assert len({x.chunk_id for x in chunk_article(_article("A b c. " * 400))}) > 1


@pytest.mark.parametrize(
    ("sentence", "is_boilerplate"),
    [
        ("More: Ferry fares to rise in spring, council says", True),
        ("MORE: Ferry fares to rise in spring", True),
        ("► Ferry fares to rise in spring", True),
        ("• Council votes on fares", True),
        ("Related: How the ferry lost money", True),
        ("Contributing: Ana Ruiz, Lake Weekly", True),
        ("For the latest news from the lake, visit lakeweekly.example/news.", True),
        ("For more ferry news, go to lakeweekly.example.", True),
        ("For more information on fares, visit lakeferry.example.", False),  # may answer "where can I find ...?"
        ("For more than a decade, the ferry lost money.", False),
        ("For the latest figures, the council relied on a survey.", False),
        ("Reach Ana Ruiz at ana.ruiz@lakeweekly.example and on X @anaruiz.", True),
        ("Contact reporter Ana Ruiz at (302) 555-0199 or on Twitter @anaruiz.", True),
        ("Follow her on Twitter: @anaruiz.", True),
        ("Follow @anaruiz on Twitter.", True),
        ("Follow the money, the inquiry found, and you reach the mayor's office.", False),
        ("Reach out to the ferry office on Monday.", False),
        ("Contact: 555-0199, lakeferry.example", False),  # a listing's contact may be what was asked
        ("More than 200 riders signed the petition.", False),
        ("The council said more: fares will rise.", False),
        ("Related costs rose by 4%.", False),
        ("STORY: Ferry fares to rise in spring", True),
        ("Photos: The ferry's last crossing", True),
        ("Watch: Riders board the night ferry", True),
        ("Opinion: The ferry deserves better", True),
        ("Read: How the council voted", True),
        ("The story: fares will rise.", False),
        ("Watch the ferry's last crossing on Friday.", False),
        ("Photos of the crossing show a full deck.", False),
        ("Readers wrote: keep the ferry.", False),
        ("FERRY FARES:Council votes to raise them in spring", True),
        ("'LAST CROSSING':Riders say goodbye to the night ferry", True),
        ("NOTE: fares rise on Monday.", False),  # a label and a space: the line's own text
        ("The council's vote:Fares rise.", False),
        ("Ferry fares:Council votes to raise them in spring", True),  # a label, no space, no full stop: a link
        ("Heading to the lake?Here's what the night ferry costs", True),
        ("'Heartbroken':Riders say goodbye to the night ferry", True),  # a quote for a label
        ("Read the whole story here:5 takeaways from the ferry vote", True),  # a count after the label
        ("Final score:3-1 to the Gulls.", False),  # a full stop: the line's own text
        ("Lake Town:The council voted Monday to raise ferry fares.", False),  # a roundup's item missing its space
        ("Who runs the ferry?The council does.", False),
        ("Fares rise in spring: the council", False),
        ("Ferry fares: Council votes to raise them in spring", False),  # a label and a space
        # a headline behind a label in capitals and a space, no full stop: a link to another story
        ("LEGEND: Bowden built the ferry line into a regional powerhouse", True),
        ("RELATED STORY: Night ferry set to open near Lake Town", True),
        ("LAST DANCE: Loss couldn't spoil the captain's final crossing on the night ferry", True),
        ("FERRY FARES: Council votes to raise them in spring.", False),  # a full stop: the line's own text
        ("FERRY FARES: Council votes", False),  # a label for a short field, not a headline
        ("WHEN: 10 a.m. to 5 p.m. on weekdays and most of the holidays", False),  # a listing's field
        ("WINNER: The night ferry crew of Lake Town, with its captain and all of its deckhands", False),
        ("JUNE 15: The mayor says the council should resign over the ferry fares", False),  # a chronology's item
        ("Editor's note: This page is a summary of ferry news for Friday, May 2.", True),
        ("Editor’s Note: A version of this story first appeared in our weekly newsletter.", True),
        ("EDITOR'S NOTE: Sign up for our lake newsletter.", True),
        ("Editor's note: The crossing was moved to Friday, May 9.", False),  # the note says what happened
        ("Editor's note: Ana Ruiz is a former ferry captain.", False),  # who the writer is
        ("This story covers ferry news from Monday, May 5.", True),
        ("This page recaps the council's vote on Tuesday.", True),
        ("This story began with a letter from a rider.", False),
        ("For our latest coverage of the ferry, see updates from Friday.", True),
        ("For the latest news on the vote, read our live updates for Tuesday.", True),
        ("JUST WATCHED Riders board the last ferry Replay More Videos ...", True),
        ("Lake Town, Ohio CNN —", True),
        ("Lake Town (CNN) —", True),
        ("Lake Town CNN Business —", True),
        ("(CNN) The ferry made its last crossing on Friday.", False),
        ("Just watched the ferry leave, one rider said.", False),
        ("MUST WATCH Riders board the last ferry 02:25", True),
        ("Click here for the latest ferry times.", True),
        ("For the latest coverage of the ferry from Thursday, Sept. 29, see our live updates here.", True),
        ("Riders must watch the tide tables, the captain said.", False),
        # a site's promotion
        ("Subscribe to Lake Weekly today.", True),
        ("SUBSCRIBE & SAVE Sign up for Lake Weekly's free newsletters", True),
        ("Sign up for our ferry newsletter to get the latest news of the day", True),
        ("Sign up here.", True),
        ("Follow every game: Latest Lake League Scores and Schedules", True),
        ("Subscribers to the ferry pass pay $3 a crossing.", False),
        ("Signing up for the ferry pass opened on Monday, the council said.", False),
        ("Follow every step of the vote, the mayor told riders.", False),
        # a file photo's caption: an old picture, not the news (its date is the picture's)
        ("In this Feb. 8, 2016, file photo, a ferry leaves the Lake Town pier.", True),
        ("In this 2019 file photo, riders board the ferry.", True),
        ("FILE - Riders board the last ferry in Lake Town.", True),
        ("In this case, the file photo was lost, the council said.", False),
        ("In this election, riders chose the ferry.", False),
        # an announcement of what follows tells nothing itself
        ("Here's what we know about the ferry's last crossing:", True),
        ("Here are the winners of the council's ferry poll.", True),
        ("Below are the ferry's new fares, as voted on by the council.", True),
        ("Here’s why.", True),
        ("Here are the fares as of 9:20 p.m., according to the ferry office.", True),
        ("Here's the deal: fares rise in spring.", False),  # its content follows the colon
        ("Here in Lake Town, the ferry is a lifeline.", False),
        ('"Here is a ferry that served us for 60 years," the mayor said.', False),
        ("Hereford voted to keep the ferry.", False),
        ("The fares are here: $3 for adults.", False),
    ],
)
def test_boilerplate(sentence, is_boilerplate):
    assert boilerplate(sentence) is is_boilerplate


@pytest.mark.parametrize("text, expected", [
    ("The council voted on Friday.", True),
    ("Did the council vote?", True),
    ("\"We will rebuild,\" she said.\"", True),
    ("The toll rose to 96 (officials said.)", True),
    ("Live updates: Buffalo supermarket shooting", False),
    ("The claim: A vigilante 'shot down the Chinese spy balloon'", False),
    ("Mahmoud Illean/AP In pictures: Biden's trip to the Middle East Prev Next", False),
    ("", False),
])
def test_what_ends_as_a_sentence(text, expected):
    assert ends_as_sentence(text) is expected


@pytest.mark.parametrize("sentence, expected", [
    ("Ana Ruiz/Lake Weekly A ferry leaves the dock at dawn.", True),
    ("Brook Mitchell/Getty Images In pictures: November's total lunar eclipse Prev Next", True),
    ("Tayfun Coskun/Anadolu Agency/Getty Images The lunar eclipse is seen over a bridge on November 8.", True),
    ("Pat Nabong/Chicago Sun-Times via AP A restaurant is seen covered in ice on December 24.", True),
    ("Timothy Fadek/Redux for CNN A soldier walks through a destroyed industrial zone.", True),
    ("Sarah Silbiger/Pool/Getty Images", True),
    # a slash inside a sentence's own name is no credit
    ("The Suns/Mercury are the first NBA/WNBA teams from one city to make the Finals in one year.", False),
    ("A CBS News/YouGov poll conducted Friday found that 59% disapprove.", False),
    ("The Oregonian/OregonLive reports the audit focused on taxes passed in 2016.", False),
    ("The Los Angeles/Long Beach area took the distinction of the most ozone-polluted city.", False),
    ("Cumberland County Fire/Rescue officials said the cause is under investigation.", False),
    ("A TS/SCI clearance is one of the highest security clearances.", False),
    ("US officials said up to 8,000 troops are in Kursk.", False),
    # a wire photo's caption ends on its place and day, with no comma before the month
    ("People light a fire during a protest in Tehran, Iran September 21, 2022.", True),
    ("A logo of the company at its office in Beijing, China July 7, 2020. REUTERS/Ana Ruiz", True),
    ("The bill was signed in Washington, DC, September 8, 1997.", False),
    ("The council met in Lewes on September 8, 2022.", False),
    ("Ryan E. Haupt, Staff Sergeant, U.S. Army, Oct. 17, 2006", False),
])
def test_a_photos_caption(sentence, expected):
    assert photo_caption(sentence) is expected


@pytest.mark.parametrize("sentence, shown", [
    ("− President Joe Biden visits North Carolina on Wednesday.", "President Joe Biden visits North Carolina on Wednesday."),
    ("∎ Georgia Gov. Brian Kemp said 25 people died.", "Georgia Gov. Brian Kemp said 25 people died."),
    ("◾As of Monday, 25% of the area had been searched.", "As of Monday, 25% of the area had been searched."),
    ("• - Officials said so.", "Officials said so."),
    # a sign or a dash that is part of the text stays
    ("−5 degrees was the low on Tuesday.", "−5 degrees was the low on Tuesday."),
    ("-- Officials said so.", "-- Officials said so."),
    ("Up to 8,000 troops — US officials said — are in Kursk.", "Up to 8,000 troops — US officials said — are in Kursk."),
])
def test_a_sentence_is_shown_without_its_list_marker(sentence, shown):
    assert unbulleted(sentence) == shown
    assert shown in sentence  # still the article's own text: a quote that verifies
