"""The words Gazette reads dates, counts and phrases by: one vocabulary for every module (pure).

- Months and weekdays: names, abbreviations and the patterns built from them (time scopes, date-like answers,
  citation checks).
- Number words ("three days", "spelled-out digits").
- The thing a question counts or picks: "how many North Korean troops are ..." -> "troops" (`counted_thing`,
  `counted_head`).
- Whole-word containment of one normalised phrase in another.
- The ways news names a country ("the Netherlands", "Dutch").
"""

from __future__ import annotations

import calendar
import re

MONTH_NAMES: tuple[str, ...] = tuple(name.lower() for name in calendar.month_name if name)
"""'january' ... 'december'."""

MONTH_ABBREVIATIONS: tuple[str, ...] = tuple(name.lower() for name in calendar.month_abbr if name)
"""'jan' ... 'dec'."""

MONTHS: dict[str, int] = {
    **{name: i for i, name in enumerate(MONTH_NAMES, start=1)},
    **{name: i for i, name in enumerate(MONTH_ABBREVIATIONS, start=1)},
    "sept": 9,
}
"""Every way a month is written, lower case -> its number."""

WEEKDAYS: tuple[str, ...] = tuple(name.lower() for name in calendar.day_name)
"""'monday' ... 'sunday'."""


def alternation(words: tuple[str, ...] | list[str], *, capitalised: bool = False) -> str:
    """A regex alternation of ``words``, longest first (so that 'sept' wins over 'sep')."""
    forms = sorted(words, key=len, reverse=True)
    return "|".join(w.capitalize() if capitalised else w for w in forms)


MONTH_WORD = alternation(list(MONTHS))
"""Any month form, lower case, as a regex alternation (for lower-cased text)."""

PERIOD_END_WORDS: tuple[str, ...] = ("by", "before", "until", "till")
"""Words before a date that end a period ("by December 1", "until May"): the date bounds what is asked, it is no
day of the event (gazette.timescope reads the period, gazette.extractive the dates an article must give)."""

FULL_MONTH = re.compile(r"\b(" + alternation(MONTH_NAMES) + r")\b", re.IGNORECASE)
"""A month written in full, any case."""

CAPITALISED_MONTH = alternation(MONTH_NAMES, capitalised=True)
"""'January|February|...': a month as running text writes it."""

CAPITALISED_MONTH_ABBREVIATION = alternation([*(a for a in MONTH_ABBREVIATIONS if a != "may"), "sept"],
                                             capitalised=True)
"""'Sept|Jan|Feb|...': a month as news abbreviates it ("May" is a full name)."""

CAPITALISED_WEEKDAY = alternation(WEEKDAYS, capitalised=True)

DATEISH = re.compile(
    r"\b(?-i:" + CAPITALISED_MONTH + "|" + CAPITALISED_MONTH_ABBREVIATION
    + r")\b|\b(" + alternation([d[:-3] for d in WEEKDAYS]) +
    r")day\b|\b(19|20)\d\d\b|\b(yesterday|today|tonight|last (week|month|year))\b",
    re.IGNORECASE,
)
"""Anything that reads like a date: a month as running text writes it ("March", "Sept."; not "march", "may" or
"separation"), a weekday, a year, a relative day."""

RELATIVE_DAY = re.compile(r"\b(?:" + alternation(WEEKDAYS) + r"|yesterday|today|tonight)\b", re.IGNORECASE)
"""A day named relative to the publication date: a weekday, "yesterday", "today", "tonight"."""

RELATIVE_YEAR = re.compile(r"\b(?:last|this|next) year\b", re.IGNORECASE)
"""A year named relative to the publication date."""

NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10,
}
"""Spelled-out numbers."""

COUNT_WORDS: dict[str, int] = NUMBER_WORDS | {
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
"""Spelled-out counts, up to the tens ("Fourteen people"; "three dozen" is read with its scale)."""

_FOCUS = re.compile(
    r"\b(?:how many|how much|which|what)\s+(?:(?:[a-z'-]+\s+){0,3}?([a-z'-]+)\s+"
    r"(?:are|is|was|were|did|do|does|have|has|had|will|would|can|could|in|of|for|at|on)\b|([a-z'-]+))",
    re.IGNORECASE,
)


def counted_thing(question: str, *, bare: bool = True) -> str | None:
    """The thing a question counts or picks: the last word before its verb or preposition ("how many North Korean
    troops are in Kursk?" -> "troops"), else (with ``bare``) the word after "how many", "which" or "what" ("and
    how many drones?" -> "drones"); None for other questions."""
    m = _FOCUS.search(question + " ")
    if not m or not (m.group(1) or bare):
        return None
    return m.group(1) or m.group(2)


AUXILIARIES = frozenset("did does do is was were are has have had will would can could".split())
"""The verbs that only carry a question's tense ("How many troops did ...", "What is ...")."""
_HEAD_STOPS = AUXILIARIES | frozenset("""remain remained and or in of for at on from across during after before by
    with under over to into near since as than that who which because must should""".split())
# A determiner or a verb's particle after a counted word starts what its verb does: "How many people make up the
# class ...?", "How many craft breweries shut down ...?"; the word before it, when it follows a plural, is that verb.
_HEAD_ENDS = frozenset("the a an their his her its this these those our your my up down out off".split())
_IRREGULAR_PLURALS = frozenset("people men women children police staff personnel feet teeth".split())
IRREGULAR_PAST = frozenset("""shot died fell left quit lost won got made took fled ran went came saw hit spent paid
    sold bought built struck caught stuck brought kept held told said gave put set rose grew burned burnt sought fought
    taught""".split())
"""Past tenses and participles without "-ed": after a counted word, its verb ("cabinet ministers quit", "people
stuck at the airport")."""
IRREGULAR_FORMS: dict[str, tuple[str, ...]] = {
    base: tuple(forms.split(",")) for base, forms in (pair.split(":") for pair in """
    become:became arise:arose awake:awoke bear:bore,born beat:beaten begin:began,begun bend:bent bid:bid bind:bound
    bite:bit,bitten blow:blew,blown break:broke,broken bring:brought build:built burn:burnt buy:bought catch:caught
    choose:chose,chosen come:came cost:cost cut:cut deal:dealt dig:dug draw:drew,drawn drink:drank,drunk
    drive:drove,driven eat:ate,eaten fall:fell,fallen feed:fed feel:felt fight:fought find:found flee:fled fly:flew,flown
    forbid:forbade,forbidden forget:forgot,forgotten forgive:forgave,forgiven freeze:froze,frozen get:got,gotten
    give:gave,given go:went,gone grow:grew,grown hang:hung hear:heard hide:hid,hidden hit:hit hold:held hurt:hurt
    keep:kept know:knew,known lay:laid lead:led leave:left lend:lent let:let lie:lay,lain light:lit lose:lost make:made
    mean:meant meet:met mislead:misled overcome:overcame oversee:oversaw,overseen overtake:overtook,overtaken pay:paid
    put:put quit:quit read:read rebuild:rebuilt ride:rode,ridden ring:rang,rung rise:rose,risen run:ran say:said
    see:saw,seen seek:sought sell:sold send:sent set:set shake:shook,shaken shoot:shot shrink:shrank,shrunk shut:shut
    sing:sang,sung sink:sank,sunk sit:sat sleep:slept slide:slid speak:spoke,spoken spend:spent split:split
    spread:spread stand:stood steal:stole,stolen stick:stuck strike:struck swear:swore,sworn sweep:swept swim:swam,swum
    take:took,taken teach:taught tear:tore,torn tell:told think:thought throw:threw,thrown undergo:underwent,undergone
    understand:understood upset:upset wake:woke,woken wear:wore,worn win:won wind:wound withdraw:withdrew,withdrawn
    write:wrote,written""".split())
}
"""English verbs whose past tense or participle is not the base with "-ed", each base with those forms ("flee":
"fled"): a question asks "Why did he flee ...?" of an article that says he fled."""
CONTROL_VERBS = frozenset("""decide decided try tried choose chose chosen plan planned planning agree agreed want
    wanted seek sought vote voted move moving moved hope hoped aim aimed threaten threatened vow vowed start started
    begin began continue continued opt opted attempt attempted push pushed rush rushed prepare prepared preparing
    come came""".split())
"""Verbs that take another deed after them ("decide to rename", "move toward awarding", "come to inspect"): a
question asking why of one is answered by an article that tells either deed. Not the verbs that deny or put off the
deed after them ("refuse to reinstate", "wait until May to recall", "stop requiring"): an article that tells the
deed done does not tell it refused, so only they themselves tell it."""
DEED_SYNONYMS: tuple[frozenset[str], ...] = tuple(frozenset(group.split()) for group in """
    leave withdraw pull exit quit retreat abandon depart
    send deploy dispatch
    stop end halt drop scrap suspend lift cease discontinue
    ban bar prohibit forbid outlaw
    fire dismiss oust sack
    buy acquire purchase
    cut reduce slash lower trim
    raise increase hike boost
    close shut shutter
    cancel scrap axe
    delay postpone
    reorganize restructure split divide overhaul
    rename name
    arrest detain
    approve pass adopt endorse
    choose pick select
    """.strip().split("\n"))
"""Verbs news tells one deed with ("Why did Ukraine leave Vuhledar?" of "Ukrainian forces have withdrawn from
Vuhledar"), each group in base forms (their other forms are read as for the verb itself). Only words for the same
deed: "fire" and "hire" are opposites, and "bar" is not "allow"."""

# A contest's result, told from either side. Its loser is the object of a verb of winning ("defeated Norway's Casper
# Ruud", "San Diego eliminated the Mets", "held off the challenge of Carlos Sainz") or comes after a win "over" ("a
# 116-104 victory over the Phoenix Suns", "a 9-3 romp over the Florida Panthers", "a 70-7 thrashing of Arizona") or a
# win "at" its ground ("eased to a 3-0 victory at Burnley"); its winner
# comes after a loss "to" ("a 6-2, 6-4 loss to Belinda Bencic", "fell to Texas", and with the contest lost between:
# "lost the 2022 Madrid Open final to Alexander Zverev", "lost in the French Open final earlier this year to Rafael
# Nadal", but not "lost the first set to", a part of a contest) or a passive's "by" ("was beaten 2-0 by Rennes").
# Regular expressions, every form of each word.
BEAT_VERBS = (r"beat(?:s|en|ing)?|defeat(?:s|ed|ing)?|edg(?:e|es|ed|ing)|rout(?:s|ed|ing)?|upset(?:s|ting)?|"
              r"outlast(?:s|ed|ing)?|eliminat(?:e|es|ed|ing)|thrash(?:es|ed|ing)?|overwhelm(?:s|ed|ing)?|"
              r"knock(?:s|ed|ing)?\s+out|(?:hold|holds|held|holding)\s+off(?:\s+the\s+challenge\s+of)?")
WIN_OVER = (r"(?:(?:victory|victories|win|wins|triumph|rout|upset)\s+(?:over|against|at)|romps?\s+over|"
            r"(?:rout|thrashing|drubbing|shellacking|trouncing|blowout|shutout)\s+of)")
_CONTEST_LOST = (r"(?:in\s+)?(?:the|a|an|his|her|its|their)\s+(?:[\w'’.-]+\s+){0,4}?"
                 r"(?:finals?|semi-?finals?|quarter-?finals?|match|title|race|election|primary|runoff|bout|fight|"
                 r"championship|crown|nomination)\s+(?:(?:earlier|later|last|this|that|in)\s+){0,2}"
                 r"(?:(?:year|season|month|week|\d{4})\s+)?")
LOSS_TO = (r"(?:(?:loss|losses|defeat|fall|falls|fell|falling)\s+|(?:lose|loses|lost|losing)\s+(?:" + _CONTEST_LOST
           + r")?)to")
BEATEN = r"(?:beaten|defeated|edged|routed|upset|eliminated|knocked\s+out|thrashed|overwhelmed)"
BEATEN_BY = BEATEN + r"(?:\s+\d+\s*[-–]\s*\d+)?\s+by"
OUSTED = r"(?:" + BEATEN + r"|ousted|bounced|dumped)"
"""The passive that tells its subject lost ("Brazil was ousted ... on penalties", "the Mets were eliminated")."""

# A prize, title or award taken or given ("Paul Lynch won the Booker Prize", "'Parasite' wins best picture",
# "'Succession' walked away with the top award for best drama series", "Renee Zellweger takes best actress", "John
# Legend has been named People's Sexiest Man Alive", "Time names Zelensky its Person of the Year"). Regular
# expressions, every form of each verb; the prize's own words are read around it (gazette.extractive.crowns_another).
PRIZE_VERBS = (r"w[oi]n|wins|winning|(?:took|takes|taking|take)(?:\s+home)?|claim(?:s|ed|ing)?|captur(?:e|es|ed|ing)|"
               r"snag(?:s|ged)?|(?:walk(?:s|ed)?|walking)\s+away\s+with|scor(?:e|es|ed)\s+with|"
               r"nam(?:ed|es)|crown(?:ed|s)")
PRIZE_WORDS = frozenset("award awards prize prizes trophy title titles honor honors honour honours crown".split())
"""The words any prize is called by: "the Booker Prize" is named by "booker", "the NHL's Hart Trophy" by "hart"."""

# A defendant's plea and a court's verdict, each told against the accused or for them ("pleaded guilty" or "pleaded
# not guilty", "convicted" or "found Paltrow not responsible"): for each, the pattern that tells it against, then the one
# that tells it for. Regular expressions, every form of each word; a verdict's "found" may have its person between
# ("found Gwyneth Paltrow at fault"), but never a "not".
_PLEAD = r"(?:plead(?:s|ed|ing)?|pled)\s+"
_FOUND = r"(?:found|finds|find|finding)\s+(?:(?!not\b)[\w.'’-]+\s+){0,3}?"
_FAULT = r"(?:guilty|liable|responsible|at\s+fault)\b"
VERDICTS: dict[str, tuple[str, str]] = {
    "plea": (_PLEAD + r"guilty\b|(?<!not\s)(?<!not-)guilty\s+pleas?\b",
             _PLEAD + r"(?:not\s+guilty|innocent)\b|not[-\s]guilty\s+pleas?\b"),
    "verdict": (r"(?<!not\s)convict(?:s|ed|ing)?\b|" + _FOUND + _FAULT + r"|(?<!not\s)(?<!not-)guilty\s+verdicts?\b",
                r"acquit(?:s|ted|ting|tal)?\b|" + _FOUND + r"not\s+" + _FAULT + r"|not[-\s]guilty\s+verdicts?\b|"
                r"cleared\s+of\b|found\s+innocent\b"),
}

VOTES: tuple[str, str] = (
    r"\b(?:reject(?:s|ed|ing)?|vot(?:e|es|ed|ing)\s+(?:down|against|no)\b|defeat(?:s|ed|ing)?|turn(?:s|ed|ing)?\s+"
    r"down|sa(?:y|ys|id|ying)\s+no)\b",
    r"\b(?:approv(?:e|es|ed|ing)|back(?:s|ed|ing)|pass(?:es|ed)?(?!\s+away)|vot(?:e|es|ed|ing)\s+(?:for|yes|in\s+"
    r"favou?r)|sa(?:y|ys|id|ying)\s+yes|ratif(?:y|ies|ied)|endors(?:e|es|ed))\b",
)
"""A vote's result as news tells it, against a measure and for it ("voters rejected Amendment 1", "Tennessee
voters backed Amendment 1"); the bare "back" is left out ("came back")."""

AFTER_COUNTED = frozenset("""still now later earlier already ago annually apiece overall altogether alone statewide
    nationwide countywide citywide worldwide ahead today tonight tomorrow yesterday due because remain remains live
    say says approve disapprove resign die""".split())
"""Words that follow a counted word and end its phrase, not the counted word itself: adverbs ("1.2 million people
still without power", "16 deaths statewide", "three minutes later") and verbs in the present ("Fourteen Americans
remain unaccounted for", "How many people live on Sanibel Island?")."""


def _plural(word: str) -> bool:
    """Whether a word looks like a plural noun: "people", "breweries", "gunmen" (not "class", "bus", "analysis", nor
    a possessive)."""
    low = word.lower()
    if POSSESSIVE.search(word):
        return False  # "Alphabet's"
    return low in _IRREGULAR_PLURALS or len(low) > 4 and low.endswith("men") \
        or len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))


def counted_head(question: str) -> str:
    """The word a "how many / how much" question counts (pure): the last of the words after it, up to its verb or
    a preposition, that is no name ("How many North Carolina National Guard members are ...?" -> "members", "How
    many cabinet ministers resigned ...?" -> "ministers", "How much rain fell ...?" -> "rain", "How many people make
    up the class ...?" -> "people"); of two joined by "and", the first ("homes and businesses" -> "homes"); "" when
    the verb comes first ("How many were ...?"). A comma ends the words, and so does the verb after a plural ("How
    many students attend the school?" -> "students"; not "How many sales tax holidays ...?", "holidays", nor a rate:
    "How many miles per hour ...?" -> "hour")."""
    m = re.search(r"\bhow (?:many|much)\s+(.*)", question, re.IGNORECASE)
    if not m:
        return ""
    run: list[str] = []
    found = re.findall(r"[A-Za-z][A-Za-z'’-]*|[,;:]", m.group(1))[:7]
    for i, word in enumerate(found):
        low = word.lower()
        if not word[0].isalpha():
            if any(w.islower() for w in run):
                break  # "... air, according to": a comma after the counted word ends it (not "Weld County, ...")
            continue
        if run and _plural(run[-1]) and word.islower() and not _plural(word) and low not in _HEAD_STOPS \
                and low != "per" and i + 1 < len(found) and not _plural(found[i + 1]):
            break  # "Americans breathe unhealthy air": a word after a plural, no plural after it, is the verb
        if run and low in _HEAD_ENDS:
            if len(run) > 1 and run[-1].islower() and not _plural(run[-1]) and _plural(run[-2]):
                run.pop()  # "breweries shut down": "shut" is the verb
            break
        if low in _HEAD_STOPS or run and (low in IRREGULAR_PAST or low in AFTER_COUNTED
                                          or low.endswith("ed") and word.islower()):
            break  # "homes and businesses": the first
        run.append(word)
    common = [w for w in run if not w[0].isupper()]
    return common[-1] if common else ""


def contains_phrase(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` on word boundaries; both already normalised (lower case, single
    spaces, no punctuation)."""
    return bool(needle) and re.search(r"(?:^| )" + re.escape(needle) + r"(?: |$)", haystack) is not None


# "Today" as a name, not a day: "USA TODAY", "FLORIDA TODAY" (capitals in a text that is not all capitals), "USA
# Today", "NBC's Today show" (capitalised after the start of a sentence).
_TODAY_WORD = re.compile(r"\bto(day)\b", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“(]\s*|\s[-–—]\s*)$")


def mask_named_today(text: str) -> str:
    """``text`` with each "today" that is part of a name (a newspaper, a show) blanked out, its length kept so that
    positions stay valid (pure): "as USA TODAY reported today" keeps only the second one."""
    shouting = text.isupper()
    out = text
    for m in _TODAY_WORD.finditer(text):
        word = m.group(0)
        named = (word == "TODAY" and not shouting) or (
            word == "Today" and not _SENTENCE_START.search(text[max(0, m.start() - 3):m.start()]))
        if named:
            out = out[:m.start()] + " " * len(word) + out[m.end():]
    return out


OUTCOMES: dict[str, tuple[str, str]] = {
    "win": ("won|wins?|t(?:ook|akes) home", "win wins won winning winner winners victory victories victorious "
            "champion champions title beat beats defeated clinched captured claimed retained triumph triumphed "
            "awarded"),
    "die": ("kill(?:s|ed)?|died|dies?", "kill kills killed killing dead died die dies death deaths deadly fatal "
            "fatally slain toll lives bodies drowned murdered perished"),
    "charge": ("charge[ds]?|indict(?:ed)?|arrest(?:ed)?", "charge charged charges indicted indictment arrest "
               "arrested accused counts pleaded plead booked"),
    "sentence": ("sentenced?", "sentence sentenced prison jail probation months life"),
    "convict": ("convict(?:ed)?|acquit(?:ted)?", "convicted conviction guilty verdict acquitted acquittal jury"),
    "resign": ("resign(?:s|ed)?|retired?|quit", "resign resigned resigns resignation quit quits stepped step retire "
               "retired retirement departure ousted"),
    "raise": ("raised?", "raise raised raises raising collected hike hiked increase increased"),
    "deal": ("sell|sold|buy|bought|acquired?|purchased?", "sell sold sells selling sale buyer buy bought acquire "
             "acquired acquisition deal purchase purchased"),
    "design": ("designed?", "design designed designer architect architects architecture"),
    "lose": ("lose|lost|loses", "lose lost loses losing loss losses defeated beaten fell eliminated upset shed "
             "sheds hemorrhaged"),
    "score": ("scored?", "score scored scores points goals runs touchdowns"),
    "pay": ("pay|paid", "pay paid pays paying payment payments settlement settle settled fine fined bought deal "
            "lend lends lent loan contribute contributes contributed purchase purchased acquire acquired "
            "acquisition"),
    "open": ("opened|open", "open opened opening opens debut debuted unveiled launched welcomed release released "
             "releases premiere premiered"),
    "injure": ("injured?|hurt|wound(?:ed)?", "injured injury injuries hurt wounded hospitalized hospital"),
    "sue": ("sued|sue", "sue sued suing lawsuit suit complaint"),
    "elect": ("elect(?:ed)?", "elected election won win victory votes vote"),
    "hire": ("hired?|appoint(?:ed)?", "hire hired appoint appointed named tapped choose chose chosen selected "
             "picked"),
    "reject": ("rejected|reject|voted? down|turned down", "reject rejected rejects rejection voted vote votes denied "
               "defeated"),
    "cancel": ("cancel(?:l?ed)?", "cancel canceled cancelled cancellation cancellations scrapped postponed"),
    "capture": ("(?:re)?captur(?:e|ed|es)|seiz(?:e|ed|es)|t(?:ook|ake|aken) (?:full )?control of",
                "capture captured captures capturing recapture recaptured seize seized seizes control "
                "fell fall withdrew withdrawn withdrawal retreat retreated pulled pullout occupied occupy liberated "
                "liberate entered overran confiscated won win title champion champions arrested arrest caught "
                "custody"),
}
"""Outcomes news questions ask about, each as (the question's verb forms, a regex alternation; the words a sentence
reports it with). "Who won ...?" is answered by a sentence that tells a win (a winner, a victory, a title, a
defeat of someone), not by one about the contest ("the final is on Sunday"). The words are those news reports use
for each outcome; bench/natural/STEPS.md ("Seventh step") says which were added after reading answers
(gazette.extractive.reports_outcome)."""

OUTCOME_PHRASES: dict[str, re.Pattern[str]] = {
    "die": re.compile(r"\bpass(?:ed|es|ing)\s+away\b", re.I),
    "win": re.compile(r"\bt(?:ook|akes?|aking)\s+home\b", re.I),
}
"""Outcomes a report may tell in a phrase whose words alone tell something else: "passed away" is a death, "passed"
alone a bill's vote; "took home the Maurice Podoloff Trophy" is a win, as a question's "took home" asks
(gazette.extractive.reports_outcome)."""

POSSESSIVE = re.compile(r"[’']s$")
"""A word's possessive ending: "Trump's", "Norway’s" (drop it to get the name)."""

RANK = re.compile(
    r"\b\d+(?:st|nd|rd|th)\b|\bNo\.\s?\d+\b|\bnumber\s+\d+\b|#\s?\d+\b|\b(?:first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|last)\b|\btop\s+(?:\d+|three|five|ten)\b", re.I)
"""A rank: "21st", "No. 5", "number 14", "#3", "fifth", "last", "top 10"."""

_ORDINAL_WORDS = (r"(?:\d[\d,]*(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
                  r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)")
ASKS_STREAK = re.compile(r"\b(?:in\s+a\s+row|straight|consecutive|successive)\b", re.I)
"""A "how many" question that counts a streak: "How many years in a row ...?", "How many straight games ...?"."""

STREAK = re.compile(
    r"\b" + _ORDINAL_WORDS + r"\s+(?:(?:consecutive|straight|successive)\b|(?:[a-z-]+\s+){1,3}(?:in\s+a\s+row|running)\b)",
    re.I)
"""A streak told by its ordinal, which answers "how many in a row": "for the seventh consecutive year", "his 10th
straight win", "the third time in a row", "a fifth season running"."""

NAME_PARTICLES = frozenset("de van von del da di bin le la".split())
"""The words in lower case inside a person's name ("Michael van Gerwen", "Ana de Souza"): part of the name."""

PLACE_NOUNS = frozenset("""stadium stadiums arena arenas home house memorial hospital church school park airport station
hotel restaurant store plant factory site campus center centre court courthouse field beach resort port harbor harbour
base prison jail farm ranch city town village county state border coast island capital building venue theater theatre
club office headquarters""".split())
"""Nouns that tell a place without naming it: "Where did FIFA ban alcohol?" is answered by "at the eight stadiums",
"Where did he die?" by "at his home" (gazette.extractive.can_answer)."""

PERSON_ROLES = frozenset("""man men woman women boy boys girl girls teen teens teenager teenagers child children kid kids
    victim victims suspect suspects driver drivers pilot pilots captain commander officer officers passenger
    passengers student students servicemember servicemembers soldier soldiers sailor sailors worker workers employee
    employees resident residents person owner owners doctor nurse judge lawyer attorney mother father son daughter
    wife husband girlfriend boyfriend friend player players coach gunman shooter killer trooper deputy deputies
    firefighter firefighters hiker hikers teacher teachers survivor survivors winner winners buyer seller donor founder
    chef author artist singer actor actress veteran agent manager spokesperson spokesman spokeswoman official
    officials executive principal detective sheriff climber swimmer runner rider fan fans customer customers patient
    patients inmate inmates prisoner prisoners guard guards mayor candidate nominee lawmaker lawmakers senator senators
    director chairman chairwoman governor congressman congresswoman mp mps ceo aide aides golfer golfers athlete
    athletes""".split())
"""Words for a person by role or description ("the pilot", "a Brooklyn man"): what "What was the name of the ...?"
asks to be named."""
OFFICE_ROLES = frozenset("""president vice minister secretary provost trustee dean chancellor superintendent
    commissioner publisher editor reporter correspondent professor chief treasurer administrator member""".split())
"""Offices a sentence gives a person besides :data:`PERSON_ROLES` ("Hamas prime minister, Ismail Haniyeh",
"Morehouse College's provost"), lower case."""
PLAIN_ROLES = frozenset("""man men woman women boy boys girl girls teen teens teenager teenagers child children kid kids
    person people resident residents""".split())
"""Words for a person that say only who they are, no office or part in an event ("California resident Philip
White" may be "the California man who filed the suit")."""
ROLE_COVERS: dict[str, frozenset[str]] = {
    "executive": frozenset("ceo president chairman chairwoman chief director founder".split()),
    "leader": frozenset("president minister chairman chairwoman chief governor mayor premier".split()),
    "lawmaker": frozenset("senator congressman congresswoman mp mps representative".split()),
}
"""The roles a wider one asked for takes in ("Which Live Nation executive ...?" is answered by "Live Nation CEO
Michael Rapino"), lower case; read by stem, so a plural asked ("lawmakers") takes in the plurals."""
SPEECH_VERBS = frozenset("""say says said saying tell tells told warned claimed commented described announced demanded
    cited explained urged testified wrote argued insisted admitted predicted blamed confirmed declared acknowledged
    noted spoke criticized praised accused vowed promised suggested revealed denied apologized estimated reported
    stated tweeted""".split())
"""Verbs of saying, in the forms a question asks them ("the commissioner who said ...", "Which MP demanded ...?"),
lower case: no noun ("a state", "the report")."""
TITLES = frozenset("gov governor sen senator rep mayor president sheriff gen adm lt col capt sgt det dr mr mrs ms".split())
"""Titles written before a person's name ("Gov. Roy Cooper", "Capt. Kenji Sato"), lower case."""
BODY_POSTS = frozenset("""ceo cfo coo chairman chairwoman owner owners founder cofounder president director manager
    executive executives official officials coach quarterback pitcher captain commissioner player players
    member members employee employees worker workers""".split())
"""Posts a body gives (lower case), which make the run of names before them the body's, not a person's: "the United
Wholesale Mortgage chairman", "Denver Broncos quarterback". Not a post that a person's name is also written before
("Trump lawyer Rudy Giuliani", "a Biden aide", "Taylor Swift fans")."""
NOT_PERSON_WORDS = frozenset("""Airport International University College School County City State States Park National
    Department Police Airlines Airways Company Inc Corp Co Association Committee Court Street Road Avenue Boulevard
    Highway Trail Trailhead Beach Center Centre Hospital Church Museum Hall House Senate Congress Party Republican
    Republicans Democrat Democrats Democratic Force Army Navy Guard Corps Agency Service Services Office Bureau Council
    Board News Press Times Post Journal Tribune Network Group Club Team League Stadium Arena Bank Fund Foundation
    Institute Society Festival Awards Prize Cup Open Championship Games Olympics Series Bowl Day Island Islands River
    Lake Mountain Mountains Canyon Valley Fort Saint St Mount Gulf Ocean Sea Bay Coast Ministry Government
    Administration Commission Authority Exchange Market Mall Plaza Square Bridge Tower Building Station Terminal Port
    Harbor Hotel Restaurant Cafe Bar Grill Kitchen Store Shop Health Medical Care Security Transportation Justice
    Affairs Forces Township Markets Motors Control Prevention Academy Disease Diseases Farm Farms Air Lines Cruises
    Foods Brands Drive Parkway Turnpike Expressway Freeway Interstate War Conference Storm Hurricane Typhoon
    Cyclone Union Course Contest Competition Tournament""".split()) \
    | frozenset(w.title() for w in (*MONTHS, *WEEKDAYS))
"""Capitalised words that make a run of names an institution, a place or a date, not a person: "JFK International
Airport", "Theodore Roosevelt National Park", "Air Force"."""

_MONEY_VERBS = ("pay pays paid paying spend spends spent spending cost costs costing charge charges charged charging "
                "earn earns earned earning fetch fetched fetching donate donated donating grant granted granting "
                "settle settled settling owe owes owed owing invest invested investing receive received receiving "
                "award awarded awarding fine fined fining bid bidding gross grossed grossing budget budgeted "
                "pledge pledged pledging allocate allocated allocating").split()
_MONEY_NOUNS = ("money cash savings funding funds aid revenue revenues profit profits debt ransom compensation "
                "damage damages tax taxes salary bail restitution fines fees rent wages reward bonus bonuses payout "
                "loan loans").split()
ASKS_MONEY = re.compile(
    r"\bhow much\s+(?:(?:in\s+)?(?:[\w'-]+\s+){0,2}?(?:" + alternation(_MONEY_NOUNS) + r")\b"
    r"|(?:did|does|do|will|would|could|is|was|were|are|has|have|had|should)\b[^?]*?\b(?:"
    + alternation(_MONEY_VERBS) + r"|sell for|sold for|bring in|brought in|take in|took in)\b(?!\s+(?:of|up)\b)"
    r"|[^?]*\bworth\b)"
    r"|\b(?:(?:what|which)\s+(?:was|is|were|are|will be|would be)\s+(?:the\s+)?(?:[\w.-]+['’]s?\s+)?|what\s+)"
    r"(?:[\w.-]+\s+){0,2}?(?:value|cost|costs|price|prices|fee|fees|fare|fares|fine|salary|budget|rent|wage|wages)\b"
    r"(?!\s+(?:of\s+)?(?:increase|increases|rise|rises|hike|hikes|drop|drops|fall|falls|change|changes)\b)"
    r"|\b(?:what|which)\b[^?]*\b(?:raise|raised|lower|lowered|cut|set|increase|increased|drop|dropped|hike|hiked)"
    r"\s+(?:its|their|his|her|the)\s+(?:[\w.-]+\s+){0,2}?(?:cost|costs|price|prices|fee|fees|fare|fares)\s+to\b"
    r"|\bwhat\s+(?:dollar|monetary|cash)\s+(?:amount|figure|sum|value)\b|\bwhat\s+(?:amount|sum)\s+of\s+money\b"
    r"|\bhow many dollars\b"
    r"|\bwhat\s+(?:does|did|do|will|would|could)\b[^?]*\bcosts?\b(?!\s+(?:of|to)\b)"
    r"|\bwhat\s+(?:is|was|are|were|will\s+be)\b[^?]*\bworth\b(?!\s*(?:more|less|about|around|nearly|almost|over|"
    r"up\s+to|roughly|some|at\s+least|an?\s+(?:reported|estimated|combined|total|record)|[$£€\d]|\w+ing\b))",
    re.IGNORECASE)
"""A question whose answer is an amount of money: "how much" with a verb of paying, spending or earning ("How much
did the network agree to pay?", "How much is the league paying him?", "How much did the film take in?"), a noun of
money ("How much in damages ...?") or "worth", "what was the price / cost / value / fare / rent of ..." ("What was
the starting price of the iPhone 5c?", "What was the U.S. price of ...?", "What new top price did ... announce?",
"What is the bakery's annual rent?"), a price raised or cut to ("What did YouTube TV raise its monthly price
to?"), a sum asked as one ("What dollar amount in damages ...?", "How many dollars ...?") and "what" a thing costs
or is worth ("What does a beer cost at The Barn?", "What is the hoard estimated to be worth?"). Not "How much did
the Fed raise rates?" or "How much did the price fall?": a rise or a fall is told in points or per cent."""
_CURRENCIES = ("dollars dollar pounds pound sterling euros euro yen yuan renminbi cents pence rupees rubles roubles "
               "pesos reais rand lira lire francs kroner kronor krona krone zloty forint leva lev hryvnias shekels "
               "dinars dirhams riyals ringgit baht rupiah naira shillings bucks usd eur gbp").split()
MONEY_FIGURE = re.compile(
    r"(?:[$£€¥]|\b(?:US|C|A)\$)\s?\d[\d,.]*(?:[\s-]?(?:million|billion|trillion|bn|m|k)\b)?", re.IGNORECASE)
"""An amount written with a currency sign, whole ("$10 million", "$1.6-billion", "C$30"): what a count is not ("how
many players" is not answered by "$10 million")."""
MONEY_AMOUNT = re.compile(
    MONEY_FIGURE.pattern + r"|[₹₽]\s?\d|\b(?:US|C|A|NZ|HK)\$|\b(?:USD|EUR|GBP)\s?\d"
    r"|\b\d[\d,.]*\s*(?:million|billion|trillion|bn)\b"
    r"|\b\d[\d,.]*\s*(?:thousand|m|k)?\s*(?:" + alternation(_CURRENCIES) + r")\b"
    r"|\b(?:million|billion|trillion) (?:" + alternation(_CURRENCIES) + r")\b|\bfor free\b|\bfree of charge\b",
    re.IGNORECASE)
"""An amount of money as news writes it: :data:`MONEY_FIGURE`, and "4.2 million leva", "200 euros", "50 cents", "for
free" (a figure in millions counts: "the repairs cost 4.2 million")."""

ASKS_SHARE = re.compile(
    r"\b(?:what|which)\s+(?:share|percentage|percent|proportion|fraction)\b|\bhow much of\b"
    r"|\bby what (?:percentage|percent|share)\b", re.IGNORECASE)
"""A question whose answer is a share: "What share of Texas was in drought?", "How much of the sun was blocked?"."""
SHARE_AMOUNT = re.compile(
    r"\d\s?%|\b\d[\d,.]*\s*(?:percent|per cent|percentage points?)\b|\bpercent\b"
    r"|\b(?:half|a (?:third|quarter|fifth) of|(?:one|two|three|four)[- ](?:thirds?|quarters?|fifths?)|majority|minority)\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|\d+) (?:in|out of) (?:every )?(?:\d+|ten|five|three|four)\b",
    re.IGNORECASE)
"""A share as news writes it: "97.5%", "46.2 percent", "two-thirds", "a third of", "half", "nine in 10", "a majority"
(not "a third drought")."""

NOT_KNOWN = re.compile(
    r"\b(?:not|n't|never)\s+(?:been\s+|yet\s+|be\s+)?(?:immediately\s+|publicly\s+)?"
    r"(?:known|clear|disclosed|revealed|specified|made public)\b"
    r"|\bnot (?:immediately )?available for comment\b"
    r"|\b(?:did|does|do|would|could|has|have|had)\s*(?:not|n't)\s+(?:immediately\s+|publicly\s+)?"
    r"(?:say|said|disclose|specify|reveal|comment)\b"
    r"|\b(?:unknown|unclear)\s+(?:whether|if|how|why|what|who|when|where|which)\b"
    r"|\b(?:is|was|are|were|remains?|remained)\s+(?:still\s+)?(?:unknown|unclear|undisclosed)\b"
    r"|\b(?:declined|refused) to (?:say|comment|disclose|specify|name|elaborate|discuss|identify|provide|give|"
    r"release|share|reveal)\b"
    r"|\bneither\s+(?:[\w'’.-]+\s+){1,6}?nor\s+(?:[\w'’.-]+\s+){1,6}?(?:immediately\s+|publicly\s+)?"
    r"(?:provided|gave|released|disclosed|revealed|specified|offered|shared)\b"
    r"|^\W*no\s+(?!one\b|body\b|other\b)(?:(?!and\b|but\b|or\b)[\w-]+\s+){0,3}?"
    r"(?:was|were|has been|have been|had been|is|are)\s+(?:yet\s+)?(?:immediately\s+|publicly\s+|officially\s+)?"
    r"(?:disclosed|released|revealed|given|provided|announced|specified|made public|known|offered|identified)\b",
    re.IGNORECASE)
"""A sentence that says what it is about is not known or not told: "it has not disclosed its donors", "it is unknown
whether ...", "officials declined to say", "declined to provide his last name", "neither Netflix nor the exhibitors
provided sales estimates", a sentence that opens "No cause of death was disclosed" (not "No one was given a ticket",
nor a count's caveat after a semicolon); not a word that describes ("a designer largely unknown to the public"). As
the best answer to a question, it says the archive does not know (gazette.extractive.says_not_known)."""

COUNTRY_FORMS: tuple[tuple[str, ...], ...] = (
    ("United States", "US", "USA", "America", "American", "Americans"),
    ("United Kingdom", "UK", "Britain", "British"), ("England", "English"), ("Scotland", "Scottish"),
    ("Wales", "Welsh"),
    ("Netherlands", "Holland", "Dutch"), ("China", "Chinese"), ("Russia", "Russian", "Russians"),
    ("Ukraine", "Ukrainian", "Ukrainians"), ("Poland", "Polish"), ("Czech Republic", "Czechia", "Czech"),
    ("Germany", "German", "Germans"), ("France", "French"), ("Italy", "Italian", "Italians"), ("Spain", "Spanish"),
    ("Japan", "Japanese"), ("Korea", "Korean", "Koreans"), ("India", "Indian", "Indians"),
    ("Canada", "Canadian", "Canadians"), ("Mexico", "Mexican", "Mexicans"), ("Israel", "Israeli", "Israelis"),
    ("Iran", "Iranian", "Iranians"), ("Iraq", "Iraqi", "Iraqis"), ("Syria", "Syrian", "Syrians"),
    ("Turkey", "Turkiye", "Türkiye", "Turkish"), ("Egypt", "Egyptian"), ("Brazil", "Brazilian"),
    ("Argentina", "Argentine", "Argentinian"), ("Australia", "Australian", "Australians"), ("Ireland", "Irish"),
    ("Sweden", "Swedish"), ("Norway", "Norwegian"), ("Denmark", "Danish"), ("Finland", "Finnish"),
    ("Greece", "Greek"), ("Pakistan", "Pakistani"), ("Afghanistan", "Afghan"), ("Lebanon", "Lebanese"),
    ("Switzerland", "Swiss"), ("Austria", "Austrian"), ("Belgium", "Belgian"), ("Portugal", "Portuguese"),
    ("Philippines", "Filipino", "Philippine"), ("Vietnam", "Vietnamese"), ("Taiwan", "Taiwanese"),
    ("Thailand", "Thai"), ("Saudi Arabia", "Saudi", "Saudis"), ("New Zealand", "Kiwi", "Kiwis"),
    ("Colombia", "Colombian"), ("Venezuela", "Venezuelan"), ("Cuba", "Cuban"), ("Haiti", "Haitian"),
    ("Nigeria", "Nigerian"), ("Kenya", "Kenyan"), ("Hungary", "Hungarian"), ("Serbia", "Serbian"),
    ("Croatia", "Croatian"), ("Chile", "Chilean"), ("Peru", "Peruvian"), ("Jamaica", "Jamaican"),
)
"""The ways news names a country: its name, initialisms and the adjective and people of it ("the Netherlands",
"Dutch"); an initialism written with stops ("U.S.") is read as its letters ("us"). A question that sets its event "in
the Netherlands" is about an article that says "a Dutch court". England, Scotland and Wales are each their own: a
question set "in Scotland" is not answered by finds "in southern Britain"."""

US_STATES = frozenset("""alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
    mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont
    virginia washington wisconsin wyoming""".split()) | {"new hampshire", "new jersey", "new mexico", "new york",
                                                        "north carolina", "north dakota", "rhode island",
                                                        "south carolina", "south dakota", "west virginia"}
"""The states of the United States, by name, lower case: a state that gives a figure is its place ("South Carolina
reported 46 deaths", gazette.figures.state_place); one that qualifies a place leaves the question set in that place
("Delaware's Appoquinimink School District", gazette.extractive.set_in_names)."""

COUNTRY_WORDS = frozenset(form for forms in COUNTRY_FORMS for form in forms if " " not in form and not form.isupper()) \
    - frozenset({"Holland", "Israel", "India", "English", "French", "Kiwi"})
"""The one-word forms of a country that are no person's name (gazette.extractive.people): inside a run of capitalised
words they make it a thing or a team ("De Havilland Canada", "New England Patriots"), before one they describe it
("British Prime Minister Rishi Sunak"). Not the forms that are people's names too ("Tom Holland", "Israel Adesanya",
"Dawn French")."""
