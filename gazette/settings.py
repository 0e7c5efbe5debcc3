"""Gazette's settings: nested groups read from GAZETTE_* environment variables (``__`` nests).

Settings are built by entry points (``get_settings()``), never at import time, and passed down.
Example: ``GAZETTE_STORE__PATH=/srv/gazette`` or ``GAZETTE_LLM__PROVIDER=openai``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_STORE = Path.home() / ".local" / "share" / "gazette" / "store"
DEFAULT_FEEDBACK = Path.home() / ".local" / "share" / "gazette" / "feedback.sqlite"


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoreSettings(_Group):
    path: Path = Field(DEFAULT_STORE, description="Folder of the on-disk archive (Chroma index and article database).")
    collection: str = Field("gazette", min_length=3, description="Chroma collection name (at least 3 characters).")
    chroma_host: str = Field(
        "",
        description=(
            "Host of a Chroma server holding the vectors (server mode). Empty: the vectors live in the store "
            "folder. The folder still holds the marker, the article catalog and the keyword index either way."
        ),
    )
    chroma_port: int = Field(8000, ge=1, le=65535, description="Port of the Chroma server.")
    chroma_ssl: bool = Field(False, description="Talk to the Chroma server over HTTPS.")
    chroma_token: SecretStr = Field(
        SecretStr(""), description="Token sent to the Chroma server as 'Authorization: Bearer ...' (empty: none)."
    )

    @field_validator("chroma_host", mode="before")
    @classmethod
    def _strip_host(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value


class EmbeddingSettings(_Group):
    backend: Literal["onnx", "torch"] = Field(
        "onnx",
        description="How the embedding model runs: 'onnx' (int8 through ONNX Runtime, exported once per machine; "
        "faster, and starts without torch) or 'torch' (sentence-transformers, the reference). Their vectors are "
        "interchangeable.",
    )
    max_tokens: int = Field(
        250, ge=32, le=256, description="Token window of a chunk, title and date included (MiniLM reads 256)."
    )
    threads: int = Field(0, ge=0, le=256, description="CPU threads for the onnx backend (0: every available core).")
    quantize: bool = Field(
        True, description="onnx backend: int8 weights (faster, cosine >= 0.98 to torch); false keeps fp32."
    )
    cache_dir: Path | None = Field(
        None,
        description="Folder for the exported ONNX model (default: $XDG_CACHE_HOME/gazette/onnx, else "
        "~/.cache/gazette/onnx).",
    )

    @field_validator("cache_dir", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class RetrievalSettings(_Group):
    k: int = Field(6, ge=1, le=50, description="Chunks handed to the answerer.")
    candidates: int = Field(50, ge=1, le=500, description="Chunks fetched from each index (dense, keyword) before fusion.")
    mode: Literal["hybrid", "dense", "keyword"] = Field(
        "hybrid", description="hybrid (dense + BM25, fused), dense (embeddings only) or keyword (BM25 only)."
    )
    rrf_k: int = Field(60, ge=1, le=1000, description="Reciprocal rank fusion constant: lower favours each list's top.")
    keyword_weight: float = Field(
        1.0, ge=0.0, le=10.0, description="Weight of the BM25 list in the fusion (the dense list's weight is 1)."
    )
    prefer_recent: bool = Field(
        False, description="Rank newer articles higher for every question, not only those asking for the latest."
    )
    recency_half_life_days: float = Field(
        30.0, gt=0, le=3650, description="Age at which the recency preference halves an article's boost."
    )
    coverage_weight: float = Field(
        0.5, ge=0.0, le=1.0,
        description="Hybrid: share of a fused score that depends on how many of the query's terms the chunk holds "
        "(0 = fusion order only).",
    )
    question_dates: Literal["prefer", "filter"] = Field(
        "prefer",
        description="The dates a question names ('in March 2023', 'last week'): 'prefer' ranks articles of that "
        "period (or that speak of it) first and keeps later reports and earlier background as candidates; "
        "'filter' searches only articles published then. --since/--until and the as-of date always filter.",
    )
    out_of_period_weight: float = Field(
        0.5, gt=0.0, le=1.0,
        description="With question_dates = prefer: weight of a candidate that is neither published in the "
        "question's period nor speaks of it.",
    )
    older_weight: float = Field(
        0.7, gt=0.0, le=1.0,
        description="Weight of articles over a fortnight older than the question's reference date, in hybrid "
        "re-scoring and multiple choice; the offline answerer's ranking takes a third of its cut (1 = no preference "
        "for the current story). "
        "0.7 was chosen on a development sample of the RealTime QA benchmark.",
    )


class AnswerSettings(_Group):
    min_support: float = Field(
        0.45, ge=0.0, le=1.0, description="Lowest sentence support score the offline answerer accepts; below it, abstain."
    )
    max_sentences: int = Field(2, ge=1, le=5, description="Most sentences in an offline (extractive) answer.")


class NewsSettings(_Group):
    sources_differ: bool = Field(
        True,
        description="Add a 'Sources differ' paragraph when the retrieved articles give different figures for what "
        "a question asks (each version with its outlet, date and speaker, cited and checked).",
    )
    max_versions: int = Field(4, ge=2, le=8, description="Most versions a 'Sources differ' paragraph lists (newest first).")
    timeline_lines: int = Field(
        12, ge=1, le=50, description="Most lines of a timeline (gazette timeline, /timeline): the most relevant, oldest first."
    )
    timeline_articles: int = Field(
        30, ge=5, le=200, description="Articles searched for a timeline's developments before copies are merged."
    )
    briefing_stories: int = Field(
        5, ge=0, le=10,
        description="A question that names no subject ('What happened last week?', 'Any news?') is answered with the "
        "period's most reported stories, one cited lead sentence each: at most this many (0: answered as any question).",
    )


class LLMSettings(_Group):
    provider: Literal["extractive", "openai", "ollama", "llamacpp"] = Field(
        "extractive",
        description="Answerer: 'extractive' (offline, no model), 'openai' (any OpenAI-compatible endpoint), 'ollama', "
        "or 'llamacpp' (a local GGUF file run in-process; pip install 'gazette[local]').",
    )
    model: str = Field("gpt-4o-mini", description="Chat model name at the provider.")
    base_url: str | None = Field(
        None, description="Endpoint URL, e.g. http://localhost:8000/v1 (vLLM, llama.cpp, LM Studio) or Ollama's URL."
    )
    api_key: SecretStr = Field(SecretStr(""), description="API key for the endpoint (empty for local servers).")
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature.")
    timeout_s: float = Field(60.0, gt=0, description="Seconds before a model call is abandoned.")
    prompt: str = Field("answer", description="Prompt template name in prompts/ (without .txt) or a file path.")
    rewrite_prompt: str = Field(
        "rewrite", description="Prompt that turns a follow-up into a standalone question (name in prompts/ or a path)."
    )
    model_path: Path | None = Field(None, description="llamacpp: the GGUF model file.")
    context_tokens: int = Field(4096, ge=512, le=131_072, description="llamacpp: context window in tokens (prompt and answer).")
    max_tokens: int = Field(512, ge=16, le=8192, description="llamacpp: most tokens in an answer.")
    threads: int = Field(0, ge=0, le=256, description="llamacpp: CPU threads (0: llama.cpp's default).")

    @field_validator("base_url", "model_path", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class SourcesSettings(_Group):
    file: Path = Field(
        Path("sources.toml"), description="TOML file of named sources (see sources.example.toml); relative to the working directory."
    )


MAX_FILE_BYTES = 4_000_000_000
MAX_ARTICLE_CHARS = 200_000


class IngestSettings(_Group):
    batch_chunks: int = Field(
        256, ge=1, le=100_000, description="Chunks embedded and written per batch; a crash redoes at most one batch."
    )
    max_file_bytes: int = Field(
        MAX_FILE_BYTES, ge=1024, le=10**13,
        description="Most bytes read from one local file, counted after decompression (.gz). Reading stops there "
        "with a failed entry (records already read are kept). JSON Lines and JSON arrays are streamed a record at "
        "a time, so memory holds one record whatever the file's size.",
    )
    max_article_chars: int = Field(
        MAX_ARTICLE_CHARS, ge=1000, le=10_000_000,
        description="Longest article text in characters, from any source; a longer article is a failed entry. "
        "One document read whole (an HTML, Markdown or text file, one JSON record) may hold 25 bytes per "
        "character of it (5 MB at the default).",
    )


class FetchSettings(_Group):
    timeout_s: float = Field(30.0, gt=0, description="Most seconds one URL may take, redirects and body included.")
    connect_timeout_s: float = Field(10.0, gt=0, description="Most seconds to open a connection.")
    max_bytes: int = Field(5_000_000, ge=1024, description="Largest response body read (after decompression); larger ones fail.")
    max_redirects: int = Field(5, ge=0, le=20, description="Most redirects followed for one URL.")
    retries: int = Field(2, ge=0, le=10, description="Retries after a connection error, HTTP 429 or 5xx.")
    retry_wait_s: float = Field(1.0, ge=0, description="First wait before a retry (doubles each time).")
    workers: int = Field(4, ge=1, le=32, description="Pages fetched at the same time.")
    user_agent: str = Field("Gazette/0.1 (news archive ingest)", min_length=1, description="User-Agent header sent.")
    allow: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Hosts or networks (comma-separated, e.g. 'intranet.example,10.1.0.0/16') fetched even though they "
            "resolve to private or loopback addresses. Empty by default; cloud metadata addresses are always refused."
        ),
    )

    @field_validator("allow", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("allow")
    @classmethod
    def _hosts_or_networks(cls, value: list[str]) -> list[str]:
        import ipaddress
        import re

        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?", entry):
                    raise ValueError(f"{entry!r} is neither a host name nor an IP network") from None
        return [entry.lower() for entry in value]


def _id_list(value: object) -> object:
    """Ids from "1,2,3", "[1, 2]" or a list; empty text is an empty list."""
    if isinstance(value, str):
        text = value.strip().strip("[]")
        return [part.strip().strip("\"'") for part in text.split(",") if part.strip()]
    return value


IdList = Annotated[list[int], NoDecode]


class DiscordSettings(_Group):
    token: SecretStr = Field(SecretStr(""), description="Bot token from the Discord developer portal. Never commit it.")
    dev_guild_id: int | None = Field(
        None, description="Server id to register slash commands in (instant, for development); empty = global."
    )
    sync_commands: bool = Field(True, description="Register (sync) the slash commands with Discord at start-up.")
    allowed_channels: IdList = Field(
        default_factory=list,
        description="Channel ids where Gazette answers (threads count as their parent channel); empty = all.",
    )
    admin_roles: IdList = Field(
        default_factory=list, description="Role ids allowed to run /reingest, besides members with Manage Server."
    )
    cooldown_s: float = Field(10.0, ge=0, description="Seconds a user must wait between two questions.")
    max_question_chars: int = Field(
        500, ge=10, le=2000, description="Longest question accepted; longer ones are refused before any search."
    )
    max_concurrent_answers: int = Field(2, ge=1, le=32, description="Questions answered at the same time; others wait.")
    history_messages: int = Field(
        6, ge=0, le=40, description="Recent messages of a thread (questions and answers) given as conversation context."
    )
    thread_archive_minutes: Literal[60, 1440, 4320, 10080] = Field(
        1440, description="Minutes of inactivity before an answer thread is archived (60, 1440, 4320 or 10080)."
    )
    progress_interval_s: float = Field(
        5.0, gt=0, description="Least seconds between two edits of the /reingest status message."
    )

    @field_validator("allowed_channels", "admin_roles", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        return _id_list(value)

    @field_validator("dev_guild_id", mode="before")
    @classmethod
    def _empty_guild_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class WatchSettings(_Group):
    who_can_add: Literal["admins", "everyone"] = Field(
        "admins",
        description="Who may add and remove watches in Discord: 'admins' (Manage Server or an admin role, as for "
        "/reingest) or 'everyone' (any member may add; members may remove their own watches).",
    )
    max_per_server: int = Field(25, ge=1, le=1000, description="Most watches one Discord server may have.")
    max_topic_chars: int = Field(100, ge=10, le=300, description="Longest watch topic accepted, in characters.")
    max_articles: int = Field(
        5, ge=1, le=20, description="Most stories one digest lists; it ends with 'and K more' for the rest."
    )
    poll_interval_s: float = Field(
        30.0, ge=0.1, le=3600.0,
        description="Seconds between two looks of the bot at the catalog for new ingest runs (ingest may run in "
        "another process or container).",
    )
    threshold: float = Field(
        0.515, ge=0.0, le=1.0,
        description="Least relevance (0-1) of a new article to a watch's topic for it to be posted; chosen on a "
        "labelled set (README, Watches).",
    )
    keyword_weight: float = Field(
        0.2, ge=0.0, le=1.0,
        description="Share of the relevance that comes from the topic's terms in the article (weighted by rarity, "
        "averaged over the article's chunks); the rest is the embedding similarity of its best chunk.",
    )
    section_weight: float = Field(
        0.25, ge=0.0, le=1.0,
        description="Added to the relevance of an article that gives the topic sentences of its own (a roundup's "
        "item, a live page's entry): this weight times the count of its sentences holding half the topic's terms, "
        "full at five.",
    )


class FeedbackSettings(_Group):
    path: Path = Field(DEFAULT_FEEDBACK, description="SQLite file of the bot's answers and their 👍/👎 votes.")
    add_reactions: bool = Field(True, description="Put 👍 and 👎 under each answer so that users can vote in one click.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="GAZETTE_",
        env_nested_delimiter="__",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="forbid",
    )

    store: StoreSettings = Field(default_factory=StoreSettings, description="The archive: its folder and, optionally, a Chroma server.")
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings, description="The embedding model.")
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings, description="Search.")
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description="The offline answerer.")
    news: NewsSettings = Field(
        default_factory=NewsSettings, description="News-desk answers: sources that differ, timelines."
    )
    llm: LLMSettings = Field(default_factory=LLMSettings, description="The generative answerer.")
    sources: SourcesSettings = Field(default_factory=SourcesSettings, description="Named news sources.")
    ingest: IngestSettings = Field(default_factory=IngestSettings, description="Writing to the archive.")
    fetch: FetchSettings = Field(default_factory=FetchSettings, description="Fetching pages, feeds and sitemaps.")
    discord: DiscordSettings = Field(default_factory=DiscordSettings, description="The Discord bot.")
    feedback: FeedbackSettings = Field(default_factory=FeedbackSettings, description="Votes on the bot's answers.")
    watch: WatchSettings = Field(default_factory=WatchSettings, description="Watches: topics channels follow.")
    log_level: str = Field("WARNING", description="Logging level for the CLI and the bot.")


def get_settings(**overrides: Any) -> Settings:
    """Build settings from the environment (and .env); keyword overrides win."""
    return Settings(**overrides)
