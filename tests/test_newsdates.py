"""Dates in news text and in claims (gazette.newsdates), and the citation check that uses them. Pure functions."""

from datetime import date

import pytest

from gazette.newsdates import (
    ClaimDate,
    DateSpan,
    asks_in_present,
    claim_dates,
    dated_before,
    dated_elsewhere,
    dated_phrases,
    holidays,
    in_period,
    opens_in,
    progressive,
    report_days,
    speaks_of_future,
    supports,
    text_dates,
    to_come,
    told_later,
    which_year,
    with_days_resolved,
)
from gazette.verify import Evidence, unsupported_facts

TUE = date(2024, 10, 29)  # a Tuesday


def spans(text, published=TUE):
    return [(s.first.isoformat(), s.last.isoformat(), s.grain) for s in text_dates(text, published)
            if s.text != "publication date"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # relative to a Tuesday, 29 October 2024
        ("US officials said on Tuesday.", [("2024-10-29", "2024-10-29", "day")]),
        ("The talks ended on Sunday.", [("2024-10-27", "2024-10-27", "day")]),
        ("The summit will open on Thursday.", [("2024-10-31", "2024-10-31", "day")]),
        ("They meet next Monday.", [("2024-11-04", "2024-11-04", "day")]),
        # a weekday after a verb of schedule in the present tense is the coming one
        ("The sale kicks off Thursday.", [("2024-10-31", "2024-10-31", "day")]),
        ("Lowe's kicks off its holiday sale with online deals Thursday.", [("2024-10-31", "2024-10-31", "day")]),
        ("The law takes effect on Friday.", [("2024-11-01", "2024-11-01", "day")]),
        ("Voting begins Tuesday.", [("2024-10-29", "2024-10-29", "day")]),
        ("The store opened Thursday.", [("2024-10-24", "2024-10-24", "day")]),
        ("The store, which opens in spring, said Thursday it was hiring.", [("2024-10-24", "2024-10-24", "day")]),
        ("The sale began last Thursday.", [("2024-10-24", "2024-10-24", "day")]),
        ("A volunteer begins cleaning up on Thursday.", [("2024-10-24", "2024-10-24", "day")]),  # a caption's act
        ("The fair runs through Sunday.", [("2024-11-03", "2024-11-03", "day")]),
        # a day a thing "is set for" or "is scheduled for" is still to come
        ("The vote is set for Monday.", [("2024-11-04", "2024-11-04", "day")]),
        ("The hearing is scheduled for Friday.", [("2024-11-01", "2024-11-01", "day")]),
        ("The vote was set for Monday.", [("2024-10-28", "2024-10-28", "day")]),  # told after it
        # its "-ing" form, and a clock time between the verb and the day
        ("With the fourth season launching Saturday, he is busy doing press.", [("2024-11-02", "2024-11-02", "day")]),
        ("The fourth season premieres at 8 p.m. Saturday on AMC.", [("2024-11-02", "2024-11-02", "day")]),
        ("Tickets go on sale at 10 a.m. Friday.", [("2024-11-01", "2024-11-01", "day")]),
        ("After opening Saturday, the store was busy.", [("2024-10-26", "2024-10-26", "day")]),
        ("It happened last Tuesday.", [("2024-10-22", "2024-10-22", "day")]),
        ("Shelling resumed yesterday.", [("2024-10-28", "2024-10-28", "day")]),
        ("The vote is today.", [("2024-10-29", "2024-10-29", "day")]),
        ("USA TODAY reported the vote.", []),  # a newspaper, not a day
        ("A poll for USA Today found it.", []),
        ("Results come tomorrow.", [("2024-10-30", "2024-10-30", "day")]),
        ("Prices rose last week.", [("2024-10-21", "2024-10-27", "range")]),
        ("Prices rose last month.", [("2024-09-01", "2024-09-30", "month")]),
        ("Prices rose this year.", [("2024-01-01", "2024-12-31", "year")]),
        ("Prices rose last year.", [("2023-01-01", "2023-12-31", "year")]),
        ("Prices will rise next year.", [("2025-01-01", "2025-12-31", "year")]),
        ("It began three days ago.", [("2024-10-26", "2024-10-26", "day")]),
        ("Two years ago it failed.", [("2022-01-01", "2022-12-31", "year")]),
        # a month or day without a year: the latest one, or the next one when the sentence looks ahead
        ("In March the council voted.", [("2024-03-01", "2024-03-31", "month")]),
        ("In December the council voted.", [("2023-12-01", "2023-12-31", "month")]),
        ("The plant will open in January.", [("2025-01-01", "2025-01-31", "month")]),
        # a month placed by a word: "last October" is the one before this month, "next October" the one after
        ("They lost there last November.", [("2023-11-01", "2023-11-30", "month")]),
        ("They lost there last October.", [("2023-10-01", "2023-10-31", "month")]),
        ("They lost there last September.", [("2024-09-01", "2024-09-30", "month")]),
        ("The line opens next January.", [("2025-01-01", "2025-01-31", "month")]),
        ("The line opens next October.", [("2025-10-01", "2025-10-31", "month")]),
        ("Prices rose this March.", [("2024-03-01", "2024-03-31", "month")]),
        ("Prices rose in November last year.", [("2023-11-01", "2023-11-30", "month")]),
        ("The vote is in March next year.", [("2025-03-01", "2025-03-31", "month")]),
        ("It fell in June of this year.", [("2024-06-01", "2024-06-30", "month")]),
        ("This may last.", []),
        # "by" a month sets a deadline, the coming one, unless the sentence tells what had happened by then
        ("The number could reach 10,000 by December.", [("2024-12-01", "2024-12-31", "month")]),
        ("Work should end by October.", [("2024-10-01", "2024-10-31", "month")]),
        ("By March most residents had left.", [("2024-03-01", "2024-03-31", "month")]),
        ("It opened on Oct. 3.", [("2024-10-03", "2024-10-03", "day")]),
        # a day without a year up to a month after the article is the coming one, whatever the tense
        ("Dockworkers are ready to walk out on Nov. 5.", [("2024-11-05", "2024-11-05", "day")]),
        ("The show premieres on demand Nov. 20.", [("2024-11-20", "2024-11-20", "day")]),
        ("The ban took effect on Jan. 15.", [("2024-01-15", "2024-01-15", "day")]),  # further ahead: the last one
        # a printed weekday says which year
        ("Officials spoke on Thursday, 31 October.", [("2024-10-31", "2024-10-31", "day")]),
        ("It was Friday, 31 October.", [("2025-10-31", "2025-10-31", "day")]),
        # printed dates
        ("On 2 September 2024 the bridge fell.", [("2024-09-02", "2024-09-02", "day")]),
        ("On Sept. 2, 2024, the bridge fell.", [("2024-09-02", "2024-09-02", "day")]),
        ("By October 2023 it was over.", [("2023-10-01", "2023-10-31", "month")]),
        ("The 1999 treaty still holds.", [("1999-01-01", "1999-12-31", "year")]),
        ("Filed 2024-10-02.", [("2024-10-02", "2024-10-02", "day")]),
        # this season: the publication year, and the year before for a season that began last autumn
        ("He scored 30 goals this season.", [("2024-01-01", "2024-12-31", "year")]),
        # not dates
        ("You may 5 times try; we march on.", []),
        ("About 2,024 people and $2000 in cash; 2030 percent.", []),
        ("Agents took boxes from Mar-a-Lago in Florida.", []),  # a name that opens with a month
        ("The club in Mar-A-Lago stays open.", []),
        ("Rain fell from July-October.", [("2024-07-01", "2024-07-31", "month")]),  # a range: its first month
    ],
)
def test_text_dates(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("sentence", "published", "shown"),
    [
        ("Griner was convicted on Thursday of smuggling.", date(2022, 8, 5),
         "Griner was convicted on Thursday (4 Aug 2022) of smuggling."),
        ("The rules will go on Friday, the government said.", date(2022, 3, 14),
         "The rules will go on Friday (18 Mar 2022), the government said."),
        ("The storm hit yesterday and returns tomorrow.", TUE,
         "The storm hit yesterday (28 Oct 2024) and returns tomorrow (30 Oct 2024)."),
        ("Jews lit the first candles Saturday evening.", date(2012, 12, 9),
         "Jews lit the first candles Saturday evening (8 Dec 2012)."),  # after the part of the day it names
        ("A trooper shot a woman Thursday night while on duty.", date(2021, 3, 26),
         "A trooper shot a woman Thursday night (25 Mar 2021) while on duty."),
        ("Barbie opens in theaters Friday, July 21.", date(2023, 7, 20), "Barbie opens in theaters Friday, July 21."),
        ("It sank on 2 September 2024.", TUE, "It sank on 2 September 2024."),  # printed: nothing to add
        ("Prices rose last week.", TUE, "Prices rose last week."),  # no one day
        ("It happened on Tuesday.", None, "It happened on Tuesday."),  # no publication date to resolve it by
        # left as they are: a holiday, a weekday that names no one day, a quotation, a day printed beside it
        ("Memorial Day falls on the last Monday in May.", date(2023, 5, 20),
         "Memorial Day falls on the last Monday in May."),
        ("On Sept. 5, 1882, a Tuesday, workers marched.", TUE, "On Sept. 5, 1882, a Tuesday, workers marched."),
        ("At a Tuesday press conference, the park announced it.", TUE,
         "At a Tuesday press conference, the park announced it."),
        ("“We will vote on Monday,” she said on Tuesday.", date(2024, 10, 30),
         "“We will vote on Monday,” she said on Tuesday."),
        ("The palace said Wednesday she will rest \"until after Easter\".", date(2024, 1, 17),
         "The palace said Wednesday she will rest \"until after Easter\"."),
        ("The film opens today, Friday, July 21.", date(2023, 7, 20), "The film opens today, Friday, July 21."),
    ],
)
def test_a_relative_day_is_shown_with_the_day_it_stands_for(sentence, published, shown):
    assert with_days_resolved(sentence, published) == shown


def test_this_season_early_in_a_year_covers_the_season_that_began_the_year_before():
    assert spans("She leads the league this season.", date(2024, 2, 1)) == [
        ("2024-01-01", "2024-12-31", "year"), ("2023-01-01", "2023-12-31", "year")]


@pytest.mark.parametrize("text", ["31 February 2024", "on 2024-02-30", "in the year 99999", "on 45 March",
                                  "February 30", "the 0 of May"])
def test_impossible_dates_are_ignored(text):
    assert spans(text) == []
    assert [c for c in claim_dates(text) if c.day] == []


def test_without_a_publication_date_only_printed_dates_count():
    found = text_dates("On Tuesday, a year ago, on 3 May 2024 and on 4 May.", None)
    assert [(s.first.isoformat(), s.grain, s.yearless) for s in found] == [
        ("2024-05-03", "day", False), ("2000-05-04", "day", True)]


def test_the_publication_date_is_always_one_of_the_dates():
    assert DateSpan(TUE, TUE, "day", "publication date") in text_dates("No dates here.", TUE)


@pytest.mark.parametrize(
    ("month", "day", "future", "year"),
    [(3, 1, False, 2024), (12, 1, False, 2023), (10, 29, False, 2024), (10, 30, False, 2023), (1, 1, True, 2025),
     (11, 1, True, 2024)],
)
def test_which_year(month, day, future, year):
    assert which_year(month, day, TUE, future) == year


@pytest.mark.parametrize(
    ("month", "day", "published", "year"),
    [(10, 30, TUE, 2024), (11, 5, TUE, 2024), (11, 28, TUE, 2024), (11, 30, TUE, 2023), (10, 1, TUE, 2024),
     (1, 15, TUE, 2024), (12, 28, date(2025, 1, 3), 2024), (1, 2, date(2024, 12, 20), 2025),
     (2, 29, date(2024, 2, 10), 2024), (2, 29, date(2025, 2, 10), 2024)],
)
def test_which_year_soon(month, day, published, year):
    """A day printed without a year up to SOON_DAYS (31) after the article's date is the coming one; further
    ahead, the latest before it (29 February only in a leap year)."""
    assert which_year(month, day, published, soon=31) == year


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("On 29 October 2024, officials said", [(2024, 10, 29)]),
        ("On Tuesday, October 29, 2024, officials said", [(2024, 10, 29)]),
        ("In October 2024 prices rose", [(2024, 10, None)]),
        ("at the end of October 2024", [(2024, 10, None)]),
        ("In 2024, how many troops", [(2024, None, None)]),
        ("in March, the vote", [(None, 3, None)]),
        ("On October 29 officials said", [(None, 10, 29)]),
        ("Up to 8,000 troops, a 2,024 figure", []),
        ("On Tuesday they met", []),  # relative: checked as a word, not as a date
        # a holiday with its year states its day; without one it is a word, as "on Tuesday" is
        ("What was the attendance at the Winter Classic on New Year's Day 2013?", [(2013, 1, 1)]),
        ("Which trail did he hike on New Year's Eve, 2015?", [(2015, 12, 31)]),
        ("How many shoppers were out on Thanksgiving Day 2021?", [(2021, 11, 25)]),
        ("What date is Memorial Day in 2023?", [(2023, None, None)]),
        ("Who lit the Christmas tree in 2018?", [(2018, None, None)]),
    ],
)
def test_claim_dates(text, claims):
    assert [(c.year, c.month, c.day) for c in claim_dates(text)] == claims


def _claim(year=None, month=None, day=None):
    return ClaimDate(year, month, day, 0, 0)


EVIDENCE_DATES = text_dates("US officials said on Tuesday. Last year 3,000 were sent.", TUE)


@pytest.mark.parametrize(
    ("claim", "held"),
    [
        (_claim(2024, 10, 29), True),  # the day "on Tuesday" resolves to (and the publication date)
        (_claim(2023, 10, 29), False),  # another year
        (_claim(2024, 9, 29), False),  # another month
        (_claim(2024, 10, 28), False),  # another day
        (_claim(None, 10, 29), True),
        (_claim(2024, 10), True),
        (_claim(2024), True),
        (_claim(2023), True),  # "last year"
        (_claim(2023, 5), False),  # a year span does not say which month
        (_claim(2022), False),
    ],
)
def test_supports_at_the_claims_precision(claim, held):
    assert supports(claim, EVIDENCE_DATES) is held


def test_a_scheduled_weekday_supports_the_coming_day_not_the_last_one():
    # "The sale kicks off Thursday", written on Tuesday 29 October 2024: a model's "On 31 October 2024, the sale
    # kicked off [1]" is backed by it; "On 24 October 2024" is not.
    evidence = text_dates("The sale kicks off Thursday.", TUE)
    assert supports(_claim(2024, 10, 31), evidence)
    assert not supports(_claim(2024, 10, 24), evidence)


def test_in_period():
    dates = text_dates("Last month the plant closed.", TUE)
    assert in_period(dates, date(2024, 9, 1), date(2024, 9, 30))  # last month
    assert in_period(dates, date(2024, 10, 29), None)  # the publication date
    assert not in_period(dates, date(2023, 1, 1), date(2023, 12, 31))


# -- the citation check with dates ------------------------------------------------------------------------------

KURSK = ("American officials said on Tuesday that as many as 8,000 soldiers from North Korea had been moved to "
         "Russia's Kursk border region.")


def _chunk(text, published):
    from gazette.models import Chunk

    return Chunk(chunk_id="c", doc_id="d", index=0, text=text, title="North Korean troops", outlet="Wire", url="u",
                 published=published)


@pytest.mark.parametrize(
    ("claim", "missing"),
    [
        ("On 29 October 2024, American officials said as many as 8,000 soldiers from North Korea had been moved to "
         "Russia's Kursk border region [1].", []),
        ("On October 29, 2024, up to 8,000 North Korean soldiers were in Kursk [1].", []),
        ("In October 2024, up to 8,000 North Korean soldiers were in Kursk [1].", []),
        ("On Tuesday, up to 8,000 North Korean soldiers were in Kursk [1].", []),
        ("On 29 October 2023, up to 8,000 North Korean soldiers were in Kursk [1].", ["2023", "29", "october"]),
        ("On 29 September 2024, up to 8,000 North Korean soldiers were in Kursk [1].", ["2024", "29", "september"]),
        ("In 2023, up to 8,000 North Korean soldiers were in Kursk [1].", ["2023"]),
        ("On Friday, up to 8,000 North Korean soldiers were in Kursk [1].", ["friday"]),
        ("On 29 October 2024, up to 9,000 North Korean soldiers were in Kursk [1].", ["9000"]),
    ],
)
def test_a_claims_date_is_checked_against_the_chunks_dates(claim, missing):
    assert unsupported_facts(claim, Evidence.of([_chunk(KURSK, TUE)])) == missing


def test_an_article_without_a_publication_date_gets_no_date_support():
    undated = Evidence.of([_chunk(KURSK, None)])
    assert unsupported_facts("On 29 October 2024, 8,000 North Korean soldiers were in Kursk [1].", undated) == [
        "2024", "29", "october"]
    printed = Evidence.of([_chunk(KURSK + " The order came on 29 October 2024.", None)])
    assert unsupported_facts("On 29 October 2024, 8,000 North Korean soldiers were in Kursk [1].", printed) == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [("Which brewery is launching a mango beer in April 2023?", True),
     ("At which venue was Reba McEntire playing her concert?", True),
     ("Where are the Eagles playing on Sunday?", True),
     ("Which EU commissioner warned Twitter in May 2022?", False),
     ("What is the name of the building?", False),  # after a determiner: a noun
     ("What was the city's spending on roads?", False),
     ("What was the ruling of the court?", False),
     ("Who is King Charles?", False),  # a name is no verb
     ("Which team was Ohio State facing in the Rose Bowl?", True)],
)
def test_a_verb_in_the_progressive(question, expected):
    assert progressive(question) is expected


@pytest.mark.parametrize(
    ("question", "sentence", "published", "expected"),
    [  # the archive tells the event, on another day, in a later article: the question's year is not its year
     ("How old was Chita Rivera when she died in 2021?", "Chita Rivera, the Broadway star, died Tuesday.",
      date(2024, 1, 30), True),
     ("On what date in 2015 was the book released?", "The book is scheduled to be released Oct. 3.",
      date(2017, 6, 3), True),
     # a day in the question's period, or in the week after it, is its event
     ("How old was Chita Rivera when she died in 2024?", "Chita Rivera, the Broadway star, died Tuesday.",
      date(2024, 1, 30), False),
     ("Who won the Chester by-election in November 2022?", "Labour won the seat on Thursday.",
      date(2022, 12, 2), False),  # published two days after November: the week of reporting
     # no day of its own: a year or a month is background, not the event's day
     ("What was the average tax refund in April 2023?", "Last year, the average refund by the April deadline "
      "was $2,753.", date(2024, 2, 20), False),
     ("By how many points did he miss the July 2018 bar exam?", "In February 2018, he missed by 27 points.",
      date(2018, 11, 20), False),
     # it also gives the question's date
     ("How much did home prices rise from April 2022 to April 2023?", "Prices rose on Monday from $390,000 in "
      "April 2022.", date(2023, 5, 22), False),
     # an article of the period itself, and a question that names no year, are not checked
     ("Who won the race in May 2023?", "She won on Sunday, her coach said on 4 June.", date(2023, 5, 29), False),
     ("Who won the race in May?", "She won on Sunday.", date(2023, 6, 30), False),
     ("Who won the race in 2023?", "She won on Sunday.", None, False)],
)
def test_a_sentence_dated_elsewhere(question, sentence, published, expected):
    spans = [span for span, _, _ in dated_phrases(sentence, published)]
    assert dated_elsewhere(claim_dates(question), spans, published) is expected


@pytest.mark.parametrize(
    ("sentence", "told", "reported"),
    [("Officers found 3,391 guns, the agency announced Thursday.", [], ["2017-01-12"]),
     ("Officials said on Monday that five people died.", [], ["2017-01-09"]),
     ("The company said late Tuesday it would close two plants.", [], ["2017-01-10"]),
     # a day before the saying, or a day not right after it, is the event's
     ("On Thursday, officials said five people died.", ["2017-01-12"], []),
     ("Five people died Tuesday, officials said Thursday.", ["2017-01-10"], ["2017-01-12"]),
     ("The agency announced the count in a report released in December 2016.", ["2016-12-01"], []),
     ("He said the plant closed Jan. 3.", ["2017-01-03"], []),
     ("The prisoner was released Wednesday.", ["2017-01-11"], [])],  # a thing released: the event
)
def test_the_day_a_report_came_out(sentence, told, reported):
    events, days = report_days(sentence, date(2017, 1, 13))
    assert [s.first.isoformat() for s in events] == told
    assert [s.first.isoformat() for s in days] == reported


@pytest.mark.parametrize(
    ("question", "expected"),
    [("How many guns did TSA officers find at airport checkpoints in 2016?", False),  # the year's count, just out
     ("How many guns did TSA officers find at airport checkpoints in 2015?", True),  # a count out a year later
     # a month's: the day reported is read as the event's, as before (12 days after December is past the week)
     ("How many guns did TSA officers find at airport checkpoints in December 2016?", True),
     ("How many guns did TSA officers find at airport checkpoints in October 2016?", True)],
)
def test_a_day_reported_dates_a_years_count_in_the_weeks_before_it(question, expected):
    """"..., the agency announced Thursday" (12 January 2017) tells a count of the year before: of 2016, not of
    2015. As a day of the event itself it also dated 2016's count elsewhere. What is told of a month or a day keeps
    the report's day as its own ("Russian forces are fighting ..., officials said on Thursday, 14 November")."""
    sentence = "Officers found a record 3,391 guns at airport checkpoints, the agency announced Thursday."
    published = date(2017, 1, 12)
    told, reported = report_days(sentence, published)
    assert dated_elsewhere(claim_dates(question), told, published, reported=reported) is expected


@pytest.mark.parametrize(
    ("question", "sentence", "published", "expected"),
    [  # a year before the question's, printed as the time of what the sentence tells
     ("How many people visited the park in 2022?", "A record 14.1 million people visited the park in 2021.",
      date(2022, 3, 1), True),
     ("How many people visited the park in 2022?", "Visits fell on March 3, 2021, the park said.",
      date(2023, 2, 27), True),
     ("How many people visited the park in 2022?", "Visits peaked in early 2019.", date(2023, 2, 27), True),
     ("How many people visited the park in 2022?", "Visits fell on Dec. 31, 2021.", date(2022, 1, 5), True),
     # it also gives a date in the question's period, printed or resolved
     ("How many people visited the park in 2022?", "Nearly 13 million visited last year, fewer than the 14.1 "
      "million who visited in 2021.", date(2023, 2, 27), False),
     ("How many people visited the park in 2022?", "Visits rose on Tuesday from their low in 2019.",
      date(2022, 5, 4), False),
     ("How many people visited the park in 2022?", "Visits rose in 2022 from their low in 2019.",
      date(2023, 2, 27), False),
     # the year of a clause that describes, or of one beside the sentence's own event
     ("What new name did the firm adopt in April 2017?", "The firm, which was founded in 1993, is now Axon.",
      date(2017, 4, 5), False),
     ("Which mayor died in 2016?", "Mola, 80, was first elected in 1971.", date(2016, 5, 1), False),
     ("How many sleepers were recalled in April 2019?", "The sleepers were introduced in 2009 and all 4.7 million "
      "are being recalled.", date(2019, 4, 12), False),
     ("By how much did the bank raise its rate in May 2022?", "It raised the rate by half a point, its biggest "
      "move since 2000.", date(2022, 5, 4), False),
     # a "when" right after the year tells what happened that year, all that follows with it
     ("Whom did the champion beat in the June 2023 final?", "He came close in 2021, when he won two titles and "
      "made the final before losing to Medvedev.", date(2023, 6, 11), True),
     # a later year may be a plan made then; a year that names a thing is no time of the sentence's
     ("What did the city announce in March 2023?", "A new stadium will open in 2025.", date(2023, 3, 2), False),
     ("Why was the law struck down in 2023?", "The 2019 law was struck down.", date(2023, 3, 2), False),
     # no printed year: a relative date is the article's own reckoning
     ("How many people visited the park in 2022?", "Visits peaked last year.", date(2022, 3, 1), False),
     # a question whose dates do not all name a year is not checked
     ("How many people visited the park in March?", "Visits peaked in 2019.", date(2022, 3, 1), False)],
)
def test_a_sentence_dated_before_the_question(question, sentence, published, expected):
    assert dated_before(claim_dates(question), sentence, published) is expected


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [("In September 2019, a teenager gave birth in her cell, while she was awaiting trial.", ["2019-09-01"]),
     ("On Aug. 19, 2008, Milwaukee got its Bronze Fonz.", ["2008-08-19"]),
     ("Sept. 3, 2019, was the day it opened.", ["2019-09-03"]),
     ("In 2008 the town grew.", []),  # no comma: the date may be one of several
     ("The town grew in 2008, and more came.", []),  # not its opening
     ('"In 2019, we tried," he said.', []),  # a quote's opening
     ("On Tuesday, the town grew.", [])],  # no year
)
def test_the_date_a_sentence_opens_with(sentence, dates):
    assert [span.first.isoformat() for span in opens_in(sentence, date(2023, 5, 11))] == dates


@pytest.mark.parametrize(
    ("question", "text", "published", "expected"),
    [
        # an article one to ten years after the question's period, its text at hand dating nothing in it
        ("How long was Tom Reyes sentenced to prison in 2019 for the Lake Town fraud?",
         "Reyes was sentenced to three months in prison.", date(2022, 3, 4), True),
        ("Why did the FTC fine Harbour News $5 million for privacy violations in 2017?",
         "Harbour News must pay a $5 million fine as part of a settlement.", date(2019, 7, 24), True),
        ("How many workers walked off the job at Port Ash Motors in March 2015?",
         "In 2019, some 46,000 workers walked off the job.", date(2019, 9, 16), True),
        # it dates something in the period: the sentence, the one before it or the headline
        ("How long was Tom Reyes sentenced to prison in 2019 for the Lake Town fraud?",
         "In 2019, Reyes was sentenced to three months in prison.", date(2022, 3, 4), False),
        ("How long was Tom Reyes sentenced to prison in 2019 for the Lake Town fraud?",
         "Tom Reyes fraud of 2019: a look back. Reyes was sentenced to three months.", date(2022, 3, 4), False),
        ("What was the average tax refund in April 2022?",  # a year that holds the month
         "Last year, the average refund by the April deadline was $2,753.", date(2023, 6, 20), False),
        ("What was the average tax refund in April 2022?",
         "This year, the average refund by the April deadline was $2,753.", date(2023, 6, 20), True),
        # within a year of the period (a later report of it), or decades on (history told), or the period itself
        ("How many people died in the Lake Town floods in 2021?", "The floods killed 41 people.",
         date(2022, 6, 30), False),
        ("How many people died in Ohio in the Great Blizzard of 1978?", "More than 70 people died in Ohio.",
         date(2017, 1, 26), False),
        ("How many people died in the Lake Town floods in 2021?", "The floods killed 41 people.",
         date(2021, 8, 2), False),
        # a question whose dates do not all name their year, an article with no date, no date stated
        ("How many people died in the Lake Town floods in July?", "The floods killed 41 people.",
         date(2024, 6, 30), False),
        ("How many people died in the Lake Town floods in 2019?", "The floods killed 41 people.", None, False),
        ("How many people died in the Lake Town floods?", "The floods killed 41 people.", date(2024, 6, 30), False),
    ],
)
def test_an_answer_written_years_after_the_period_asked_about(question, text, published, expected):
    spans = [span for span, _, _ in dated_phrases(text, published)]
    assert told_later(claim_dates(question), spans, published) is expected


@pytest.mark.parametrize(
    ("check", "sentence"),
    [(dated_elsewhere, "Zelensky said on Tuesday that 43,000 soldiers have been killed."),
     (told_later, "Zelensky said 43,000 soldiers have been killed.")],
)
def test_a_period_that_runs_to_the_reference_date_is_never_dated_elsewhere(check, sentence):
    """"Killed since February 2022" names February 2022, but its period runs to the day it is asked."""
    question = "How many Ukrainian soldiers have been killed since February 2022?"
    published = date(2024, 12, 10)
    spans = [span for span, _, _ in dated_phrases(sentence, published)]
    assert check(claim_dates(question), spans, published) is True  # February 2022 alone
    assert check(claim_dates(question), spans, published, period_end=date(2024, 12, 31)) is False


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [  # with a year, the day itself
     ("on New Year's Day 2013", None, ["2013-01-01"]),
     ("Christmas 2022 was quiet", None, ["2022-12-25"]),
     ("Thanksgiving Day 2021", None, ["2021-11-25"]),  # the fourth Thursday of November
     ("Memorial Day of 2023", None, ["2023-05-29"]),  # the last Monday of May
     ("Labor Day 2018", None, ["2018-09-03"]),  # the first Monday of September
     ("Easter 2024", None, ["2024-03-31"]),
     ("Good Friday 2024", None, ["2024-03-29"]),
     ("Black Friday 2021", None, ["2021-11-26"]),
     ("the Fourth of July 2024", None, ["2024-07-04"]),
     # without a year: the latest one, or the coming one when it is at most a month ahead
     ("The game on New Year's Day will set a record.", date(2013, 12, 30), ["2014-01-01"]),
     ("He died on Christmas Eve.", date(2023, 1, 10), ["2022-12-24"]),
     ("Shoppers were out on Black Friday.", date(2021, 11, 28), ["2021-11-26"]),
     ("The parade on Halloween drew crowds.", date(2022, 11, 2), ["2022-10-31"]),
     ("Crowds are expected over the Fourth of July.", date(2023, 6, 20), ["2023-07-04"]),
     ("Christmas Day will be quieter.", date(2021, 7, 28), ["2021-12-25"]),  # ahead, in what is to come
     ("Sales rose last Easter.", date(2024, 3, 20), ["2023-04-09"]),
     ("Prices have risen since Thanksgiving.", date(2022, 12, 10), ["2022-11-24"]),
     ("Will it be done by Christmas?", date(2022, 1, 10), ["2022-12-25"]),
     # things named after a holiday, and words that only contain one, are no day
     ("a Christmas tree from Queensbury", date(2018, 12, 1), []),
     ("Halloween costumes and Easter eggs", date(2022, 10, 1), []),
     ("a nor'easter hit the beaches", date(2023, 4, 18), []),
     ("christmas lights", date(2023, 12, 1), []),  # not written as a name
     ("on New Year's Day", None, []),  # no year and no publication date: no day
     ("on New Year's Day 99999", None, [])],
)
def test_holidays(text, published, expected):
    found = holidays(text, published, future=speaks_of_future(text))
    assert [span.first.isoformat() for span, _, _ in found] == expected


def test_a_holidays_weekday_and_year_are_the_holidays():
    """"Black Friday" is no Friday of its own, and the year of "Christmas 2022" no year apart from its day."""
    found = [(s.first.isoformat(), s.grain) for s, _, _ in
             dated_phrases("Black Friday sales rose on Friday, after Christmas 2022.", date(2023, 11, 28))]
    assert found == [("2023-11-24", "day"), ("2023-11-24", "day"), ("2022-12-25", "day")]


def test_a_holiday_dates_a_sentence_elsewhere():
    """The Winter Classic of New Year's Day 2013 was not played; an article of 30 December 2013 previews the game of
    New Year's Day 2014: its sentence tells another day than the question's."""
    question = "What was the official attendance at the Winter Classic on New Year's Day 2013?"
    sentence = "The expected crowd for the Winter Classic game on New Year's Day will be a record."
    published = date(2013, 12, 30)
    spans = [span for span, _, _ in dated_phrases(sentence, published)]
    assert dated_elsewhere(claim_dates(question), spans, published) is True
    spans_2014 = [span for span, _, _ in dated_phrases(sentence, date(2013, 12, 30))]
    assert dated_elsewhere(claim_dates(question.replace("2013", "2014")), spans_2014, published) is False


@pytest.mark.parametrize(("text", "reference", "ahead"), [
    ("his May 13, 2023 rally", date(2023, 5, 1), True),
    ("moving in 2021", date(2020, 6, 4), True),
    ("in May 2023", date(2023, 5, 1), False),  # begun by then: under way, not to come
    ("his May 13, 2023 rally", date(2023, 5, 13), False),
    ("in 2022", date(2023, 5, 1), False),
])
def test_a_date_that_begins_after_the_reference_date_is_to_come(text, reference, ahead):
    (claim,) = claim_dates(text)
    assert to_come(claim, reference) is ahead


@pytest.mark.parametrize(("question", "present"), [
    ("How big is the purse for the event in January 2022?", True),
    ("Which rapper has been announced as the headliner?", True),
    ("What could the venue cost?", True),
    ("Who won the 2026 final?", False),  # no auxiliary: the verb's own tense
    ("What did the USDA estimate it would cost?", False),  # the first auxiliary is past
    ("Which player was traded in 2029?", False),
])
def test_a_question_asked_in_the_present(question, present):
    assert asks_in_present(question) is present
