"""Sentence splitting and chunking (pure functions).

A chunk is a run of whole sentences, cut from the article text unchanged (so quotes taken from a chunk occur in
the article), sized so that the headline, outlet, date and chunk text fit the embedding model's token window.
Consecutive chunks share one sentence of overlap so that a fact spanning a boundary is still found whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gazette.lexicon import MONTH_NAMES, MONTHS, WEEKDAYS
from gazette.models import Article, Chunk, content_hash

TokenCounter = Callable[[str], int]

# Words after which a period does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr", "sr", "vs",
    "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "etc", "approx", "est", "fig", "mt", "ft",
}
# A clock time's "a.m." or "p.m." followed by a time zone, a weekday or a month goes on with the sentence ("lifted
# off at 1:05 a.m. EST Thursday atop a rocket", "doors open at 10 a.m. Saturday"): split there, the answer quoted a
# fragment that starts "EST Thursday atop ...".
_CLOCK = frozenset({"a.m", "p.m"})
_AFTER_CLOCK = frozenset({
    "et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt", "akst", "akdt", "hst", "gmt",
    "utc", "bst", "cet", "cest", "aest", "aedt", "eastern", "central", "mountain", "pacific",
}) | frozenset(WEEKDAYS) | frozenset(MONTHS)
_NEXT_WORD = re.compile(r"[A-Za-z]+")
# "No." and "Nos." before a number are a rank or a number, not the end of a sentence ("at No. 5").
_NUMBERED = frozenset({"no", "nos"})
# A match starts only at the start of a run of sentence punctuation, taken whole (possessive): retried at every
# character of a long run ("?!?!?!..." without a space), the pattern was quadratic and stalled ingest.
_BOUNDARY = re.compile(r"""(?<![.!?])[.!?]++["'”’)\]]*\s+|\n\s*\n+""")


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")


def ends_as_sentence(text: str) -> bool:
    """Whether ``text`` ends as a sentence does, with a full stop, a question or an exclamation mark (a closing quote
    or bracket after it): a heading, a label or a teaser in the body ("Live updates: Buffalo supermarket shooting",
    "The claim: ...", "In pictures: ... Prev Next") does not (pure)."""
    return bool(_SENTENCE_END.search(text))


def approx_tokens(text: str) -> int:
    """A cheap token estimate (about 4 characters per word piece) for when no tokenizer is at hand."""
    return len(text) // 4 + 1


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of the sentences of ``text`` (white space trimmed, empty ones dropped)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if "\n" not in m.group(0):
            word = _word_before(text, start, m.start()).lower().rstrip(".")
            if _abbreviation(text, m.start(), word):
                continue
            if word in _NUMBERED and text[end:end + 1].isdigit():
                continue  # "No. 5 among the busiest airports", "Nos. 3 and 4"
            if word in _CLOCK:
                after = _NEXT_WORD.match(text, end)
                if after and after.group(0).lower().rstrip(".") in _AFTER_CLOCK:
                    continue
        # Do not end a sentence before a lower-case continuation ("3 p.m. on Friday").
        nxt = text[end:end + 1]
        if "\n" not in m.group(0) and nxt.islower():
            continue
        _append_trimmed(text, start, end, spans)
        start = end
    _append_trimmed(text, start, len(text), spans)
    return spans


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")


def _word_before(text: str, start: int, stop: int) -> str:
    """The word (ASCII letters and dots, from its first letter) that ends with the period at ``text[stop]``.

    Walks back from the period rather than matching a regex against everything since the last sentence end:
    that was quadratic in the length of a run of skipped boundaries ("a. a. a. ...", "e.g. e.g. ..."), and
    a page of them stalled ingest for minutes.
    """
    if text[stop] != ".":
        return ""
    i = stop
    while i > start and text[i - 1] in _WORD_CHARS:
        i -= 1
    return text[i:stop].lstrip(".")


def ends_with_abbreviation(text: str) -> bool:
    """Whether the full stop that ends ``text`` belongs to an abbreviation ("at 5 p.m.", "the U.S.", "Acme
    Inc."), as the sentence splitter reads it, rather than only closing the sentence (pure)."""
    text = text.rstrip()
    if not text.endswith(".") or text.endswith(".."):
        return False
    word = _word_before(text, 0, len(text) - 1).lower()
    return word in _CLOCK or _abbreviation(text, len(text) - 1, word)


def _abbreviation(text: str, stop: int, word: str) -> bool:
    """Whether ``word`` (lower case), ending with the full stop at ``text[stop]``, is an abbreviation ("Mr.",
    "U.S.") or an initial ("J. Smith"), not a number's ending ("in the 1990s.")."""
    return word in _ABBREVIATIONS or len(word) == 1 and not (stop >= 2 and text[stop - 2].isdigit())


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


_LIST_MARKER = re.compile(r"^(?:[•∎◾▪►▶·]\s*|[-–—−*]\s+)+")


def unbulleted(sentence: str) -> str:
    """A sentence as a reader is shown it: without the list marker a web page put before it ("− President Joe
    Biden ...", "∎ Georgia Gov. Brian Kemp said ..."). What is left is still the article's own text (pure)."""
    return _LIST_MARKER.sub("", sentence)


def _split_long(text: str, start: int, end: int, budget: int, count: TokenCounter) -> list[tuple[int, int]]:
    """Cut one over-long sentence at word boundaries into pieces within ``budget`` tokens."""
    pieces: list[tuple[int, int]] = []
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    i = 0
    while i < len(words):
        j = i + 1
        while j < len(words) and count(text[words[i][0]:words[j][1]]) <= budget:
            j += 1
        pieces.append((words[i][0], words[j - 1][1]))
        i = j
    return pieces


def chunk_spans(text: str, budget: int, count: TokenCounter = approx_tokens, overlap: int = 1) -> list[tuple[int, int]]:
    """Group sentences into spans of at most ``budget`` tokens, ``overlap`` sentences shared between neighbours."""
    if budget < 8:
        raise ValueError("chunk budget must be at least 8 tokens")
    units: list[tuple[int, int]] = []
    for s, e in sentence_spans(text):
        if count(text[s:e]) > budget:
            units.extend(_split_long(text, s, e, budget, count))
        else:
            units.append((s, e))
    chunks: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j = i + 1
        while j < len(units) and count(text[units[i][0]:units[j][1]]) <= budget:
            j += 1
        chunks.append((units[i][0], units[j - 1][1]))
        if j >= len(units):
            break
        # Step back for overlap, but always move forward.
        i = max(i + 1, j - overlap)
    return chunks


def chunk_article(
    article: Article, max_tokens: int = 250, count: TokenCounter = approx_tokens, overlap: int = 1
) -> list[Chunk]:
    """Cut an article into chunks whose embedding text (header + body) fits ``max_tokens``."""
    probe = Chunk(
        chunk_id="", doc_id=article.doc_id, index=0, text="", title=article.title, outlet=article.outlet,
        url=article.url, published=article.published, language=article.language,
    )
    header_tokens = count(probe.embedding_text())
    budget = max(max_tokens - header_tokens - 2, 16)
    chunks = []
    for index, (s, e) in enumerate(chunk_spans(article.text, budget, count, overlap)):
        body = article.text[s:e]
        chunks.append(
            probe.model_copy(
                update={
                    "index": index,
                    "text": body,
                    "chunk_id": content_hash(article.doc_id, article.fingerprint, str(index), body)[:32],
                }
            )
        )
    return chunks


# What is not the article's own text: a line that points to another story ("More: ...", "► ...", "Related: ...",
# "Story: ...", "Photos: ...", "Watch: ...", "For the latest news ..., visit ...", a headline behind a label in
# capitals and a colon with no space, "FERRY FARES:Council votes ...", or behind any label or question with no space
# and no full stop at its end, "Ferry fares:Council votes to raise them"), a credit line ("Contributing: ..."), a
# reporter's contact line ("Reach Ana Ruiz at ana@lakeweekly.example", "Follow him on Twitter @ana"), a note about the
# page itself (an editor's note saying which day the page sums up or asking readers to sign up, a line saying which
# day's news the page covers, "Click here ..."), a site's promotion ("Subscribe to ...", "Sign up for our
# newsletter", "Follow every game: Latest NBA Scores"; about 2,000 lines of the shared benchmark archive, nearly all of
# them newsletter and score-page promotions), a video player's caption ("JUST WATCHED ...", "MUST WATCH ..."), a file
# photo's caption ("In this Feb. 8, 2016, file photo, a sign ...", "FILE - ...": an old picture, not the news) or a
# dateline on its own ("Lake Town (CNN) —"). Never an answer, a watch digest's line, a timeline's line or a figure of
# "Sources differ". (In the shared benchmark archive's 19,312 articles, lines opening "Photos:", "Story:", "Opinion:",
# "Read:" or "Video:" number about 1,700, nearly all links to another page; labels in capitals with no space before
# the headline about 2,000, video captions about 1,100, editor's notes about 600, most of them about the page.)
_PAGE = r"(?:page|story|article|file|post|blog|roundup|series|column|report|piece|newsletter)"
_BOILERPLATE = re.compile(
    r"^\W{0,3}(?:[►▶»•]|(?:more|related|read more|also read|see also|contributing|stor(?:y|ies)|read|photos?|"
    r"videos?|watch|listen|podcast|gallery|newsletter|opinion)\s*:"
    r"|for (?:(?:the|our) latest|more (?:\w+ )?(?:news|stories|coverage|updates))\b(?:[^.!?]|\.(?= \d)){0,120}?,\s*"
    r"(?:please\s+)?"
    r"(?:visit|go to|see|follow|sign up|read|view|check|click|head)\b"
    r"|(?:contact|follow|reach|email|e-mail)\s(?=.*(?:\S@\S|(?:^|\s)@\w|\(?\d{3}\)?[-. ]\d{3}-\d{4}"
    r"|\b(?:twitter|facebook|instagram|threads|linkedin|tiktok|bluesky)\b))"
    r"|(?-i:[A-Z][A-Z'’&-]+(?: [A-Z0-9][A-Z0-9'’&-]*)*):(?=[“\"‘'A-Z0-9])"
    r"|(?-i:JUST WATCHED|MUST WATCH)\b|click here\b"
    r"|subscribe\b|sign\s+up\s+(?:for|to|here|now|today)\b|follow every game\s*:"
    r"|(?-i:FILE)\s*[-–—]\s"
    r"|in this (?:[a-z]+\.? \d{1,2},? )?(?:\d{4},? )?(?:undated )?file (?:photo|image|picture)\b"
    r"|editor[’']?s[’']? note\s*:\s*(?:this " + _PAGE + r"\b|an? (?:earlier |previous )?versions? of this|earlier versions|"
    r"sign up|for (?:the|our) latest|follow|find (?:the|our) latest|we have made)"
    r"|this " + _PAGE + r" (?:covers|recaps|reflects|is a summary of)\b)", re.I)
# A headline behind a label or a question with no space, and no full stop at its end: a link to another page
# ("Winning numbers:Lottery draws its numbers after a delay", "'Heartbroken':Riders say goodbye to the ferry",
# "Read the whole story here:5 takeaways from the vote", "Heading to the lake?Here's what the ferry costs"). With a
# full stop it may be a roundup's item missing its space ("Lake Town:The council voted Monday ..."), so it stays.
# In the shared benchmark archive about 7,100 sentences read so, nearly all links and teasers.
_TEASER = re.compile(r"[A-Z‘“'\"][\w'’&., -]{1,40}[a-z'’”\"]:[A-Z0-9‘“\"']|[^.!?]{3,80}\?[A-Z][a-z]")


def _teaser(sentence: str) -> bool:
    """A headline behind a label or a question with no space and no full stop at its end (see above). The plain
    tests come first: most sentences end with a full stop or have no colon or question mark near their start."""
    if sentence.rstrip(" \t\n\"'’”)")[-1:] in (".", "!", "?"):
        return False
    return (":" in sentence[:44] or "?" in sentence[:82]) and bool(_TEASER.match(sentence))


# An announcement of what follows ("Here's what we know:", "Here are the winners.", "Below are the rankings, as
# voted on by ..."): it tells nothing itself, the sentences after it do. Not when a colon is followed by its content
# ("Here's the deal: fares rise in spring.", a clock's "9:20" aside), nor "Here in Lake Town, ..." or a quote. In the
# shared benchmark archive about 5,000 sentences open so, all but about 200 with nothing after a colon; 40 of those
# read at random all announce a list, a guide or a quote to come.
_ANNOUNCES = re.compile(r"(?:here|below)(?:['’]s|\s+is|\s+are)\s+(?!(?:in|on|at)\b)(?:[^:]|:(?=\d))*:?\s*", re.I)


# A headline behind a label in capitals and a space, with no full stop at its end: a link to another story ("LEGEND:
# Bowden built Florida State into college football powerhouse", "RELATED STORY: Medical marijuana dispensary set to
# open near Lewes"), told by the words in lower case a headline has, five or more. Not a listing's field, whose label
# asks ("WHEN: 10 a.m.-5 p.m.", "WINNER: Brendan Fraser, 'The Whale'"), nor a chronology's dated item ("JUNE 15:
# Diossa says Pryor should resign ..."). In the shared benchmark archive about 690 lines read so; of 40 read at random
# before the field labels were kept out, 39 were links, promotions or another story's headline, the other an award
# listing's winners.
_FIELD_LABELS = (r"WINNERS?|NOMINEES?|WHO|WHAT|WHEN|WHERE|WHY|HOW|COST|PRICES?|TICKETS|ADMISSION|HOURS|LOCATION|"
                 r"BORN|DIED|DETAILS|INFO|RUN TIME")
_DATED_LABEL = r"(?:" + "|".join(sorted({name[:3].upper() for name in (*MONTHS, *WEEKDAYS)})) + r")[A-Z]*\.?"
_CAPITAL_LABEL = re.compile(r"\W{0,3}(?!(?:" + _FIELD_LABELS + "|" + _DATED_LABEL + r")[:\s])"
                            r"[A-Z][A-Z'’&.-]+(?: [A-Z0-9][A-Z0-9'’&.-]*)*:\s+(?=[“\"‘'A-Z0-9])")
_HEADLINE_LOWER_WORDS = 5


def _labelled_headline(sentence: str) -> bool:
    """A headline behind a label in capitals and a space, with no full stop at its end (see above)."""
    if sentence.rstrip(" \t\n\"'’”)")[-1:] in (".", "!", "?"):
        return False
    label = _CAPITAL_LABEL.match(sentence)
    return label is not None and sum(
        1 for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", sentence[label.end():]) if w[0].islower()
    ) >= _HEADLINE_LOWER_WORDS


_DATELINE = re.compile(r"\b(?:CNN|AP|Reuters)(?:\s[^)]{0,20})?\)?\s*[—–-]+\s*$")
"""A dateline on its own, "Lake Town (CNN) —": a short line ending so."""
_DATELINE_CHARS = 80


# A photo's credit opening its caption: a photographer's name and the agencies after slashes, then the caption
# ("Ana Ruiz/Lake Weekly A ferry leaves ...", "Brook Mitchell/Getty Images In pictures: ... Prev Next"; the credit
# may end "via Getty Images" or "for CNN"). A caption tells what a picture shows, often on another day than the
# article's news, and a gallery's reads as one sentence with the next caption. Not a name with a slash inside a
# sentence ("The Suns/Mercury are the first ...", "A CBS News/YouGov poll ...", "The Los Angeles/Long Beach area
# took ..."): the caption after the credit opens with a capital, and a credit with no determiner. About 7,750
# sentences of the shared benchmark archive open so; of 30 read at random, all were captions or a credit on its
# own; of 50 read among the 326 whose credit names no agency we know, 44 were, 4 were a listing's lines and 2 a
# sentence ("MLB Network/Fox Sports reporter ... reported ...").
_PHOTO_CREDIT = re.compile(
    r"(?!(?:The|A|An|This|That|These|Those|Its|His|Her|Their|Our|In|On|At|For|From|By)\s)"
    r"(?:[A-Z][\w.'’-]*\s){1,3}[A-Z][\w.'’-]*(?:/[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,3})+"
    r"(?: (?:via|for)(?: [A-Z][\w.'’&-]*){1,3})?\s+[A-Z“\"‘']")


# A wire photo's caption ends on its place and day, with no comma or preposition before the month ("People light a
# fire during a protest ... in Tehran, Iran September 21, 2022.", perhaps with the agency after it): 18 sentences of
# the shared benchmark archive end so, all captions; prose puts "on" or a comma before the day ("in Washington, DC,
# September 8, 1997", "U.S. Army, May 22, 2005").
_PLACE_DATED = re.compile(
    r",\s(?:[A-Z][\w.'’-]*\s){0,2}[A-Z][\w.'’-]*\s(?:" + "|".join(m.capitalize() for m in MONTH_NAMES) + r")"
    r"\s\d{1,2},\s\d{4}\.?[\s\"”]*(?:[A-Z][A-Za-z/ ().-]{0,60})?$")


def photo_caption(sentence: str) -> bool:
    """Whether a sentence is a photo's caption, opened by its credit or ended by its place and day (see above): not
    the article's own telling."""
    return bool(_PHOTO_CREDIT.match(sentence) or _PLACE_DATED.search(sentence))


def boilerplate(sentence: str) -> bool:
    """Whether a sentence is a link to another story, a site's promotion, a credit, a reporter's contact line or an
    announcement of what follows: not the article's own text (pure)."""
    return (bool(_BOILERPLATE.match(sentence)) or "Replay More Videos" in sentence
            or (len(sentence) <= _DATELINE_CHARS and "." not in sentence and bool(_DATELINE.search(sentence)))
            or _teaser(sentence) or _labelled_headline(sentence) or bool(_ANNOUNCES.fullmatch(sentence)))
