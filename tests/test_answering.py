import re
from datetime import date

import pytest

from gazette.answering import ask
from gazette.answers import ABSTAIN, compose
from gazette.errors import ModelError, UsageError
from gazette.extractive import (
    ExtractiveAnswerer,
    asked_category,
    asked_deed,
    asked_names,
    asked_outcome,
    asks,
    asks_person_name,
    asks_sentence,
    asks_speaker,
    asks_what_happened,
    can_answer,
    counted_kind,
    crowns_another,
    dates_another_event,
    denies_premise,
    named_surnames,
    names_a_person,
    names_another_agent,
    names_counted,
    names_missing,
    names_other_category,
    only_penalty_bound,
    placed_names,
    prints_years_of,
    question_kind,
    reports_outcome,
    restates,
    reverses_result,
    reverses_verdict,
    reverses_vote,
    says_not_known,
    set_in_names,
    surnames,
    swaps_roles,
    tells_deed,
    type_match,
    unasked_names,
    without_report_days,
)
from gazette.generative import GenerativeAnswerer
from gazette.lexicon import ASKS_MONEY
from gazette.models import Chunk, RetrievedChunk
from gazette.prompts import load_prompt
from gazette.providers import answerer_from_settings as make_answerer
from gazette.recency import Recency
from gazette.text import initialisms, matching_terms, names, term_set
from tests.conftest import make_settings
from tests.fakes import QueuedChatModel, source_number_with


def _hit(n, text, title="Title", outlet="Wire"):
    return RetrievedChunk(
        chunk=Chunk(chunk_id=f"c{n}", doc_id=f"d{n}", index=0, text=text, title=f"{title} {n}", outlet=outlet,
                    url=f"https://wire.example/{n}", published=date(2024, 11, n)),
        score=0.5,
    )


def _abstains_then_answers(answerer, question, silent, told, shown):
    """The question is abstained on from the ``silent`` hit alone, and answered, showing ``shown``, from ``told``."""
    assert answerer.answer(question, [silent], question).abstained
    answer = answerer.answer(question, [told], question)
    assert not answer.abstained and shown in answer.answer


@pytest.fixture
def answerer(embedder):
    """The offline answerer with the default settings."""
    return ExtractiveAnswerer.from_settings(embedder, make_settings().answer)


HITS = [
    _hit(1, "Russia fired 30 missiles on Sunday. The grid was hit."),
    _hit(2, "Up to 8,000 North Korean troops are in Kursk, US officials said. More may follow."),
    _hit(3, "The central bank cut rates by 0.25 points."),
]


@pytest.mark.parametrize(
    ("question", "kind"),
    [("How many troops?", "number"), ("When did it start?", "date"), ("Who leads it?", "person"),
     ("What is the plan?", "other"), ("What percentage voted?", "number"),
     # "when" asks for a date only where its verb follows it, not where it opens a clause
     ("In 2021, when was Prime Day held?", "date"), ("And when?", "date"), ("On what date is his birthday?", "date"),
     ("Which night of the festival will he play?", "date"),
     ("What happened when a girl asked her Echo for a challenge?", "other"),
     ("When an abuser keeps deleting tweets, what can a victim send?", "other"),
     ("Why did the zoo send its pandas back?", "reason"),
     ("What was the starting price of the new phone?", "number"),  # an amount of money
     ("What did the streaming service raise its monthly price to?", "number"),
     ("What was the U.S. price of the phone?", "number"),
     ("What was the vote tally?", "number"), ("What was the vote margin when the board picked her?", "number"),
     # "what was the score / rate / margin" asks for a figure
     ("What was the final score of the derby?", "number"), ("What was the score when Leeds beat Hull?", "number"),
     ("What is the average rate on a 30-year mortgage?", "number"), ("What was the score card about?", "other"),
     ("By what vote did the Senate pass the budget?", "number"), ("What was the vote on the budget?", "number"),
     ("By what margin did she win?", "number"), ("What did the vote decide?", "other"),
     # a word or two before the figure asked: "what annualized growth rate", "what jersey number"
     ("What annualized growth rate did the revised GDP estimate show?", "number"),
     ("What jersey number did he wear at VMI?", "number"), ("By what annual rate did GDP contract?", "number"),
     ("What interest rate was charged on the loan?", "number"),
     ("What new rate plan did the carrier launch?", "name"), ("What did the rate do in May?", "other"),
     # "where did it rank / place / finish" asks for a rank, not a place
     ("Where did the airport rank on the list of the worst airports?", "rank"),
     ("Where did the firm place on Fortune's 2022 list?", "rank"), ("What position did she finish in?", "rank"),
     ("Where did she place the bomb?", "place"), ("Where did the plane land?", "place"),
     ("Where did the raid take place in October 2022?", "place"), ("Where is the final taking place?", "place"),
     # "Who is NAME?" asks what the person is; "Who is the ...?" asks for a name
     ("Who is Mara Velden?", "describe"), ("Who is the new finance minister?", "person"),
     # a name asked for without "which": "the name of", "the title of", "... called?"
     ("What is the name of the bar that opened downtown?", "name"), ("What was the title of her first album?", "name"),
     ("What are the names of the two rescued hikers?", "name"), ("What is the tablet it unveiled called?", "name"),
     ("What is the bridge named after?", "other"), ("What was the plan called for by the council?", "other"),
     # a cause asked for without "why"
     ("What motive did police give for the killing?", "reason"), ("What was the reason the horse was scratched?",
                                                                 "reason"),
     ("What was the cause of the singer's death?", "reason"), ("What caused the outage?", "reason"),
     ("What drove that drop?", "reason"), ("What did the outage cause?", "other"),
     ("What was the cost of the repairs?", "number"),
     # a "who" or "where" that opens no question is a relative pronoun, when another question word asks
     ("What did the dairy worker who caught bird flu die of?", "other"),
     ("Why did the WHO declare a global health emergency?", "reason"),
     ("Where is the factory whose battery output slipped?", "place"),
     ("How did the shopper who complained first notice the rodents?", "other"),
     ("What was the name of the festival where the shooting happened?", "name"),
     ("Port Ash hosted the derby fans who rioted. Where was the match?", "place"),
     ("A photo of a dad who came from work went viral. What does he do?", "other"),
     ("The mayor visited. Who is she replacing?", "person"), ("And who was he replacing?", "person"),
     ("In March 2023, who won the derby?", "person"), ("To whom did the club sell the ground?", "person"),
     ("Lake Town hosted the summit, but where is the next one?", "place"),
     ("The striker moved to Port Ash, paving the way for who to start?", "person"),
     # with no question word that plainly asks, any of them is read as before
     ("The coach flew where last month?", "place"), ("Critics called a portrait of whom a monstrosity?", "person"),
     ("The court sided with Joe Kennedy, a coach who:", "person")],
)
def test_question_kind(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize(
    ("kind", "question", "sentence", "answers"),
    [
        ("number", "How many people were killed?", "Three people were killed on Sunday.", True),
        ("number", "How many people were killed?", "At least 12 people were killed.", True),
        ("number", "How many people were killed?", "The shooting was reported about 5:20 p.m., police said.", False),
        ("number", "How many people were killed?", "It was the worst shooting since 1999.", False),
        # "in a row", "straight", "consecutive": a streak, counted by an ordinal
        ("number", "How many years in a row was the park named the friendliest?",
         "For the seventh consecutive year the park was named the friendliest.", True),
        ("number", "How many straight games had the Gulls won?", "The Gulls won a fifth game in a row.", True),
        ("number", "How many games had the Gulls won?", "It was the Gulls' 12th straight win.", False),
        ("number", "How many players did the game draw?", "It was made on a budget of $10 million.", False),
        ("number", "How much did the game cost?", "It was made on a budget of $10 million.", True),
        ("number", "How many jobs moved to the new plant?", "It canceled a new $1.6-billion plant.", False),
        # an ordinal with a thousands comma is no count, nor a number joined to a unit the question does not count
        ("number", "How many missiles were fired?", "Missiles were fired on the 1,000th day of the war.", False),
        ("number", "How many troops were sent?", "It may send more troops and 170-millimetre guns.", False),
        # an ounce or a pint measures a thing, it does not count tubs (unless ounces are what is counted)
        ("number", "How many tubs of butter were recalled?", "The recall is of the 3.5 ounce tub of butter.", False),
        ("number", "How many tubs of butter were recalled?", "Stores pulled 1,200 tubs of butter.", True),
        ("number", "How many ounces of gold did the mine produce?", "It produced 400,000 ounces.", True),
        ("number", "How many people died?", "A 68-year-old woman died after a three-hour standoff.", False),
        ("number", "How many visitors does the site draw a year?", "It has a 14,000-square-foot visitor center.", False),
        ("number", "How many square feet is the store?", "It is a 14,000-square-foot store.", True),
        ("number", "How many visitors does the site draw?", "The first site was about 1 1/8 miles north.", False),
        ("number", "How many people were evacuated?", "Homes within 5 miles were evacuated.", False),
        ("number", "How many acres burned?", "The fire burned 20,000 acres.", True),
        ("number", "How many feet of snow fell?", "Nearly 3 feet of snow fell.", True),
        # a count word capitalised after another word is part of a name; a sentence's first word, after a dateline, is not
        ("number", "How many votes did the Gulls get?", "The Gulls hold the One Wing to Rule Them All trophy.", False),
        ("number", "How many people marched?", 'Crowds came for the annual "Million Mask March" on Friday.', False),
        ("number", "How many people were aboard?", "The president flew aboard Air Force One.", False),
        ("number", "How many trees were in it?", "PORT ASH — Ninety-eight Christmas trees deck the halls.", True),
        ("number", "How many people were aboard?", "Seven people were aboard Air Force One.", True),
        # a number right after a capitalised word is part of a name, unless the word is a weekday or a month
        ("number", "How many workers sought a vote?", "The UAW said its Local 42 has gained a majority.", False),
        ("number", "How many passengers were aboard?", "American Airlines Flight 718 left with passengers.", False),
        ("number", "How many people died?", "Police said Thursday 12 people died.", True),
        ("number", "How many years had passed since they became eligible?",  # nor is a number of years
         "The band will be inducted into the Hall of Fame 15 years after they became eligible.", True),
        ("number", "How many people died?", "Two people, a 68-year-old woman and her son, died.", True),
        ("number", "How many years did he get?", "He was given a 10-year sentence.", True),
        ("number", "How many points did they lead by?", "They held a 3-point lead.", True),
        ("number", "How many people attended?", "More than 60 residents attended the three-hour meeting.", True),
        ("number", "How many players did the game draw?", "Friday the 13th drew crowds.", False),
        ("number", "How many troops are in Kursk?", "Up to 8,000 troops are in Kursk.", True),
        ("number", "How many of the 8,000 troops died?", "Of the 8,000 troops, many were hurt.", False),
        # "how much" asked of a payment, a cost or earnings is answered by an amount of money, not any figure
        ("number", "How much did the brewery spend on its new hall?", "The hall has 7,500 square feet.", False),
        ("number", "How much did the brewery spend on its new hall?", "The brewery spent $4.2 million on it.", True),
        ("number", "How much is the league paying the coach?", "He will coach in 2023 and 2027, the league said.", False),
        ("number", "How much is the league paying the coach?", "The league is paying him $1.2 million a year.", True),
        ("number", "What is the fare for a one-way ride?", "The bus will link the two airports from May.", False),
        ("number", "What is the fare for a one-way ride?", "A one-way ride costs $20.", True),
        ("number", "How much money did the gala raise?", "About 42 percent of guests came back.", False),
        ("number", "How much money did the gala raise?", "The gala raised 200,000 euros.", True),
        ("number", "How much was the settlement reported to be worth?", "It was said to be worth £12m.", True),
        ("number", "How much did the agency pay to settle claims?", "Claims rose 12% in two years.", False),
        ("number", "How much does a bottle cost in the U.S.?", "The line has 12 shades.", False),
        ("number", "How much does a bottle cost in the U.S.?", "A bottle costs 18 dollars.", True),
        ("number", "How much did the Fed raise its rate?", "It raised the rate by 0.5 percentage point.", True),
        ("number", "How much did the price fall over the weekend?", "It slid nearly 20% from its high.", True),
        # a share asked for is answered by a share
        ("number", "What share of the union's members voted against him?", "All members of Local 89 met.", False),
        ("number", "What share of the union's members voted against him?", "Nearly two-thirds voted no.", True),
        ("number", "How much of the sun was blocked?", "About 63 percent of the sun was covered.", True),
        ("number", "How much of the sun was blocked?", "Some 2,000 people watched it.", False),
        ("number", "What share of Texas was in drought?", "A third awful drought weighs on Texans.", False),
        ("number", "What share of Texas was in drought?", "About a third of the state was dry.", True),
        # "how many" people is not answered by a share of them, unless it asks for a share or points
        ("number", "How many Americans did the poll survey?", "It found 73% of African Americans agree.", False),
        ("number", "How many Americans did the poll survey?", "The poll of 1,500 Americans found 73% agree.", True),
        ("number", "How many percentage points did the Fed raise?", "It rose 0.75 percentage point.", True),
        # a rank for "where did it rank"
        ("rank", "Where did the firm place on the list?", "It came in 21st, up from 30th.", True),
        ("rank", "Where did the airport rank?", "It was No. 5 among the 50 busiest airports.", True),
        ("rank", "Where did the firm place on the list?", "It has ranked five times on the list.", False),
        ("rank", "Where did it rank among the top 10?", "It made the top 10 again.", False),
        # the day of a date is no count
        ("number", "How many people were killed?", "She was hurt in a fatal June 16 fire.", False),
        ("number", "How many people were killed?", "On Jan. 5, 12 people were killed.", True),
        ("number", "How many people were killed?", "Three died on Sept. 16, 2014.", True),
        # nor is a decade
        ("number", "How many people came to the party?", "Into the '40s, parties were for children.", False),
        ("number", "How many people came to the party?", "Parties grew in the 1880s and ’90s.", False),
        ("number", "How many people came to the party?", "About 40 came in the 1940s.", True),
        # "how old" asks for an age, "how long" for a duration or a length
        ("number", "How old was Benedict when he died?", "He was the first pope to resign in 600 years.", False),
        ("number", "How old was Benedict when he died?", "Benedict, 95, died on Saturday.", True),
        ("number", "How old was he?", "He died Oct. 25 at age 84.", True),
        ("number", "How old was she?", "Days shy of her 97th birthday, she died.", True),
        ("number", "How old was she?", "She was 96.", True),
        ("number", "How old is the bridge?", "The 150-year-old bridge will close.", True),
        ("number", "How long a prison term did she get?", "She was fined £15,000 ($18,500).", False),
        ("number", "How long was Giuliani questioned?", "Giuliani spent nearly six hours in court.", True),
        ("number", "How long was the sentence?", "He was sentenced to life in prison.", True),
        ("number", "How long is the bridge?", "The 400-foot span opened in 1990.", True),
        ("number", "How long was the wait?", "It took an hour and a half.", True),
        ("number", "How long a suspension was he facing?", "He now faces a six-game suspension.", True),
        ("number", "How long a prison term did she get?", "She ate a six-foot long shark.", False),
        ("number", "How long will repairs take?", "Officials said repairs would take weeks in some areas.", True),
        ("number", "How long was it debated?", "The plan had been debated for years.", True),
        ("number", "How long will repairs take?", "Repairs began in the early weeks of winter.", False),
        ("date", "When did the sale start?", "The sale starts Thursday.", True),
        ("date", "When did the sale start?", "The sale offers daily deals.", False),
        ("date", "On what date did the rules take effect?", "The rules took effect in January 2021.", True),
        # a month as running text writes it; not a word that starts like one, nor a verb
        ("date", "When did the season premiere?", "It premieres Sept. 14 on ABC.", True),
        ("date", "When did the season premiere?", "There will be strict separation between the couples.", False),
        # "At what time ...?" asks for a time of day, not a day
        ("date", "At what time did the flight take off?", "He was stranded for three hours Wednesday.", False),
        ("date", "At what time did the flight take off?", "The plane left at 5:20 p.m. Wednesday.", True),
        ("date", "At what time did the solstice take place?", "It arrives at 11:48 p.m. ET on Monday.", True),
        ("date", "What time does the parade start?", "It starts at noon.", True),
        ("date", "When did the market open?", "The market decided to open its doors.", False),
        # the year the question names is no date the sentence gives
        ("date", "When did the Hens' 2023 season begin?", "The Hens will open their 2023 season at Stony Brook.", False),
        ("date", "When did the Hens' 2023 season begin?", "The Hens open the 2023 season Aug. 31 at Stony Brook.", True),
        ("date", "When did the Hens' 2023 season begin?", "The season opened in 2022 at Stony Brook.", True),
        ("date", "When did the protest start?", "Protesters may march on the bridge.", False),
        ("date", "When did the protest start?", "The protest began in May.", True),
        # "how much of" asks for a share, or for the amount itself: of money or of a measure
        ("number", "How much of the forest was cleared in 2022?", "Some 3,750 square kilometers were lost.", True),
        ("number", "And how much of that is the university putting up?", "It is kicking in $25 million.", True),
        ("number", "How much of the sun was blocked?", "About 62.7 percent of it was covered.", True),
        ("number", "How much of the forest was cleared in 2022?", "Loggers came back in March.", False),
        ("number", "What share of members voted for the deal?", "The deal cost $25 million.", False),
        ("reason", "Why did the zoo send its pandas back?", "The pandas went back because the loan ended.", True),
        ("reason", "Why did the zoo send its pandas back?", "Emojis have been used since the 1990s.", False),
        ("reason", "Why did she pull out?", "Acts were shunned ever since the 2004 show.", False),
        ("reason", "Why did he quit?", "He quit since he was ill.", True),
        ("reason", "What caused the singer's death?", "The singer died of a heart attack at his home.", True),
        ("reason", "Why did she pull out?", "It is the first show in the city since the hurricane.", False),
        ("reason", "Why did she pull out?", "She is the first headliner since Britney Spears in 2001.", False),
        ("reason", "Why did rates rise?", "Rates are the highest since 2008 because inflation rose.", True),
        ("reason", "Why did she leave?", "The first lady left since she was tired.", True),
        # after a perfect tense in its clause, "since" tells from when; after a comma it may still give a cause
        ("reason", "Why did the army leave the town?", "The city has been shelled since the army left the town.", False),
        ("reason", "Why was the line delayed?", "The line has been delayed, since funding ran out.", True),
        ("reason", "Why did he quit?", "He had to quit since he was ill.", True),
        ("reason", "Why did the agency want to sell naming rights?", "It would do so as part of an effort to cut "
         "costs.", True),
        ("reason", "Why did the state launch the plan?", "The state unveiled its plan to increase energy security.", True),
        ("reason", "Why did the firm leave the state?", "The firm plans to halt operations there on Sept. 30.", False),
        ("reason", "Why did the jet crash?", "The crash was likely caused by a gust of wind.", True),
        ("reason", "Why did he win the trophy?", "He helped his cause by scoring 12 points.", False),
        ("reason", "What caused the cuts on the whale's back?",
         "Crews monitored the whale until its death, after which they performed a necropsy.", False),
        ("reason", "What caused the cuts on the whale's back?", "The whale was cut after it was struck by a boat.", True),
        ("reason", "Why did the plant close?", "The cause of the closure was a fire.", True),
        ("reason", "Why did the senator write to the airlines?", "She is concerned by reports of canceled flights.",
         True),
        ("reason", "Why did the city close the road?", "The road closed in response to the flooding.", True),
        ("reason", "Why did the city close the road?", "The road closed on Monday and will reopen in May.", False),
        ("reason", "Why did the team fire its coach?", "Fans voiced concern on Monday.", False),
        ("reason", "Why did the firm cut jobs?", "The firm wants to grow, its chief said.", False),
        # "due to" before a verb is a schedule, not a cause
        ("reason", "Why did he announce aid?", "It was released before the authority was due to lapse.", False),
        ("reason", "Why was the match delayed?", "The match was delayed due to heavy rain.", True),
        ("reason", "Why did the flight divert?", "The diversion was due to a technical fault.", True),
        # a cause told as what drove the event, a problem that causes it, or the aim or occasion it was done for
        ("reason", "Why did gold climb?", "Gold was pushed higher by a Fed easing.", True),
        ("reason", "Why did prices soar?", "The rise was fuelled largely by demand from China.", True),
        ("reason", "Why did the recall happen?", "A faulty module can cause an electrical short.", True),
        ("reason", "Why did the recall happen?", "The problem is contamination in the brake module.", True),
        ("reason", "Why did she switch teams?", "With the goal of promoting diversity, she switched to Jamaica.", True),
        ("reason", "Why did the brand rename the van?", "The brand renamed it to celebrate its beef franks.", True),
        ("reason", "Why did they get the top seed?", "They took the top seed by virtue of point differential.", True),
        ("reason", "Why did the brand rename the van?", "The van was renamed on Wednesday by the brand.", False),
        ("reason", "Why did the storm strengthen?", "The storm was hit by shear on Friday.", False),
        ("reason", "Why did the bloc fall short?", "These elections seem to mark the end of a crisis.", False),
        ("person", "Who won?", "The vote was close.", True),  # names are not checked: too loose to tell
        # "where": a name the question lacks, or a place told by its noun; not a sentence that tells no place
        ("place", "Where did the novelist die in July?", "He died in his sleep at his home in Kent County.", True),
        ("place", "Where did the league ban beer?", "The league banned beer at the eight stadiums.", True),
        ("place", "Where did the novelist die in July?", "His career took off with his second novel.", False),
        ("place", "Where in Venezuela was the plant seized?", "Venezuela seized the plant on Wednesday.", False),
    ],
)
def test_can_answer_holds_the_kind_of_answer_asked_for(kind, question, sentence, answers):
    assert question_kind(question) == kind
    assert can_answer(kind, question, sentence) is answers


@pytest.mark.parametrize(
    ("question", "outcome"),
    [
        ("Who won the Harbour Cup final?", "win"),
        ("Which team won the county tournament?", "win"),
        ("And which show took home Best Musical that night?", "win"),  # an award "taken home" is won
        ("What did the family take home from the fair?", None),
        ("Who was charged in the death of the swimmer?", "charge"),
        ("How many people were killed in the fire?", "die"),
        ("Why did the minister resign after the final?", "resign"),
        ("How much money did the Riverside Library's spring book fair raise?", "raise"),
        ("Which firm designed the stadium that opened for the Harbour Open?", "design"),  # the main verb's, first
        ("In which city did the chain open its first restaurant?", "open"),
        ("How much did the network agree to pay the company?", "pay"),  # what it agreed to is what is asked
        ("What sentence did the driver receive?", "sentence"),
        ("Why did the council vote down the ban?", "reject"),
        ("How many people did the storm kill?", "die"),  # after "did ...", the verb's plain form
        ("Which actor did the studio hire for the role?", "hire"),
        # a verb of a clause that only describes the subject, or one after "to", is no outcome asked about
        ("How many pounds of beef sold at the store did the firm recall?", None),
        ("Where is the plant that the grant helps pay for?", None),
        ("What odds did the bookmaker give the club to win the title?", None),
        ("What was the score of the club's opening win?", None),  # "score" a noun
        ("Who is the new mayor?", None),
        ("Where is the Harbour Open played?", None),  # "Open" a name
        # an outcome that may only come is a forecast asked about
        ("How many teaching jobs did experts warn could be lost to budget holes?", None),
        ("How many seats could be won by the party?", None),
        ("How many jobs were lost in the crash?", "lose"),
        ("When did the army capture the town?", "capture"),
        ("When did the rebels take control of the city?", "capture"),
        # a verb of a "when" / "after" clause tells a time, not the outcome asked about
        ("How many counts did the guard face when his trial opened?", None),
        ("Why did the firm recall its flour after an outbreak killed three people?", None),
        # a charge asked as an amount of money is a price
        ("How much did Gull Burgers charge for its new burger in May 2022?", None),
        ("How much money did the shop charge its customers?", None),
        ("What did prosecutors charge the driver with?", "charge"),
    ],
)
def test_asked_outcome_is_the_main_verbs(question, outcome):
    assert asked_outcome(question) == outcome


@pytest.mark.parametrize(
    ("outcome", "text", "question_names", "reports"),
    [
        ("win", "The Gulls won the final 3-1.", set(), True),
        ("win", "Dixon retained the seat with 61% of the vote.", set(), True),
        ("win", "The final between the Gulls and the Otters is on Sunday.", set(), False),
        # a prize is awarded: "Who won the Nobel Peace Prize?"
        ("win", "The Nobel Peace Prize has been awarded to Nihon Hidankyo.", {"nobel", "peace", "prize"}, True),
        # a word of the question's own names is no outcome: the cup's name holds "Champions"
        ("win", "Tickets for the Harbour Champions Cup sold out.", {"harbour", "champion", "cup"}, False),
        ("win", "Tickets for the Harbour Champions Cup sold out.", set(), True),
        ("charge", "Police arrested a lifeguard on Friday.", set(), True),
        ("charge", "The report offers a possible lead in the investigation.", set(), False),
        ("lose", "She won after beating him in four sets.", set(), False),  # beating someone is no loss
        ("lose", "He lost in four sets.", set(), True),
        # customers or jobs lost are told as shed or hemorrhaged ("How many customers did the company lose?")
        ("lose", "The cable operator hemorrhaged 149,000 customers in the quarter.", set(), True),
        ("lose", "The carrier shed 2,000 jobs last year.", set(), True),
        ("lose", "She declined to comment on the quarter.", set(), False),
        ("raise", "The fair is on April 22. Six authors will read.", set(), False),
        ("raise", "The fair collected $40,000 for the library.", set(), True),
        ("die", "The shooting was reported about 5:20 p.m., police said.", set(), False),
        ("die", "Two people died in the fire.", set(), True),
        ("sentence", "He was sentenced to three years in prison.", set(), True),
        ("sentence", "He told police he bought the oil online.", set(), False),
        ("reject", "The commission rejected the ban 3-2.", set(), True),
        ("reject", "Officials are weighing the mayor's proposals.", set(), False),
        # a death told as "passed away"; a bill that passed is none
        ("die", "The novelist passed away at his farm on Friday, his agent said.", set(), True),
        ("die", "The budget bill passed the state Senate on Friday.", set(), False),
        ("cancel", "The outage led to about 1,900 cancellations by Monday.", set(), True),
        ("pay", "The carrier agreed to acquire its rival for $2.4 billion.", set(), True),  # "How much did it pay?"
        ("hire", "The board was impressed enough to choose Marsh for the job.", set(), True),
        # a prize taken home is won, as a question's "took home" asks; a home taken is not
        ("win", "At the awards, Mara Vell took home the Harbour Trophy.", {"harbour", "award"}, True),
        ("win", "The storm took the roof off his home.", set(), False),
    ],
)
def test_reports_outcome(outcome, text, question_names, reports):
    assert reports_outcome(outcome, term_set(text), question_names, text) is reports


@pytest.mark.parametrize(
    ("question", "sentence", "bound_only"),
    [
        # the most a charge carries, or what a defendant faces, is no sentence handed down
        ("How many years was Rhodes sentenced to?", "It carries a maximum punishment of 20 years in prison.", True),
        ("How many years was she sentenced to?", "She faces up to 10 years when she is sentenced in May.", True),
        ("How many years was he sentenced to?", "He could be sentenced to up to 20 years.", True),
        ("How long a prison term did he get?", "Possession can lead to a prison term of between five and ten years.",
         True),
        ("How many years was Rhodes sentenced to?", "Rhodes was sentenced Thursday to 18 years in prison.", False),
        ("How many years was he sentenced to?", "He was sentenced to 20 years, the maximum.", False),
        ("How many years was he sentenced to?", "He received a 12-year sentence, short of the maximum of 20.", False),
        ("How many years was he sentenced to?", "A judge sentenced him to 18 years in prison.", False),
        # a question about what a defendant faces asks for the bound
        ("How many years does he face?", "It carries a maximum punishment of 20 years in prison.", False),
        ("What is the maximum sentence for the charge?", "It carries a maximum of 20 years in prison.", False),
    ],
)
def test_a_penalty_bound_is_no_sentence_handed_down(question, sentence, bound_only):
    assert (asks_sentence(question) and only_penalty_bound(sentence)) is bound_only


@pytest.mark.parametrize(
    ("question", "text", "denied"),
    [
        # the article denies the event the question takes for granted, of its subject
        ("To whom did Mara Vell agree to sell the Lake Town Gulls in 2022?",
         "Vell bought the club in 1999. \u201cI will never sell the Gulls,\u201d Mara Vell said.", True),
        ("Why did Mayor Ana Ruiz invite the Gulls to City Hall?",
         "Mayor Ana Ruiz said she will not invite the Gulls or the Herons to City Hall.", True),
        ("Why did Lakeline move its headquarters to Port Ash in May?",
         'Lakeline said it "does not intend" to move its headquarters from Lake Town.', True),
        ("Where did the Gulls' owner say she would not sell the club?", "Mara Vell will never sell the Gulls.", False),
        ("Did Mara Vell sell the Gulls?", "Mara Vell will never sell the Gulls.", False),  # yes or no: the answer
        ("To whom did Mara Vell sell the Gulls?", "Mara Vell sold the Gulls to Ana Ruiz.", False),
        ("To whom did Mara Vell sell the Gulls?", "Someone will never sell the Gulls, a fan said.", False),  # no subject
        # a record, a time, a part, a reply not given, a verb of saying, a negation asked: no denial
        ("How many riders did Lakeline project would travel?",
         "Lakeline has never projected rider numbers this high.", False),
        ("How did Lakeline respond to the strike?",
         "Lakeline did not immediately respond to a request for comment.", False),
        ("How did Lakeline respond to the strike?", "The strike is not the end of Lakeline.", False),
        ("What did Lakeline say about fares?", "Lakeline did not say how much fares would rise.", False),
        ("Why did Lake Town State hire coach Ana Ruiz?", "So why not hire a coach like Ana Ruiz at Lake Town State?",
         False),
        ("When did Lakeline open its Port Ash office?", "Lakeline has not yet opened its Port Ash office.", False),
        ("When did the Gulls Cafe in Port Ash open?", "The Gulls Cafe is not in Port Ash.", False),  # "in": no verb
        # what others asked of the subject is no denial of it; what the subject chose not to do is
        ("Why did Mara Vell leave the Gulls in May?", "When she joined, fans kept telling Mara Vell not to leave.", False),
        ("Why did Mara Vell leave the Gulls in May?", "Fans urged Vell not to leave the Gulls.", False),
        ("Why did Mara Vell leave the Gulls in May?", "Mara Vell decided not to leave the Gulls.", True),
        # a refusal denies the deed refused; declining to comment denies nothing
        ("Why did Gov. Ana Ruiz sign the 2017 fare bill?", "The bill reached Ruiz's desk, and she refused to sign it.",
         True),
        ("Why did Gov. Ana Ruiz sign the 2017 fare bill?", "Gov. Ana Ruiz signed it; Ruiz declined to comment.", False),
        # a word after a determiner is a noun: the denial is of another verb
        ("Which villages did Lakeline claim to capture?",
         "Lakeline said it had captured two villages. Port Ash did not confirm the claims.", False),
    ],
)
def test_an_article_that_denies_the_questions_event(question, text, denied):
    assert denies_premise(question, text) is denied


@pytest.mark.parametrize(
    ("sentence", "asking"),
    [
        ("When is Harbour Day 2024?", True),
        ("So how did the three oldest arcades in town hang on for generation after generation?", True),
        ("“Are any of the pier's old rides still running somewhere?” a reader asked.", True),
        ('"Is the ferry safe?" he asked.', True),
        ("She told reporters: “If it was a star, he’d be home, right?”", True),
        ("Harbour Day 2024 is on Saturday, Nov. 9.", False),
        ("The tutor was detained after shouting “who elected him?” during the proclamation.", False),
        ("Is it safe? Officials say yes, after the checks.", False),  # a question answered in the same sentence
        ("Who will win? Nobody knows.", False),
    ],
)
def test_a_question_tells_nothing(sentence, asking):
    assert asks(sentence) is asking


@pytest.mark.parametrize(
    ("question", "text", "quote"),
    [
        ("Who is hosting the Harbour Awards in 2024?",
         "Who is hosting the Harbour Awards in 2024? Comedian Mira Lund returns as host. Tickets sold out.",
         "Comedian Mira Lund returns as host."),
        ("Where did the old pier carousel end up?",
         "“Where did the old pier carousel end up?” a reader asked. It now turns at Bay Park in Lowell, the park said.",
         "It now turns at Bay Park in Lowell, the park said."),
    ],
)
def test_extractive_answers_with_the_sentence_after_the_question_it_follows(embedder, question, text, quote):
    """An article that asks a question and answers it in its next sentence is quoted for the answer, not for the
    question, which holds the reader's words but no answer."""
    answerer = ExtractiveAnswerer.from_settings(embedder, make_settings().answer)
    answer = answerer.answer(question, [_hit(1, text, title="Harbour guide")], question)
    assert not answer.abstained
    assert [c.quote for c in answer.citations] == [quote]


@pytest.mark.parametrize(
    ("question", "sentence", "another"),
    [
        # the question's event, told of a name the question does not mention, without the question's subject
        ("How much did Harbour News agree to pay Lakeline to settle its lawsuit in April 2023?",
         "Coastline Radio had just agreed to a late settlement with Lakeline for $12.5 million.", True),
        ("How much did Harbour News agree to pay Lakeline?", "The deal Coastline Radio agreed to was $12.5 million.",
         True),
        ("Why did Mara Vell win the Lake Town Cup in 2016?", "Gulls forward Ana Ruiz wins Lake Town Cup.", True),
        ("Why did the Lake Town Reserve raise rates in May?", "The Bank of Port Ash raised rates on Wednesday.", True),
        # the subject named, by name or initials, anywhere in the sentence
        ("How much did Harbour News agree to pay Lakeline?", "Harbour News agreed to pay Lakeline $12.5 million.",
         False),
        ("How much did Harbour News agree to pay?", "Coastline Radio and Harbour News agreed to pay $12.5 million.",
         False),
        ("What did the Lake Town Water Board report finding in March 2020?",
         "In the LTWB report, Port Ash reported finding 15 parts per trillion.", False),
        # no name before the verb: a pronoun, a common noun, a sentence's first word alone, a contraction
        ("How much did Harbour News agree to pay?", "It agreed to pay $12.5 million.", False),
        ("How much did Harbour News agree to pay?", "The network agreed to pay $12.5 million.", False),
        ("How much did Harbour News agree to pay?", "Executives agreed to pay $12.5 million.", False),
        ("How much did the Lake Town Board set aside?", "\u201cWe\u2019ll set about finding the money,\u201d he said.",
         False),
        # a name the question mentions, a word in "-ing", another verb: not the event told of another
        ("Why did Lake Town Dark Sky name Harwick Valley its largest park?",
         "Harwick Valley named the largest dark sky park.", False),
        ("Why did Mara Vell move Lakeline's offices to Port Ash?", "Analysts see Lakeline moving forward.", False),
        ("How much did Harbour News agree to pay?", "Coastline Radio declined to pay anything.", False),
        # a question whose "verb" is a noun after a possessive or before one
        ("What did Lake Town's council announce?", "The Port Ash council announced a new tax.", False),
        ("How long did the Harbour Guild actors' strike last?", "Port Ash actors struck for a week.", False),
        ("What did Harbour-Lake workers do in their drive to join the guild?",
         "Coastline Radio workers joined the guild in May.", False),
        # a part of a hyphenated name names it
        ("How much did Harbour-Lake News agree to pay?", "Harbour Radio agreed to pay $12.5 million.", False),
        # no wh-question event to read
        ("Did Harbour News agree to pay?", "Coastline Radio agreed to pay $12.5 million.", False),
    ],
)
def test_a_sentence_that_tells_the_event_of_another_name(question, sentence, another):
    assert names_another_agent(question, sentence) is another


def test_a_sentences_first_word_is_a_name_where_the_article_writes_it_as_one():
    question = "How much did Harbour News agree to pay Lakeline to settle its lawsuit?"
    headline = "Coastline settles with Lakeline for $12.5 million."
    assert not names_another_agent(question, headline)  # "Officials settled ...": the first word alone is no name
    assert names_another_agent(question, headline, names("The owners of Coastline met on Monday."))
    assert not names_another_agent(question, "Study settles the matter.", names("The Coastline study is out."))


@pytest.mark.parametrize(
    ("question", "sentence", "restating"),
    [
        ("Who is Tom C. Reyes Jr.?", "Tom C. Reyes Jr.", True),  # a byline
        ("Who is Tom Reyes?", "TOM REYES", True),
        ("What did Mara Vell say about the Harbour League?", "Mara Vell on the Harbour League", False),  # "on"
        ("Who is Tom Reyes?", "Tom Reyes is the Harbour League's chief executive.", False),
        ("What did she declare about the pandemic this week?", "The pandemic is over.", False),  # "over" is news
        ("Who is Tom Reyes?", "", False),
    ],
)
def test_a_sentence_that_only_repeats_the_question(question, sentence, restating):
    assert restates(question, sentence) is restating


def test_a_byline_that_repeats_the_question_is_no_answer(answerer):
    question = "Who is Tom C. Reyes Jr.?"
    hit = _dated_hit(1, "Tom C. Reyes Jr.\n\nThe chief executive of the Harbour League, Tom C. Reyes Jr., took the "
                        "post in May.", date(2022, 6, 1), "Tom C. Reyes Jr. on hiring")
    answer = answerer.answer(question, [hit], question)
    assert answer.answer.startswith("The chief executive of the Harbour League")
    assert "Jr. [1]" not in answer.answer


@pytest.mark.parametrize(
    ("question", "text", "swapped"),
    [
        # the question's event done to another name the question gives: the roles the wrong way round
        ("Why did Harbour News criticize Tom Reyes in 2022?", "Tom Reyes criticized Harbour News over the story in May.", True),
        ("Why did the Harbour League suspend Tom Reyes after he wrecked Jo Banks in May 2023?",
         "The Harbour League has suspended driver Jo Banks for one race after wrecking Tom Reyes.", True),
        ("Why did the Harbour League suspend Tom Reyes?", "The Harbour League suspends Jo Banks. Tom Reyes is fine.",
         False),  # another name, but one the question does not give
        # told the question's way, or both ways: no swap
        ("Why did Harbour News criticize Tom Reyes?", "Harbour News criticized Tom Reyes on Monday.", False),
        ("Why did Harbour News criticize Tom Reyes?",
         "Harbour News criticized Tom Reyes on Monday. Tom Reyes had criticized Harbour News in 2020.", False),
        # a name after a preposition or told as the doer is no object
        ("How did the Lake Town Board block Harbour News in 2019?", "Harbour News was blocked in Lake Town.", False),
        ("Why did Harbour News criticize Tom Reyes?", "Tom Reyes was criticized by Harbour News.", False),
        # a purchase paid for is the event; a word both names share ("Air") tells neither
        ("How much did Lake Air agree to pay to acquire Bay Air in 2023?", "Bay Air will acquire Lake Air for $2 "
         "billion.", True),
        ("How much did Bay Air agree to pay to acquire Lake Air in 2023?", "Bay Air will acquire Lake Air for $2 "
         "billion.", False),
        # nothing to read: no named object, a purpose's verb, a verb of saying, a negative or yes-or-no question, a
        # contest (read by reverses_result)
        ("Why did Harbour News criticize the mayor?", "Tom Reyes criticized Harbour News.", False),
        ("How much did Harbour News agree to pay Lakeline?", "Lakeline agreed to pay Harbour News.", False),
        ("What did Mara Vell say Ana Ruiz did?", "Ana Ruiz said Mara Vell did it.", False),
        ("Why did Harbour News not criticize Tom Reyes?", "Tom Reyes criticized Harbour News.", False),
        ("Did Harbour News criticize Tom Reyes?", "Tom Reyes criticized Harbour News.", False),
        ("How did Mara Vell beat Ana Ruiz in the 2022 Lake Town Open final?",
         "Ana Ruiz of Port Ash won her first title on Sunday, defeating Lakeland\u2019s Mara Vell 6-4, 7-5.", False),
    ],
)
def test_an_article_that_tells_the_event_with_the_roles_swapped(question, text, swapped):
    assert swaps_roles(question, text) is swapped


@pytest.mark.parametrize(
    ("question", "text", "reversed_"),
    [
        # the contest's loser told as the question's winner, or its winner as the question's loser
        ("Why did the Port Ash Gulls beat the Lake Town Herons in March 2023?",
         "The Herons won for the fifth time in six games with a 116-104 victory over the Port Ash Gulls.", True),
        ("How did Mara Vell beat Ana Ruiz at the Lake Town Open in August 2022?",
         "Vell exited the Lake Town Open on Wednesday with a 6-2, 6-4 loss to Ana Ruiz.", True),
        ("How did Mara Vell beat Ana Ruiz in the 2022 Lake Town Open final?",
         "Ana Ruiz of Port Ash won her first title on Sunday, defeating Lakeland\u2019s Mara Vell 6-4, 7-5.", True),
        ("How many sets did Mara Vell need to beat Ana Ruiz in the final?",
         "Ana Ruiz defeated Lakeland's Mara Vell 6-3 6-3 6-0.", True),
        ("Why did Mara Vell lose to Ana Ruiz in the quarterfinals?", "Mara Vell overwhelmed Ana Ruiz in Port Ash.",
         True),
        ("By what margin did Tom Reyes beat Jo Banks in the runoff?",
         "Banks, who once trailed, defeated woefully unqualified Reyes.", True),
        ("How did Carla Sainte hold off Max Berg to win the Lake Town Grand Prix?",
         "Max Berg held off the challenge of Carla Sainte to win in Lake Town.", True),
        ("How many points did Jo Banks score when Port Ash beat Lake Town 79-70?",
         "Lake Town beat Port Ash 88-72 without Jo Banks.", True),
        # a name's particles in lower case ("van"); two sides ending in one word ("League") told apart by the others
        ("How did Mara van Vell beat Ana Ruiz in the final?",
         "Ana Ruiz defeated two-time champion Mara van Vell in the final.", True),
        ("By what score did the North League beat the South League in July 2022?",
         "The South League won its ninth straight game, beating the North League 3-2 on Tuesday night.", True),
        ("By what score did the South League beat the North League in July 2022?",
         "The South League won its ninth straight game, beating the North League 3-2 on Tuesday night.", False),
        # told the question's way, or both ways (a rematch): not reversed
        ("How did Mara Vell beat Ana Ruiz?", "Mara Vell won with a 6-2, 6-4 victory over Ana Ruiz.", False),
        ("How did Mara Vell beat Ana Ruiz?",
         "Ana Ruiz beat Mara Vell last year. On Sunday, Vell's 6-4, 7-5 win over Ruiz evened it.", False),
        ("How did Port Ash beat Lake Town 2-0 at home?",
         "Port Ash was beaten 2-0 by Lake Town in its first home loss of the season.", True),
        ("How did Mara Vell beat Ana Ruiz?", "Mara Vell was beaten by Ana Ruiz.", True),
        # a side's seed or rank before its name
        ("How did Mara Vell beat Ana Ruiz in the 2022 Lake Town Open semifinal?",
         "Mara Vell’s run at the Lake Town Open ended Friday with a loss to No. 3 seed Ana Ruiz.", True),
        ("How did Mara Vell beat Ana Ruiz?", "Ana Ruiz beat the No. 22 seed Mara Vell in five sets.", True),
        ("How did Port Ash beat Lake Town?", "Lake Town cruised to a win over No. 4 Port Ash.", True),
        ("How did Mara Vell beat Ana Ruiz?", "Mara Vell beat No. 3 Ana Ruiz in five sets.", False),
        # the question's winner told winning another contest is not the question's way
        ("How did Mara Vell beat Ana Ruiz in the semifinal?",
         "Ana Ruiz defeats Mara Vell in the semifinal. She will face Tom Reyes next. Jo Banks, who lost to Mara "
         "Vell in the round of 16, watched.", True),
        ("How did Mara Vell beat Ana Ruiz in the semifinal?",
         "Ana Ruiz defeats Mara Vell in the semifinal. Ruiz will face Tom Reyes next. Jo Banks, who lost to Mara "
         "Vell in the round of 16, watched.", True),  # the sentence before counts only for a pronoun
        ("How did Mara Vell beat Ana Ruiz in the semifinal?",
         "Ana Ruiz beat Mara Vell in 2021. This year it was Vell's turn. Ruiz lost to Vell in four sets.", False),
        ("How did Mara Vell beat Ana Ruiz in the semifinal?",
         "Ana Ruiz beat Mara Vell in 2021. On Sunday, though, her win over Ruiz evened it.", False),
        ("Who beat Mara Vell in the semifinal?",
         "Ana Ruiz defeats Mara Vell in the semifinal. She will face Tom Reyes next. Jo Banks, who lost to Mara "
         "Vell in the round of 16, watched.", False),
        # a verb's other side is its subject, before it; a noun's may come anywhere in the sentence
        ("How did Mara Vell beat Ana Ruiz in the semifinal?",
         "Ana Ruiz defeats Mara Vell in the semifinal. Jo Banks, who lost to Mara Vell in the round of 16, would "
         "have risen to the top if Ruiz had lost.", True),
        ("How did Mara Vell beat Ana Ruiz in the semifinal?",
         "Ana Ruiz beat Mara Vell in 2021. Ruiz, the world No. 1, lost to Vell in four sets on Sunday.", False),
        ("How did Mara Vell beat Ana Ruiz in the semifinal?",
         "Ana Ruiz beat Mara Vell in 2021. On Sunday the win over Ruiz sent Vell to her first final.", False),
        # the contest lost told between "lose" and "to", in the question or the article; a part of it is no result
        ("Why did Mara Vell lose the 2022 Lake Town Open final to Ana Ruiz?",
         "Mara Vell beat defending champion Ana Ruiz 6-3, 6-1 in the final on Sunday.", True),
        ("How did Mara Vell beat Ana Ruiz in the final?",
         "Mara Vell lost the Lake Town Open final to Ana Ruiz on Sunday.", True),
        ("How did Mara Vell beat Ana Ruiz in the final?",
         "Ana Ruiz beat Mara Vell in 2021. Mara Vell lost the first set to Ana Ruiz on Sunday, then won the next two.",
         True),
        ("How did Mara Vell beat Ana Ruiz in the final?",
         "Ana Ruiz lost in the Lake Town Open final earlier this year to Mara Vell. Ruiz beat Vell in 2021.", False),
        # a win "at" a side's ground tells that side lost
        ("How did Lake Town beat Port Ash 3-0 on the opening night?",
         "The striker scored twice as Port Ash eased to a 3-0 victory at Lake Town on Friday.", True),
        ("Who scored twice as Port Ash beat Lake Town 3-0?",
         "The striker scored twice as Port Ash eased to a 3-0 victory at Lake Town on Friday.", False),
        # the question's winner told as the one who lost ("was ousted"), and never the question's way
        ("How did Port Ash beat Lake Town on penalties in the semifinal?",
         "Port Ash was ousted 4-3 on penalties after a scoreless draw against Lake Town on Tuesday.", True),
        ("How did Port Ash beat Lake Town in the semifinal?",
         "Port Ash was eliminated in last year's semifinal. On Tuesday its 2-0 win over Lake Town evened it.", False),
        ("How did Texas Tech beat Port Ash?",
         "Texas Tech is the favorite to defeat Port Ash. Port Ash lost to Texas Tech in the final.", False),
        ("How did Port Ash beat Texas Tech?",
         "Texas Tech is the favorite to defeat Port Ash. Port Ash lost to Texas Tech in the final.", True),
        # a result told as a romp or a thrashing, or by a verb that opens its sentence
        ("Which Port Ash player scored first after Port Ash beat Lake Town for the 2023 cup?",
         "Lake Town won its first cup with a 9-3 romp over Port Ash on Tuesday.", True),
        ("Which Port Ash player scored first after Port Ash beat Lake Town for the 2023 cup?",
         "Lake Town scored nine. Beating Port Ash justified the many moves of its managers.", True),
        ("How did Lake Town beat Port Ash in the cup?", "Lake Town took the cup in a 70-7 thrashing of Port Ash.",
         False),
        # a plural possessive names the winner; a school and the "State" of its name are two sides
        ("Who scored first in the Herons' 70-7 win over Port Ash in December 2020?",
         "Port Ash won the cup on Friday in a 70-7 drubbing of the Herons.", True),
        ("How did Lake Town State beat Port Ash in the cup?", "Port Ash beat Lake Town on Friday.", False),
        ("How did Lake Town State beat Port Ash in the cup?",
         "Port Ash beat Lake Town on Friday. Lake Town State lost to Port Ash.", True),
        # a side the question names by its nickname and the article by its city too ("the Lake Town Heat"); never by
        # the other side's words
        ("How many points did Jo Banks score in the Heat's win over the Gulls in December 2017?",
         "The Gulls broke their losing streak, beating Lake Town 102-95. Jo Banks scored 18 for the Lake Town Heat.",
         True),
        ("How did the Heat beat the Gulls?",
         "Gulls Heat up late. Beating the Gulls at home was the plan, the Lake Town Heat coach said.", False),
        # a rank or seed before a side, in the question or the article, is no part of its name
        ("How did Port Ash beat 16th-ranked Lake Town in 12 innings in June 2017?",
         "They will recall the effort after a 6-5, 12-inning loss to 16th-ranked Lake Town on Sunday.", True),
        ("How did Port Ash beat top-seeded Lake Town?", "Lake Town beat Port Ash 2-1.", True),
        ("How did Port Ash beat No. 3 Lake Town?", "Port Ash beat third-ranked Lake Town 2-1 on Sunday.", False),
        # a win the question names as its winner's
        ("Who scored Port Ash's winning goal in its 1-0 victory over Lake Town in May 2024?",
         "A late goal earned Lake Town a 1-0 win at Port Ash on Saturday.", True),
        ("What was the score of Port Ash's season-opening win over Lake Town?",
         "Port Ash opened its season with a 49-3 rout of Lake Town.", False),
        # no contest of the question's sides told: a possessive, a name that only shares a city, a verb with no name
        # after it, a forecast, names across a paragraph break
        ("How did Mara Vell beat Ana Ruiz?", "Ana Ruiz, after defeating Vell’s countryman Tom Reyes, rested.", False),
        ("How did Lake Town United beat Port Ash?", "Port Ash's 2-0 win over Lake Town City was its first.", False),
        ("How did Jo Banks beat Tom Reyes?", "Banks hopes to win over voters who backed Tom Reyes.", False),
        ("How did Jo Banks beat Tom Reyes?", "Reyes could lose to Banks. Banks will try to beat Tom Reyes.", False),
        ("How did Jo Banks beat Tom Reyes?", "Banks is likely to lose to Tom Reyes on Tuesday.", False),
        ("How did Mara Vell beat Ana Ruiz?", "Ana Ruiz's victory against Tom Reyes\n\nMara Vell rested.", False),
        # the question's way told only in a sentence of another year than the one the question names: another contest
        ("How did Port Ash beat Lake Town in the 2022 final?", "Lake Town beat Port Ash 64-49 in Sunday's final. The "
         "two last met in a final in 2018, when Port Ash beat Lake Town 94-65.", True),
        ("How did Port Ash beat Lake Town in the 2018 final?", "Lake Town beat Port Ash 64-49 in Sunday's final. The "
         "two last met in a final in 2018, when Port Ash beat Lake Town 94-65.", False),
        ("How did Port Ash beat Lake Town in the final?", "Lake Town beat Port Ash 64-49 in Sunday's final. The "
         "two last met in a final in 2018, when Port Ash beat Lake Town 94-65.", False),
        ("How did Port Ash beat Lake Town in the 2022 final?", "Lake Town beat Port Ash in 2018. In 2022, Port Ash "
         "beat Lake Town 94-65, its first win over them since 2015.", False),
        # nothing to read: a yes-or-no or negative question, no contest asked
        ("Did Mara Vell beat Ana Ruiz?", "Ana Ruiz defeated Mara Vell.", False),
        ("Why did Mara Vell not beat Ana Ruiz?", "Ana Ruiz defeated Mara Vell.", False),
        ("Who defeated Ana Ruiz in the final?", "Ana Ruiz defeated Mara Vell.", False),
        ("Why did Mara Vell praise Ana Ruiz?", "Ana Ruiz defeated Mara Vell.", False),
    ],
)
def test_an_article_that_tells_the_contest_the_other_way_round(question, text, reversed_):
    assert reverses_result(question, text) is reversed_


@pytest.mark.parametrize(
    ("question", "text", "crowned"),
    [
        # the prize told as another's, in a sentence that names it, and never as the question's winner's
        ("Why did 'Harbor Lights' win best drama series at the 2022 Lantern Awards?",
         "'Tidewater' won best drama series, while 'Harbor Lights' took best comedy series.", True),
        ("Why did Mara Vell win the 2023 Lake Town Prize?", "Irish writer Tom Reyes won the Lake Town Prize on Sunday.",
         True),
        ("How did the Port Ash Choir beat Jo Banks to win Lake Town Sings in September 2019?",
         "'Lake Town Sings' finale: Soulful singer Jo Banks wins, Port Ash Choir second", True),
        ("Why did Ana Ruiz become the first American to win the Lake Town Prize in 2016?",
         "Tom Reyes became the first U.S. author to win the Lake Town Prize on Tuesday.", True),
        ("What did Jo Banks say after winning the 2018-19 Lake League MVP award in June 2019?",
         "Port Ash star Tom Reyes is named Lake League MVP.", True),
        ("How many votes did Jo Banks win Lake County by in November 2020?", "Lake County results: Reyes wins. Voters gave Reyes 60%.",
         True),
        # a title given to another: named in a headline, named by its giver (the one named after the verb), "has been
        # named"
        ("Why did Lake Weekly name Mara Vell its 2020 Person of the Year?",
         "Tom Reyes and Jo Banks named Lake Weekly's 2020 Person of the Year", True),
        ("Why did Lake Weekly name Mara Vell its 2020 Person of the Year?",
         "Lake Weekly named Tom Reyes and Jo Banks its 2020 Person of the Year on Monday.", True),
        ("Why was Tom Reyes named Port Ash's Sexiest Chef Alive for 2019?",
         "Jo Banks has been named Port Ash magazine's 'Sexiest Chef Alive' for 2019.", True),
        # told the question's way too
        ("Why did Lake Weekly name Mara Vell its 2020 Person of the Year?",
         "Lake Weekly named Mara Vell its 2020 Person of the Year on Monday.", False),
        ("Why did Mara Vell win the Lake Town Prize in 2023?",
         "Tom Reyes won the Lake Town Prize in 2019. On Sunday, Mara Vell won the Lake Town Prize for her novel.", False),
        ("Why did 'Harbor Lights' win best drama series at the 2022 Lantern Awards?",
         "“Harbor Lights” walked away with the trophy for best drama series.", False),
        # told of no one: hoped for, not won, "win" a noun, a sentence's opening word that the article never writes
        # as a name, the prize not named in the sentence
        ("Why did Mara Vell win the Lake Town Prize?", "Tom Reyes was the favorite to win the Lake Town Prize.", False),
        ("Why did Mara Vell win the Lake Town Prize?", "Tom Reyes did not win the Lake Town Prize.", False),
        ("Who did Jo Banks beat to win the Lake Town Open in May 2023?",
         "Banks finished six shots ahead of Sweden's Tom Reyes to seal his fourth win at the Lake Town Open.", False),
        ("How many votes did Jo Banks win Lake County by in November 2020?",
         "Whether the incumbent can win in Lake County by that margin remains to be seen.", False),
        ("Why did Mara Vell win the Lake Town Prize?", "Tom Reyes won the Port Ash Medal.", False),
        ("Why did Lake Weekly name Mara Vell its 2020 Person of the Year?",
         "Lake Weekly named its 2020 Person of the Year on Monday.", False),
        ("Why did Lake Weekly name Mara Vell its 2020 Person of the Year?",
         "Lake Weekly did not name Tom Reyes its Person of the Year.", False),
        # another year's prize: a clause that prints only other years than the question's
        ("Why did Mara Vell win the 2023 Lake Town Prize?", "Tom Reyes won the Lake Town Prize in 2019.", False),
        ("Why did Lake Weekly name Mara Vell its 2020 Person of the Year?",
         "Lake Weekly named Tom Reyes its 2015 Person of the Year.", False),
        # nothing to read: a yes-or-no or negative question, a win of no prize, a winner the question does not name
        ("Did Mara Vell win the Lake Town Prize?", "Tom Reyes won the Lake Town Prize.", False),
        ("Why did Mara Vell not win the Lake Town Prize?", "Tom Reyes won the Lake Town Prize.", False),
        ("How did the Port Ash Gulls win 12 straight home games?", "The Lake Town Herons won 12 straight home games.",
         False),
        ("What odds did Lake Sportsbook give the Gulls to win the Lake League title?",
         "Lake Sportsbook gave the Herons the best odds to win the Lake League title.", False),
        ("Who won the Lake Town Prize?", "Tom Reyes won the Lake Town Prize.", False),
    ],
)
def test_an_article_that_gives_the_prize_to_another(question, text, crowned):
    assert crowns_another(question, text) is crowned


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("Which show won best drama series at the Lantern Awards in September 2022?", {"drama", "sery"}),
        ("Who won the best director award at the Lantern Globes in January 2013?", {"director"}),
        ("Who directed the revival that won the Lantern Prize for best direction of a musical?", {"direction"}),
        ("And who was named best actor that night?", {"actor"}),
        ("Which movie was named worst picture at the Lantern Awards in February 2019?", {"picture"}),
        # no prize taken: a ranking, a superlative
        ("Where did Gull Pizza rank on the 2020 list of the 101 best pizzas?", set()),
        ("Which airline had the best on-time arrival rate in November 2014?", set()),
        ("Who won the Lantern Prize in 2023?", set()),
    ],
)
def test_the_award_category_a_question_asks_the_winner_of(question, category):
    assert asked_category(question) == category


@pytest.mark.parametrize(
    ("category", "sentence", "other"),
    [
        ({"drama", "sery"}, "Gull Live once again won the award for best variety sketch series.", True),
        ({"drama", "sery"}, "'Tidewater' took best drama series, while Ana Ruiz won best actress.", False),
        ({"drama"}, "'Tidewater' won best motion picture drama.", False),  # holds the question's
        ({"actor"}, "Tom Reyes won best supporting actor.", False),
        ({"envelope", "mix-up", "picture"}, "The best picture envelope went to the wrong presenters.", False),
        ({"drama", "sery"}, "'Tidewater' walked away with the night's top award.", False),  # names no category
        (set(), "Gull Live won the award for best variety sketch series.", False),  # no category asked
    ],
)
def test_a_sentence_that_names_only_other_award_categories(category, sentence, other):
    assert names_other_category(category, sentence) is other


def test_the_winner_of_another_award_category_does_not_answer(answerer):
    """"Which show won best drama series ...?" is not answered by the sketch series' win the same night, however much of
    the question it shares; it is by the drama's."""
    question = "Which show won best drama series at the Lantern Awards in September 2022?"
    other = _dated_hit(1, "At the Lantern Awards in September 2022, the show Gull Live once again won the award for "
                          "best variety sketch series.", date(2022, 9, 13), "Lantern Awards")
    told = _dated_hit(2, "The show 'Tidewater' won the top award for best drama series at the Lantern "
                         "Awards on Monday.", date(2022, 9, 13), "Lantern Awards")
    _abstains_then_answers(answerer, question, other, told, "Tidewater")


def test_the_answer_abstains_when_its_article_gives_the_prize_to_another(answerer):
    """"Why did 'Harbor Lights' win best drama series ...?" is not answered by the night's report that gives it to
    'Tidewater' (though it tells why 'Harbor Lights' won another prize); it is by one that gives it to 'Harbor
    Lights'."""
    question = "Why did 'Harbor Lights' win best drama series at the Lantern Awards in September 2022?"
    other = _dated_hit(1, "'Tidewater' won best drama series at the Lantern Awards on Monday. 'Harbor Lights' won "
                          "best comedy series because voters loved its cast.", date(2022, 9, 13), "Lantern Awards")
    told = _dated_hit(2, "'Harbor Lights' won best drama series at the Lantern Awards on Monday because voters loved "
                         "its cast.", date(2022, 9, 13), "Lantern Awards")
    _abstains_then_answers(answerer, question, other, told, "voters loved")


@pytest.mark.parametrize(
    ("question", "text", "reversed_"),
    [
        # the plea or the verdict told the other way round, of the question's person
        ("Why did Mara Vell plead guilty to fraud charges in May 2024?",
         "Mayor Mara Vell appeared in court on Friday. She pleaded not guilty to five counts.", True),
        ("Why did the jury find Mara Vell at fault for the 2016 crash?",
         "On Thursday, a jury found Vell not responsible after she was sued by Tom Reyes.", True),
        ("Why did the jury acquit Mara Vell of fraud in January 2022?",
         "Mara Vell was convicted of four counts of fraud on Monday.", True),
        ("Why was Mara Vell found not guilty in May 2024?", "A jury found Mara Vell guilty of assault on Friday.",
         True),
        ("How many charges did Mara Vell plead not guilty to?", "Mara Vell entered a guilty plea on Friday.", True),
        # a guilty plea leaves no acquittal to ask about; a conviction after a plea of not guilty is no reversal
        ("Why was Mara Vell acquitted at her trial in May 2022?", "Mara Vell pleaded guilty in April to fraud.", True),
        ("Why was Mara Vell convicted at her trial in May 2022?", "Mara Vell had pleaded not guilty to fraud.", False),
        ("Why was Mara Vell convicted of fraud in May 2022?", "Mara Vell pleaded guilty in April to fraud.", False),
        # told the question's way, or both ways: not reversed
        ("Why did Mara Vell plead guilty to fraud?", "Mara Vell pleaded guilty to fraud on Friday.", False),
        ("Why did Mara Vell plead guilty to fraud?",
         "Mara Vell first pleaded not guilty. In May she changed course and pleaded guilty.", False),
        ("Why did the jury convict Mara Vell of fraud?",
         "Mara Vell was convicted on four counts. She was acquitted on four others.", False),
        # ... unless the question asks it of every charge
        ("Why did the jury acquit Mara Vell on all fraud charges in January 2022?",
         "Mara Vell was convicted on four counts of fraud. The jury acquitted Vell on four others.", True),
        ("Why was Mara Vell convicted of all charges?", "Mara Vell was convicted on four counts, acquitted on one.",
         True),
        ("How many charges did Mara Vell plead not guilty to?", "Mara Vell pleaded not guilty to five counts.",
         False),
        # told of someone else, or not at all: a plea and a verdict are two events
        ("Why did Mara Vell plead guilty to fraud?", "Her aide, Tom Reyes, pleaded not guilty on Friday.", False),
        ("Why did Mara Vell plead guilty to fraud?", "Mara Vell was acquitted on Friday.", False),
        ("Why did Mara Vell plead guilty?", "Mara Vell spoke.\n\nTom Reyes left. He pleaded not guilty.", False),
        # nothing to read: a yes-or-no question, a negation of its own, no person named in full
        ("Did Mara Vell plead guilty to fraud?", "Mara Vell pleaded not guilty.", False),
        ("Why didn't the jury convict Mara Vell?", "A jury acquitted Mara Vell on Friday.", False),
        ("Why did the mayor plead guilty?", "The mayor pleaded not guilty.", False),
    ],
)
def test_an_article_that_tells_the_plea_or_verdict_the_other_way_round(question, text, reversed_):
    assert reverses_verdict(question, text) is reversed_


@pytest.mark.parametrize(
    ("text", "years", "of_them"),
    [
        ("The two last met in a final in 2018.", {"2022"}, False),
        ("The two last met in a final in 2018.", {"2018"}, True),
        ("They met in 2018 and again in 2022.", {"2022"}, True),
        ("They met on Sunday.", {"2022"}, True),
        ("The two last met in a final in 2018.", set(), True),
    ],
)
def test_a_text_of_the_question_s_years(text, years, of_them):
    assert prints_years_of(text, years) is of_them


def test_the_answer_abstains_when_its_article_gives_the_title_to_another(answerer):
    """"Why did Lake Weekly name Mara Vell its 2020 Person of the Year?" is not answered by the report that names two
    others (though it names her as their architect); it is by one that names her."""
    question = "Why did Lake Weekly name Mara Vell its 2020 Person of the Year?"
    other = _dated_hit(1, "Lake Weekly named Tom Reyes and Jo Banks its 2020 Person of the Year on Monday, because "
                          "they rebuilt the harbor that architect Mara Vell drew.", date(2020, 12, 14),
                       "Lake Weekly's Person of the Year")
    told = _dated_hit(2, "Lake Weekly named Mara Vell its 2020 Person of the Year on Monday, because she rebuilt the "
                         "harbor.", date(2020, 12, 14), "Lake Weekly's Person of the Year")
    _abstains_then_answers(answerer, question, other, told, "rebuilt the harbor")


@pytest.mark.parametrize(
    ("question", "text", "reversed_"),
    [
        ("Why did Lake Town voters reject Measure 1 in November 2024?",
         "Lake Town voters by a solid margin backed Measure 1 on Tuesday.", True),
        ("By what margin did Lake Town voters approve the tax increase in December 2023?",
         "Lake Town voters reject latest schools referendum. And voters said no.", True),
        ("Why did Irish voters reject repealing the amendment in May 2018?",
         "The Irish Times predicted that voters, 68% to 32%, backed repealing the amendment.", True),
        ("Why did Lake Town voters turn down the bond in 2022?", "Lake Town voters passed the bond.", True),
        # told the question's way, or both ways: not reversed
        ("Why did Lake Town voters reject Measure 1?", "Lake Town voters rejected Measure 1 on Tuesday.", False),
        ("Why did Lake Town voters approve the levy?",
         "Lake Town voters approved the levy but rejected the bond.", False),
        # another electorate's vote, or voters not named: no reversal of the one asked about
        ("Why did Lake Town voters reject Measure 1?",
         "It passed with 53 percent of the vote. River County voters backed it too.", False),
        ("Why did Lake Town voters reject Measure 1?",
         "Lake Town's election drew a record turnout. Voters backed Measure 1.", False),
        ("Why did voters reject Measure 1?", "Voters backed Measure 1 by a solid margin.", False),
        # nothing to read: a yes-or-no question, a negation of its own
        ("Did Lake Town voters reject Measure 1?", "Lake Town voters backed Measure 1.", False),
        ("Why didn't Lake Town voters approve the levy?", "Lake Town voters approved the levy.", False),
        ("Why did Lake Town voters come back to the polls?", "Lake Town voters rejected the bond.", False),
        # a body that votes: a council, a parliament, owners, a union's members at a company
        ("Why did the Lake Town council vote down the parking plan in March 2023?",
         "The Lake Town City Council passed the parking plan 5-2 on Tuesday.", True),
        ("Why did the Port Ash Senate vote down the holiday bill in June 2021?",
         "After the holiday bill passed the Senate on Tuesday, it went back to the House.", True),
        ("Why did the Irish parliament reject the housing bill in 2023?",
         "Ireland's parliament approved the housing bill on Thursday.", True),
        ("Why did Lake League owners vote down the sale of the Gulls in October 2014?",
         "Lake League owners unanimously approved the sale of the Gulls on Tuesday.", True),
        ("Why did LTU members at Gull Foods vote down the contract in November 2021?",
         "Gull Foods workers approved the contract by a wide margin.", True),
        ("Why did Lake League owners vote down the sale of the Gulls?", "The owners approved the sale.", False),
        ("Whom did Lake League owners unanimously approve as the Gulls' new owner?",
         "Lake League owners approved Tom Reyes as the Gulls' owner.", False),
        # a tally: the larger count's way is the result; both ways without counts is no reversal
        ("Why did Lake Town voters reject Measure 1 in November 2024?",
         "In Lake Town, 6,120 voters backed Measure 1 and 4,310 voted against it.", True),
        ("Why did the Lake Town council vote down the budget in 2023?",
         "Of the nine Lake Town council members, 6 voted in favor of the budget and 3 voted against.", True),
        ("Why did the Lake Town council vote down the budget in 2023?",
         "Of the nine Lake Town council members, 3 voted in favor of the budget and 6 voted against.", False),
        ("Why did the Lake Town council vote down the budget in 2023?",
         "The Lake Town council approved the budget after two members voted against it.", False),
    ],
)
def test_an_article_that_tells_the_vote_the_other_way_round(question, text, reversed_):
    assert reverses_vote(question, text) is reversed_


def test_the_answer_abstains_when_its_article_tells_the_verdict_the_other_way_round(answerer):
    """"Why did the jury find Mara Vell at fault?" is not answered by the trial that cleared her; it is by the one
    that found her at fault."""
    question = "Why did the jury find Mara Vell at fault for the ski crash in March 2023?"
    cleared = _dated_hit(1, "A Port Ash jury found Mara Vell not at fault for the ski crash on Thursday, because "
                            "witnesses said the other skier hit her from behind.", date(2023, 3, 31),
                         "Jury sides with Vell in ski crash trial")
    at_fault = _dated_hit(2, "A Port Ash jury found Mara Vell at fault for the ski crash on Thursday, because "
                             "witnesses said she hit the other skier from behind.", date(2023, 3, 31),
                          "Jury finds Vell at fault in ski crash trial")
    _abstains_then_answers(answerer, question, cleared, at_fault, "from behind")


def test_the_answer_abstains_when_its_article_tells_the_vote_the_other_way_round(answerer):
    """"Why did Lake Town voters reject Measure 1?" is not answered by the vote that passed it, though another county
    rejected it there; it is by the one that rejected it."""
    question = "Why did Lake Town voters reject Measure 1 in November 2024?"
    passed = _dated_hit(1, "Lake Town voters backed Measure 1 on Tuesday by a solid margin. Voters in River County "
                           "rejected it, because the measure promised higher rents.", date(2024, 11, 6),
                        "Measure 1 passes in Lake Town")
    rejected = _dated_hit(2, "Lake Town voters rejected Measure 1 on Tuesday by a solid margin, because the measure "
                             "promised higher rents.", date(2024, 11, 6), "Measure 1 fails in Lake Town")
    _abstains_then_answers(answerer, question, passed, rejected, "higher rents")


def test_the_answer_abstains_when_its_article_tells_a_body_s_tally_the_other_way_round(answerer):
    """"Why did the Lake Town council vote down the parking plan?" is not answered by the tally that passed it; it is by
    the vote that rejected it."""
    question = "Why did the Lake Town council vote down the parking plan in March 2023?"
    passed = _dated_hit(1, "Of the nine Lake Town council members, 6 voted in favor of the parking plan and 3 voted "
                           "against, because the plan promised cheaper parking.", date(2023, 3, 15),
                        "Council vote on parking plan")
    rejected = _dated_hit(2, "The Lake Town council rejected the parking plan on Tuesday, because the plan promised "
                             "cheaper parking.", date(2023, 3, 15), "Council vote on parking plan")
    _abstains_then_answers(answerer, question, passed, rejected, "cheaper parking")


def test_the_answer_abstains_when_its_article_tells_the_contest_the_other_way_round(answerer):
    """"Why did the Gulls beat the Herons?" is not answered by the Herons' win over the Gulls; it is by the Gulls'."""
    question = "Why did the Port Ash Gulls beat the Lake Town Herons in March 2023?"
    lost = _dated_hit(1, "The Lake Town Herons won for the fifth time in six games with a 116-104 victory over the "
                         "Port Ash Gulls on Tuesday night because their bench scored 50 points.", date(2023, 3, 15),
                      "Herons top Gulls")
    won = _dated_hit(2, "The Port Ash Gulls won for the fifth time in six games with a 116-104 victory over the "
                        "Lake Town Herons on Tuesday night because their bench scored 50 points.", date(2023, 3, 15),
                     "Gulls top Herons")
    _abstains_then_answers(answerer, question, lost, won, "bench scored")


def test_an_article_of_the_period_that_turns_the_premise_leaves_no_other_article_to_answer(answerer):
    """"How did the Gulls beat the Herons in March 2023?" is not answered by a preview of the game once an article of
    that March tells the Herons' win over the Gulls; the preview alone still answers it, and so does it beside an
    article of another year that tells an earlier Herons win."""
    question = "How did the Port Ash Gulls beat the Lake Town Herons in March 2023?"
    preview = _dated_hit(1, "The Port Ash Gulls can beat the Lake Town Herons on Tuesday night by running their fast "
                            "break, their coach said.", date(2023, 3, 13), "Gulls host Herons")
    lost = _dated_hit(2, "The Lake Town Herons won for the fifth time in six games with a 116-104 victory over the "
                         "Port Ash Gulls on Tuesday night.", date(2023, 3, 15), "Herons top Gulls")
    last_year = _dated_hit(3, "The Lake Town Herons won their opener with a 99-90 victory over the Port Ash Gulls on "
                              "Friday.", date(2022, 10, 21), "Herons top Gulls in opener")
    assert "fast break" in answerer.answer(question, [preview], question).answer
    assert "fast break" in answerer.answer(question, [preview, last_year], question).answer
    assert answerer.answer(question, [preview, lost], question).abstained


def test_the_answer_abstains_when_its_article_tells_the_event_with_the_roles_swapped(answerer):
    """"How did Mara Vell beat Ana Ruiz?" is not answered by the final Ana Ruiz won against her; it is when she won."""
    question = "How did Mara Vell beat Ana Ruiz in the Lake Town Open final?"
    lost = _dated_hit(1, "Ana Ruiz of Port Ash won the Lake Town Open final on Sunday, defeating Mara Vell 6-4, 7-5 "
                         "with a serve that never broke.", date(2022, 9, 12), "Ruiz wins Lake Town Open")
    assert answerer.answer(question, [lost], question).abstained
    won = _dated_hit(2, "Mara Vell won the Lake Town Open final on Sunday, beating Ana Ruiz 6-4, 7-5 with a serve "
                        "that never broke.", date(2022, 9, 12), "Vell wins Lake Town Open")
    assert "never broke" in answerer.answer(question, [won], question).answer


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What happened at Italy's Stromboli volcano in October 2022?", True),
        ("What did Roger Federer announce in September 2022?", True),
        ("What did COP29 agree?", True),
        ("And what has the council done since?", True),
        ("What was his stat line in that game?", False),  # a figure, not an event
        ("How did Southwest Florida hotels make up for the cancellations?", False),  # a mechanism
        ("What is the tablet called?", False),
        ("Who won the final?", False),
        # the news on a subject: what happened to it
        ("Any news on the North Korean troops?", True),
        ("What's the latest on Kursk?", True),
        ("any updates about the strike?", True),
        ("Anything new on the ceasefire talks?", True),
        ("What is the latest phishing attack hitting social media users?", False),  # a thing, named
        ("Did the news anchor resign?", False),
    ],
)
def test_asks_what_happened(question, asks):
    assert asks_what_happened(question) is asks


@pytest.mark.parametrize(
    ("question", "lead", "match"),
    [
        ("What did COP29 agree?", True, 1.0),  # an article's lead tells what happened
        ("What did COP29 agree?", False, 0.5),
        ("How did the talks end?", True, 0.5),  # a lead restates the event; it does not tell how
        ("What is the tablet called?", True, 0.5),
    ],
)
def test_a_lead_answers_what_happened(question, lead, match):
    assert type_match("other", question, "Negotiators agreed on Sunday.", lead) == match


@pytest.mark.parametrize(
    ("question", "sentence", "match"),
    [
        ("How many people were killed?", "At least seven people were killed across the country.", 1.0),
        ("How many people were killed?", "At least 7 people were killed across the country.", 1.0),
        ("How many points do they have?", "The win lifted Barcelona to six points.", 1.0),
        ("How many soldiers died?", "Hundreds of soldiers died.", 1.0),
        ("How many people were killed?", "It was one of the largest strikes of the war.", 0.0),  # "one": no count
        ("How many points did he miss by?", "He has spent five years trying to pass.", 0.0),  # a duration
        ("By how much did the Fed raise rates?", "It ruled out a rise of three-quarters of a point.", 0.0),
        ("How many years was he sentenced to?", "Three other members were convicted.", 0.0),  # it counts years
        # ... and a spelled count of the unit asked for is one
        ("How many years was he sentenced to?", "He was sentenced to seven years in prison.", 1.0),
        ("How many months could the island be without power?", "Full power could take four to six months.", 1.0),
        ("How many days did the strike last?", "The strike lasted several days.", 0.0),  # no count
        ("How many days did the strike last?", "Six unions joined the strike.", 0.0),
        ("How many of the three ships sank?", "The three ships sailed.", 0.0),  # the question's own count
        # a streak is counted by its ordinal; any other count is not told by one
        ("How many years in a row was the park named the friendliest?",
         "For the seventh consecutive year the park was named the friendliest.", 1.0),
        ("How many straight games had the Gulls won?", "It was the Gulls' 12th straight win.", 1.0),
        ("How many times in a row has she won?", "She won for the third time in a row.", 1.0),
        ("How many games had the Gulls won?", "It was the Gulls' 12th straight win.", 0.5),  # a number, as before
        ("How many years in a row was the park named the friendliest?", "It was named the friendliest in its seventh "
         "year.", 0.0),
    ],
)
def test_a_count_may_be_spelled_out(question, sentence, match):
    assert type_match("number", question, sentence) == match


@pytest.mark.parametrize(
    ("question", "sentence", "match"),
    [
        ("How many workers sought a union election?", "The UAW lost a 712-626 vote at the plant.", 0.5),
        ("How many workers sought a union election?", "It applies to the about 165 skilled trade workers.", 1.0),
        ("How many riders did the ride carry?", "Its boats are designed for eight passengers.", 0.5),
        ("How many North Korean troops are in Kursk?", "North Korean troops in Kursk now number about 11,000.", 1.0),
        ("How many people did AAA expect to travel?", "AAA expects 3.3 million Ohioans will travel.", 1.0),
        ("How many were killed?", "At least 7 died.", 1.0),              # no counted word: any count
        ("How much did the ride cost?", "It cost $5 million to build 3 boats.", 1.0),  # "how much": not read so
        ("How many workers were hired?", "The plant opened in June.", 0.0),  # no number at all
    ],
)
def test_a_count_of_another_thing_is_undecided(question, sentence, match):
    """"How many workers ...?" is answered by a number of workers; a sentence whose numbers count other things
    holds a number, not yet the answer (0.5, not 1.0), so that a sentence counting workers ranks above it."""
    assert type_match("number", question, sentence) == match


def test_every_outcome_word_can_be_found():
    """A sentence is read as its terms, which leave stop words out: an outcome word that is a stop word ("years",
    "against") would never be found."""
    from gazette.lexicon import OUTCOMES
    from gazette.text import STOPWORDS

    assert [w for _forms, evidence in OUTCOMES.values() for w in evidence.split() if w in STOPWORDS] == []


@pytest.mark.parametrize(
    ("question", "sentence", "precise"),
    [
        ("On what date is Kim Jong Un's birthday?", "Kim may have been born in 1982 or 1983.", False),
        ("On what date is Kim Jong Un's birthday?", "Unlike his father's, Jan. 8 is no holiday.", True),
        ("On what date is Kim Jong Un's birthday?", "He turned 40 on 8 January.", True),
        ("On what date did the rules take effect?", "The rules took effect in January 2021.", False),
        ("Which night of the festival will he play?", "He plays Friday, after the opening act.", True),
        ("Which night of the festival will he play?", "He has played the festival every summer since 2019.", False),
        ("In what year was the festival incorporated?", "It was incorporated in 1951.", True),
        ("In what year was the festival incorporated?", "It was incorporated last year.", True),
        ("In what year was the festival incorporated?", "It was incorporated on a Tuesday in May.", False),
        ("When was the festival incorporated?", "It was incorporated on a Tuesday in May.", True),
    ],
)
def test_a_date_as_precise_as_asked_for_is_preferred(question, sentence, precise):
    """A day for "On what date / which night", a year for "In what year": the sentence that gives it scores the
    kind of answer asked for; a looser date still answers (can_answer), with less."""
    from gazette.extractive import holds_date, type_match

    assert question_kind(question) == "date"
    assert holds_date(question, sentence) is precise
    assert type_match("date", question, sentence) == (1.0 if precise else 0.0)
    assert can_answer("date", question, sentence)


@pytest.mark.parametrize(("question", "text", "unasked"), [
    # a country the question names is named by any of its forms; other countries are names it lacks
    ("In which Venezuelan city was the General Motors plant seized?",
     "Authorities seized a General Motors plant in Venezuela on Wednesday.", set()),
    ("In which Venezuelan city was the General Motors plant seized?", "The plant in Valencia had 2,700 workers.",
     {"valencia"}),
    ("Where did the Dutch king open the bridge?", "The king opened it in the Netherlands, near Utrecht.", {"utrecht"}),
    ("Which firm bought the Venezuelan plant?", "In the end, the British firm BP bought it.", {"british", "bp"}),
])
def test_the_names_a_question_does_not_name(question, text, unasked):
    assert unasked_names(question, text) == unasked


def test_a_country_the_question_names_is_no_answer_to_which_place():
    """"In which Venezuelan city ...?" is not answered by "in Venezuela", which names the question's own country."""
    question = "In which Venezuelan city was the General Motors plant that authorities seized in April 2017?"
    assert type_match("name", question, "Authorities seized a General Motors plant in Venezuela on Wednesday.") == 0
    assert type_match("name", question, "The plant in Valencia had 2,700 workers.") == 1
    assert type_match("place", "Where in Venezuela was the plant?", "The plant was in Venezuela's north.") == 0


@pytest.mark.parametrize(
    ("sentence", "match"),
    [
        ("Her car crashed into a residence in Los Angeles on Friday.", 1.0),
        ("They had tea at his London palace on Tuesday.", 1.0),  # a determiner and one word before the name
        ("The plant will be built in a Phoenix suburb.", 1.0),
        ("The car was pulled from the water off the coast of Malibu.", 1.0),  # a place's noun and "of" before it
        ("She was treated in the city of Burbank.", 1.0),
        ("Her relationship with Ellen DeGeneres drew attention.", 0.25),  # a name, but no place told
        ("It came in the wake of Hurricane Ida.", 0.25),  # "wake" is no place
        ("The crash happened in March, on a Friday.", 0.0),  # a month and a weekday are no places
        ("Anne Heche was badly hurt in the crash.", 0.0),  # only the question's own name
        ("She was taken to a hospital in Anne Heche's car.", 0.0),
    ],
)
def test_a_where_question_prefers_a_place_told_as_one(sentence, match):
    """"Where ...?" is best answered by a name after a preposition of place; a sentence with another name is a
    loose match (a quarter of the type score), one with none no match."""
    question = "Where did Anne Heche crash her car in August 2022?"
    assert question_kind(question) == "place"
    assert type_match("place", question, sentence) == match


@pytest.mark.parametrize(
    ("question", "sentence", "match"),
    [
        ("Who took the dunk title in February 2023?", "McClung, the 6-foot-2 guard, beat Trey Murphy III.", 1.0),
        ("Who took the dunk title in February 2023?", "Usually the highlight of the NBA's All-Star Saturday, the "
         "contest has been a hit or miss affair.", 0.25),  # a name, but no person's
        ("Who took the dunk title in February 2023?", "The contest was decided by the judges.", 0.0),
        # a single name is a person's when the article gives it in full
        ("Who was the bicyclist killed near Milton in June 2018?", "Talbot was riding on Fisher Road.", 1.0),
        # an opponent is as often a team as a person
        ("Who did the Pittsburgh Steelers play in Week 11?", "Pittsburgh Steelers at Cleveland Browns.", 1.0),
        ("Whom did Rafael Nadal beat in the June 2022 final?", "He beat Casper Ruud of Norway.", 1.0),
    ],
)
def test_a_who_question_prefers_a_persons_name(question, sentence, match):
    """"Who ...?" is best answered by a person's name (names_a_person); another name (a team, a place, an event) is a
    loose match (a quarter), unless the question asks for an opponent ("Who did the Steelers play?"), and none is no
    match."""
    assert question_kind(question) == "person"
    assert type_match("person", question, sentence, article_surnames={"talbot", "ruud"}) == match


def test_generative_maps_markers_drops_invalid_and_quotes_the_source():
    model = QueuedChatModel(replies=["Up to 8,000 North Korean troops are in Kursk [2][7]. Missiles flew [1]."])
    answerer = GenerativeAnswerer(model, load_prompt("answer"))
    q = "How many North Korean troops are in Kursk?"
    ans = answerer.answer(q, HITS, q)
    assert ans.answer == "Up to 8,000 North Korean troops are in Kursk [1]. Missiles flew [2]."
    assert [(c.n, c.chunk_id) for c in ans.citations] == [(1, "c2"), (2, "c1")]
    assert ans.citations[0].quote == "Up to 8,000 North Korean troops are in Kursk, US officials said."
    assert ans.citations[1].published == "2024-11-01" and not ans.abstained
    # the prompt numbered the sources our way and carried the question
    sent = "\n".join(m.content for m in model.prompts[-1])
    assert "[2] Title 2 (Wire, 2024-11-02)\nUp to 8,000" in sent
    assert "Question: How many North Korean troops are in Kursk?" in sent


@pytest.mark.parametrize("reply", [
    ABSTAIN, "Sorry: the archive has nothing on that",
    # uncited (or citing no given source), and no source holds the fact
    "It is 9,000 [9].", "9,000.", "It is large.",
])
def test_generative_abstains_without_a_valid_source(reply):
    ans = GenerativeAnswerer(QueuedChatModel(replies=[reply]), load_prompt("answer")).answer("q?", HITS, "q?")
    assert ans.abstained and ans.answer == ABSTAIN and ans.citations == []


@pytest.mark.parametrize("reply", ["It is 8,000 [9].", "Up to 8,000 North Korean troops are in Kursk."])
def test_an_uncited_fact_cites_the_source_that_holds_it(reply):
    """A small model's uncited sentence cites the source holding all of its facts, then is checked as usual."""
    q = "How many North Korean troops are in Kursk?"
    ans = GenerativeAnswerer(QueuedChatModel(replies=[reply]), load_prompt("answer")).answer(q, HITS, q)
    assert not ans.abstained and ans.answer.endswith(" [1].") and "8,000" in ans.answer and ans.answer.count("[") == 1
    assert [c.chunk_id for c in ans.citations] == ["c2"]


def test_generative_model_failure_is_one_line():
    answerer = GenerativeAnswerer(QueuedChatModel(replies=[]), load_prompt("answer"))
    with pytest.raises(ModelError, match="the language model failed: RuntimeError: no reply queued"):
        answerer.answer("q?", HITS, "q?")


def test_settings_pick_the_answerer(embedder):
    assert isinstance(make_answerer(make_settings(), embedder), ExtractiveAnswerer)
    chosen = make_answerer(make_settings(llm={"provider": "openai", "base_url": "http://127.0.0.1:9/v1"}), embedder)
    assert isinstance(chosen, GenerativeAnswerer)
    assert type(chosen.chat_model).__name__ == "ChatOpenAI"
    chosen = make_answerer(make_settings(llm={"provider": "ollama", "model": "qwen2.5"}), embedder)
    assert type(chosen.chat_model).__name__ == "ChatOllama"


def test_empty_and_overlong_questions_are_refused_before_search():
    class Boom:
        recency_policy = None

        def search(self, query, k=None):
            raise AssertionError("searched")

    with pytest.raises(UsageError, match="empty"):
        ask("   ", Boom(), None)
    with pytest.raises(UsageError, match="too long"):
        ask("x" * 5000, Boom(), None)


# -- against the sample archive, real model and real Chroma ---------------------------------------------


def test_extractive_answers_kursk_with_the_right_citation(sample_app):
    ans = ask("How many North Korean troops are in Kursk?", sample_app.retriever, sample_app.answerer)
    assert not ans.abstained
    assert "8,000" in ans.answer
    first = ans.citations[0]
    assert "8,000" in first.quote and "Kursk" in first.quote
    chunk = sample_app.archive.get_chunks([first.chunk_id])[0]
    assert first.quote in chunk.text
    assert first.outlet and first.published and first.url.startswith("https://")


def test_what_happened_is_answered_by_the_articles_lead(sample_app):
    # Every sentence of the COP29 article shares the question's words through its headline; the lead tells the deal.
    ans = ask("What did COP29 agree?", sample_app.retriever, sample_app.answerer, as_of=date(2024, 12, 20))
    assert not ans.abstained and ans.answer.startswith("Negotiators at the COP29 climate summit")


@pytest.mark.parametrize(
    ("question", "holds", "not_first"),
    [
        # "what happened" frames the question: the lead tells the strike, not a sentence with "what happened to"
        ("What happened in Kharkiv on September 2?", "glide bombs on Kharkiv", "Kharkiv sits"),
        # "170-millimetre" guns are no count of troops
        ("How many North Korean troops are in Kursk?", "troops are now in Russia's Kursk region",
         "might send more troops"),
        # "the 1,000th day" is no count of missiles
        ("How many missiles did Russia fire on November 17?", "120 missiles", "ATACMS"),
        # the lead tells what Seoul said, though the search hit a later chunk of the article
        ("What did Seoul say about North Korean special forces in October 2024?", "has begun sending special forces",
         "Ukraine had warned"),
        # a country that will lend reports a payment
        ("Which countries pay the remaining $10 billion of the G7 loan?", "Britain, Canada and Japan", "designed"),
        # the best sentence tells its event on 14 November; another article tells the withdrawal of early October
        ("Which town did Ukraine leave in early October 2024?", "withdrawn from Vuhledar", "Kurakhove"),
        # "since Ukraine gave up Vuhledar", after "has come under pressure", is a time, not a cause
        ("Why did Ukraine leave Vuhledar?", "to save personnel", "Kurakhove"),
        # a spelled-out count is a count: not the storm toll of a background sentence of another day's article
        ("How many people were killed in the November 17 strike?", "seven people were killed", "Trami"),
        ("How many points do Barcelona have in the Champions League?", "six points", "Aston Villa"),
        # the headline holds the question's words: its lead answers
        ("Who did Barcelona beat 4-1?", "Barcelona beat Bayern Munich 4-1", "Aston Villa"),
        # an older article's sentence that answers clearly better beats a newer one that only shares the topic
        ("What did Austin say about North Korean troops who join the fight?", "legitimate targets", "marines"),
        ("How much generating capacity has Ukraine lost?", "half of its generating capacity", "400,000"),
        ("How many troops has Russia massed to retake Kursk?", "50,000 soldiers", "several thousand"),
        # "would take weeks" is a duration, if uncounted
        ("How long will repairs take after the 28 November strike?", "repairs would take weeks", "Oreshnik"),
        # "the FAA" is the Federal Aviation Administration the article spells out
        ("When did the FAA grant the launch licence?", "Federal Aviation Administration granted", "chopsticks"),
        # a week of a month, the week up to a day, a day that ends the period: not a day an article must give
        ("How many glide bombs did Russia drop in the last week of October?", "1,100 guided aerial bombs",
         "900 guided bombs"),
        ("How many drones did Russia launch in the week to 27 October?", "560 attack drones", "nearly 500"),
        # "the week before" a day counts up to it, as "in the week before Sunday, 27 October" does; not the
        # December strike's 200 drones, told of a day outside that week
        ("How many attack drones did Russia launch at Ukraine in the week before 27 October?", "560 attack drones",
         "nearly 200"),
        ("How many troops did North Korea send by December 1?", "12,000", "170-millimetre"),
    ],
)
def test_sample_questions_are_answered_by_the_sentence_that_answers_them(sample_app, question, holds, not_first):
    ans = ask(question, sample_app.retriever, sample_app.answerer, as_of=date(2024, 12, 20))
    assert not ans.abstained
    first = ans.answer.split(" [1]")[0]
    assert holds in first and not_first not in first


def test_a_weekday_in_a_question_is_the_day_it_names(sample_app):
    """Asked on Monday 18 November, "on Sunday" is 17 November: not the Saturday of an October week's Zaporizhzhia
    strike, whose "Among the cities hit" shares more of the question's words."""
    ans = ask("Which cities did Russia hit in its attack on Sunday?", sample_app.retriever, sample_app.answerer,
              as_of=date(2024, 11, 18))
    first = ans.answer.split(" [1]")[0]
    assert "17 November" in first and "Zaporizhzhia" not in first


@pytest.mark.parametrize(
    "question",
    ["Who won the 2031 Tour de France?", "What is the recipe for sourdough bread?",
     "How many goals did Messi score in the 2030 World Cup final?", "How tall is the Eiffel Tower?",
     # a wrong premise: Russia, not Ukraine, is advancing on Kurakhove, and no sentence tells a capture
     "When did Ukraine capture Kurakhove?"],
)
def test_extractive_abstains_when_the_archive_has_nothing(sample_app, question):
    ans = ask(question, sample_app.retriever, sample_app.answerer)
    assert ans.abstained and ans.answer == ABSTAIN and ans.citations == []


def test_an_abstention_on_a_period_says_which_period_was_read(sample_app):
    """"Last week" is counted from the reference date; an archive that stopped in 2024 has nothing from then."""
    ans = ask("How many drones did Russia launch last week?", sample_app.retriever, sample_app.answerer,
              as_of=date(2026, 12, 1))
    assert ans.abstained and ans.citations == []
    assert ans.answer == ("The archive has nothing on that from 23 Nov to 29 Nov 2026; its newest article is from "
                          "19 Dec 2024.")
    # A period the archive spans, with nothing on the subject: only the period is said.
    before = ask("Who won the Nobel Peace Prize in 2023?", sample_app.retriever, sample_app.answerer,
                 as_of=date(2024, 12, 20))
    assert before.abstained and before.answer == "The archive has nothing on that in 2023."
    # The same question about a week the archive covers is answered.
    covered = ask("How many drones did Russia launch last week?", sample_app.retriever, sample_app.answerer,
                  as_of=date(2024, 10, 28))
    assert not covered.abstained


def test_every_marker_has_a_citation_and_every_quote_is_in_its_chunk(sample_app):
    from gazette.citations import markers

    for q in ["How many drones did Russia launch in a week?", "What did Syrskyi say about the offensive?",
              "Which settlements did Russia claim to capture?", "How many North Korean troops are in Kursk?"]:
        ans = ask(q, sample_app.retriever, sample_app.answerer)
        if ans.abstained:
            continue
        assert sorted(set(markers(ans.answer))) == [c.n for c in ans.citations]
        for c in ans.citations:
            assert c.quote in sample_app.archive.get_chunks([c.chunk_id])[0].text


def test_generative_path_end_to_end_with_fake_model(sample_store, embedder):
    from tests.conftest import open_reader

    model = QueuedChatModel(replies=[
        lambda prompt: f"Up to 8,000, US officials said [{source_number_with('8,000', prompt)}]. Also see [42].",
        # a claim pinned on a source that does not hold it is dropped, and with it the whole answer
        lambda prompt: f"Exactly 9,999 troops arrived [{source_number_with('Kursk', prompt)}].",
    ])
    app = open_reader(make_settings(sample_store), sample_store, embedder=embedder, chat_model=model)
    try:
        ans = ask("How many North Korean troops are in Kursk?", app.retriever, app.answerer)
        wrong = ask("How many North Korean troops are in Kursk?", app.retriever, app.answerer)
    finally:
        app.close()
    assert ans.answer == "Up to 8,000, US officials said [1]. Also see."
    assert len(ans.citations) == 1 and "8,000" in ans.citations[0].quote
    assert wrong.abstained and wrong.citations == []


def test_filters_limit_dates_and_outlets(sample_app):
    from datetime import date as d

    from gazette.models import SearchFilters

    q = "North Korean troops in Russia"
    late = sample_app.retriever.search(q, filters=SearchFilters(since=d(2024, 12, 1)))
    assert late and all(h.chunk.published >= d(2024, 12, 1) for h in late)
    early = sample_app.retriever.search(q, filters=SearchFilters(until=d(2024, 10, 25)))
    assert early and all(h.chunk.published <= d(2024, 10, 25) for h in early)
    one = sample_app.retriever.search(q, filters=SearchFilters(outlets=("pacific herald",)))
    assert one and {h.chunk.outlet for h in one} == {"Pacific Herald"}
    assert sample_app.retriever.search(q, filters=SearchFilters(outlets=("No Such Outlet",))) == []


def test_follow_up_uses_the_conversation(sample_app):
    first = "How many drones did Russia launch in the week before 27 October?"
    a1 = ask(first, sample_app.retriever, sample_app.answerer)
    a2 = ask("and how many missiles?", sample_app.retriever, sample_app.answerer,
             history=[("user", first), ("assistant", a1.answer)])
    assert a2.searched_query != a2.question and "October" in a2.searched_query


def test_extractive_answer_quotes_one_article(embedder):
    """A second sentence comes from the best sentence's article, never from another one that shares its words."""
    settings = make_settings(answer={"max_sentences": 3}).answer

    hits = [
        _hit(1, "Up to 8,000 North Korean troops are in Kursk, US officials said. "
                "The North Korean troops in Kursk number up to 8,000, a Pentagon official added."),
        _hit(2, "North Korean troops in Kursk may number 8,000 or more, an analyst guessed. Kursk is cold."),
    ]
    question = "How many North Korean troops are in Kursk?"
    one = ExtractiveAnswerer.from_settings(embedder, settings).answer(question, hits, question)
    assert not one.abstained
    assert {c.chunk_id for c in one.citations} == {"c1"}
    # Without the rule the near-identical sentence of the second article is quoted as well.
    both = ExtractiveAnswerer(embedder, settings.min_support, settings.max_sentences, one_article=False).answer(
        question, hits, question)
    assert {c.chunk_id for c in both.citations} == {"c1", "c2"}


def test_extractive_answers_an_outcome_only_with_a_sentence_that_reports_it(answerer):
    """"Who won ...?" is not answered by a preview of the final, however close its words; it is by the result."""
    question = "Who won the Harbour Cup final in November 2024?"
    preview = _hit(1, "The Harbour Cup final between the Gulls and the Otters is on Sunday at Pier Stadium. "
                      "Both sides have injury worries.", title="Harbour Cup final preview")
    assert answerer.answer(question, [preview], question).abstained
    result = _hit(2, "The Gulls beat the Otters 3-1 in the Harbour Cup final at Pier Stadium on Sunday.",
                  title="Gulls take the Harbour Cup")
    answer = answerer.answer(question, [preview, result], question)
    assert not answer.abstained
    assert [c.chunk_id for c in answer.citations] == ["c2"] and "3-1" in answer.answer


@pytest.mark.parametrize(("asked", "told"), [
    ("replace", "replacing"), ("hire", "hired"), ("close", "closed"), ("raise", "raising"),
    ("tornado", "tornadoes"), ("score", "scored"), ("open", "opened"),
])
def test_a_question_word_is_met_by_each_of_its_forms(asked, told):
    assert term_set(asked) <= matching_terms(told)


@pytest.mark.parametrize(("asked", "told"), [
    ("plane", "plans"), ("plan", "plane"), ("car", "cares"), ("care", "car"), ("2021", "202"),
])
def test_a_question_word_is_not_met_by_another_word(asked, told):
    assert not term_set(asked) & matching_terms(told)


@pytest.mark.parametrize(("question", "asked"), [
    ("Which GM-owned company will run robotaxis in Austin?", {"gm", "austin"}),
    ("How many deaths did the Harvard-led study count?", {"harvard"}),
    ("Which Texas-based airline cut flights?", {"texa"}),  # stemmed as every term is
    ("What second 'Black-ish' spinoff did ABC add?", {"black-ish", "abc"}),  # a title, not a compound of roles
    ("Who did Rose Lavelle replace?", {"rose", "lavelle"}),
    ("How many animals were rescued from the Scotch Plains, N.J., puppy mill?", {"scotch", "plain"}),  # no "n", "j"
    ("What record low did China's yuan hit against the U.S. dollar?", {"china"}),
])
def test_the_names_a_question_asks_about(question, asked):
    assert asked_names(question) == asked


@pytest.mark.parametrize(("question", "text", "missing"), [
    ("Where were Israel-Hamas cease-fire talks held?", "Israel and Hamas sent envoys to Cairo.", set()),
    ("Where were Israel-Hamas cease-fire talks held?", "Israeli envoys flew to Cairo.", {"israel-hama"}),
    ("How many cases did Coca-Cola recall?", "Coca-Cola recalled 3,000 cases.", set()),
    ("How many cases did Coca-Cola recall?", "The company recalled 3,000 cases.", {"coca-cola"}),
    # each part of a pair is a name as a term: "Chiefs" is met by "the Chiefs", whatever its place in the pair
    ("How many watched the Gulls-Hawks final?", "The Hawks beat the Gulls before 9,000 fans.", set()),
    ("How many watched the Gulls-Hawks final?", "The Hawks beat the Owls before 9,000 fans.", {"gulls-hawk"}),
    ("How far is the Texas-Mexico border from here?", "Texas sent troops to the border with Mexico.", set()),
    # a name of where a thing is from is met by the place's name
    ("Which film topped the North American box office?", "It opened to $43 million in North America.", set()),
    ("How many Californian voters backed it?", "California voters backed it.", set()),
    ("Which European team won?", "The best team in Europe won.", set()),
    ("Which North American team won?", "The best team in North Carolina won.", {"american"}),
    ("How many Australian troops left?", "Austria sent troops home.", {"australian"}),
    # a country by any of its forms
    ("Which Pakistani cities reached 47 degrees?", "Two cities in Pakistan hit 47 degrees.", set()),
    ("In which Ukrainian city did the strike hit?", "The strike hit a city in eastern Ukraine.", set()),
    ("Which Canadian singer was left off the list?", "Canada's best-known singer was left off.", set()),
    ("How many flights were canceled in the United States?", "American airlines canceled 3,000 flights.", set()),
    ("Which Pakistani cities reached 47 degrees?", "Two cities in India hit 47 degrees.", {"pakistani"}),
])
def test_the_names_a_text_lacks(question, text, missing):
    assert names_missing(asked_names(question), matching_terms(text)) == missing


@pytest.mark.parametrize(("question", "placed"), [
    ("Why did the Port Ash Gulls trade Jo Banks to the Lake Town Herons in August 2022?", {"lake", "town", "heron"}),
    ("Why did Tom Reyes sign with the Harbour City Sox in December 2019?", {"harbour", "city", "sox"}),
    ("Why did Mara Vell lose to Ana Ruiz in the 2021 quarterfinals?", {"vell", "ana", "ruiz"}),
    ("How did Mara Vell score in the final against Lakeland?", {"lakeland"}),
    ("Why did Mara Vell withdraw from the Lake Town Open in 2017?", {"lake", "town", "open"}),
    ("Why did Mara Vell withdraw from the US Open in August 2017?", {"open"}),  # "US" is also "U.S."
    # both sides of a contest, each by its last word
    ("By what score did the Gulls beat the Herons in Game 3 of the 2019 final?", {"gull", "heron"}),
    ("Why did Mara Vell beat Ana Ruiz?", {"vell", "ruiz"}),
    ("What was Port Ash's 2022 season-opening win over Lakeland?", {"ash", "lakeland"}),
    # no name placed: what happened with a name, a month, an initialism written with stops, a name that does the deed
    ("What happened with Lake Town Mayor Tom Reyes's account in September 2014?", set()),
    ("Why did the Gulls move to March?", set()),
    ("What record low did the yuan hit against the U.S. dollar?", set()),
    ("Why did the club sign Ana Ruiz?", set()),
])
def test_the_names_a_question_places_its_event_with(question, placed):
    assert placed_names(question) == placed


@pytest.mark.parametrize(("question", "named"), [
    ("Why did the Port Ash Gulls fire coach Tom Reyes in November 2024?", {"reye"}),  # a port is no one
    ("Who is Mara Vell?", {"vell"}),
    ("What did President Ana Ruiz say in Lake Town?", {"ruiz"}),
    ("How fast was Jo Banks in Formula One?", {"bank"}),  # a number ending a name is no last name
    # no one named in full: a single name, a conference's award, a place after "in"
    ("What did Vell's aides say?", set()),
    ("Who was named the Western Conference Rookie of the Month?", set()),
    ("What happened in Port Ash in 2021?", set()),
])
def test_the_last_names_of_the_people_a_question_names(question, named):
    assert named_surnames(question) == named


def test_extractive_refuses_an_article_on_someone_else_of_the_same_first_name(answerer):
    """"Steve Kerr" is not Steve Nash: an article that never names the question's person by last name is about
    someone else, though it has the rest of the question's names."""
    _abstains_then_answers(
        answerer, "Why did the Port Ash Gulls fire coach Tom Reyes in November 2024?",
        _hit(1, "The Port Ash Gulls fired coach Tom Nash on Tuesday after a 2-9 start, the team said. "
                "Nash had led the Gulls since 2021."),
        _hit(2, "The Port Ash Gulls fired coach Tom Reyes on Tuesday after a 2-9 start, the team said. "
                "Reyes had led the Gulls since 2021."),
        "2-9 start")


@pytest.mark.parametrize(("question", "place"), [
    ("How many people died when an overpass collapsed in Port Ash, Lakeland, in May 2021?", {"port", "ash"}),
    ("What did Mara Vell say at the Lake Town Grand Prix in July 2022?", {"lake", "town", "grand", "prix"}),
    ("Who shot at the fugitive near Bayview in September 2023?", {"bayview"}),
    ("Why did the court in the Netherlands rule against Jo Banks?", {"netherland"}),
    ("Who won the Lake Town Open held at Harbour Park's stadium?", {"harbour", "park"}),
    ("Who scored in the NBA Finals in June 2019?", {"final"}),  # an occasion is a setting too
    # no place: a month or a day, a name in capitals, an initialism, a lower-case noun
    ("What did the Gulls do in March 2023?", set()),
    ("What did the Gulls announce on Monday in May?", set()),
    ("How much exercise does Tom Reyes suggest, as cited in USA TODAY's piece?", set()),
    ("What did the mayor say in a speech in 2019?", set()),
    # a state or country that qualifies the place in the possessive is left to the place; a date leaves it the place
    ("How big a bond did voters in Delaware's Marsh Creek District approve?", {"marsh", "creek", "district"}),
    ("What erupted at Italy's Mount Vento in October 2022?", {"mount", "vento"}),
    ("Which incumbent lost in Delaware's May 2015 school board elections?", {"delaware"}),
    ("Who won the eating contest at Harbour Park's stadium?", {"harbour", "park"}),  # no state: the owner stays
    # so is a state or country named after the place, as after a comma; on its own, or after a thing, it is the place
    ("What happened at the Newark Shopping Center in Delaware in September 2015?", {"newark", "shopp", "center"}),
    ("What happened in Port Ash in Italy in May 2021?", {"port", "ash"}),
    ("What happened in Delaware in September 2015?", {"delaware"}),
    ("Who won the eating contest at the fair in Delaware?", {"delaware"}),
])
def test_the_place_a_question_sets_its_event_in(question, place):
    assert set_in_names(question) == place


@pytest.mark.parametrize(("question", "text", "missing"), [
    ("What happened in Port Ash in 2021?", "Flooding hit Port Ash on Monday.", set()),
    ("What happened in Port Ash in 2021?", "Flooding hit Bayview on Monday.", {"port", "ash"}),
    ("What happened at the Lake Town Grand Prix?", "At the Bayview Grand Prix, Vell crashed.", {"lake", "town"}),
    # a country is named any way news names it
    ("Why did a court in the Netherlands fine Jo Banks?", "A Dutch court fined him.", set()),
    ("Which beer sold best in the United States in 2022?", "Lite led the U.S. market.", set()),
    ("Which beer sold best in the United States in 2022?", "Lite led the American market.", set()),
    ("Which beer sold best in the United States in 2022?", "Lite led the British market.", {"unit", "state"}),
    ("Why was Jo Banks jailed in China?", "A Russian court jailed Banks.", {"china"}),
    # England, Scotland and Wales are each their own
    ("Where in Scotland were the axes found?", "The axes were found in southern Britain.", {"scotland"}),
    ("Why was Jo Banks jailed in Scotland?", "A Scottish court jailed Banks.", set()),
    ("Why was Jo Banks jailed in Britain?", "A British court jailed Banks.", set()),
])
def test_the_place_of_the_event_a_text_lacks(question, text, missing):
    assert names_missing(set_in_names(question), matching_terms(text) | initialisms(text)) == missing


def test_an_article_that_never_names_the_place_a_question_sets_its_event_in_does_not_answer(answerer):
    """"How many died when the overpass collapsed in Ashford?" is not answered by a collapse in another town, though
    the article holds every other name the question asks about (before, a third of them could be missing)."""
    question = "How many people died when the Gull Line overpass of Harbour City Metro collapsed in Ashford in May 2021?"
    elsewhere = _dated_hit(1, "The Gull Line overpass of Harbour City Metro collapsed in Bayview on Monday, killing 26 "
                              "people.", date(2021, 5, 4), "Gull Line overpass collapses")
    there = _dated_hit(2, "The Gull Line overpass of Harbour City Metro collapsed in Ashford on Monday, killing 26 "
                          "people.", date(2021, 5, 4), "Gull Line overpass collapses")
    _abstains_then_answers(answerer, question, elsewhere, there, "26")


def test_an_article_that_never_names_the_place_of_the_event_does_not_answer(answerer):
    """"Why did the Gulls trade Jo Banks to Lakeland?" is not answered by his trade to another team, though the
    article holds every other name the question asks about."""
    question = "Why did the Port Ash Gulls trade Jo Banks to Lakeland in August 2022?"
    elsewhere = _dated_hit(1, "The Port Ash Gulls traded Jo Banks to Bayview on Monday because they needed pitching.",
                           date(2022, 8, 2), "Gulls trade Banks")
    there = _dated_hit(2, "The Port Ash Gulls traded Jo Banks to Lakeland on Monday because they needed pitching.",
                       date(2022, 8, 2), "Gulls trade Banks")
    _abstains_then_answers(answerer, question, elsewhere, there, "needed pitching")


def test_a_question_about_the_us_is_answered_by_an_article_that_writes_u_s(answerer):
    """"the US national average" is named by an article that writes "the U.S."; its only name cannot be missing."""
    question = "How much was the US national average for a gallon of regular gas in March 2022?"
    hit = _dated_hit(1, "As of Sunday afternoon, the U.S. national average for a gallon of regular gas was $4.009, "
                        "according to AAA.", date(2022, 3, 6), "Gas tops $4 a gallon")
    answer = answerer.answer(question, [hit], question)
    assert not answer.abstained and "$4.009" in answer.answer


def test_a_compound_names_what_its_head_names(answerer):
    """"Which GM-owned company ...?" is about General Motors ("GM"), which the article names in full."""
    question = "Which GM-owned company will run driverless robotaxis in Austin by the end of the year?"
    hit = _hit(1, "San Francisco-based Cruise, which is owned by General Motors, says it will run driverless "
                  "robotaxis in Austin by the end of the year.", title="Robotaxis come to Austin")
    answer = answerer.answer(question, [hit], question)
    assert not answer.abstained and "Cruise" in answer.answer


@pytest.mark.parametrize("question", ["Any updates?", "Is there any news?", "Anything new?"])
def test_a_news_frame_with_no_subject_has_nothing_to_look_for(embedder, question):
    """"Any updates?" asked on its own (outside a conversation) names nothing: not the "updated" of any sentence."""
    answerer = ExtractiveAnswerer.from_settings(embedder, make_settings().answer)
    hit = _hit(1, "Hours later, the president approved an updated nuclear doctrine with new developments in it. "
                  "There is news of more talks.", title="Doctrine updated")
    assert answerer.answer(question, [hit], question).abstained


@pytest.mark.parametrize(("question", "kind"), [
    ("How many spectators attended the final in December 2015?", "spectator"),
    ("How many ILA union dockworkers were ready to strike?", "dockworker"),
    ("How many soldiers did North Korea send?", "troop"),  # soldiers and troops are one kind
    ("How many square feet is the new store?", "foot"),
    ("How many people died in the fire?", None),  # people are named in every article's words
    ("How many times did he score?", None),
    ("How many years was he sentenced to?", None),
    ("How many were hurt?", None),
    ("How much rain fell in Houston?", None),  # "how much": an amount, not a thing counted
    ("What did the city spend?", None),
])
def test_the_kind_a_question_counts(question, kind):
    assert counted_kind(question) == kind


@pytest.mark.parametrize(("kind", "text", "named"), [
    ("spectator", "More than 2,000 spectators packed the gym.", True),
    ("dockworker", "About 45,000 port workers could walk off the job.", True),  # the end of the compound
    ("troop", "Up to 10,000 soldiers are in Russia.", True),
    ("foot", "The 55,000-square-foot store opens Friday.", True),
    ("spectator", "Elmira won the final 75-28 at the 17th annual classic.", False),
    ("ticket", "The theater will seat 100 people for each show.", False),
])
def test_whether_a_text_names_what_is_counted(kind, text, named):
    assert names_counted(kind, matching_terms(text)) is named


def test_an_article_that_never_names_what_is_counted_does_not_answer(answerer):
    """"How many spectators attended ...?" is not answered by the final's score: the article counts no spectators."""
    question = "How many spectators attended Elmira's win in the girls Division 2 final?"
    hit = _hit(1, "Elmira beat North Penn-Mansfield 75-28 in the girls Division 2 final at the 17th annual holiday "
                  "classic, its first title of any kind.", title="Elmira girls win holiday final")
    counted = _hit(2, "Elmira beat North Penn-Mansfield 75-28 in the girls Division 2 final before 1,200 spectators.",
                   title="Elmira girls win holiday final")
    _abstains_then_answers(answerer, question, hit, counted, "1,200")


@pytest.mark.parametrize(("question", "deed"), [
    ("Why did the Los Angeles Angels fire Ron Washington as manager in November 2023?", ("fire",)),
    ("Why was Tony Danker promoted to chairman of the CBI in April 2023?", ("promoted",)),
    ("How did Arsenal beat Premier League leader Leicester 2-1 in February 2016?", ("beat",)),
    ("Why did Gotabaya Rajapaksa flee Sri Lanka in July 2022?", ("flee",)),
    ("Why was Brittney Griner facing transfer to a penal colony?", ("facing",)),
    ("Why did Yale decide in February 2017 to rename its Calhoun college?", ("decide", "rename")),  # either
    ("Why did China stop requiring a negative PCR test in April 2023?", ("stop",)),  # told as stopped, not required
    ("Why did Elon Musk refuse to reinstate Donald Trump's account?", ("refuse",)),
    ("How did the FDA come to inspect the warehouse?", ("come", "inspect")),
    ("Why did oil and gas companies plan more layoffs?", ()),  # the subject is no name
    ("Why did Elvis Presley's granddaughter stop the sale of Graceland?", ()),  # "granddaughter" is no deed
    ("Why did German artist Boris Eldagsen refuse the award?", ()),  # a noun's ending
    ("Why did Benjamin Franklin insist on drafting it himself?", ("insist",)),  # a verb's, not a noun's
    ("Why did the Lakers starters sit out?", ()),  # a plural after "did" is no verb
    # a post or role after the name is the subject's: the deed comes after it
    ("Why did a Delaware senator push in 2018 for free tampons at the women's prison?", ("push",)),
    ("Why did the Lakers players leave early?", ("leave",)),
    ("Why was Fort Delaware known as an eerie place?", ("known",)),
    ("Why was ESPN able to bid?", ()),  # no participle after "was"
    ("Why did Biden say that?", ()),  # a verb too common to tell anything
    ("What did Ron Washington say about the Angels?", ()),  # not a why or how question
])
def test_the_deed_a_why_question_takes_as_given(question, deed):
    assert asked_deed(question) == deed


@pytest.mark.parametrize(("deed", "text", "told"), [
    (("fire",), "The Angels fired Ron Washington on Friday.", True),
    (("fire",), "The Angels hired Ron Washington as their manager on Friday.", False),  # the premise is wrong
    (("flee",), "Rajapaksa fled to the Maldives on a military plane.", True),  # an irregular past
    (("beat",), "Arsenal won 2-1 at Leicester on Sunday.", True),  # an outcome's word
    (("facing",), "Griner faces a transfer to a penal colony.", True),
    (("promoted",), "Tony Danker was dismissed as director general.", False),
    (("decide", "rename"), "Yale said Saturday it is renaming Calhoun College.", True),
    (("leave",), "Ukrainian forces have withdrawn from Vuhledar.", True),  # a verb for the same deed
    (("stopped",), "The state will scrap the rule on Saturday.", True),
    (("bar",), "The court allowed agents to cut the wire.", False),  # not the deed asked about
    (("refuse",), "Musk reinstated Trump's account on Saturday.", False),
])
def test_whether_a_text_tells_a_deed(deed, text, told):
    assert tells_deed(deed, matching_terms(text)) is told


def test_an_article_that_never_tells_the_deed_asked_why_of_does_not_answer(answerer):
    """"Why did the Angels fire Ron Washington?" takes a firing as given; an article about his hiring tells why he
    was hired, which answers nothing that was asked."""
    question = "Why did the Los Angeles Angels fire Ron Washington as manager?"
    hired = _hit(1, "The Los Angeles Angels hired Ron Washington as manager because of his long experience with "
                    "young players.", title="Angels name Washington manager")
    fired = _hit(2, "The Los Angeles Angels fired Ron Washington as manager because of the team's losing season.",
                 title="Angels part ways with Washington")
    _abstains_then_answers(answerer, question, hired, fired, "losing season")


@pytest.mark.parametrize(("question", "asked"), [
    ("What was the name of the Brooklyn man who fled the checkpoint in December 2020?", True),
    ("What were the names of the two men whose remains were found at Pompeii?", True),  # a person's role
    ("What's the name of the hotel group's president and CEO who warned of closures?", True),  # "who"
    ("What was the name of Brendan Fraser's partner who watched him backstage?", True),
    ("What are the names of the people police arrested for the break-ins?", True),  # "people"
    ("What was the name of the Texas drill team whose routine drew criticism?", False),  # a team, "whose"
    ("What is the name of the restaurant that Dave Weir planned to open?", False),
    # "who" and a person's role ask the name
    ("Who was the pilot?", True),
    ("Who was the passenger killed when a private jet hit severe turbulence in March 2023?", True),
    ("Who were the two firefighters killed when a floor collapsed in September 2016?", True),
    ("Who is the Tetris player who competes as 'Blue Scuti'?", True),
    ("Who is the suspect's lawyer?", True),
    ("Who was the winner of the Super Bowl in 2023?", False),  # a team may win
    ("Who was the buyer of the Dolle's property?", False),  # a firm may buy
    ("Who is the favorite to win the race?", False),
    ("Who were the Chiefs' opponents in the final?", False),
    ("Which Labour MP demanded in February 2022 that no public money go toward the settlement?", True),
    ("Which former Federal Reserve chairman did the board say should get the medal?", True),
    ("Which federal judge blocked part of the border wall funding in May 2019?", True),
    ("Which two top aides to the prime minister resigned in June 2017?", True),
    ("Which 44-year-old English golfer reached his first major in July 2022?", True),
    ("Which athlete was named the league's Most Valuable Player?", True),
    ("Which two members of Congress unveiled the bill in July 2023?", True),
    ("Which member of the royal family missed the service?", True),
    ("Which member states of the bloc voted no?", False),
    # any word may describe one person's role, but no verb, stop word or plural ("union workers" are a kind)
    ("Which union leader warned in February 2018 against loosening the pilot rule?", True),
    ("Which world leader met with President Joe Biden at the White House this week?", True),
    ("Which professional golfer won the 2023 Masters Tournament?", True),
    ("Which union workers went on strike this week?", False),
    ("Which Oregon counties started letting drivers pump their own gas in 2012?", False),
    ("Which country became the newest member of NATO in 2023?", False),
    ("What is the real name of the Lakeland trader, called 'Peter' in the report, who lost $6 million?", True),
    ("In May 2023, which driver did Ross Chastain crash with at Darlington?", True),
    ("Which team won the Women's College World Series softball title in June 2024?", False),  # a team
    ("Which hospital did Delaware Attorney General Beau Biden visit for cancer tests?", False),  # a place
    ("Which players' union sued the league in 2021?", False),  # "players'" is no person
    ("What did Virginia students do in September 2022 to protest the policies?", False),
])
def test_a_question_asks_for_a_persons_name(question, asked):
    assert asks_person_name(question) is asked


@pytest.mark.parametrize(("sentence", "named"), [
    ("The jet was flown by Capt. Kenji Sato, the airline said.", True),
    ("Soyuz commander Artemyev took a question on the suits.", True),  # a role before the name
    ("Half of U.S. hotels could close, according to Chip Rogers, the group's president.", True),
    ("Rogers said the closures would last months.", True),  # the article gives "Chip Rogers" in full
    ("A male passenger at New York's JFK International Airport ran from officers.", False),  # a place
    ("The wounded were flown on Air Force planes to Nairobi, Kenya.", False),  # an institution, a place
    ("On Jan. 17, Michigan saw a meteor flash.", False),  # a date and one name
    ("The captain Tuesday told passengers to stay aboard.", False),  # a role before a weekday
    ("Those on board the Grand Princess may have been exposed.", False),  # the question's own name
    ("Ticketmaster apologized to Swift and her fans.", False),  # "Ticketmaster Verified Fans" is no person
    ("Congress wants answers from the CEO of the company.", False),
    ("In a letter to the company's CEO Michael Rapino Tuesday, the committee asked for a briefing.", True),
    # a country's name or adjective inside a run makes it a thing, a firm or a team; before one it describes it
    ("The jet hit a turboprop De Havilland Canada Dash 8 waiting for takeoff.", False),
    ("Passengers on a Delta Air Lines flight said they were offered $10,000.", False),
    ("Players of the New England Patriots said they would not go.", False),
    ("American Airlines' Flight 718 landed early.", False),  # a plural possessive is the institution's
    ("British Prime Minister Rishi Sunak thanked the crew.", True),
    ("The captain, Tom Holland, spoke to them.", True),  # a country's form that is a person's name too
    # a country of two words is no person, as a state of two words is not
    ("New York confirmed a strain that has swept through the United Kingdom.", False),
    ("Officials in Saudi Arabia and New Zealand agreed.", False),
    # a last name of the article's is a person's standing alone, not as a word of a longer name
    ("The woman was outside on North Shore Drive when the branch fell.", False),
    ("Shore said the road would reopen.", True),
])
def test_a_sentence_names_a_person(sentence, named):
    question = "What was the name of the person on the Grand Princess who told passengers the results?"
    article = surnames("Chip Rogers, president of the group, spoke on Monday. Ticketmaster Verified Fans failed. "
                       "Tornadoes hit Maryland's Eastern Shore.")
    assert names_a_person(question, sentence, article) is named


@pytest.mark.parametrize(("question", "sentence", "named"), [
    # the person the question names by title and surname, named in full, is no other person
    ("What was the name of the official in Prime Minister Netanyahu's office who said Israel offered a truce?",
     "An official in Prime Minister Benjamin Netanyahu's office said the Israeli leader was responding.", False),
    ("Which Washington Capitals players did President Trump disinvite from the visit?",
     "The Capitals accepted an invitation to meet with President Donald Trump at the White House.", False),
    # another person of the same surname, or one the question names only by surname, is a name
    ("What was the name of the official in Prime Minister Netanyahu's office who said Israel offered a truce?",
     "Netanyahu's adviser, Ron Dermer, met Egyptian officials.", True),
    ("What is the name of Tommy Gray's daughter?", "Tommy Gray said his daughter Emma Gray was terrified.", True),
    ("What is the name of Netanyahu's wife?", "Sara Netanyahu, his wife, spoke to reporters.", True),
])
def test_a_sentence_names_a_person_the_question_does_not(question, sentence, named):
    article = surnames(f"{sentence} Benjamin Netanyahu and Donald Trump spoke.")
    assert names_a_person(question, sentence, article) is named


@pytest.mark.parametrize(("question", "another"), [
    ("When did the Biden administration say in August 2021 that booster shots would begin?", True),  # the saying
    ("When did NATO last expand before it invited Montenegro to join in December 2015?", True),  # another clause
    ("When did Samsung say its phones would go on sale, after unveiling them in August 2020?", True),
    ("When was Serena Williams' daughter born, as she announced in September 2017?", True),
    ("When did Target stop accepting personal checks in 2024?", False),  # the date is the event's own
    ("When did Ida hit New Orleans in August 2021?", False),
    ("When did the Education Department say the forms would be ready?", False),  # no date stated
])
def test_a_when_question_dates_another_event(question, another):
    assert dates_another_event(question) is another


@pytest.mark.parametrize(("sentence", "published", "kept"), [
    ("NATO invited Montenegro on Wednesday to become its 29th member.", date(2015, 12, 2),
     "NATO invited Montenegro to become its 29th member."),  # the report's own day
    ("The plan was unveiled yesterday.", date(2021, 8, 19), "The plan was unveiled ."),
    ("Biden will address the nation on Wednesday at 8 p.m.", date(2024, 7, 22),
     "Biden will address the nation on Wednesday at 8 p.m."),  # a day to come
    ("Williams wrote Wednesday that their daughter was born on Sept. 1.", date(2017, 9, 13),
     "Williams wrote that their daughter was born on Sept. 1."),  # a printed date stays
    ("The palace said Wednesday she would stay away until after Easter.", None,
     "The palace said Wednesday she would stay away until after Easter."),  # no publication date: nothing known
])
def test_a_sentence_without_the_days_of_its_report(sentence, published, kept):
    assert " ".join(without_report_days(sentence, published).split()) == kept


def test_a_when_question_is_not_answered_by_the_day_of_another_event(answerer):
    """"When did Harbour Bank say in November 2024 that its branch would open?" asks the opening's date: the day
    the bank said it is the other event's."""
    question = "When did Harbour Bank say in November 2024 that its new Port Ash branch would open?"
    said = _hit(1, "Harbour Bank said on Monday that it would open a new branch in Port Ash.", title="Bank to open branch")
    told = _hit(2, "Harbour Bank said on Monday that its new branch in Port Ash would open on Dec. 9.",
                title="Bank to open branch")
    _abstains_then_answers(answerer, question, said, told, "Dec. 9")
    # a day named by a holiday, still to come, answers too
    question = "When did Kensington Palace say in November 2024 that the princess would return to public duties?"
    said = _hit(6, "Kensington Palace said Wednesday that the princess was recovering well.", title="Princess rests")
    told = _hit(6, "The princess will stay away from public duties until after Easter, Kensington Palace said Wednesday.",
                title="Princess rests")
    _abstains_then_answers(answerer, question, said, told, "Easter")


@pytest.mark.parametrize(("sentence", "named"), [
    # a person named only as the one who said it is not the man asked for
    ("In a press release, TSA spokesperson Lisa Farbstein said the agency learned the man's identity.", False),
    ("“Fleeing does this man no good,” John Bambury, TSA’s federal security director, said in a statement.", False),
    ("The man fled, said Dr. Nora Colburn, an infectious diseases physician at the hospital.", False),
    ("The director of airport security, Manuel Sanchez, said a Brooklyn man fled the checkpoint.", False),
    # a clause before a speaker does not say what the speaker is, though it names the role asked for
    ("Officers chased him, tackling the Brooklyn man at the gate, Sheriff Randy Atkinson told reporters.", False),
    ("The Brooklyn man was stopped at the gate, Sgt. Andrea Janvier said, and he ran.", False),
    ("A Brooklyn man in a cap fled the JFK Airport checkpoint on a busy Sunday afternoon in December, Lisa Farbstein, "
     "a TSA spokesperson, said.", False),
    ("Police said the man fled, according to Chip Rogers.", False),  # "according to", a surname in full
    ("An email from DSU President Tony Allen said two students were hurt.", False),  # "students from" is no role
    # a speaker the question's role describes, and a person named otherwise, are names
    ("The checkpoint was empty, said Darnell Price, the Brooklyn man who fled it.", True),
    ("Brooklyn resident Darnell Price fled the checkpoint, police said.", True),
    ("Police identified the man as Darnell Price, TSA spokesperson Lisa Farbstein said.", True),
    ("The Bronx man Darnell Price said he had not fled.", True),  # "man" describes the speaker
    # what the speaker is may come between the verb of saying and the name; what was said is no speaker
    ("The man fled the checkpoint, according to TSA public affairs officer Lisa Farbstein.", False),
    ("Police said that Darnell Price fled the checkpoint.", True),
])
def test_a_speaker_is_no_name_asked_for(sentence, named):
    question = "What was the name of the Brooklyn man who fled a JFK Airport checkpoint in December 2020?"
    assert names_a_person(question, sentence) is named


@pytest.mark.parametrize(("question", "sentence", "named"), [
    # a person the sentence gives another role is not the one asked for
    ("What was the name of the ship's captain who told passengers the test results?",
     "Kailee Ott, a passenger on the ship from California, told reporters she was not worried.", False),
    ("What was the name of the fourth passenger who died in February 2020?",
     "The company said so in a statement provided by spokeswoman Alivia Ender.", False),
    ("What was the name of the college faculty member who said administrators feared protests?",
     "“I received an inquiry from concerned faculty,” Kendrick Brown, the college’s provost, wrote.", False),
    ("What was the name of the police officer who beat a man accused of jaywalking?",
     "The council announced the dismissal of City Manager Gary Jackson over the police beating.", False),
    ("What was the name of the athletic director who hired the coach in February 2020?",
     "The board voted 7-0 to approve the hiring, with one trustee (Renee Knake) absent from the vote.", False),
    ("What was the name of the aide in the prime minister's office who spoke in November 2012?",
     "He was greeted in Gaza by the deputy minister, Ismail Haniyeh, on his first trip.", False),
    # the role asked for, a role that says only who a person is, a person named with no role, an official
    ("What's the name of the Worcester Public Schools superintendent who canceled classes in June 2024?",
     "Summer break will start early, Worcester Public Schools Superintendent Rachel Monarrez wrote.", True),
    ("What was the name of the hot sauce customer who sued the maker in September 2022?",
     "When California resident Philip White bought a bottle, he believed it was made in Texas.", True),
    ("What was the name of the Philadelphia pastor and Morehouse alumnus invited to give the sermon?",
     "College President John Wilson and alumni sparred after Wilson invited alumnus Kevin Johnson to preach.", True),
    ("What was the name of the man who was named president of the college in 2019?",
     "The board named Provost John Smith on Tuesday.", True),
    ("Which Live Nation executive did the committee ask for a briefing in December 2022?",
     "In a letter to Live Nation CEO Michael Rapino, the committee demanded a briefing.", True),  # a CEO is one
    ("Which Twitter chief executive did Elon Musk fire in October 2022?",
     "Musk fired CEO Parag Agrawal and two other executives.", True),
    ("What was the name of the Justice Department official who signed the memo?",
     "Deputy Attorney General Rod Rosenstein signed the memo on Tuesday.", True),
])
def test_a_person_with_another_role_is_no_name_asked_for(question, sentence, named):
    assert names_a_person(question, sentence) is named


@pytest.mark.parametrize(("question", "speaker"), [
    ("What was the name of the PGA Tour commissioner who said people would call him a hypocrite?", True),
    ("Which Labour MP demanded in February 2022 that no public money go toward the settlement?", True),
    ("What's the name of the hotel group's president and CEO who warned of closures?", True),
    ("What were the names of the three men wounded at Delaware State University in April 2015?", False),  # "State"
    ("What was the name of the Brooklyn man who fled a JFK Airport checkpoint in December 2020?", False),
    ("What is the name of the report's author?", False),  # a noun, not a verb of saying
])
def test_a_question_asks_for_a_speaker(question, speaker):
    assert asks_speaker(question) is speaker


@pytest.mark.parametrize(("text", "last"), [
    ("Chip Rogers, president of the group, spoke on Monday.", {"rogers"}),
    ("The letter went to Rep. Mike Rogers and to Sen. Amy Klobuchar on Tuesday.", {"rogers", "klobuchar"}),
    ("The letter went to CEO Michael Rapino Tuesday.", {"rapino"}),  # a weekday after a name is no name
    ("The wounded were flown on Air Force planes to Nairobi, Kenya.", set()),
    ("On Jan. 17, Michigan saw a meteor flash.", set()),
    # institutions: "Disease Control", "Israel Defense Forces", "East Nantmeal Township", "Wegmans Food Markets"
    ("The Centers for Disease Control and Prevention and the Israel Defense Forces agreed.", set()),
    ("He reached East Nantmeal Township; Wegmans Food Markets recalled it.", set()),
    ("Dr. Sean Leary of the American Academy of Pediatrics' Committee on Infectious Diseases spoke.", {"leary"}),
    ("De Havilland Canada built it; Rishi Sunak flew in it.", {"sunak"}),
    # a particle of a name is a whole word ("Israel launched" is no "Israel la"), and a name stays in its paragraph
    ("It was the first time since Israel launched the offensive, and Israel devastated it.", set()),
    ("The report was written by Karin Laub\n\nHamas said it fired; Vincent van Gogh painted.", {"laub", "gogh"}),
    # after a title or role, a name is a person's whatever words come before ("House", "Police" name institutions)
    ("The bill pitted House Speaker Rusty Bowers against the tribe.", {"bowers"}),
    ("Police Chief Anthony Goode called it a tragic day; Delta Air Lines said nothing.", {"goode"}),
    # a street, a war, a storm, a conference, a union, a course, a state
    ("The branch fell on North Shore Drive; he served in World War II.", set()),
    ("Tropical Storm Henri and Hurricane Irene did worse; the Western Conference Rookie was named.", set()),
    ("Talks with the European Union began; he teed off on the Old Course Thursday.", set()),
    # a state of two words; a one-word state is a first name too
    ("A representative from South Carolina spoke; New Mexico Gov. Michelle Grisham did not.", {"grisham"}),
    ("Virginia Woolf wrote it.", {"woolf"}),
    # a contest, a competition, a tournament
    ("Mr. Happy Face won the World's Ugliest Dog Contest and the Lake Town Chess Tournament.", {"face"}),
    # a run of names right before a post a body gives is the body's ("United Wholesale Mortgage CEO"); not after
    # a title, nor before a post a person's name is written before ("Trump lawyer"), nor a plain word ("fans")
    ("The United Wholesale Mortgage chairman and CEO tried to buy the team.", set()),
    ("United Wholesale Mortgage CEO Mat Ishbia said so; Lake Town Rovers quarterback Sam Reed agreed.", {"ishbia",
                                                                                                         "reed"}),
    ("Donald Trump lawyer Rudy Giuliani spoke; Taylor Swift fans lined up.", {"trump", "giuliani", "swift"}),
    ("House Speaker Rusty Bowers chairman of the panel, spoke.", {"bowers"}),
])
def test_the_last_names_of_the_people_a_text_names(text, last):
    assert surnames(text) == last


@pytest.mark.parametrize("unnamed", [
    # the article withholds his name
    "A Brooklyn man fled a security checkpoint at New York's JFK International Airport on Monday after TSA officers "
    "found a loaded gun in his carry-on bag.",
    # it names only the spokesperson who told the story
    "A Brooklyn man fled a checkpoint at JFK Airport after TSA officers found a loaded gun in his bag, TSA "
    "spokesperson Lisa Farbstein said on Monday.",
])
def test_a_persons_name_asked_and_withheld_is_not_answered(answerer, unnamed):
    """"What was the name of the Brooklyn man ...?" is not answered by a sentence that names no one, or only the one
    who said it."""
    question = "What was the name of the Brooklyn man who fled a JFK Airport checkpoint after TSA found a gun?"
    withheld = _hit(1, unnamed, title="Man flees JFK checkpoint")
    named = _hit(2, "Police identified the Brooklyn man who fled the JFK Airport checkpoint after TSA officers found "
                    "a loaded gun in his bag as Darnell Price, 34.", title="Man flees JFK checkpoint")
    _abstains_then_answers(answerer, question, withheld, named, "Darnell Price")


def test_extractive_never_answers_with_a_link_to_another_story(embedder):
    settings = make_settings().answer
    question = "How many North Korean troops are in Kursk?"
    hits = [_hit(1, "► Up to 8,000 North Korean troops are in Kursk, officials say\n\n"
                    "Ukraine's army said on Sunday that about 11,000 North Korean troops had reached Kursk.")]
    answer = ExtractiveAnswerer.from_settings(embedder, settings).answer(question, hits, question)
    assert not answer.abstained
    assert "11,000" in answer.answer and "8,000" not in answer.answer


def test_extractive_never_answers_with_a_photos_caption(answerer):
    """A gallery's captions, each opened by its photo's credit, tell what a picture shows; the answer is the text's."""
    question = "After the total lunar eclipse of November 8, when is the next total lunar eclipse?"
    gallery = _hit(8, "Ana Ruiz/Lake Weekly In pictures: November's total lunar eclipse Prev Next "
                      "Ben Ortiz/Wire The last total lunar eclipse for years stunned viewers on November 8.\n\n"
                      "Total lunar eclipses come about once every year and a half on average, and the next total "
                      "lunar eclipse will not take place until March 14, 2025.", title="Total lunar eclipse")
    answer = answerer.answer(question, [gallery], question)
    assert not answer.abstained
    assert "March 14, 2025" in answer.answer and "Prev Next" not in answer.answer


def test_extractive_prefers_the_current_story_over_an_older_article(answerer):
    """An article more than a fortnight older than the reference date ranks lower, but can still answer alone."""

    def on(day, older_weight=0.7):
        return Recency(day, older_weight, 30.0)

    def dated(n, day, text):
        hit = _hit(n, text)
        return hit.model_copy(update={"chunk": hit.chunk.model_copy(update={"published": day})})

    old = dated(1, date(2024, 10, 1), "Up to 3,000 North Korean troops are in Kursk, US officials said in October.")
    new = dated(2, date(2024, 11, 20), "North Korean troops in Kursk now number about 11,000, officials said.")
    question = "How many North Korean troops are in Kursk?"
    ref = date(2024, 11, 25)
    plain = answerer.answer(question, [old, new], question, recency=on(ref, older_weight=1.0))
    assert [c.chunk_id for c in plain.citations] == ["c1"]  # the older sentence matches the question more closely
    current = answerer.answer(question, [old, new], question, recency=on(ref))
    assert [c.chunk_id for c in current.citations] == ["c2"] and "11,000" in current.answer
    alone = answerer.answer(question, [old], question, recency=on(ref))  # the older one still answers
    assert [c.chunk_id for c in alone.citations] == ["c1"]
    # Asked long after both (an archive that is not kept up to date): both are old, the closer match wins.
    later = answerer.answer(question, [old, new], question, recency=on(date(2026, 1, 1)))
    assert [c.chunk_id for c in later.citations] == ["c1"]


# -- dates as news uses them ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["In 2024, how many North Korean troops were in Kursk?",
     "How many North Korean troops did US officials say were in Kursk at the end of October 2024?",
     "What did Russia say it captured in the Donetsk region in November 2024?"],
)
def test_questions_that_name_their_dates_are_answered_and_cited(sample_app, question):
    """The sample articles rarely print the year: their publication dates say it."""
    for as_of in (None, date(2024, 12, 31)):
        ans = ask(question, sample_app.retriever, sample_app.answerer, as_of=as_of)
        assert not ans.abstained and ans.citations, (question, as_of)
        assert all(c.published and c.published.startswith("2024-1") for c in ans.citations)


def test_a_day_asked_for_is_given_as_the_date_the_articles_day_makes_it(sample_app):
    """"On what day ...?" answered by "Overnight into Sunday, ..." shows that Sunday's date, verified like any claim;
    the quote stays the article's words."""
    ans = ask("On what day did Ukraine's air force say Russia sent 80 drones?", sample_app.retriever,
              sample_app.answerer)
    assert not ans.abstained
    assert "Sunday (27 Oct 2024)" in ans.answer and ans.short_answer == "27 Oct 2024"
    assert all("(27 Oct 2024)" not in c.quote for c in ans.citations)
    assert any(c.quote.startswith("Overnight into Sunday, Ukraine's air force said") for c in ans.citations)


@pytest.mark.parametrize(
    ("question", "as_of", "after"),
    [("Who won the 2031 Tour de France?", date(2024, 12, 1), True),
     ("Who won the Tour de France in July 2025?", date(2025, 6, 30), True),
     ("Who won the Tour de France in July 2025?", date(2025, 7, 31), False),
     ("Who will host the 2030 World Cup?", date(2024, 12, 1), False),  # plans are news before they happen
     ("Who won the Tour de France in July?", date(2024, 12, 1), False),  # no year: the latest July
     ("How many troops are in Kursk?", date(2024, 12, 1), False),
     # what was planned at the reference date, in whatever tense
     ("As of late December 2023, where was the first debate of 2024 scheduled to be held?", date(2023, 12, 30),
      False),
     ("Which city was set to host the 2026 final?", date(2024, 12, 1), False),
     ("When was the 2015 Delaware-Villanova game scheduled?", date(2014, 11, 8), False),
     ("What finishing-time goal did Johnson set for the Boston Marathon in April 2019?", date(2019, 2, 14), False),
     ("Who scored the first goal of the 2026 World Cup?", date(2024, 12, 1), True),  # a goal scored, no goal set
     ("Who won the final of 2026?", date(2024, 12, 1), True),
     # what was ahead at a date the question states: a later year names it
     ("In April 2013, how many cities were in talks about a bid for the 2024 Games?", date(2013, 4, 30), False),
     ("How many workers were ready to walk out on Oct. 1, 2024?", date(2024, 9, 28), False),
     ("Where could fans watch the series, premiering May 1, 2016?", date(2016, 4, 26), False),
     ("Where did the series premiere on May 1, 2016?", date(2016, 4, 26), True),
     # how things stood at the reference date: the present, the perfect, a modal
     ("How big is the purse for the PGA Tour event in La Quinta in January 2022?", date(2021, 12, 12), False),
     ("Which rapper has been announced as the headliner for the 2025 Super Bowl?", date(2024, 9, 13), False),
     ("NASA says an asteroid could hit Earth on what holiday in 2046?", date(2023, 3, 10), False),
     ("At which venue did the campaign schedule his May 13, 2023 rally?", date(2023, 5, 1), False),
     # what someone said would happen: a plan or a forecast, told before it
     ("Where did the White House say the president would travel on May 2, 2024?", date(2024, 4, 29), False),
     ("How much did the firm forecast holiday sales would reach by Dec. 31, 2021?", date(2021, 11, 5), False),
     ("Where did the president travel on May 2, 2024?", date(2024, 4, 29), True),
     # a time up to the reference date that the question names
     ("Which Republican announced a 2024 White House bid this week?", date(2022, 11, 17), False),
     ("Which candidate recently dropped out of the 2024 race?", date(2023, 11, 2), False),
     ("Which candidate dropped out of the 2024 race?", date(2023, 11, 2), True)],
)
def test_asks_after_the_reference_date(question, as_of, after):
    from gazette.answering import asks_after

    assert asks_after(question, as_of) is after


@pytest.mark.parametrize(
    ("question", "left"),
    [("How many deaths in the 2019-20 season?", {"many", "deaths", "season"}),
     ("How many deaths in the 2019–20 season?", {"many", "deaths", "season"}),
     ("How many of the 20 deaths in 2019 were in March 2020?", {"many", "20", "deaths"}),
     ("Which 12 players scored in 2019?", {"12", "players", "scored"})],
)
def test_a_question_is_scored_on_its_words_without_its_dates(question, left):
    from gazette.extractive import QuestionDates

    rest = QuestionDates.of(question, None).undated(question)
    assert {w.strip("?,").lower() for w in rest.split()} - {"", "how", "in", "the", "of", "were", "which"} == left


@pytest.mark.parametrize(
    ("question", "left"),
    [("What happened at Vuhledar in early October 2024?", {"what", "happened", "at", "vuhledar"}),
     ("Why was heat forecast in mid-July 2023?", {"why", "was", "heat", "forecast"}),
     ("How many died in the last week of October?", {"many", "died"})],
)
def test_a_named_period_leaves_none_of_its_words_to_score(question, left):
    """"early" in "in early October 2024" is part of the period, not a word an answer should hold ("became known
    in early 2023" is background)."""
    from gazette.extractive import QuestionDates
    from gazette.timescope import time_scope

    as_of = date(2024, 12, 20)
    rest = QuestionDates.of(question, time_scope(question, as_of), as_of).undated(question)
    assert {w.strip("?,").lower() for w in rest.split()} - {"", "how", "in", "the"} == left


def _dated_hit(n, text, published, title="Report"):
    return RetrievedChunk(chunk=Chunk(chunk_id=f"c{n}", doc_id=f"d{n}", index=0, text=text, title=title,
                                      outlet="Wire", url=f"https://wire.example/{n}", published=published), score=0.5)


def test_a_sentence_dated_in_a_year_before_the_questions_does_not_answer_it(answerer):
    """"How many people visited the park in 2022?" is not answered by the record of 2021 in an article of 2022,
    though that article meets the question's year; it is by the one that tells last year's count. A follow-up's
    years from its history are not its own: "And how many visited it first?" may be answered by the record."""
    question = "How many people visited Gull Lake Park in 2022?"
    record = _dated_hit(1, "A record 14.1 million people visited Gull Lake Park in 2021.", date(2022, 6, 1),
                        "Gull Lake Park visits")
    count = _dated_hit(2, "Nearly 13 million people visited Gull Lake Park last year.", date(2023, 2, 27),
                       "Gull Lake Park visits")
    _abstains_then_answers(answerer, question, record, count, "13 million")
    follow_up = "And how many people visited Gull Lake Park at its peak?"
    assert "14.1 million" in answerer.answer(follow_up, [record], question).answer


def test_a_count_announced_days_after_its_year_answers_for_that_year(answerer):
    """"..., the agency announced Thursday" (12 January 2017) is the day the count came out, not a day of the
    finds: it answers "in 2016" (the day read as the finds' day dated them in 2017, and refused) and still not "in
    2015"."""
    report = _dated_hit(1, "Airport screeners found a record 3,391 guns in carry-on bags at checkpoints, the agency "
                           "announced Thursday. The finds of 2016 were up nearly 30% from 2015.", date(2017, 1, 12),
                        "Screeners find record number of guns")
    question = "How many guns did airport screeners find in carry-on bags in 2016?"
    assert "3,391" in answerer.answer(question, [report], question).answer
    question = question.replace("2016", "2015")
    assert answerer.answer(question, [report], question).abstained


def test_an_article_years_later_whose_lead_sets_the_story_in_the_period_answers(answerer):
    """An anniversary piece of 2018 tells of 2008 where its lead says so ("On Aug. 19, 2008, ..."), though the
    sentence that answers, the one before it and the headline name no year: answered (refused before, as an
    article of a later time). A lead set in another year still refuses."""
    question = "Which sculptor made the bronze swan statue that Lake Town unveiled in August 2008?"
    text = ("On Aug. 19, 2008, Lake Town unveiled the bronze swan statue by the harbour. It draws crowds of "
            "visitors every summer. The swan is one of the town's most photographed landmarks. Local sculptor Gerald "
            "Sawyer created the bronze swan statue for Lake Town.")
    article = _dated_hit(1, text, date(2018, 8, 20), "Ten years of Lake Town's favourite landmark")
    assert "Gerald Sawyer" in answerer.answer(question, [article], question).answer
    other_year = _dated_hit(2, text.replace("2008", "2006"), date(2018, 8, 20),
                            "Ten years of Lake Town's favourite landmark")
    assert answerer.answer(question, [other_year], question).abstained


def test_a_question_year_is_met_by_the_articles_dates_not_its_printed_numbers(answerer):
    """"In 2023" is answered by an article of January 2024 that says "last year"; not by one that says neither."""
    question = "How many jobs did the Rotterdam port cut in 2023?"
    report = _dated_hit(1, "The Rotterdam port cut 1,200 jobs last year, its annual report said on Tuesday.",
                        date(2024, 1, 16), "Rotterdam port annual report")
    assert "1,200" in answerer.answer(question, [report], question).answer
    later = _dated_hit(2, "The Rotterdam port cut 1,200 jobs, its annual report said on Tuesday.",
                       date(2025, 1, 14), "Rotterdam port annual report")
    assert answerer.answer(question, [later], question).abstained
    # An article published before the year began cannot tell what happened in it.
    earlier = _dated_hit(3, "The Rotterdam port will cut 1,200 jobs in 2023, it said on Tuesday.",
                         date(2022, 11, 8), "Rotterdam port plans")
    assert answerer.answer(question, [earlier], question).abstained


@pytest.mark.parametrize(
    ("question", "stated", "bounds"),
    [("How many troops did North Korea send by December 1?", 0, 1),
     ("How many people have died since 2019?", 1, 0),  # a count since then is told after it
     ("Which towns did Russia take before 1 November?", 0, 1),
     ("How many drones did Russia launch in the week before 1 November?", 1, 0),  # the week's last day
     ("How many troops were in Kursk on December 1?", 1, 0),
     ("In March 2023, who won?", 1, 0),
     ("What happened before the 2022 World Cup?", 1, 0)],  # a name's year, no bound
)
def test_a_date_that_bounds_a_period_is_no_day_of_the_event(question, stated, bounds):
    from gazette.extractive import QuestionDates

    when = QuestionDates.of(question, None, date(2024, 12, 20))
    assert (len(when.stated), len(when.bounds)) == (stated, bounds)
    assert "1" not in when.undated(question) and "2019" not in when.undated(question)


@pytest.mark.parametrize(
    ("question", "as_of", "stated", "ahead"),
    [("Which shows are in the Lake Town Playhouse's 2028-29 series?", date(2023, 3, 29), 1, True),  # years ahead
     ("Which shows are in the Lake Town Playhouse's 2023-24 series?", date(2023, 3, 29), 0, False),  # told ahead
     ("Who will coach the Gulls in the 2024-25 season?", date(2023, 9, 1), 0, True),  # next year's: told ahead
     ("Who led the Gulls in goals in the 2014-15 season?", date(2015, 4, 14), 0, False),
     ("Who led the Gulls in goals in the 2014-15 season?", date(2012, 4, 14), 1, True)],
)
def test_a_season_that_begins_after_next_year_is_to_come(question, as_of, stated, ahead):
    """A season is no year an article must give (it spans two), unless it begins after the year following the
    reference date: then nothing about it can have been told yet, as for "the 2031 Tour de France"."""
    from gazette.extractive import QuestionDates

    when = QuestionDates.of(question, None, as_of)
    assert (len(when.stated), when.ahead) == (stated, ahead)
    assert not re.search(r"\d", when.undated(question))


_LEEDS = "What was the score when Leeds beat Hull at Elland Road in November 2021?"
_HULL = "After losing to Leeds at Elland Road {} November, Hull get another chance on Saturday. The 42-27 defeat " \
        "cost Hull a place in the final."


@pytest.mark.parametrize(
    ("question", "text", "published", "answered"),
    [
        # "In November 2021" is met by "last November" in an article of November 2022, and the score it asks for
        # is the sentence with the figure; "this November" in it is November 2022
        (_LEEDS, _HULL.format("last"), date(2022, 11, 21), "42-27"),
        (_LEEDS, _HULL.format("this"), date(2022, 11, 21), None),
        # "by December 1" ends the period: an article of 20 November need not print 1 December
        ("How many troops did Norland send to Vesk by December 1?",
         "Norland has sent about 11,000 troops to Vesk, officials said on Wednesday.", date(2024, 11, 20), "11,000"),
    ],
)
def test_a_question_is_answered_by_an_article_whose_dates_meet_it(embedder, question, text, published, answered):
    answerer = ExtractiveAnswerer.from_settings(embedder, make_settings().answer)
    answer = answerer.answer(question, [_dated_hit(1, text, published, "Report")], question)
    if answered is None:
        assert answer.abstained
    else:
        assert answered in answer.answer


@pytest.mark.parametrize(
    ("question", "as_of", "ahead"),
    [("At which venue was Reba McEntire playing her rescheduled concert in early December 2022?", date(2022, 12, 1),
      True),
     ("Which brewery is launching a mango beer in April 2023?", date(2023, 4, 2), True),
     ("What is Apple unveiling on June 10, 2024?", date(2024, 6, 3), True),  # a day after the reference: to come
     ("At which venue did Trump's campaign schedule his May 13, 2023 rally?", date(2023, 5, 1), True),  # any tense
     ("Where is one of Dover's two NASCAR races moving in 2021?", date(2020, 6, 4), True),
     ("At which venue did Trump hold his May 13, 2023 rally?", date(2023, 5, 14), False),  # it had come
     ("Which brewery is launching a mango beer in April 2023?", date(2023, 4, 30), False),  # its last day
     ("Which brewery launched a mango beer in April 2023?", date(2023, 4, 2), False),  # what happened
     ("Which EU commissioner warned in May 2022 that Twitter must follow Europe's rules?", date(2022, 5, 10), False),
     ("What is the name of the building damaged in May 2022?", date(2022, 5, 10), False),  # "building" a noun
     ("Who is running in the 2025 mayoral race?", date(2025, 6, 1), False),  # a year is not under way
     ("Who will host the 2030 World Cup?", date(2025, 6, 1), True)],
)
def test_a_month_under_way_asked_in_the_progressive_is_ahead(question, as_of, ahead):
    from gazette.extractive import QuestionDates

    assert QuestionDates.of(question, None, as_of).ahead is ahead


def test_an_article_years_after_the_period_answers_only_with_what_it_dates_then(answerer):
    """"Sentenced in 2019" is not answered by an article of 2022 whose sentence tells a sentencing with no date
    (that year's), though the article names 2019 elsewhere; it is when the sentence names 2019, and by an article of
    2019 itself, retrieved beside the later one or alone."""
    question = "How long was Tom Reyes sentenced to prison in 2019 for the Lake Town fraud?"
    text = ("{}Tom Reyes was sentenced to three months in prison for the Lake Town fraud. The judge cited his guilty "
            "plea. Reyes had first been charged in 2019 after an audit of the town's accounts.")
    later = _dated_hit(1, text.format(""), date(2022, 3, 4), "Reyes sentenced")
    assert answerer.answer(question, [later], question).abstained
    named = _dated_hit(2, text.format("In 2019, "), date(2022, 3, 4), "Reyes sentenced")
    assert "three months" in answerer.answer(question, [named], question).answer
    then = _dated_hit(3, text.format(""), date(2019, 11, 8), "Reyes sentenced")
    assert "three months" in answerer.answer(question, [then], question).answer
    both = answerer.answer(question, [later, then], question)
    assert [c.doc_id for c in both.citations] == ["d3"]


@pytest.mark.parametrize(
    ("question", "text", "published", "met"),
    [("Which brewery is launching a mango beer in April 2023?", "The brewery will launch it on Saturday, April 15.",
      date(2023, 3, 29), True),
     ("Which brewery is launching a mango beer in April 2023?", "The brewery will launch it on Saturday.",
      date(2023, 3, 22), False),  # 25 March: not the month asked about
     ("Which brewery launched a mango beer in April 2023?", "The brewery will launch it on Saturday, April 15.",
      date(2023, 3, 29), False),  # published before April: cannot tell what happened then
     ("Which brewery launched a mango beer in April 2023?", "The brewery launched it on Tuesday.",
      date(2023, 4, 2), True)],
)
def test_what_was_ahead_in_a_month_under_way_is_met_by_its_coming_dates(question, text, published, met):
    from gazette.extractive import QuestionDates
    from gazette.newsdates import text_dates
    from gazette.timescope import time_scope

    as_of = date(2023, 4, 2)
    when = QuestionDates.of(question, time_scope(question, as_of), as_of)
    assert when.met_by(text_dates(text, published), published) is met


@pytest.mark.parametrize(
    ("as_of", "text", "published", "met"),
    [
        # an article of the days before February gives a day in it ("Wednesday": 2 February), come by 5 February
        (date(2022, 2, 5), "The new rules take effect Wednesday.", date(2022, 1, 28), True),
        (date(2022, 2, 5), "The new rules take effect Feb. 2.", date(2022, 1, 28), True),
        # that day had not come by the reference date: what happened then was not yet told
        (date(2022, 2, 1), "The new rules take effect Wednesday.", date(2022, 1, 28), False),
        # published over a week before the month
        (date(2022, 2, 20), "The new rules take effect Feb. 2.", date(2022, 1, 20), False),
        # no day of the month asked about, only the article's own
        (date(2022, 2, 5), "The new rules were announced on Friday.", date(2022, 1, 28), False),
    ],
)
def test_an_article_of_the_days_before_a_month_that_gives_a_day_in_it_meets_it(as_of, text, published, met):
    from gazette.extractive import QuestionDates
    from gazette.newsdates import text_dates
    from gazette.timescope import time_scope

    question = "Why did Port Ash drop its testing rule for visitors in February 2022?"
    when = QuestionDates.of(question, time_scope(question, as_of), as_of)
    assert when.met_by(text_dates(text, published), published) is met


def test_a_concert_later_in_the_month_is_answered_by_the_article_before_it(answerer):
    """"Where was she playing in early December?", asked on 1 December, is answered by the preview of 30 November;
    "Where did she play in early December?" is not: what happened then was not yet reported."""
    preview = _dated_hit(1, "Reba McEntire will play Nationwide Arena in Columbus on Saturday, Dec. 3, after her "
                            "November show was called off.", date(2022, 11, 30), "Reba McEntire returns")
    recency = Recency(date(2022, 12, 1), 0.7, 30.0)
    ahead = "At which Columbus venue was Reba McEntire playing in early December 2022?"
    assert "Nationwide Arena" in answerer.answer(ahead, [preview], ahead, recency=recency).answer
    past = "At which Columbus venue did Reba McEntire play in early December 2022?"
    assert answerer.answer(past, [preview], past, recency=recency).abstained


def test_an_article_that_spells_out_an_initialism_the_question_writes_with_stops_can_answer(answerer):
    """"N.J." is no two names an article must hold: one that writes "New Jersey" (or nothing) answers."""
    question = "How many animals were rescued from the Scotch Plains, N.J., puppy mill in February 2020?"
    hit = _dated_hit(1, "More than 130 dogs and cats were rescued this week from a puppy mill in Scotch Plains.",
                     date(2020, 2, 19), "Animals rescued from Scotch Plains puppy mill")
    answer = answerer.answer(question, [hit], question)
    assert not answer.abstained and "130" in answer.answer


def test_a_day_after_the_reference_date_is_answered_by_the_article_that_announces_it(answerer):
    """Asked on 1 May, "his May 13 rally" is to come, whatever the question's tense: the article of 1 May that
    announces it answers. Asked after it, the same article cannot tell what happened that day."""
    announced = _dated_hit(1, "Trump will speak at Lauridsen Amphitheater at Water Works Park on May 13, his campaign "
                              "said.", date(2023, 5, 1), "Trump to rally in Des Moines")
    question = "At which Des Moines venue did Trump's campaign schedule his May 13, 2023 rally?"
    before = Recency(date(2023, 5, 1), 0.7, 30.0)
    assert "Lauridsen Amphitheater" in answerer.answer(question, [announced], question, recency=before).answer
    past = "At which Des Moines venue did Trump speak at his May 13, 2023 rally?"
    after = Recency(date(2023, 5, 20), 0.7, 30.0)
    assert answerer.answer(past, [announced], past, recency=after).abstained


def test_the_whole_article_is_read_for_the_answer(answerer):
    """The sentence that answers may sit far from the chunk the search matched."""
    hit = _dated_hit(1, "The Varna ferry line reopened on Monday after repairs.", date(2024, 11, 4), "Varna ferry")
    far = [Chunk(chunk_id=f"c1-{i}", doc_id="d1", index=i, text=text, title="Varna ferry", outlet="Wire", url="u",
                 published=date(2024, 11, 4))
           for i, text in enumerate(["Passengers queued at dawn.", "The weather was mild.",
                                     "The Varna ferry repairs cost 4.2 million leva, the operator said."], start=1)]
    question = "How much did the Varna ferry repairs cost?"
    alone = answerer.answer(question, [hit], question)
    whole = answerer.answer(question, [hit.model_copy(update={"context": far})], question)
    assert "4.2 million" not in alone.answer
    assert "4.2 million" in whole.answer and whole.citations[0].chunk_id == "c1-3"


def test_the_generative_path_keeps_a_correctly_dated_claim_and_drops_a_wrongly_dated_one(sample_store, embedder):
    """A capable model states the date an article only implies ("on Thursday, 31 October", published 1 November)."""
    from tests.conftest import open_reader

    claim = ("On {day}, US officials said up to 8,000 North Korean troops were in Russia's Kursk region "
             "[{n}].")
    model = QueuedChatModel(replies=[
        lambda prompt: claim.format(day="31 October 2024", n=source_number_with("8,000", prompt)),
        lambda prompt: claim.format(day="October 31, 2024", n=source_number_with("8,000", prompt)),
        lambda prompt: claim.format(day="31 October 2023", n=source_number_with("8,000", prompt)),
        lambda prompt: claim.format(day="30 September 2024", n=source_number_with("8,000", prompt)),
    ])
    app = open_reader(make_settings(sample_store), sample_store, embedder=embedder, chat_model=model)
    try:
        answers = [ask("How many North Korean troops are in Kursk?", app.retriever, app.answerer) for _ in range(4)]
    finally:
        app.close()
    assert [a.abstained for a in answers] == [False, False, True, True]
    assert "31 October 2024" in answers[0].answer and answers[0].citations[0].published.startswith("2024-11")



@pytest.mark.parametrize(
    ("question", "money"),
    [
        ("How much did the network agree to pay the company?", True),
        ("How much did the film take in over the holiday weekend?", True),
        ("How much in damages did the jury award?", True),
        ("How much retirement savings does a 65-year-old need?", True),
        ("How much was the deal worth?", True),
        ("How much is the new pavilion expected to cost?", True),
        ("How much did the chain budget to build its new restaurant?", True),
        ("How much did the strategy pledge for nuclear projects?", True),
        ("How much did the county allocate to road repairs?", True),
        ("How much restitution was the detective ordered to pay?", True),
        ("How much reward money is on offer?", True),
        ("How much loan forgiveness will borrowers get?", True),
        ("How much damage did the fire cause?", True),  # told in dollars: "$100,000 in damage"
        ("How much is the league paying the coach under the new deal?", True),  # a payment going on
        ("How much was the city spending on overtime in 2021?", True),
        ("How much was total ad spending expected to reach?", True),
        ("What is the fare for a one-way ride on the new bus line?", True),
        ("How much was the river rising each hour?", False),
        ("How much did the Fed raise its benchmark rate?", False),  # a rise is told in points
        ("How much did bitcoin's price fall?", False),
        ("How much of the sun was blocked?", False),
        ("How much snow fell in Buffalo?", False),
        ("How many tickets did the fair sell?", False),
        ("What was the starting price of the new phone?", True),  # a number question now (question_kind)
        ("What was the total dollar value of the orders it canceled?", True),
        ("What was the price increase announced in March?", False),
        ("What new top price did the chain announce?", True),
        ("What did the service raise its monthly price to?", True),
        ("What did the Fed raise its rate to?", False),
        ("Which fee did the city drop?", False),  # a name
        ("What was the value of the team's top player?", True),
        ("What is the bakery's annual rent under its new lease?", True),  # a possessive for "the"
        ("What was Lund's salary as mayor?", True),
        ("What is the city's plan for the old rent office?", False),
        ("What dollar amount in damages did the actor ask for in her lawsuit?", True),
        ("How many dollars did the coach agree to donate?", True),
        ("What amount of money did the fund raise?", True),
        ("What amount of rain fell in March?", False),  # an amount, not of money
        ("What does a beer cost at the new tailgating area?", True),
        ("What is the Port Ash hoard estimated to be worth in U.S. dollars?", True),
        ("And what was the house worth?", True),
        ("What is the city expected to sell in a deal worth more than $18 billion?", False),  # the deal's worth is given
        ("What is worth watching this weekend?", False),
        ("What is the contract worth a year?", True),
        ("What did the city sell in a deal worth a reported $18 billion?", False),
        ("What did the cost of the new stadium come to?", True),
    ],
)
def test_asks_money(question, money):
    assert bool(ASKS_MONEY.search(question)) is money


@pytest.mark.parametrize(
    ("sentence", "not_known"),
    [("The nonprofit launched last November but has not disclosed its donors.", True),
     ("It is unknown whether a new agreement was in the works.", True),
     ("The cause of the fire remains unclear.", True),
     ("Officials declined to say how many workers were affected.", True),
     ("“It was a huge pile of fire,” said a neighbor who goes by Ed and declined to provide his last name.", True),
     ("Police declined to identify the victim.", True),
     ("The company did not specify how much it paid.", True),
     ("Representatives were not available for comment.", True),
     ("No cause of death was disclosed.", True),
     ("It played in the major chains, but neither Netflix nor the exhibitors provided sales estimates.", True),
     ("Neither the mayor nor the council gave a reason for the delay.", True),
     ("Neither side gave ground, and the talks ended.", False),  # no "nor": something told
     ("Neither the Gulls nor the Terns scored in the first half.", False),  # told: no goals
     ("No further details were immediately released.", True),
     ("“No motive has been given,” the sheriff said.", True),
     ("No one was given a ticket.", False),  # told of someone
     ("The team had no choice and was given a penalty.", False),  # the "no" of another clause
     ("Three people were killed; no names were released.", False),  # a count with a caveat
     ("No injuries were reported.", False),  # told: there were none
     ("Tinker Hatfield, largely unknown to the public, designed the shoe.", False),  # a word that describes
     ("Three people were killed; their names were not released.", False),  # a count with a caveat
     ("The agency doesn't certify KN95 masks.", False),
     ("Use them only when N95 masks are not available.", False),
     ("The donors include two unions and a developer.", False),
     ("It was unclear how many stores would close, but court filings identified 154.", False)],  # told after all
)
def test_a_sentence_that_says_it_is_not_known(sentence, not_known):
    assert says_not_known(sentence) is not_known


@pytest.mark.parametrize(("sentence", "not_known"), [
    # what happened is told before a "though" or "but" that says something else is not known
    ("A trooper shot and killed a woman Thursday night, though the department has not said why.", False),
    ("The nonprofit launched last November but has not disclosed its donors.", False),
    # a sentence that only says it is not known tells nothing of what happened
    ("Police have not said what happened at the house on Danny Drive.", True),
    ("It is unknown whether anyone was hurt.", True),
])
def test_a_sentence_that_says_it_is_not_known_of_what_happened(sentence, not_known):
    assert says_not_known(sentence, happened=True) is not_known


def test_the_answer_abstains_when_its_best_sentence_says_it_is_not_known(answerer):
    """"Who are the donors?" is not answered by "it has not disclosed its donors"; it is by "its donors include"."""
    question = "Who are the donors behind New Direction, the nonprofit run by Brendan Gill?"
    silent = _dated_hit(1, "New Direction, a nonprofit run by Brendan Gill, ran advertisements but has not disclosed "
                           "its donors.", date(2018, 6, 1), "Brendan Gill's New Direction")
    assert answerer.answer(question, [silent], question).abstained
    told = _dated_hit(2, "New Direction, a nonprofit run by Brendan Gill, ran advertisements; its donors include "
                         "the Carpenters union and a developer.", date(2018, 6, 1), "Brendan Gill's New Direction")
    assert "Carpenters" in answerer.answer(question, [told], question).answer


def test_the_answer_abstains_when_its_best_sentence_tells_the_event_on_another_day(answerer):
    """"When she died in 2021" is not answered by an obituary of 2024 whose sentence says she died on Tuesday
    (30 January 2024); "in 2024" is. The later article mentions 2021 in passing, so it still meets the year."""
    obituary = _dated_hit(1, "Chita Rivera, the Broadway star of 'West Side Story', died Tuesday at 91. A scene "
                             "of his 2021 film featured her.", date(2024, 1, 30), "Chita Rivera dies at 91")
    recency = Recency(date(2024, 2, 2), 0.7, 30.0)
    wrong = "How old was Broadway star Chita Rivera when she died in 2021?"
    assert answerer.answer(wrong, [obituary], wrong, recency=recency).abstained
    right = "How old was Broadway star Chita Rivera when she died in 2024?"
    assert "91" in answerer.answer(right, [obituary], right, recency=recency).answer


def test_a_months_data_reported_the_month_after_answer_a_question_about_that_month(answerer):
    """"... according to the September 2021 consumer price data?" is answered by the article of mid-October that
    reports them ("released Wednesday"); a question about an event of September is not answered by a sentence that
    tells it on a day in mid-October."""
    release = _dated_hit(1, "Food prices overall rose 4.6% since September 2020, according to data released "
                            "Wednesday by the Bureau of Labor Statistics. Gasoline prices also climbed in September.",
                         date(2021, 10, 13), "Food prices rise")
    recency = Recency(date(2021, 10, 14), 0.7, 30.0)
    data = "By how much had food prices risen over the year, according to the September 2021 consumer price data?"
    assert "4.6%" in answerer.answer(data, [release], data, recency=recency).answer
    event = "By how much had food prices risen over the year, according to the agency in September 2021?"
    assert answerer.answer(event, [release], event, recency=recency).abstained


@pytest.mark.parametrize(
    ("question", "text", "published", "met"),
    [
        # asked on 20 December 2024: "last year" is 2023
        ("Who won the Nobel Peace Prize last year?", "The Nobel Peace Prize for 2024 has been awarded to the group.",
         date(2024, 10, 11), False),  # "2024" overlaps the week after 2023 only: no word of 2023
        ("Who won the Nobel Peace Prize last year?", "Last year's prize went to Narges Mohammadi.",
         date(2024, 10, 11), True),  # "last year" in an article of 2024 is 2023
        ("What happened last month?", "The vote was held on Sunday.", date(2024, 12, 3), True),  # 1 December: news of
        # November's last day told in the days after it
        ("What happened last month?", "December 2024 is the month of the vote.", date(2024, 12, 3), True),
        ("What happened last month?", "The vote is planned for December 2024.", date(2024, 12, 10), False),
    ],
)
def test_a_month_or_a_year_an_article_names_must_be_in_the_period_itself(question, text, published, met):
    from gazette.extractive import QuestionDates
    from gazette.newsdates import text_dates
    from gazette.timescope import time_scope

    as_of = date(2024, 12, 20)
    when = QuestionDates.of(question, time_scope(question, as_of), as_of)
    assert when.met_by(text_dates(text, published), published) is met


@pytest.mark.parametrize(
    ("previous", "question", "period"),
    [
        # a follow-up keeps the period of the question it follows, or moves it
        (["How many drones did Russia launch in the week to 27 October?"], "And the week before?",
         (date(2024, 10, 14), date(2024, 10, 20))),
        (["How many drones did Russia launch in the week to 27 October?"], "And the drones?",
         (date(2024, 10, 21), date(2024, 10, 27))),
        (["How many troops were in Kursk in October?"], "What about the month after?",
         (date(2024, 11, 1), date(2024, 11, 30))),
        (["Who won the Nobel Peace Prize in 2023?"], "And the year before?", (date(2022, 1, 1), date(2022, 12, 31))),
        # through a follow-up of its own: kept, and moved again
        (["How many drones did Russia launch in the week to 27 October?", "And the week before?"],
         "And a week earlier?", (date(2024, 10, 7), date(2024, 10, 13))),
        (["How many troops were in Kursk in October?", "Who said so?"], "And the month after?",
         (date(2024, 11, 1), date(2024, 11, 30))),
        # never after the reference date
        (["What happened in the week to 15 December?"], "And the week after?", (date(2024, 12, 16), date(2024, 12, 20))),
        # a question that stands alone starts afresh
        (["How many troops were in Kursk in October?", "How many missiles hit Kyiv?"], "And the month before?",
         (None, None)),
        (["How many drones hit Kyiv this week?"], "And the week before?", (date(2024, 12, 6), date(2024, 12, 13))),
        ([], "And the week before?", (None, None)),
    ],
)
def test_the_period_a_follow_up_reads(previous, question, period):
    from gazette.answering import followed_scope

    scope = followed_scope(previous, question, date(2024, 12, 20))
    assert (scope.since, scope.until) == period


def test_follow_ups_that_move_in_time_on_the_sample_archive(sample_app):
    as_of = date(2024, 12, 20)

    def conversation(*questions):
        history, answers = [], []
        for q in questions:
            answer = sample_app.ask(q, history=history, as_of=as_of)
            history += [("user", q), ("assistant", answer.answer)]
            answers.append(answer)
        return answers

    week, before = conversation("How many drones did Russia launch in the week to 27 October?", "And the week before?")
    assert "560" in week.answer and "360 attack drones" in before.answer
    assert [c.published for c in before.citations][:1] == ["2024-10-20"]
    first, second, third = conversation("How many missiles did Russia fire on 17 November?", "What about 28 November?",
                                        "And on 13 December?")
    assert "120 missiles" in first.answer and "91 missiles" in second.answer and "93 missiles" in third.answer
    # a briefing moved: the day after a day named by its date (nothing on 18-19 November), the week before last week
    _, after = conversation("What happened on 17 November?", "And the next day?")
    assert after.abstained and after.answer == "The archive has nothing on that from 18 Nov to 19 Nov 2024."
    last_week, week_before = conversation("What happened last week?", "And the week before?")
    assert {c.published for c in last_week.citations} <= {f"2024-12-{d:02}" for d in range(9, 16)}
    assert week_before.citations and {c.published for c in week_before.citations} <= {
        f"2024-12-{d:02}" for d in range(2, 9)}
    _, following = conversation("How many missiles did Russia fire in the week to 20 October?",
                                "What about the following week?")
    assert "21 missiles" in following.answer
    _, year_before = conversation("Who won the Nobel Peace Prize in 2024?", "And the year before?")
    assert year_before.abstained and year_before.answer == "The archive has nothing on that in 2023."
    # "last year" asked in December 2024 is 2023, of which the archive has nothing on the prize
    prize, last_year = conversation("Who won the Nobel Peace Prize?", "What about last year?")
    assert "Nihon Hidankyo" in prize.answer
    assert last_year.abstained and last_year.answer == "The archive has nothing on that in 2023."


def test_the_news_on_a_subject_is_its_newest_lead(sample_app):
    """"Any news on ...?" and "What's the latest on ...?" on 20 December 2024: the newest article's lead, not an older
    lead closer in words, nor a side sentence of the newest article sharing more of them."""
    for question in ("Any news on the North Korean troops?", "What's the latest on the North Korean troops?",
                     "Any updates on Kursk?"):
        ans = sample_app.ask(question, as_of=date(2024, 12, 20))
        assert not ans.abstained
        assert ans.answer.startswith("At least 100 North Korean soldiers have been killed"), question
        assert ans.citations[0].published == "2024-12-19"


def test_an_answer_shows_its_sentences_without_their_list_markers():
    """A live page's "− " or "∎ " before a sentence is no part of what the answer says, nor of its quote; the quote
    is still the article's own text."""
    text = "∎ Georgia Gov. Brian Kemp said Helene killed a minimum of 25 people in his state."
    answer = compose("How many people died in Georgia?", "", [(text, _hit(1, text).chunk)])
    assert answer.answer == "Georgia Gov. Brian Kemp said Helene killed a minimum of 25 people in his state [1]."
    assert answer.citations[0].quote == text[2:] and answer.citations[0].quote in text
