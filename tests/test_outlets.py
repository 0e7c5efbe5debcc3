"""Questions that name an outlet as their source read that outlet's articles only (gazette.outlets)."""

from datetime import date

import pytest

from gazette.answering import plan_search
from gazette.followups import rewrite
from gazette.models import SearchFilters
from gazette.outlets import named_outlet
from gazette.recency import RecencyPolicy

OUTLETS = ["Baltic Wire", "Pacific Herald", "Northern Courier", "Global Desk", "Global Desk Asia", "Time", "The Hill",
           "CNN", "Washington Post"]


@pytest.mark.parametrize(
    ("question", "outlet", "rest"),
    [
        # words that give a source, before the name; they go with it
        ("Any news from Baltic Wire?", "Baltic Wire", "Any news?"),
        ("What's the latest from Global Desk?", "Global Desk", "What's the latest?"),
        ("According to Northern Courier, how many North Korean troops went to Russia?", "Northern Courier",
         "How many North Korean troops went to Russia?"),
        ("How many troops are in Kursk, per Global Desk?", "Global Desk", "How many troops are in Kursk?"),
        ("Stories from the Washington Post about Ukraine last week", "Washington Post", "Stories about Ukraine last week"),
        ("What did officials say on CNN?", "CNN", "What did officials say?"),
        # the outlet reporting: its verb frames the question, as "say" does
        ("What did the Pacific Herald report about North Korean troops?", "Pacific Herald",
         "What did it say about North Korean troops?"),
        ("What does the Baltic Wire say about glide bombs?", "Baltic Wire", "What does it say about glide bombs?"),
        ("Pacific Herald reported what about Kursk?", "Pacific Herald", "It said what about Kursk?"),
        # a possessive before a word for its reporting
        ("Pacific Herald's figures on North Korean troops in Kursk", "Pacific Herald",
         "Figures on North Korean troops in Kursk"),
        # the name alone, or with words asking for news: its news
        ("Baltic Wire?", "Baltic Wire", "News?"),
        ("kyiv news from global desk", "Global Desk", "kyiv news"),
        ("baltic wire headlines this week", "Baltic Wire", "headlines this week"),
        ("What did The Hill report?", "The Hill", "News?"),
        # the longest name wins; a multi-word name in any case
        ("Any news from Global Desk Asia?", "Global Desk Asia", "Any news?"),
        ("any news from GLOBAL DESK?", "Global Desk", "any news?"),
        # an outlet as the subject of a question is no source: nothing is read differently
        ("Why did CNN fire its anchor?", None, None),
        ("Who owns the Washington Post?", None, None),
        ("Who resigned from CNN?", None, None),
        # a one-word name only as the archive writes it; nor a name inside another word or name
        ("what time is it?", None, None),
        ("What happened on the hill?", None, None),
        ("What did CNNs report?", None, None),
        ("Any news from Baltic Wirecast?", None, None),
        ("Any news from Global Desk Europe?", None, None),
        ("Any news from Baltic Wire Monday?", "Baltic Wire", "Any news Monday?"),
        ("What happened in Kyiv?", None, None),
    ],
)
def test_the_outlet_a_question_names_as_its_source(question, outlet, rest):
    found = named_outlet(question, OUTLETS)
    assert (found.outlet, found.rest) == (outlet, rest) if outlet else found is None


@pytest.mark.parametrize("outlets", [[], ["", "  "], ["2024"]])
def test_an_archive_without_outlet_names_reads_no_question_differently(outlets):
    assert named_outlet("Any news from Baltic Wire?", outlets) is None


POLICY = RecencyPolicy(older_weight=1.0, half_life_days=30.0, prefer_latest=True)


@pytest.mark.parametrize(
    ("question", "explicit", "outlets", "query"),
    [
        ("Any news from Baltic Wire?", None, ("Baltic Wire",), "Any news?"),
        # an outlet within the explicit ones narrows them to it
        ("Any news from Baltic Wire?", SearchFilters(outlets=("baltic wire", "Global Desk")), ("Baltic Wire",),
         "Any news?"),
        # explicit filters are hard: a question naming an outlet they leave out is read as it is
        ("Any news from Baltic Wire?", SearchFilters(outlets=("Global Desk",)), ("Global Desk",),
         "Any news from Baltic Wire?"),
        ("Who owns the Washington Post?", None, (), "Who owns the Washington Post?"),
    ],
)
def test_a_plan_reads_only_the_outlet_a_question_names(question, explicit, outlets, query):
    plan = plan_search(question, [], explicit, date(2024, 12, 20), rewrite, POLICY, OUTLETS)
    assert plan.query == query
    assert plan.filters is not None and plan.filters.outlets == outlets
    assert plan.fallback is not None and plan.fallback.outlets == outlets
    assert plan.outlet == (outlets[0] if query != question else None)
    assert plan.question == question  # the question itself is shown as asked


def test_a_follow_up_keeps_its_context_without_the_outlet():
    history = [("user", "How many North Korean troops are in Kursk?"), ("assistant", "Up to 8,000 [1].")]
    plan = plan_search("What did Pacific Herald report?", history, None, date(2024, 12, 20), rewrite, POLICY,
                       OUTLETS)
    assert plan.filters is not None and plan.filters.outlets == ("Pacific Herald",)
    assert "Pacific" not in plan.query and "Kursk" in plan.query


def test_an_outlet_question_on_the_sample_archive_cites_that_outlet_only(sample_app):
    as_of = date(2024, 12, 20)
    ans = sample_app.ask("According to Northern Courier, how many North Korean troops went to Russia?", as_of=as_of)
    assert not ans.abstained and ans.citations
    assert {c.outlet for c in ans.citations} == {"Northern Courier"}
    assert "10,000" in ans.answer
    # a briefing of one outlet: its latest week
    news = sample_app.ask("What's the latest from Kyiv Ledger?", as_of=as_of)
    assert not news.abstained and {c.outlet for c in news.citations} == {"Kyiv Ledger"}
    assert "120 missiles" in news.answer
    # nothing from it on the subject: the abstention says where it looked
    none = sample_app.ask("What did Capital Dispatch report about the typhoon?", as_of=as_of)
    assert none.abstained and none.answer == "The archive has nothing on that in Capital Dispatch."
    # the same question without the outlet is answered from another
    assert not sample_app.ask("What did the typhoon hit?", as_of=as_of).abstained


def test_the_keyword_index_lists_its_outlets_and_sees_new_ones(embedder, tmp_path):
    from gazette.keyword import KeywordIndex
    from gazette.models import Article
    from gazette.store import open_archive
    from ingest.pipeline import ingest_items

    def article(doc_id: str, outlet: str) -> Article:
        return Article(doc_id=doc_id, title=f"The harbour reopens ({doc_id})", outlet=outlet,
                       url=f"https://harbour.example/{doc_id}", published=date(2024, 12, 1),
                       text=f"The harbour reopened on Sunday after storm {doc_id} passed, the port authority said.")

    store = tmp_path / "store"
    archive = open_archive(store, create=True, embedding_model=embedder.name, dimensions=embedder.dimensions)
    ingest_items(archive, embedder, [article("a", "Harbour Post"), article("b", "harbour post"), article("c", "")])
    reader = KeywordIndex(store / "keywords.sqlite", readonly=True)
    assert reader.outlets() == ["Harbour Post"]  # one per outlet whatever its case; none for no outlet
    ingest_items(archive, embedder, [article("d", "Baltic Wire")])
    archive.close()
    assert reader.outlets() == ["Baltic Wire", "Harbour Post"]  # written by another writer after the reader opened


@pytest.mark.parametrize(
    ("outlet", "url", "named"),
    [
        ("Northern Courier", "https://northerncourier.example/a", "(Northern Courier, 2024-10-29)"),
        # no outlet: its web site's host, which a claim may name as well (gazette.verify)
        ("", "https://www.cnn.com/2024/10/29/a", "(cnn.com, 2024-10-29)"),
        ("", "", "(unknown outlet, 2024-10-29)"),
    ],
)
def test_the_answer_prompt_names_each_source_as_a_claim_may(outlet, url, named):
    from gazette.models import Chunk, RetrievedChunk
    from gazette.prompts import prompt_sources

    chunk = Chunk(chunk_id="c", doc_id="d", index=0, title="Troops sent", text="Troops were sent.", outlet=outlet,
                  url=url, published=date(2024, 10, 29))
    assert prompt_sources([RetrievedChunk(chunk=chunk, score=1.0)]).splitlines()[0] == f"[1] Troops sent {named}"


def test_a_follow_up_after_a_question_naming_an_outlet_keeps_the_story_not_the_outlet():
    history = [("user", "How many North Korean troops are in Kursk?"), ("assistant", "Up to 8,000 [1]."),
               ("user", "What did Pacific Herald report?"), ("assistant", "Between 3,000 and 5,000 [1].")]
    plan = plan_search("And Global Desk?", history, None, date(2024, 12, 20), rewrite, POLICY, OUTLETS)
    assert plan.filters is not None and plan.filters.outlets == ("Global Desk",)
    assert plan.query == "News? (North Korean troops Kursk)"
    after = plan_search("How many were killed?", history, None, date(2024, 12, 20), rewrite, POLICY, OUTLETS)
    assert after.filters is not None and after.filters.outlets == ()  # the outlet went with its question
    assert "Pacific" not in after.query and "Kursk" in after.query
